import { FRAME_RATES, type FrameRate } from "./frame-rate.js";
import { Rational } from "./rational.js";

/**
 * Rates written by other programs as floats (OTIO's 23.976023976023979) or fractions (FCPXML's
 * frameDuration 1001/24000s), matched to the exact rates of post, and the drift between two rates
 * said in words when they differ.
 */

/** The exact rate a float means: a rate of post when within a part in a billion of one, else the float's decimal value. */
export function exactRate(x: number): Rational {
  const known = [...FRAME_RATES.map((r) => r.fps), Rational.of(120000, 1001), Rational.of(48000, 1001)];
  const near = known.find((r) => Math.abs(r.toNumber() - x) <= 1e-9 * x);
  if (near) return near;
  if (Number.isSafeInteger(Math.round(x)) && Math.abs(x - Math.round(x)) <= 1e-9 * Math.max(1, x)) return Rational.of(Math.round(x));
  return Rational.fromNumber(x);
}

/** How a rate reads: `24`, `23.976`, `25.000 (1/25 s a frame)`. */
export function rateName(r: Rational): string {
  const named = FRAME_RATES.find((f) => f.fps.eq(r));
  return named ? named.name.replace(/df$/, "") : r.toDecimal(3);
}

/** `drift 4.17% apart (2.50 s a minute)`: how far frames counted at one rate stray from the other. */
export function driftWords(a: Rational, b: FrameRate): string {
  const drift = Math.abs(a.toNumber() / b.fps.toNumber() - 1);
  return `drift ${(drift * 100).toFixed(2)}% apart (${(drift * 60).toFixed(2)} s a minute)`;
}

/** The project rate a file's stated rate names (drop frame when the file says so), or undefined for a rate post does not use. */
export function frameRateFor(fps: Rational, dropFrame = false): FrameRate | undefined {
  return FRAME_RATES.find((r) => r.fps.eq(fps) && (r.dropPerMinute > 0) === dropFrame) ?? FRAME_RATES.find((r) => r.fps.eq(fps));
}
