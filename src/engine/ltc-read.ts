import { isDropFrame, type FrameRate } from "./frame-rate.js";
import { LTC_BITS } from "./ltc.js";
import { fieldsToFrame } from "./timecode.js";

/** A word read: its frame (since 00:00:00:00 at the cue's rate), where it began and ended (samples), and which way it ran. */
export interface LtcRead {
  frame: number;
  start: number;
  end: number;
  /** Played backwards (a DAW rewinding): the word came last bit first. */
  reverse: boolean;
  /** The drop-frame bit, and the user bits (32, group 1 lowest). */
  dropFrame: boolean;
  userBits: number;
}

const SYNC = [0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1];

/**
 * Reads LTC from audio, sample block by sample block (for the page's AudioWorklet as for a file):
 * the transitions are found with hysteresis (the level must pass a third of the recent peak the other
 * way) and placed at their zero crossing; an interval shorter than the middle of the recent shortest
 * and longest is half a bit, so speed may change (0.5x to 2x and beyond) and polarity does not
 * matter; pairs of halves are 1s, whole intervals 0s; a word is its 80 bits ending in the sync word,
 * or (played backwards) beginning with the sync word reversed. A word whose label the rate does not
 * have is skipped.
 */
export class LtcReader {
  private high = false;
  private peak = 0;
  private lastCross = NaN; // the last zero crossing (sample position), a candidate transition
  private lastTransition = NaN;
  private intervals: number[] = [];
  private threshold = 0;
  private halfPending = false;
  private bits: number[] = [];
  private ends: number[] = []; // where each bit in `bits` ended
  private before = NaN; // where the bit before them ended: where the first began
  private previous = 0; // the last sample, for crossings across blocks

  constructor(private readonly rate: FrameRate, sampleRate: number) {
    // Until intervals say otherwise: a bit at the rate's speed, halves below three quarters of it.
    this.threshold = (0.75 * sampleRate) / (rate.fps.toNumber() * LTC_BITS);
  }

  /** Samples from file (or stream) position `at`; the words they complete. */
  push(samples: ArrayLike<number>, at: number): LtcRead[] {
    const found: LtcRead[] = [];
    for (let i = 0; i < samples.length; i++) {
      const x = samples[i]!;
      const t = at + i;
      const a = Math.abs(x);
      this.peak = a > this.peak ? a : this.peak * 0.99995;
      if ((x >= 0) !== (this.previous >= 0)) this.lastCross = t - 1 + this.previous / (this.previous - x);
      this.previous = x;
      const h = this.peak / 3;
      if (this.high ? x < -h : x > h) {
        this.high = !this.high;
        const word = this.transition(Number.isNaN(this.lastCross) ? t : this.lastCross);
        if (word) found.push(word);
      }
    }
    return found;
  }

  private transition(t: number): LtcRead | undefined {
    const d = t - this.lastTransition;
    this.lastTransition = t;
    if (!(d > 0)) return undefined;
    // Half or whole: between the shortest and longest of the recent intervals, when they differ.
    this.intervals.push(d);
    if (this.intervals.length > 48) this.intervals.shift();
    const lo = Math.min(...this.intervals), hi = Math.max(...this.intervals);
    if (hi > 1.5 * lo) this.threshold = (lo + hi) / 2;
    if (d < this.threshold) {
      if (!this.halfPending) {
        this.halfPending = true;
        return undefined;
      }
      this.halfPending = false;
      return this.bit(1, t);
    }
    this.halfPending = false;
    return this.bit(0, t);
  }

  private bit(b: number, end: number): LtcRead | undefined {
    this.bits.push(b);
    this.ends.push(end);
    if (this.bits.length > LTC_BITS) {
      this.bits.shift();
      this.before = this.ends.shift()!;
    }
    if (this.bits.length < LTC_BITS) return undefined;
    const w = this.bits;
    const forward = SYNC.every((s, i) => w[64 + i] === s);
    const reverse = !forward && SYNC.every((s, i) => w[15 - i] === s);
    if (!forward && !reverse) return undefined;
    const word = forward ? w : [...w].reverse();
    const field = (from: number, width: number) => word.slice(from, from + width).reduce((v, x, k) => v | (x << k), 0);
    const frame = fieldsToFrame(this.rate, field(48, 4) + 10 * field(56, 2), field(32, 4) + 10 * field(40, 3), field(16, 4) + 10 * field(24, 3), field(0, 4) + 10 * field(8, 2));
    const span = { start: Number.isNaN(this.before) ? 2 * this.ends[0]! - this.ends[1]! : this.before, end };
    this.bits = [];
    this.ends = [];
    this.before = end;
    if (frame === undefined || (word[10] === 1) !== isDropFrame(this.rate)) return undefined;
    let userBits = 0;
    for (let g = 7; g >= 0; g--) userBits = userBits * 16 + field(4 + 8 * g, 4);
    return { frame, start: span.start, end: span.end, reverse, dropFrame: word[10] === 1, userBits };
  }
}
