import type { SourceLocation } from "../errors.js";
import type { Gauge } from "../engine/feet-frames.js";
import type { FrameRate } from "../engine/frame-rate.js";
import type { Rational } from "../engine/rational.js";
import type { TempoEvent, TempoMap } from "../engine/tempo-map.js";

/** A cue file, read and checked. Times are frame indices at `rate` (frames since 00:00:00:00). */
export interface CueFile {
  file: string;
  title: string;
  rate: FrameRate;
  /** Reference video path as written (relative to the cue file). */
  video?: string;
  gauge: Gauge;
  cues: Cue[];
}

export interface Cue {
  id: string;
  title: string;
  /** Frame of bar 1, beat 1. */
  start: number;
  /** Frame where the cue ends, when the file gives one. */
  end?: number;
  /** Bars of warning clicks before bar 1. */
  countIn: number;
  /** Default streamer length in frames for the cue's hits. */
  streamerFrames: number;
  tempo: TempoEvent[];
  map: TempoMap;
  hits: Hit[];
  location: SourceLocation;
}

export interface Hit {
  label: string;
  /** Frame of a hit placed by timecode. */
  at?: number;
  /** Bar and 1-based beat of a hit placed musically. */
  bar?: number;
  beat?: Rational;
  /** Streamer length in frames; 0 for none. */
  streamerFrames: number;
  color: string;
  /** Punch length in frames; 0 for none. */
  punchFrames: number;
  flutter: number;
  location: SourceLocation;
  /** Field path, e.g. `cues[0].hits[2]`. */
  path: string;
}

/** Defaults the domain agrees on (see README): 2 s streamers, 2-frame punches, 2 bars of count-in. */
export const DEFAULTS = { countIn: 2, streamerSeconds: 2, punchFrames: 2, hitColor: "white" } as const;
