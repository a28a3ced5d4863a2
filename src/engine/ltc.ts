import { isDropFrame, type FrameRate } from "./frame-rate.js";
import { frameToFields, framesPerDay } from "./timecode.js";

/**
 * Linear timecode (SMPTE 12M): one 80-bit word a frame, sent bit 0 first in biphase mark (a
 * transition at the start of every bit, and one more in the middle of a 1), the word starting on its
 * frame's first instant. Bits: frame units 0-3, frame tens 8-9, drop frame 10, colour frame 11,
 * seconds 16-19 and 24-26, minutes 32-35 and 40-42, hours 48-51 and 56-57 (BCD, least significant bit
 * first); the eight binary groups (user bits) in 4-7, 12-15 ... 60-63; the sync word 0011111111111101
 * in 64-79. The polarity correction bit (27; 59 at 25 fps) makes the count of zeros even, so every
 * word starts on the same level. 23.976 and 24 count as 24-frame timecode, 29.97 DF sets bit 10.
 */
export const LTC_BITS = 80;

/** A rate LTC can carry (at most 30 labels a second), or why not. */
export function ltcRateProblem(rate: FrameRate): string | undefined {
  return rate.nominal > 30 ? `LTC carries at most 30 frames a second; ${rate.name} fps has ${rate.nominal} labels a second` : undefined;
}

/**
 * The 80 bits (0 or 1, bit 0 first) of the word for frame index `frame` (since 00:00:00:00), written
 * into `bits` (a new array when not given: a reel's worth of words reuses one). `userBits` is 32 bits,
 * written least significant first into the eight binary groups.
 */
export function ltcWord(frame: number, rate: FrameRate, userBits = 0, bits = new Uint8Array(LTC_BITS)): Uint8Array {
  bits.fill(0);
  const { h, m, s, f } = frameToFields(frame, rate);
  putBits(bits, 0, 4, f % 10);
  putBits(bits, 8, 2, Math.floor(f / 10));
  bits[10] = isDropFrame(rate) ? 1 : 0;
  putBits(bits, 16, 4, s % 10);
  putBits(bits, 24, 3, Math.floor(s / 10));
  putBits(bits, 32, 4, m % 10);
  putBits(bits, 40, 3, Math.floor(m / 10));
  putBits(bits, 48, 4, h % 10);
  putBits(bits, 56, 2, Math.floor(h / 10));
  for (let g = 0; g < 8; g++) putBits(bits, 4 + 8 * g, 4, (userBits >>> (4 * g)) & 0xf);
  putBits(bits, 64, 16, 0b1011111111111100); // 0011111111111101 sent bit 64 first
  let ones = 0;
  for (let i = 0; i < LTC_BITS; i++) ones += bits[i]!;
  // The polarity bit: a 0 there counts as one more zero; set it to 1 when the count of zeros is odd.
  bits[rate.nominal === 25 ? 59 : 27] = (LTC_BITS - ones) % 2;
  return bits;
}

function putBits(bits: Uint8Array, at: number, width: number, value: number): void {
  for (let i = 0; i < width; i++) bits[at + i] = (value >> i) & 1;
}

/**
 * Where LTC sits in a file that starts on frame `first` at `sampleRate`: the file's first sample is
 * `timeReference` samples after midnight (the frame's start rounded to a sample, halves up, as the
 * click's), and frame `first + k` starts `frameStart(k)` samples into the file, given exactly as a
 * whole sample and a phase (the fraction after it, as `phaseKey` of `phaseDenominator`ths: frames
 * with the same key sit alike on the samples).
 */
export function ltcLayout(rate: FrameRate, first: number, last: number, sampleRate: number) {
  const day = framesPerDay(rate);
  const midnight = ((first % day) + day) % day;
  const num = rate.fps.n, den = rate.fps.d; // frames a second, as a fraction
  const sr = BigInt(sampleRate);
  // Samples since midnight of frame m's start: m x sr x den / num.
  const timeReference = (2n * BigInt(midnight) * sr * den + num) / (2n * num);
  const frameStart = (k: number) => {
    const exact = BigInt(midnight + k) * sr * den - timeReference * num; // over num
    const whole = exact >= 0n ? exact / num : -((-exact + num - 1n) / num);
    return { sample: Number(whole), phaseKey: exact - whole * num };
  };
  const total = Number((BigInt(last - first + 1) * sr * den + num / 2n) / num);
  return { timeReference, total, frameStart, phaseDenominator: num, samplesPerFrame: (sampleRate * Number(den)) / Number(num) };
}

/** An edge's half width in samples: straight edges 50 µs wide (40 µs from 10% to 90%, SMPTE 12M's rise time). */
export const ltcHalfEdge = (sampleRate: number) => 25e-6 * sampleRate;

/**
 * The samples of one word's bits `from` to `to` (to 80: up to the next word's first transition), for
 * a frame starting `phase` samples after a whole sample: from the first sample after bit `from`'s
 * opening edge to the last sample of bit `to`'s, relative to that whole sample. Each transition is a
 * straight edge centred on its exact time; `high` is the level after bit `from`'s opening transition.
 * Returns the samples, the first one's index (relative), and the level after bit `to`'s opening
 * transition.
 */
export function ltcSegment(bits: Uint8Array, from: number, to: number, phase: number, samplesPerFrame: number, half: number, level: number, high: boolean) {
  const bit = samplesPerFrame / LTC_BITS;
  // (within a hair of a whole sample counts as on it, so that a word's end and the next word's start,
  // worked out from their own phases, meet on the same sample)
  const after = (b: number) => Math.ceil(phase + b * bit + half - 1e-7);
  const start = after(from), end = after(to);
  const out = new Float32Array(Math.max(0, end - start));
  // The transitions inside: every 1's middle, and each next bit's opening.
  const cells: number[] = [];
  for (let b = from; b < to; b++) {
    if (bits[b % LTC_BITS]) cells.push(phase + (b + 0.5) * bit);
    cells.push(phase + (b + 1) * bit);
  }
  let t = start;
  for (const c of cells) {
    const sign = high ? level : -level;
    const runEnd = Math.ceil(c - half);
    if (runEnd > t) out.fill(sign, t - start, runEnd - start);
    t = Math.max(t, runEnd);
    for (; t <= c + half; t++) out[t - start] = (sign * (c - t)) / half;
    high = !high;
  }
  return { samples: out, start, high };
}
