import type { SoundSpec } from "../engine/click-sound.js";
import type { CueJson } from "../engine/cue-json.js";
import type { Gauge } from "../engine/feet-frames.js";
import type { StreamerColors } from "../engine/picture-plan.js";

/**
 * What the preview server and its page say to each other: one source for both sides (types only;
 * the server's modules import it, and the page's).
 */

/** The picture the page plays (the server keeps its path). */
export interface PageVideo {
  /** The picture's first frame (frames since 00:00:00:00) and how many it has. */
  firstFrame: number;
  frames: number;
  width: number;
  height: number;
  /** A browser copy of the reference, not the reference itself. */
  proxy: boolean;
  /** The reference's path as given; absent for a generated slate. */
  reference?: string;
}

/**
 * Everything the page needs, as JSON (with the page, and at /api/state): the project's cues (the
 * engine rebuilds them in the browser), their streamer styles and click sounds (the presets'
 * synthesis data, or the user's own samples), and the picture it plays (null while it is prepared).
 */
export interface PageState {
  file: string;
  title: string;
  rate: string;
  gauge: Gauge;
  cues: CueJson[];
  styles: Record<string, { width: number; colors: StreamerColors }>;
  presets: Record<string, { accent: SoundSpec; beat: SoundSpec; sub: SoundSpec }>;
  adrBeep: SoundSpec;
  /** The user's own samples, by path: rate and base64 float32 samples. */
  samples: Record<string, { sampleRate: number; data: string }>;
  video: PageVideo | null;
  /** The hash of the cue file's text the state was made from (edits are saved against it). */
  hash: string;
  /** The cue asked for with --cue. */
  cue?: string;
  /** While the picture is prepared: how far (percent), or why it cannot be. */
  videoProgress: number;
  videoError?: string;
  /** The overlay's optional parts asked for on the command line. */
  flash: boolean;
  feet: boolean;
  /** Follow the DAW's timecode from the start: LTC from an audio input, MTC from MIDI, or not. */
  chase: "off" | "ltc" | "mtc";
}

/**
 * What the desk's page tells the other windows of the same preview (a conductor's screen), on every
 * frame it shows: the cue, the frame (of the picture, from its first), whether it plays, at what rate.
 */
export interface FollowMessage {
  cue: string;
  frame: number;
  playing: boolean;
  rate: number;
}

/**
 * A remote's command (POST /api/control, on the preview's token): play, pause, or locate to a
 * timecode (and cue). The server passes it to the desk's page (GET /api/events, server-sent events).
 */
export type Control = { action: "play" } | { action: "pause" } | { action: "locate"; at: string; cue?: string };

/** The page's edits, sent to /api/save to be written into the cue file. */
export interface Edits {
  /** The hash of the cue file's text the page started from. */
  hash: string;
  cue: string;
  hits: { index: number; at: string }[];
  tempo: { index: number; tempo: string }[];
  /** Hits marked in the page, added at the end of the cue's hits list. */
  added?: PageHit[];
  /** Hits' other fields changed (colour, streamer, punch, flutter, placed by timecode or bar): null takes one out. */
  fields?: { index: number; fields: Record<string, string | number | boolean | null> }[];
  /** Hits renamed, and removed (indices as the file has them). */
  renamed?: { index: number; label: string }[];
  removed?: number[];
  /** The tempo list, where events were added, removed or changed: each kept as the file has it, or new. */
  tempoList?: ({ keep: number } | { event: PageTempoEvent })[];
  /** A cue made in the page, not yet in the file: written whole, at the end of the cues. */
  newCue?: PageNewCue;
  /** The cue's own fields changed: its title, bar 1's timecode, its end, its count-in. */
  cueFields?: { title?: string; start?: string; end?: string; countIn?: number };
  /** The cue taken out of the file. */
  deleteCue?: boolean;
}

/** A hit as the page writes it. */
export interface PageHit {
  label: string;
  at?: string;
  bar?: number;
  beat?: number;
  color?: string;
  streamer?: string;
  punch?: number | boolean;
  flutter?: number;
}

/** A tempo event as the page writes it. */
export interface PageTempoEvent {
  bar: number;
  beat?: number;
  bpm?: number;
  click?: string;
  meter?: string;
  pulse?: string;
  ramp?: boolean;
}

export interface PageNewCue {
  id: string;
  title: string;
  start: string;
  end: string;
  countIn: number;
  tempo: PageTempoEvent[];
  hits: PageHit[];
}

/** What /api/save answers: saved (with the file's new hash), or why not (409: changed on disk). */
export interface SaveAnswer {
  saved?: true;
  hash?: string;
  error?: string;
}
