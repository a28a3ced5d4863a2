import type { TempoMap } from "./tempo-map.js";
import { pulseQuarters } from "./meter.js";

/**
 * Ramps that land a beat exactly on a hit. A ramp linear in beats from T0 to T over L quarters lasts
 * 60 L / (T - T0) ln(T / T0) seconds (60 L / T0 when T = T0): shorter as T grows, so the end tempo
 * that makes it last a given time is found by bisection. Tempos here are quarters a minute. Pure.
 */

/** Seconds a ramp of `quarters` from qpm `t0` to qpm `t1` lasts. */
export function rampSeconds(quarters: number, t0: number, t1: number): number {
  const d = t1 - t0;
  return Math.abs(d) < 1e-12 * t0 ? (60 * quarters) / t0 : ((60 * quarters) / d) * Math.log(t1 / t0);
}

/** The root of `f` between lo and hi (where its sign changes), by halving `iterations` times. */
export function bisect(f: (x: number) => number, lo: number, hi: number, iterations = 200): number {
  let flo = f(lo);
  for (let i = 0; i < iterations; i++) {
    const mid = (lo + hi) / 2;
    const fm = f(mid);
    if (Math.sign(fm) === Math.sign(flo)) [lo, flo] = [mid, fm];
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface RampFit {
  /** Where the ramp starts and ends (quarters from bar 1) and its tempos there (quarters a minute). */
  fromQ: number;
  toQ: number;
  fromQpm: number;
  toQpm: number;
}

/** The end tempo of a ramp from `fromQ` (at the map's tempo there) arriving at `toQ` exactly `hitSeconds` from bar 1. */
export function rampEndTempo(map: TempoMap, fromQ: number, toQ: number, hitSeconds: number): RampFit | { unreachable: string } {
  const t0 = map.tempoAt(fromQ).qpm;
  const need = hitSeconds - map.seconds(fromQ);
  const L = toQ - fromQ;
  if (L <= 0) return { unreachable: "the beat must come after the ramp's start" };
  if (need <= 0) return { unreachable: "the hit comes before the ramp's start" };
  const [lo, hi] = [t0 / 50, t0 * 50];
  const f = (t: number) => rampSeconds(L, t0, t) - need;
  if (f(lo) < 0 || f(hi) > 0) return { unreachable: `no tempo from ${(t0 / 50).toFixed(1)} to ${(t0 * 50).toFixed(1)} quarters a minute gets there in time` };
  return { fromQ, toQ, fromQpm: t0, toQpm: bisect(f, lo, hi) };
}

/** Where a ramp to tempo `toQpm` must start (between `earliestQ` and `toQ`) so that `toQ` lands `hitSeconds` from bar 1. */
export function rampStart(map: TempoMap, earliestQ: number, toQ: number, toQpm: number, hitSeconds: number): RampFit | { unreachable: string } {
  const f = (q: number) => map.seconds(q) + rampSeconds(toQ - q, map.tempoAt(q).qpm, toQpm) - hitSeconds;
  const hi = toQ - 1e-9;
  if (Math.sign(f(earliestQ)) === Math.sign(f(hi))) return { unreachable: "no start between the earliest bar and the beat lands it at that end tempo" };
  const q = bisect(f, earliestQ, hi);
  return { fromQ: q, toQ, fromQpm: map.tempoAt(q).qpm, toQpm };
}

/** Pulses a minute for a tempo in quarters a minute at a position. */
export function qpmToBpm(map: TempoMap, q: number, qpm: number): number {
  return qpm / pulseQuarters(map.meterAt(q)).toNumber();
}
