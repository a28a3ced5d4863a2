import { bisect as bisectFully, rampSeconds } from "../engine/fit-ramp.js";

/** 64 halvings: far below a microsecond of tempo, and quick enough for long runs. */
const bisect = (f: (x: number) => number, lo: number, hi: number) => bisectFully(f, lo, hi, 64);
import type { MidiFileMap } from "./midi-file-map.js";

/**
 * DAWs write a tempo ramp as a run of tempo steps (one a 16th is common). A run of three or more
 * evenly spaced steps (at most a MIDI quarter apart), all inside one meter, whose tempo moves one way
 * becomes one ramp again, ending inside the last step and held to where the steps end, so it never
 * reaches toward the tempo that follows (a ritardando stays a ritardando, whatever "a tempo" comes
 * after). It is kept only if no step boundary or middle strays
 * more than the tolerance (0.5 ms) from the file's own timing; otherwise the run is tried shorter,
 * and at worst written step by step. Pure.
 */
export interface TempoPoint {
  tick: number;
  /** Notated quarters a minute. */
  qpm: number;
}

export type Tempo =
  | { kind: "step"; at: TempoPoint }
  /** After the ramp, T1 holds until `holdUntil`, where the file's last step tempo (`fileQpm`) takes over. */
  | { kind: "ramp"; from: TempoPoint; to: TempoPoint; steps: number; maxErrorSeconds: number; holdUntil: number; fileQpm: number };

export const RAMP_TOLERANCE_SECONDS = 0.0005;

/**
 * The ramp over points[i..last]. It arrives at T1 in the middle of the last step (or at its start),
 * T1 then holds to where the steps end (tEnd), and from there the file's tempo goes on. Held steps
 * are a line sampled at each step's start, so the smooth ramp that follows them best runs half a step
 * behind: arriving mid-step keeps it within microseconds of the steps, where arriving at the last
 * step's start strays most. T1 is searched (golden section); the start tempo T0 makes the whole run
 * last exactly as long as the file's. Undefined when even the best strays past the tolerance.
 */
function fitRamp(points: readonly TempoPoint[], i: number, last: number, map: MidiFileMap, tolerance: number): Tempo | undefined {
  const step = points[last]!.tick - points[last - 1]!.tick;
  // The last step lasts as long as the others, or less where the file's next tempo comes sooner.
  const tEnd = Math.min(points[last]!.tick + step, points[last + 1]?.tick ?? Infinity);
  const t0 = map.secondsAt(points[i]!.tick);
  const q0 = map.quartersAt(points[i]!.tick);
  const duration = map.secondsAt(tEnd) - t0;
  const qEnd = map.quartersAt(tEnd) - q0;
  const checks: number[] = [];
  for (let k = i; k <= last; k++) checks.push(points[k]!.tick, (points[k]!.tick + (points[k + 1]?.tick ?? tEnd)) / 2);
  checks.push(tEnd);
  // The file's time and the position of every check, worked out once.
  const fileAt = checks.map((tick) => map.secondsAt(tick) - t0);
  const dqAt = checks.map((tick) => map.quartersAt(tick) - q0);
  let chosen: Tempo | undefined;
  for (const arrive of [points[last]!.tick + Math.floor((tEnd - points[last]!.tick) / 2), points[last]!.tick]) {
    const L = map.quartersAt(arrive) - q0;
    const cueSeconds = (T0: number, T1: number, dq: number) => (dq <= L ? rampSeconds(dq, T0, T0 + ((T1 - T0) * dq) / L) : rampSeconds(L, T0, T1) + (60 * (dq - L)) / T1);
    const worstFor = (T1: number) => {
      const f = (T0: number) => cueSeconds(T0, T1, qEnd) - duration;
      if (Math.sign(f(T1 / 20)) === Math.sign(f(T1 * 20)) || qEnd <= 0) return { worst: Infinity, T0: NaN };
      const T0 = bisect(f, T1 / 20, T1 * 20);
      let worst = 0;
      for (let k = 0; k < checks.length; k++) worst = Math.max(worst, Math.abs(fileAt[k]! - cueSeconds(T0, T1, dqAt[k]!)));
      return { worst, T0 };
    };
    // Golden-section search for the arrival tempo, one new evaluation a step.
    const d = Math.abs(points[last]!.qpm - points[last - 1]!.qpm);
    let [a, b] = [points[last]!.qpm - 2 * d, points[last]!.qpm + 2 * d];
    const g = (Math.sqrt(5) - 1) / 2;
    let [x1, x2] = [b - g * (b - a), a + g * (b - a)];
    let [f1, f2] = [worstFor(x1).worst, worstFor(x2).worst];
    for (let n = 0; n < 36; n++) {
      if (f1 <= f2) {
        [b, x2, f2] = [x2, x1, f1];
        x1 = b - g * (b - a);
        f1 = worstFor(x1).worst;
      } else {
        [a, x1, f1] = [x1, x2, f2];
        x2 = a + g * (b - a);
        f2 = worstFor(x2).worst;
      }
    }
    const T1 = (a + b) / 2;
    const best = worstFor(T1);
    if (best.worst <= tolerance && (!chosen || (chosen.kind === "ramp" && best.worst < chosen.maxErrorSeconds))) {
      chosen = { kind: "ramp", from: { tick: points[i]!.tick, qpm: best.T0 }, to: { tick: arrive, qpm: T1 }, steps: last - i + 1, maxErrorSeconds: best.worst, holdUntil: tEnd, fileQpm: points[last]!.qpm };
    }
    // Arriving mid-step fits best; the start of the last step is only tried when that fails.
    if (chosen) break;
  }
  return chosen;
}

/**
 * The other reading of a run: its last point is not a step but where the ramp arrives (its tempo then
 * holds, in the file and in the cue), as Sprocket and DAWs that write a ramp's steps as averages and
 * the target tempo after them do. T0 makes the ramp last exactly as long as the steps before it.
 */
function fitArrival(points: readonly TempoPoint[], i: number, last: number, map: MidiFileMap, tolerance: number): Tempo | undefined {
  const t0 = map.secondsAt(points[i]!.tick);
  const q0 = map.quartersAt(points[i]!.tick);
  const L = map.quartersAt(points[last]!.tick) - q0;
  const T1 = points[last]!.qpm;
  const duration = map.secondsAt(points[last]!.tick) - t0;
  const f = (T0: number) => rampSeconds(L, T0, T1) - duration;
  if (L <= 0 || Math.sign(f(T1 / 20)) === Math.sign(f(T1 * 20))) return undefined;
  const T0 = bisect(f, T1 / 20, T1 * 20);
  let worst = 0;
  for (let k = i; k < last; k++) {
    for (const tick of [points[k]!.tick, (points[k]!.tick + points[k + 1]!.tick) / 2]) {
      const dq = map.quartersAt(tick) - q0;
      worst = Math.max(worst, Math.abs(map.secondsAt(tick) - t0 - rampSeconds(dq, T0, T0 + ((T1 - T0) * dq) / L)));
      if (worst > tolerance) return undefined;
    }
  }
  return { kind: "ramp", from: { tick: points[i]!.tick, qpm: T0 }, to: points[last]!, steps: last - i + 1, maxErrorSeconds: worst, holdUntil: points[last]!.tick, fileQpm: T1 };
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
    // Longest first; at each length, the last point as where the ramp arrives, else as its last step.
    for (let last = j; last - i + 1 >= 3 && !found; last--) found = fitArrival(points, i, last, map, tolerance) ?? fitRamp(points, i, last, map, tolerance);
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
