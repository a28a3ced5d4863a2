import type { Document } from "yaml";
import { moveCueTimes, type CueMove } from "../cue/edit-cue-text.js";
import type { CueFile } from "../cue/model.js";
import { parseCueFile } from "../cue/read-cue-file.js";
import { cueTiming } from "../engine/cue-timing.js";
import { formatTimecode } from "../engine/timecode.js";
import { UserError } from "../errors.js";
import type { CueConform, Point } from "./conform-cues.js";

/**
 * The conformed cue file's text: every start, end and hit placed by timecode at its new timecode,
 * with a `# conform:` comment saying where it was and what happened. Nothing is deleted: a lost hit
 * stays, at the nearest frame the new cut still shows, and an ambiguous one at its likeliest
 * candidate, each marked. The result is read back with the real cue reader before it is returned.
 */
export function conformedCueText(original: string, path: string, file: CueFile, cues: readonly CueConform[], doc?: Document.Parsed): string {
  const tc = (f: number) => formatTimecode(f, file.rate);
  /** Where a point goes in the file, and the comment that says why. */
  const placeOf = (p: Point): { frame: number; comment?: string } => {
    const was = `was ${tc(p.from)}`;
    if (p.status === "unchanged" || p.status === "follows") return { frame: p.to ?? p.from };
    if (p.to === null) {
      const n = p.nearest;
      const pick = n?.before && (!n.after || p.from - n.before.from <= n.after.from - p.from) ? n.before : n?.after;
      return { frame: pick?.to ?? p.from, comment: `LOST, ${was}: ${p.reason ?? "its frames were cut out"}; ${pick ? `placed at the nearest frame the new cut still shows (${tc(pick.from)} in the old cut)` : "kept where it was"}` };
    }
    if (p.status === "ambiguous") return { frame: p.to, comment: `AMBIGUOUS, ${was}: could be ${p.candidates!.map(tc).join(" or ")}; placed at the likeliest, ${tc(p.to)}` };
    if (p.status === "uncertain") return { frame: p.to, comment: `UNCERTAIN, ${was}: ${p.reason}` };
    if (p.status === "moved") return { frame: p.to, comment: `${was}, moved (${p.reason})` };
    return { frame: p.to, comment: `${was}, shifted ${p.shiftFrames! > 0 ? "+" : ""}${p.shiftFrames}` };
  };
  const moves: CueMove[] = cues.map((c) => {
    const start = placeOf(c.start);
    const end = c.end ? placeOf(c.end) : undefined;
    const move: CueMove = { cueIndex: c.index, hits: [] };
    if (start.comment) move.start = { at: tc(start.frame), comment: start.comment };
    // A delivery start keeps its distance from bar 1 (a pickup or pre-roll moves with the music).
    const delivery = c.cue.deliveryStart;
    if (delivery !== undefined && start.frame !== c.cue.start) move.deliveryStart = { at: tc(delivery + start.frame - c.cue.start), comment: `was ${tc(delivery)}, follows bar 1` };
    if (end?.comment) move.end = { at: tc(end.frame), comment: end.comment };
    // Hits stay inside the cue: between its new first warning click and its new end.
    const lead = cueTiming(c.cue, file.rate).countInFrame - c.cue.start;
    const first = start.frame + lead;
    const last = end ? end.frame : Infinity;
    for (const h of c.hits) {
      if (h.status === "follows" || h.index === undefined) continue;
      const placed = placeOf(h);
      if (!placed.comment) continue;
      let frame = placed.frame;
      let comment = placed.comment;
      if (frame < first || frame > last) {
        frame = Math.min(Math.max(frame, first), last);
        comment += `; kept inside the cue at ${tc(frame)}`;
      }
      move.hits.push({ index: h.index, at: tc(frame), comment });
    }
    return move;
  });
  const text = moveCueTimes(original, moves.filter((m) => m.start || m.end || m.deliveryStart || m.hits.length), doc);
  try {
    parseCueFile(text, path);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    throw new UserError([{ message: "The conformed cue file would not check, so nothing was written:" }, ...e.problems]);
  }
  return text;
}
