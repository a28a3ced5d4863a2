import type { FrameRate } from "../engine/frame-rate.js";
import { Rational } from "../engine/rational.js";
import { formatTimecode, framesPerDay } from "../engine/timecode.js";

/**
 * Time stamps (samples since midnight) against frames, exactly. A frame's first sample is its exact
 * time times the sample rate; where that falls between two samples (drop frame and 1001 rates at
 * 48 kHz) either neighbour is on the frame: Sprocket rounds halves up, other tools floor, and both
 * are right to the sample.
 */
const mod = (a: number, n: number) => ((a % n) + n) % n;

/** The exact sample (since midnight) of a frame's start at a sample rate. */
export function frameSample(frame: number, rate: FrameRate, sampleRate: number): Rational {
  return Rational.of(mod(frame, framesPerDay(rate))).div(rate.fps).mul(sampleRate);
}

/**
 * How far a time stamp is from a frame's start, in samples (exact, positive when later), wrapped
 * into the half day around the frame so a cue across midnight is measured the short way.
 */
export function offsetFromFrame(stamp: bigint, frame: number, rate: FrameRate, sampleRate: number): Rational {
  // A day of labels (86,486.4 s at the 1001 rates), in samples.
  const day = Rational.of(framesPerDay(rate)).div(rate.fps).mul(sampleRate);
  const half = day.div(2);
  const d = Rational.of(stamp).sub(frameSample(frame, rate, sampleRate));
  // Whole days off, taken away in one step (a damaged stamp may be trillions of days away).
  const days = d.add(half).div(day).floor();
  return d.sub(day.mul(days));
}

/** True when the stamp is a frame's start to the sample (either neighbour of a start between samples). */
export const onFrame = (offset: Rational) => offset.gt(-1) && offset.lt(1);

/** The frame nearest a time stamp, and how many samples the stamp is past that frame's start. */
export function stampFrame(stamp: bigint, rate: FrameRate, sampleRate: number): { frame: number; offset: Rational } {
  const frame = Number(Rational.of(stamp).mul(rate.fps).div(sampleRate).round());
  return { frame, offset: Rational.of(stamp).sub(frameSample(frame, rate, sampleRate)) };
}

/** A time stamp as a reader says it: `01:24:38:14`, or `01:24:38:14 + 480 samples` off a frame. */
export function stampLabel(stamp: bigint, rate: FrameRate, sampleRate: number): string {
  const { frame, offset } = stampFrame(stamp, rate, sampleRate);
  if (onFrame(offset)) return formatTimecode(frame, rate);
  const n = Number(offset.round());
  return `${formatTimecode(frame, rate)} ${n > 0 ? "+" : "-"} ${Math.abs(n).toLocaleString("en-US")} samples`;
}

/** An offset in samples said in frames and samples: `1 frame late (2,002 samples)`. */
export function describeOffset(offset: Rational, rate: FrameRate, sampleRate: number): string {
  const frames = offset.mul(rate.fps).div(sampleRate).toNumber();
  const samples = Math.abs(Number(offset.round())).toLocaleString("en-US");
  const f = Math.abs(frames);
  const frameText = Math.abs(f - Math.round(f)) < 0.005 ? `${Math.round(f)} frame${Math.round(f) === 1 ? "" : "s"}` : `${f.toFixed(2)} frames`;
  return `${frameText} ${frames > 0 ? "late" : "early"} (${samples} sample${samples === "1" ? "" : "s"})`;
}
