import { isDropFrame, type FrameRate } from "./frame-rate.js";
import { Rational } from "./rational.js";
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

/** The 80 bits (0 or 1, bit 0 first) of the word for frame index `frame` (since 00:00:00:00). `userBits` is 32 bits, written least significant first into the eight binary groups. */
export function ltcWord(frame: number, rate: FrameRate, userBits = 0): Uint8Array {
  const bits = new Uint8Array(LTC_BITS);
  const put = (at: number, width: number, value: number) => {
    for (let i = 0; i < width; i++) bits[at + i] = (value >> i) & 1;
  };
  const { h, m, s, f } = frameToFields(frame, rate);
  put(0, 4, f % 10);
  put(8, 2, Math.floor(f / 10));
  bits[10] = isDropFrame(rate) ? 1 : 0;
  put(16, 4, s % 10);
  put(24, 3, Math.floor(s / 10));
  put(32, 4, m % 10);
  put(40, 3, Math.floor(m / 10));
  put(48, 4, h % 10);
  put(56, 2, Math.floor(h / 10));
  for (let g = 0; g < 8; g++) put(4 + 8 * g, 4, (userBits >>> (4 * g)) & 0xf);
  put(64, 16, 0b1011111111111100); // 0011111111111101 sent bit 64 first
  const parity = rate.nominal === 25 ? 59 : 27;
  const zeros = bits.reduce((n, b) => n + (b ? 0 : 1), 0);
  bits[parity] = zeros % 2; // a 0 there counts as one more zero: set it to 1 when the count is odd
  return bits;
}

/**
 * LTC as audio, sample by sample, for frames `first` to `last` (inclusive) at `sampleRate`: the file
 * starts on frame `first`, its first sample `timeReference` samples after midnight (the frame's start
 * rounded to a sample, as the click's). Every transition is placed at its exact time on that
 * midnight-based grid and shaped as a linear edge 50 µs wide (40 µs from 10% to 90%, SMPTE 12M's rise
 * time), so a reader finds each bit where the frame's timecode says. Peak level `level` (0-1), the
 * first word starting low. Yields blocks of `block` samples.
 */
export function* ltcBlocks(rate: FrameRate, first: number, last: number, sampleRate: number, level: number, userBits: number, block: number): Generator<Float32Array> {
  const day = framesPerDay(rate);
  const midnight = ((first % day) + day) % day;
  const exactStart = Rational.of(midnight).div(rate.fps).mul(sampleRate);
  const lead = Number(exactStart.round()) - exactStart.toNumber(); // the file starts this many samples after its frame
  const perFrame = Rational.of(sampleRate).div(rate.fps);
  const total = Number(perFrame.mul(last - first + 1).round());
  const edge = 50e-6 * sampleRate;
  let k = 0; // the frame being written (from `first`)
  let bits = ltcWord(first, rate, userBits);
  let frameStart = -lead; // the frame's start, in samples from the file's first
  const spf = perFrame.toNumber();
  // The current word's transitions as sample positions (exact to a double within the word).
  let cells: number[] = [];
  const wordCells = () => {
    cells = [];
    for (let b = 0; b < LTC_BITS; b++) {
      cells.push(frameStart + (b * spf) / LTC_BITS);
      if (bits[b]) cells.push(frameStart + ((b + 0.5) * spf) / LTC_BITS);
    }
  };
  wordCells();
  let i = 0; // the next transition in `cells`
  let high = false; // the level before cells[i]
  const half = edge / 2;
  const nextCell = () => {
    if (i === cells.length) {
      k++;
      frameStart = perFrame.mul(k).toNumber() - lead;
      bits = ltcWord(first + k, rate, userBits);
      wordCells();
      i = 0;
    }
    return cells[i]!;
  };
  for (let at = 0; at < total; at += block) {
    const out = new Float32Array(Math.min(block, total - at));
    const end = at + out.length;
    // Level runs between transitions, filled whole; each transition a straight edge `edge` samples
    // wide centred on its time, computed for the few samples it touches.
    let t = at;
    while (t < end) {
      const c = nextCell();
      const level1 = high ? level : -level;
      const runEnd = Math.min(end, Math.ceil(c - half));
      if (runEnd > t) {
        out.fill(level1, t - at, runEnd - at);
        t = runEnd;
      }
      if (t >= end) break;
      // The edge: from level1 to -level1 across [c - half, c + half].
      const edgeEnd = Math.min(end, Math.floor(c + half) + 1);
      for (; t < edgeEnd; t++) out[t - at] = (level1 * (c - t)) / half;
      // Past the edge (not cut by the block's end): the level is the other one from here.
      if (t > c + half) {
        high = !high;
        i++;
      }
    }
    yield out;
  }
}
