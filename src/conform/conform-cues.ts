import type { Cue, CueFile } from "../engine/cue-model.js";
import { cuePlan } from "../engine/cue-plan.js";
import { framesPerDay } from "../engine/timecode.js";
import type { CutMap, FrameMapping, FrameStatus } from "./cut-map.js";
import { offsetsFrom, proposeFixes, type MusicalHit, type Proposal } from "./proposals.js";

/**
 * What a new cut does to each cue: every sync point (bar 1, each hit placed by timecode) and the
 * cue's end followed through the cut with its status, hits placed by bar and beat following bar 1,
 * and the music layer: a cue whose sync points all moved alike only moves (`shifted`: its click still
 * fits); one whose intervals changed is `changed`, with each hit's new distance from its beat and the
 * fixes that land them again. Pure: no files.
 */
export type PointStatus = FrameStatus | "follows";

export interface Point extends Omit<FrameMapping, "status"> {
  label: string;
  status: PointStatus;
  shiftFrames: number | null;
  /** Index of the hit in the cue's hits list. */
  index?: number;
}

export type CueStatus = "unchanged" | "shifted" | "changed";

export interface CueConform {
  cue: Cue;
  index: number;
  status: CueStatus;
  start: Point;
  /** The cue's end, when the cue file gives one (a derived end follows the hits). */
  end?: Point;
  hits: Point[];
  /** Where the picture changed inside the cue's span (old frames). */
  changes: { at: number; what: string }[];
  /** For a changed cue: each hit's musical place (bar|beat, as written) and how far it now is from it, with the tempo map as it is. */
  offsets: { label: string; bar: number; beat: number; offsetFrames: number; landed: boolean }[];
  proposals: Proposal[];
  /**
   * Why the cue could not be conformed into a valid cue (its new bar 1 after its new end, a hit outside
   * its new span...): it is kept as it was in the conformed file, marked, and listed for the user.
   */
  needsYou?: string;
}

/**
 * Where a point is written in the conformed cue file (and so where the report and the markers put it):
 * its new frame; a lost one at the nearest frame the new cut still shows (the nearer of the surviving
 * frames before and after it, the one before on a tie); else where it was.
 */
export function placedFrame(p: Pick<Point, "from" | "to" | "nearest">): { frame: number; from?: number } {
  if (p.to !== null) return { frame: p.to };
  const n = p.nearest;
  const pick = n?.before && (!n.after || p.from - n.before.from <= n.after.from - p.from) ? n.before : n?.after;
  return pick ? { frame: pick.to, from: pick.from } : { frame: p.from };
}

const TOLERANCE_FRAMES = 1;

/** Maps a cue's frame, which may lie outside one day (a cue across midnight), through the cut's day. */
function mapFrame(map: CutMap, frame: number, day: number): FrameMapping {
  const inDay = ((frame % day) + day) % day;
  const m = map.map(inDay);
  const back = (f: number) => f + (frame - inDay);
  return {
    ...m,
    from: frame,
    to: m.to === null ? null : back(m.to),
    ...(m.candidates ? { candidates: m.candidates.map(back) } : {}),
    ...(m.nearest ? { nearest: { ...(m.nearest.before ? { before: { from: back(m.nearest.before.from), to: back(m.nearest.before.to) } } : {}), ...(m.nearest.after ? { after: { from: back(m.nearest.after.from), to: back(m.nearest.after.to) } } : {}) } } : {}),
  };
}

const point = (label: string, m: FrameMapping, index?: number): Point => ({ ...m, label, shiftFrames: m.to === null ? null : m.to - m.from, ...(index !== undefined ? { index } : {}) });

export function conformCue(file: CueFile, cue: Cue, index: number, map: CutMap): CueConform {
  const rate = file.rate;
  const day = framesPerDay(rate);
  const timing = cuePlan(cue, rate).timing;
  const start = point("bar 1", mapFrame(map, cue.start, day));
  const end = cue.end !== undefined ? point("end", mapFrame(map, cue.end, day)) : undefined;
  // Hits placed by bar and beat follow bar 1 where the conformed file writes it (a lost bar 1 at its nearest surviving frame).
  const startShift = placedFrame(start).frame - cue.start;
  const hits: Point[] = cue.hits.map((h, i) => {
    if (h.at !== undefined) return point(h.label, mapFrame(map, h.at, day), i);
    const frame = timing.hits[i]!.frame;
    const how = start.to === null ? "follows bar 1 to the nearest frame the new cut shows" : "follows bar 1";
    return { from: frame, to: frame + startShift, label: h.label, status: "follows", shiftFrames: startShift, reason: `placed by bar and beat (${h.bar}|${h.beat?.toDecimal(3)}): ${how}`, index: i };
  });
  const sync = [start, ...hits.filter((h) => h.status !== "follows")];
  const shifts = new Set(sync.map((p) => p.shiftFrames));
  const anyLost = sync.some((p) => p.to === null || p.status === "ambiguous");
  const status: CueStatus = anyLost || shifts.size > 1 ? "changed" : shifts.has(0) && (!end || end.shiftFrames === 0) ? "unchanged" : "shifted";
  const changes = map.changesWithin(timing.countInFrame, timing.endFrame);
  const result: CueConform = { cue, index, status, start, ...(end ? { end } : {}), hits, changes, offsets: [], proposals: [] };
  if (status === "changed") {
    const newStart = start.to ?? cue.start;
    // Each hit keeps the musical place it had: its beat is where the music was written to it.
    const musical: MusicalHit[] = hits.flatMap((h, i) => (h.status !== "follows" && h.to !== null ? [{ label: h.label, q: timing.hits[i]!.quarters, frame: h.to }] : []));
    const off = offsetsFrom(cue.map, newStart, musical, rate.fps.toNumber());
    result.offsets = musical.map((h, i) => {
      const pos = cue.map.positionAt(h.q);
      return { label: h.label, bar: pos.bar, beat: Number(pos.beat.toFixed(3)), offsetFrames: Number(off[i]!.toFixed(2)), landed: Math.abs(off[i]!) <= TOLERANCE_FRAMES + 1e-9 };
    });
    result.proposals = proposeFixes(file, cue, newStart, musical, map, TOLERANCE_FRAMES);
  }
  return result;
}

export function conformCueFile(file: CueFile, map: CutMap): CueConform[] {
  return file.cues.map((cue, i) => conformCue(file, cue, i, map));
}

export type Summary = Record<FrameStatus, number>;

/** How many sync points, ends and hits placed by timecode have each status. */
export function summarise(cues: readonly CueConform[]): Summary {
  const s: Summary = { unchanged: 0, shifted: 0, moved: 0, lost: 0, ambiguous: 0, uncertain: 0 };
  for (const c of cues) for (const p of [c.start, ...(c.end ? [c.end] : []), ...c.hits]) if (p.status !== "follows") s[p.status]++;
  return s;
}
