import type { SourceLocation } from "../errors.js";
import type { Gauge } from "./feet-frames.js";
import type { FrameRate } from "./frame-rate.js";
import type { Rational } from "./rational.js";
import type { TempoEvent, TempoMap } from "./tempo-map.js";

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

/** How a cue's click track sounds and is written (project-level `click`, overridden per cue). */
export interface ClickSettings {
  /** Preset name in presets/clicks (`urei`, `beep`, `woodblock`). */
  sound: string;
  /** The user's own WAV samples for beat 1 and the other beats (absolute paths). */
  accentFile?: string;
  beatFile?: string;
  /** Clicks per pulse: 1 (none), 2, 3 or 4; the extra ones use the quieter `sub` sound. */
  subdivide: number;
  /** Bars with no click, inclusive ranges. */
  tacet: { from: number; to: number }[];
  /** ADR-style beeps into every hit: `count` beeps over `over` seconds, the last on the hit. */
  beeps?: { count: number; over: number };
  sampleRate: number;
  /** 16 or 24-bit PCM, or 32-bit float. */
  bitDepth: 16 | 24 | 32;
}

export interface Cue {
  id: string;
  title: string;
  /** Frame of bar 1, beat 1. */
  start: number;
  /** Frame where the cue ends, when the file gives one. */
  end?: number;
  /** Frame where the cue's delivered audio starts, when not at bar 1 (the label nearest bar 1). */
  deliveryStart?: number;
  /** Bars of warning clicks before bar 1. */
  countIn: number;
  /** Default streamer length in frames for the cue's hits. */
  streamerFrames: number;
  /** Streamer style preset name (presets/streamers). */
  streamerStyle: string;
  tempo: TempoEvent[];
  map: TempoMap;
  hits: Hit[];
  click: ClickSettings;
  /** For the cue sheet (the cue's own, else the project's). */
  credits: Credits;
  notes?: string;
  location: SourceLocation;
}

export interface Credits {
  composer?: string;
  publisher?: string;
  usage: "original" | "licensed";
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
  /** The hit's own streamer colour; absent: the streamer style's. */
  color?: string;
  /** Punch length in frames; 0 for none. */
  punchFrames: number;
  flutter: number;
  /** For tempo fitting: how much landing it matters (default 1), and whether it must land. */
  weight: number;
  important: boolean;
  location: SourceLocation;
  /** Field path, e.g. `cues[0].hits[2]`. */
  path: string;
}

/** Defaults the domain agrees on (see README): 2 s streamers, 2-frame punches, 2 bars of count-in. */
export const DEFAULTS = { countIn: 2, streamerSeconds: 2, punchFrames: 2 } as const;

/** Sound-for-picture norms: 48 kHz, 24-bit; the UREI-like click; three beeps over 2 s when beeps are on. */
export const CLICK_DEFAULTS: ClickSettings = { sound: "urei", subdivide: 1, tacet: [], sampleRate: 48000, bitDepth: 24 };
export const BEEP_DEFAULTS = { count: 3, over: 2 } as const;
