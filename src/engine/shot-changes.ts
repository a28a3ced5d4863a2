/**
 * Shot changes in a picture, from small decoded frames (RGB, a few dozen pixels wide), one frame at a
 * time: pure, so the command line and the page can share it.
 *
 * Each frame is compared with the one before in two ways: its colour histogram (16 levels a channel:
 * blind to motion, sees a change of scene) and its pixels (block means: sees a change between two
 * shots of the same colours). A frame is a cut when that difference is large (over `threshold`),
 * when it stands well above the differences around it (fast motion, a fade or a dissolve differ as
 * much from frame to frame for many frames, a cut for one), and when the picture does not come back
 * within a few frames (a flash, a lightning strike, a camera flash: the frames after it look like the
 * ones before). A cut is reported on the first frame of the new shot.
 */

export interface ShotChange {
  /** The first frame of the new shot, counted from the picture's first frame. */
  frame: number;
  /** How different it is from the frame before, 0-1 (the measure `threshold` is compared with). */
  score: number;
}

export interface ShotChangeOptions {
  /** The difference, 0-1, above which a frame may be a cut (default 0.3). */
  threshold?: number;
}

const BINS = 16;
/** Frames either side whose differences a cut must stand above: so many times one side's, and the other's. */
const AROUND = 6;
const ABOVE = 2.5;
const OVER_BOTH = 1.5;
/** Frames within which a picture that comes back was a flash, not a cut. */
const FLASH = 4;
/** How close to the frame before the flash the picture must come back (at least; more in a moving shot). */
const BACK = 0.06;

interface Features {
  histogram: Float32Array;
  blocks: Float32Array;
}

/** A frame's features: its colour histogram (fractions) and its pixels' luma. */
export function frameFeatures(rgb: Uint8Array, width: number, height: number): Features {
  const n = width * height;
  const histogram = new Float32Array(BINS * 3);
  const blocks = new Float32Array(n);
  for (let i = 0, p = 0; i < n; i++, p += 3) {
    const r = rgb[p]!, g = rgb[p + 1]!, b = rgb[p + 2]!;
    histogram[r >> 4]! += 1;
    histogram[BINS + (g >> 4)]! += 1;
    histogram[2 * BINS + (b >> 4)]! += 1;
    blocks[i] = (0.299 * r + 0.587 * g + 0.114 * b) / 255;
  }
  for (let k = 0; k < histogram.length; k++) histogram[k]! /= n;
  return { histogram, blocks };
}

/** How different two frames are, 0-1: the larger of their histograms' and their pixels' differences. */
export function difference(a: Features, b: Features): number {
  let h = 0;
  for (let k = 0; k < a.histogram.length; k++) h += Math.abs(a.histogram[k]! - b.histogram[k]!);
  h /= 6; // three histograms, each summing to 1: at most 2 apart
  let p = 0;
  for (let k = 0; k < a.blocks.length; k++) p += Math.abs(a.blocks[k]! - b.blocks[k]!);
  p = Math.min(1, (p / a.blocks.length) * 3);
  return Math.max(h, p);
}

/**
 * Feeds frames in order (`push`), and says the cuts found so far; `end` says the rest. A frame is
 * decided once AROUND frames after it have been seen.
 */
export class ShotChangeFinder {
  private readonly threshold: number;
  /** The features and the difference from the frame before, for the frames still undecided (and the context they need). */
  private frames: { frame: number; features: Features; diff: number }[] = [];
  private next = 0;
  private decidedUpTo = 0;
  /** The frame a flash came back on: the change back to the shot is no cut either. */
  private flashUntil = -1;
  readonly cuts: ShotChange[] = [];

  constructor(options: ShotChangeOptions = {}) {
    this.threshold = options.threshold ?? 0.3;
  }

  push(rgb: Uint8Array, width: number, height: number): ShotChange[] {
    const features = frameFeatures(rgb, width, height);
    const last = this.frames[this.frames.length - 1];
    this.frames.push({ frame: this.next++, features, diff: last ? difference(last.features, features) : 0 });
    return this.decide(false);
  }

  end(): ShotChange[] {
    return this.decide(true);
  }

  private decide(all: boolean): ShotChange[] {
    const found: ShotChange[] = [];
    const f = this.frames;
    for (;;) {
      const i = f.findIndex((x) => x.frame === this.decidedUpTo);
      if (i < 0 || (!all && i + Math.max(AROUND, FLASH) >= f.length)) break;
      const x = f[i]!;
      this.decidedUpTo++;
      if (x.frame === 0 || x.diff < this.threshold) continue;
      // It must stand well above the frame-to-frame differences of the shot before it or of the shot
      // after it (a cut into a shot with more motion), and above both (motion that starts is no cut).
      const median = (ys: { diff: number }[]) => {
        const d = ys.map((y) => y.diff).sort((a, b) => a - b);
        return d.length ? d[Math.floor(d.length / 2)]! : 0;
      };
      const before = median(f.slice(Math.max(1, i - AROUND), i)), after = median(f.slice(i + 1, i + 1 + AROUND));
      if (x.diff < ABOVE * Math.min(before, after) || x.diff < OVER_BOTH * Math.max(before, after)) continue;
      if (x.frame <= this.flashUntil) continue; // the picture coming back from a flash
      // A flash: within a few frames the picture is back to the frame before, as near as the shot's
      // own motion takes it (and nearer than half the change itself).
      const last = f[i - 1]!.features;
      const near = Math.min(Math.max(BACK, 3 * before), x.diff / 2);
      const back = f.slice(i + 1, i + 1 + FLASH).find((y) => difference(last, y.features) < near);
      if (back) {
        this.flashUntil = back.frame;
        continue;
      }
      // Of two cuts a frame apart, the larger.
      const previous = this.cuts[this.cuts.length - 1];
      if (previous && x.frame - previous.frame <= 1) {
        if (previous.score >= x.diff) continue;
        this.cuts.pop();
        found.pop();
      }
      const cut = { frame: x.frame, score: Math.round(x.diff * 1000) / 1000 };
      this.cuts.push(cut);
      found.push(cut);
    }
    // Keep only the context still needed.
    const keep = f.findIndex((x) => x.frame === this.decidedUpTo);
    if (keep > AROUND + 1) this.frames = f.slice(keep - AROUND - 1);
    return found;
  }
}
