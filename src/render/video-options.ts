import type { ClickSettings } from "../engine/cue-model.js";

/** The picture formats `render --format` writes (see encode-picture.ts for their codecs). */
export type PictureFormat = "mov" | "mp4" | "prores" | "dnxhd" | "dnxhr";

/** How a conductor picture is made: the reference, its span, the overlay's options, the encoder. */
export interface VideoOptions {
  /** Reference video path (absolute or relative to the cwd); default: the cue file's `video`. */
  video?: string;
  format?: PictureFormat;
  allowRateMismatch?: boolean;
  /** The reference's start timecode when it has none. */
  videoStart?: string;
  flash?: boolean;
  /** Renders the click (with these settings) as one more audio track, starting on the picture's first frame. */
  click?: Partial<ClickSettings>;
  /** Show feet+frames from bar 1, in the cue file's gauge (35 mm 4-perf, 3-perf, 16 mm). */
  feet?: boolean;
  /** Seconds of picture before the first warning click (default 10) and after the end (default 5). */
  preroll?: number;
  tail?: number;
  /** The whole reference for each cue, not the cue's span. */
  whole?: boolean;
  /** Who draws the overlay: ffmpeg's filter graph (default) or the canvas. */
  renderer?: "graph" | "canvas";
  onProgress?: (frame: number, total: number) => void;
}
