import type { FrameRate } from "./frame-rate.js";
import { Rational } from "./rational.js";

/** Exact seconds from 00:00:00:00 to the start of a frame: frame x 1001/30000 at 29.97. */
export function frameToSeconds(frame: number, rate: FrameRate): Rational {
  return Rational.of(frame).div(rate.fps);
}

/** A value rounded to a whole unit, keeping how far the rounding moved it. */
export interface Rounded {
  /** The nearest whole unit (halves round up). */
  value: number;
  /** True when no rounding was needed. */
  exact: boolean;
  /** value minus the exact quantity, in the same unit (positive: rounded later). */
  residual: Rational;
}

function roundExact(x: Rational): Rounded {
  const value = x.round();
  return { value: Number(value), exact: x.isInteger(), residual: Rational.of(value).sub(x) };
}

/** The frame nearest an instant in seconds (halves round up). */
export function secondsToFrame(seconds: Rational, rate: FrameRate): Rounded {
  return roundExact(seconds.mul(rate.fps));
}

/** Exact sample position of a frame's start at a sample rate (fractional at 29.97 DF: 1601.6 samples a frame at 48 kHz). */
export function frameToSamplesExact(frame: number, rate: FrameRate, sampleRate: number): Rational {
  return frameToSeconds(frame, rate).mul(sampleRate);
}

/**
 * The sample of a frame's start, rounded to the nearest sample with halves up. This is Sprocket's
 * documented rule wherever a frame boundary falls between samples (drop-frame and 1001 rates).
 */
export function frameToSamples(frame: number, rate: FrameRate, sampleRate: number): Rounded {
  return roundExact(frameToSamplesExact(frame, rate, sampleRate));
}

/** The frame at another rate nearest the same instant (frame indices both count from 00:00:00:00). */
export function convertFrame(frame: number, from: FrameRate, to: FrameRate): Rounded {
  return secondsToFrame(frameToSeconds(frame, from), to);
}
