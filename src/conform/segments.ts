import { Rational } from "../engine/rational.js";
import { formatTimecode } from "../engine/timecode.js";
import { UserError, type Problem } from "../errors.js";
import type { EditEvent, Timeline } from "../interchange/model.js";

/**
 * A cut's main picture track as segments: spans of record frames, each showing one source at a
 * constant speed. Conform follows these from the old cut to the new. Pure: no files.
 *
 * A source is known by its file (the file's name, without folder or extension, so an EDL's
 * `SOURCE FILE: A001C003` and an OTIO `file:///media/A001C003.mov` agree), else its clip name, else
 * its reel (whose frames are its timecode); two cuts are compared by the first of these they both
 * carry throughout (see sharedIdentity). `match` patterns are removed from that name first, so
 * `_v\d+` makes shot_010_v11 and shot_010_v12 the same source (a VFX version bump).
 */
export interface Segment {
  key: string;
  /** How the shot reads in messages: its clip name, file or reel. */
  shot: string;
  /** Event numbers it was made from (more than one where adjacent events were healed). */
  events: string[];
  recIn: number;
  recOut: number;
  /** The source frame shown at recIn (fractional after a speed change). */
  srcIn: Rational;
  /** Source frames per record frame: 1 normal, 0 a freeze, negative reversed; null when it varies. */
  speed: Rational | null;
  black: boolean;
  /** Record frames where this shot dissolves (or wipes) in from the one before: [from, to). */
  transition?: { from: number; to: number; kind: string };
}

export type Identity = "file" | "clip" | "reel";

export interface MatchOptions {
  /** Regular expressions whose matches are left out of source names before they are compared. */
  match?: readonly RegExp[];
  /** Which name to compare sources by first (an event without it falls back to the next). */
  identity?: Identity;
}

const ORDER: Identity[] = ["file", "clip", "reel"];

/**
 * The name two cuts can both be compared by: the first of file, clip name and reel that every
 * picture event of both carries (an EDL with clip names only against an OTIO with files and clip
 * names: the clip name), else the file.
 */
export function sharedIdentity(...cuts: Timeline[]): Identity {
  const events = cuts.flatMap((t) => t.events.filter((e) => e.track === "V" && !e.source.black));
  return ORDER.find((k) => events.every((e) => e.source[k])) ?? "file";
}

function baseName(file: string): string {
  const last = decodeURIComponent(file.replace(/^file:\/\/(localhost)?/i, "")).split(/[\\/]/).pop() ?? file;
  return last.replace(/\.[A-Za-z0-9]{1,5}$/, "");
}

/** The name conform compares sources by. */
export function sourceKey(e: EditEvent, options: MatchOptions = {}): string {
  const s = e.source;
  const kind = ORDER.slice(ORDER.indexOf(options.identity ?? "file")).find((k) => s[k]) ?? "reel";
  let key = kind === "file" ? `file:${baseName(s.file!)}` : kind === "clip" ? `clip:${s.clip!.trim()}` : `reel:${s.reel ?? ""}`;
  for (const re of options.match ?? []) key = key.replace(new RegExp(re.source, re.flags.includes("g") ? re.flags : re.flags + "g"), "");
  return key;
}

const shotName = (e: EditEvent) => e.source.clip ?? (e.source.file ? baseName(e.source.file) : e.source.reel ?? `event ${e.id}`);

/**
 * The main picture track's events in record order, each a segment, with adjacent events that
 * continue the same source at the same speed healed into one. Events that overlap on the record side
 * are refused, named by their numbers.
 */
export function segmentsOf(t: Timeline, options: MatchOptions = {}): Segment[] {
  const events = t.events.filter((e) => e.track === "V" && e.recordOut > e.recordIn).sort((a, b) => a.recordIn - b.recordIn);
  const problems: Problem[] = [];
  for (let i = 1; i < events.length; i++) {
    const [a, b] = [events[i - 1]!, events[i]!];
    if (b.recordIn < a.recordOut) {
      problems.push({
        message: `Events ${a.id} and ${b.id} overlap on the record side (${formatTimecode(a.recordIn, t.rate)}-${formatTimecode(a.recordOut, t.rate)} and ${formatTimecode(b.recordIn, t.rate)}-${formatTimecode(b.recordOut, t.rate)}): the cut is not one picture.`,
        location: b.location,
        hint: "Export the main picture track alone (or the sequence flattened to one video track).",
      });
    }
  }
  for (const e of events) {
    if (e.sourceUnread) problems.push({ message: `Event ${e.id}: ${e.sourceUnread}, so conform cannot follow its frames.`, location: e.location, hint: "Export the EDL with every source counted at the project's rate, or conform from an OTIO or FCPXML of the cut." });
  }
  if (problems.length) throw new UserError(problems);
  const out: Segment[] = [];
  for (const e of events) {
    const seg: Segment = {
      key: sourceKey(e, options),
      shot: shotName(e),
      events: [e.id],
      recIn: e.recordIn,
      recOut: e.recordOut,
      srcIn: Rational.of(e.sourceIn),
      speed: e.speed,
      black: !!e.source.black,
      ...(e.transition ? { transition: { from: e.transition.from, to: e.transition.to, kind: e.transition.kind } } : {}),
    };
    const prev = out[out.length - 1];
    if (prev && continues(prev, seg)) {
      prev.recOut = seg.recOut;
      prev.events.push(e.id);
    } else out.push(seg);
  }
  return out;
}

/** True when `next` carries on `prev`'s source where it left off, at the same speed, on a cut. */
function continues(prev: Segment, next: Segment): boolean {
  if (prev.key !== next.key || prev.black || next.black || next.transition || prev.recOut !== next.recIn) return false;
  if (!prev.speed || !next.speed || !prev.speed.eq(next.speed) || prev.speed.eq(0)) return false;
  return prev.srcIn.add(prev.speed.mul(prev.recOut - prev.recIn)).eq(next.srcIn);
}

/** The source frame a segment shows at a record frame (exact). */
export function sourceAt(s: Segment, frame: number): Rational {
  return s.speed ? s.srcIn.add(s.speed.mul(frame - s.recIn)) : s.srcIn;
}
