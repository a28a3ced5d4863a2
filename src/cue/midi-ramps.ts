import { rampSeconds } from "../engine/fit-ramp.js";
import type { MidiFileMap } from "./midi-file-map.js";

/**
 * DAWs write a tempo ramp as a run of tempo steps (one a 16th is common). A run of three or more
 * evenly spaced steps (at most a MIDI quarter apart), all inside one meter, whose tempo moves one way
 * becomes one ramp again: from the first step's tick to the last step's tick, arriving at the last
 * step's tempo (which then holds, as in the file, until the next event: a ritardando stays a
 * ritardando, whatever "a tempo" follows it), starting at the tempo that makes the ramp last exactly
 * as long as the steps do. It is kept only if no step boundary of the ramp strays more than the
 * tolerance (0.5 ms) from the file's own timing; otherwise the run is tried shorter, and at worst
 * written step by step. Pure.
 */
export interface TempoPoint {
  tick: number;
  /** Notated quarters a minute. */
  qpm: number;
}

export type Tempo = { kind: "step"; at: TempoPoint } | { kind: "ramp"; from: TempoPoint; to: TempoPoint; steps: number; maxErrorSeconds: number };

export const RAMP_TOLERANCE_SECONDS = 0.0005;

function bisect(f: (x: number) => number, lo: number, hi: number): number {
  let flo = f(lo);
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    const fm = f(mid);
    if (Math.sign(fm) === Math.sign(flo)) [lo, flo] = [mid, fm];
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The ramp over points[i..last], or undefined when it strays too far from the file. */
function fitRamp(points: readonly TempoPoint[], i: number, last: number, map: MidiFileMap, tolerance: number): Tempo | undefined {
  const t0 = map.secondsAt(points[i]!.tick);
  const q0 = map.quartersAt(points[i]!.tick);
  const L = map.quartersAt(points[last]!.tick) - q0;
  const duration = map.secondsAt(points[last]!.tick) - t0;
  const T1 = points[last]!.qpm;
  const f = (T0: number) => rampSeconds(L, T0, T1) - duration;
  const [lo, hi] = [T1 / 20, T1 * 20];
  if (Math.sign(f(lo)) === Math.sign(f(hi))) return undefined;
  const T0 = bisect(f, lo, hi);
  let worst = 0;
  for (let k = i; k <= last; k++) {
    // Each step's start, and its middle (where a held step and the ramp differ most within it).
    const ticks = k < last ? [points[k]!.tick, (points[k]!.tick + points[k + 1]!.tick) / 2] : [points[k]!.tick];
    for (const tick of ticks) worst = Math.max(worst, Math.abs(map.secondsAt(tick) - t0 - rampSeconds(map.quartersAt(tick) - q0, T0, T0 + ((T1 - T0) * (map.quartersAt(tick) - q0)) / L)));
    if (worst > tolerance) return undefined;
  }
  return { kind: "ramp", from: { tick: points[i]!.tick, qpm: T0 }, to: points[last]!, steps: last - i + 1, maxErrorSeconds: worst };
}

export function collapseRamps(points: readonly TempoPoint[], map: MidiFileMap, tolerance = RAMP_TOLERANCE_SECONDS): Tempo[] {
  const out: Tempo[] = [];
  let i = 0;
  while (i < points.length) {
    const spacing = (points[i + 1]?.tick ?? Infinity) - points[i]!.tick;
    const region = map.regionAt(points[i]!.tick);
    const direction = Math.sign((points[i + 1]?.qpm ?? 0) - points[i]!.qpm);
    let j = i + 1;
    if (spacing > 0 && spacing <= map.ppq && direction !== 0) {
      while (points[j + 1] && points[j + 1]!.tick - points[j]!.tick === spacing && map.regionAt(points[j + 1]!.tick) === region && Math.sign(points[j + 1]!.qpm - points[j]!.qpm) === direction) j++;
    }
    let found: Tempo | undefined;
    for (let last = j; last - i + 1 >= 3 && !found; last--) found = fitRamp(points, i, last, map, tolerance);
    if (found && found.kind === "ramp") {
      out.push(found);
      i += found.steps;
    } else {
      out.push({ kind: "step", at: points[i]! });
      i++;
    }
  }
  return out;
}
