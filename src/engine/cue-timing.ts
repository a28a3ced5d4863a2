import type { Cue, Hit } from "./cue-model.js";
import type { FrameRate } from "./frame-rate.js";
import { barQuarters } from "./meter.js";
import { Rational } from "./rational.js";
import { formatTimecode } from "./timecode.js";

/**
 * Where a cue's landmarks fall: count-in, bar 1, end, and every hit in time, in bar|beat and against
 * the nearest click. Times in seconds are relative to bar 1 beat 1 of the cue.
 */

/** Float times from the tempo map are within ~1e-12 s; this keeps a frame boundary from flooring a frame short. */
const FRAME_EPS = 1e-6;

export interface HitTiming {
  label: string;
  /** The frame the hit is on (a musically placed hit: the frame nearest its beat). */
  frame: number;
  timecode: string;
  /** Seconds from bar 1 beat 1. */
  seconds: number;
  /** Position in quarters from bar 1 beat 1. */
  quarters: number;
  bar: number;
  /** 1-based, fractional. */
  beat: number;
  /** Signed distance from the nearest click: positive when the hit comes after it. */
  offsetFrames: number;
  offsetMs: number;
  nearestClick: { bar: number; beat: number };
}

export interface CueTiming {
  startFrame: number;
  /** Seconds from bar 1 back to the first warning click (0 or negative). */
  countInSeconds: number;
  /** The whole frame at or before the first warning click. */
  countInFrame: number;
  endFrame: number;
  /** Whether the end came from the file or was derived (one bar past the last hit or tempo event). */
  endFrom: "file" | "derived";
  endSeconds: number;
  hits: HitTiming[];
}

/** Seconds from bar 1 to a frame's start, exactly. */
export function secondsFromStart(frame: number, cue: Cue, rate: FrameRate): Rational {
  return Rational.of(frame - cue.start).div(rate.fps);
}

/** The frame nearest an instant given in seconds from bar 1. */
export function nearestFrame(seconds: number, cue: Cue, rate: FrameRate): number {
  return cue.start + Math.floor(seconds * rate.fps.toNumber() + 0.5);
}

/** The whole frame at or before an instant (seconds from bar 1). */
export function frameAtOrBefore(seconds: number, cue: Cue, rate: FrameRate): number {
  return cue.start + Math.floor(seconds * rate.fps.toNumber() + FRAME_EPS);
}

/** A hit placed by bar|beat: its place in quarters and seconds, and the frame nearest its beat. */
function musicalPlace(hit: Hit, cue: Cue, rate: FrameRate): { quarters: number; seconds: number; frame: number } {
  const q = cue.map.quartersAt(hit.bar!, hit.beat);
  const exact = cue.map.exactSeconds(q);
  const seconds = exact ? exact.toNumber() : cue.map.seconds(q);
  return { quarters: q.toNumber(), seconds, frame: exact ? cue.start + Number(exact.mul(rate.fps).round()) : nearestFrame(seconds, cue, rate) };
}

/** The frame a hit is on, as hitTiming places it, without the rest of its timing. */
export const hitFrame = (hit: Hit, cue: Cue, rate: FrameRate): number => hit.at ?? musicalPlace(hit, cue, rate).frame;

/** The whole frame at or before the cue's first warning click. */
export const countInFrame = (cue: Cue, rate: FrameRate): number => frameAtOrBefore(countInSeconds(cue), cue, rate);
const countInSeconds = (cue: Cue) => cue.map.seconds(cue.map.quartersAt(1 - cue.countIn));

export function hitTiming(hit: Hit, cue: Cue, rate: FrameRate): HitTiming {
  const map = cue.map;
  let seconds: number;
  let frame: number;
  let quarters: number;
  if (hit.at !== undefined) {
    frame = hit.at;
    seconds = secondsFromStart(hit.at, cue, rate).toNumber();
    quarters = map.quarters(seconds);
  } else ({ quarters, seconds, frame } = musicalPlace(hit, cue, rate));
  const pos = map.positionAt(quarters);
  const click = map.nearestPulse(seconds);
  const offset = seconds - click.seconds;
  return {
    label: hit.label,
    frame,
    timecode: formatTimecode(frame, rate),
    seconds,
    quarters,
    bar: pos.bar,
    beat: pos.beat,
    offsetFrames: offset * rate.fps.toNumber(),
    offsetMs: offset * 1000,
    nearestClick: { bar: click.bar, beat: click.beat },
  };
}

let computed = 0;
/** How many times a cue's timing has been worked out in this process (one plan a cue: see cue-plan.ts). */
export const timingsWorkedOut = (): number => computed;

export function cueTiming(cue: Cue, rate: FrameRate): CueTiming {
  computed++;
  const map = cue.map;
  const countIn = countInSeconds(cue);
  const hits = cue.hits.map((h) => hitTiming(h, cue, rate));
  let endFrame: number;
  let endFrom: CueTiming["endFrom"] = "file";
  if (cue.end !== undefined) {
    endFrame = cue.end;
  } else {
    endFrom = "derived";
    const lastEvent = cue.tempo[cue.tempo.length - 1]!;
    const lastQ = Math.max(map.quartersAt(lastEvent.bar, lastEvent.beat).toNumber(), ...hits.map((h) => h.quarters));
    const endQ = lastQ + barQuarters(map.meterAt(lastQ)).toNumber();
    endFrame = cue.start + Math.ceil(map.seconds(endQ) * rate.fps.toNumber() - FRAME_EPS);
  }
  return {
    startFrame: cue.start,
    countInSeconds: countIn,
    countInFrame: frameAtOrBefore(countIn, cue, rate),
    endFrame,
    endFrom,
    endSeconds: secondsFromStart(endFrame, cue, rate).toNumber(),
    hits,
  };
}
