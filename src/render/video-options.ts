import type { ClickSettings, Cue, CueFile } from "../engine/cue-model.js";
import { cuePlan } from "../engine/cue-plan.js";

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

/** The picture formats a render writes: their container and encoder, by name. */
export const FORMATS: Record<PictureFormat, { container: "mov" | "mp4"; name: string }> = {
  mov: { container: "mov", name: "H.264" },
  mp4: { container: "mp4", name: "H.264" },
  prores: { container: "mov", name: "ProRes 422" },
  dnxhd: { container: "mov", name: "DNxHD 36" },
  dnxhr: { container: "mov", name: "DNxHR LB" },
};

/** Seconds of picture before a cue's first warning click and after its end, unless asked otherwise. */
export const DEFAULT_PREROLL = 10;
export const DEFAULT_TAIL = 5;

/** A cue's span: from the pre-roll before its first warning click to the tail after its end (frames since 00:00:00:00). */
export function cueSpan(file: CueFile, cue: Cue, options: VideoOptions): [number, number] {
  return cuePlan(cue, file.rate).span(options.preroll ?? DEFAULT_PREROLL, options.tail ?? DEFAULT_TAIL);
}
