import type { Problem, SourceLocation } from "../errors.js";
import type { FrameRate } from "../engine/frame-rate.js";
import type { Rational } from "../engine/rational.js";

/**
 * One model for every editorial file Sprocket reads (CMX 3600 EDLs, marker lists, OTIO, FCPXML):
 * the record side of a cut as events, and the editor's markers. Every position is an integer frame
 * at the project's rate, counted from 00:00:00:00 (the same frame index as the cue file's timecodes).
 * Out points are exclusive: an event covers record frames [recordIn, recordOut).
 */
export interface Timeline {
  /** What kind of file it was read from, for messages ("CMX 3600 EDL", "FCPXML 1.10"...). */
  format: string;
  file: string;
  title?: string;
  /** The project rate every frame here is counted at. */
  rate: FrameRate;
  /** The file's own rate, when it states one (OTIO, FCPXML); EDLs and marker lists do not. */
  fileRate?: Rational;
  /** Picture events, in file order. */
  events: EditEvent[];
  /** Audio-only events, kept apart from the picture. */
  audioEvents: EditEvent[];
  markers: TimelineMarker[];
  /** Things read but doubtful (each says where), never silent repairs. */
  warnings: Problem[];
}

/** Where a shot's frames come from. Conform identifies a source by its file, else its clip name, else reel and timecode. */
export interface SourceRef {
  /** Media file or path (`* SOURCE FILE:`, `* FROM CLIP:`, OTIO target_url, FCPXML asset src). */
  file?: string;
  /** Clip name (`* FROM CLIP NAME:`, OTIO/FCPXML clip name). */
  clip?: string;
  /** Tape or reel name (an EDL's reel field, widened by an Avid `>>> SOURCE` table). */
  reel?: string;
  /** Black (an EDL's BL reel, a gap made into an event): no picture to follow. */
  black?: boolean;
}

export interface Transition {
  kind: "dissolve" | "wipe" | "key";
  /** Record frames where the picture is a mix of two shots: [from, to). */
  from: number;
  to: number;
  /** The effect code as written (`D`, `W001`, `SMPTE_Dissolve`...). */
  code: string;
}

export interface EditEvent {
  /** The event number as written (EDL), or the item's index. */
  id: string;
  /** `V` for the picture (`V2`... for layers above it), `A1`... for sound. */
  track: string;
  recordIn: number;
  recordOut: number;
  source: SourceRef;
  /** Source frame shown at recordIn (for a reversed clip, the first frame shown), at the project's rate. */
  sourceIn: number;
  /** The source out point as written (exclusive). */
  sourceOut: number;
  /** Why the source timecodes could not be read at the project's rate (a source at another rate): conform cannot follow this event. */
  sourceUnread?: string;
  /** Source frames per record frame: 1 normal, 0 a freeze, negative reversed; null when it varies (a speed ramp). */
  speed: Rational | null;
  /** The transition into this event, when it does not start on a cut. */
  transition?: Transition;
  /** Comment lines kept as written. */
  comments: string[];
  location: SourceLocation;
}

export interface TimelineMarker {
  /** Record frame the marker is on. */
  frame: number;
  /** Length in frames (0 or 1 for a point marker). */
  duration: number;
  name: string;
  comment: string;
  /** Who made it, where the file says (an Avid list's first column). */
  user?: string;
  /** The colour as the file names it (`RED`, `ResolveColorBlue`, `magenta`...), when it names one. */
  colour?: string;
  location: SourceLocation;
}

/**
 * A marker's hit label: its name, unless empty or a program's default ("Marker 3"), else its comment,
 * else who made it, else its colour ("blue marker").
 */
export function markerLabel(m: TimelineMarker): string {
  const name = m.name.trim();
  const comment = m.comment.trim();
  if (name && !(comment && /^marker \d+$/i.test(name))) return name;
  const colour = m.colour?.replace(/^ResolveColor/i, "").toLowerCase();
  return comment || name || (m.user ?? "").trim() || (colour && !colour.startsWith("#") ? `${colour} marker` : "marker");
}
