import type { Cue } from "./cue-model.js";
import type { FrameRate } from "./frame-rate.js";
import { frameAtOrBefore } from "./cue-timing.js";
import { cuePlan } from "./cue-plan.js";
import { pulseClicks } from "./click-schedule.js";

/**
 * What the conductor picture shows, frame by frame, as frame numbers of the output video (0 = its
 * first frame). Pure: the filter graph that draws it is built elsewhere.
 *
 * A streamer is a band that crosses the picture left to right at constant speed and reaches the right
 * edge exactly on its sync frame: at frame n its right edge is at width x (n - from) / (sync - from).
 * Green leads into bar 1, yellow into the first warning click, red into the cue's end, the hit's
 * colour (white by default) into each hit. Punches are on the sync frame and the ones after it;
 * a flutter of N punches puts one on every other frame, the last on the hit.
 */
export interface Streamer {
  color: string;
  /** Frame where the band enters (off the left edge) and frame where it reaches the right edge. */
  from: number;
  sync: number;
  label: string;
}

export interface PicturePlan {
  streamers: Streamer[];
  /** Frames that show a punch (sorted, unique). */
  punchFrames: number[];
  /** Frames where the bar|beat display changes, and what it shows from then on ("" to clear). */
  positions: { frame: number; text: string }[];
  /** Frames that show the visual click (a flash on every beat), when asked for. */
  flashFrames: number[];
  /** Frame of bar 1, for the footage counter. */
  bar1: number;
}

/** Colours of the landmark streamers and of hits without their own (from a streamer style). */
export interface StreamerColors {
  warning: string;
  downbeat: string;
  end: string;
  hit: string;
}

export function picturePlan(cue: Cue, rate: FrameRate, videoStart: number, frameCount: number, colors: StreamerColors, options: { flash?: boolean } = {}): PicturePlan {
  const timing = cuePlan(cue, rate).timing;
  const rel = (frame: number) => frame - videoStart;
  const streamers: Streamer[] = [];
  const add = (sync: number, frames: number, color: string, label: string) => {
    if (frames <= 0 || sync < 0 || sync >= frameCount) return;
    streamers.push({ color, from: sync - frames, sync, label });
  };
  add(rel(timing.countInFrame), cue.streamerFrames, colors.warning, "first warning click");
  add(rel(cue.start), cue.streamerFrames, colors.downbeat, "bar 1");
  add(rel(timing.endFrame), cue.streamerFrames, colors.end, "end");
  const punches = new Set<number>();
  timing.hits.forEach((h, i) => {
    const hit = cue.hits[i]!;
    const sync = rel(h.frame);
    add(sync, hit.streamerFrames, hit.color ?? colors.hit, h.label);
    for (let k = 0; k < hit.punchFrames; k++) punches.add(sync + k);
    for (let k = 0; k < hit.flutter; k++) punches.add(sync - 2 * k);
  });
  const positions: { frame: number; text: string }[] = [];
  const flashFrames: number[] = [];
  for (const c of pulseClicks(cue, { subdivide: 1, tacet: [] }, timing.endSeconds)) {
    const frame = rel(frameAtOrBefore(c.seconds, cue, rate));
    const bar = c.bar < 1 ? `ci ${c.bar + cue.countIn}` : String(c.bar);
    positions.push({ frame, text: `${bar}|${c.beat}` });
    if (options.flash) flashFrames.push(frame);
  }
  positions.push({ frame: rel(timing.endFrame) + 1, text: "" });
  const inside = (f: number) => f >= 0 && f < frameCount;
  return {
    streamers,
    punchFrames: [...punches].filter(inside).sort((a, b) => a - b),
    positions: positions.filter((p) => p.frame < frameCount).map((p) => ({ ...p, frame: Math.max(0, p.frame) })),
    flashFrames: flashFrames.filter(inside),
    bar1: rel(cue.start),
  };
}
