import { cueList, moveCueTimes, type CueMove } from "../cue/edit-cue-text.js";
import type { CueFile } from "../engine/cue-model.js";
import { cueTextProblems } from "../cue/read-cue-file.js";
import { LineIndex, type YNode } from "../cue/yaml-tree.js";
import { formatTimecode } from "../engine/timecode.js";
import { UserError, type Problem } from "../errors.js";
import { placedFrame, type CueConform, type Point } from "./conform-cues.js";

/**
 * The conformed cue file's text: every start, end and hit placed by timecode at its new timecode,
 * with a `# conform:` comment saying where it was and what happened. Nothing is deleted: a lost hit
 * stays, at the nearest frame the new cut still shows, and an ambiguous one at its likeliest
 * candidate, each marked. A cue whose conformed values would not make a valid cue (its bar 1 moved
 * past its end, a hit outside its new span) is kept as it was, with a `# conform: NEEDS YOU: ...` on
 * its start, and returned in `kept` with the reason and the frames it would move to; every other cue
 * is conformed. The result is read back with the real cue reader before it is returned.
 */
export function conformedCueText(original: string, path: string, file: CueFile, cues: readonly CueConform[], tree?: YNode | null): { text: string; kept: { index: number; reason: string }[] } {
  const tc = (f: number) => formatTimecode(f, file.rate);
  /** Where a point goes in the file, and the comment that says why. */
  const placeOf = (p: Point): { frame: number; comment?: string } => {
    const was = `was ${tc(p.from)}`;
    if (p.status === "unchanged" || p.status === "follows") return { frame: p.to ?? p.from };
    if (p.to === null) {
      const placed = placedFrame(p);
      return { frame: placed.frame, comment: `LOST, ${was}: ${p.reason ?? "its frames were cut out"}; ${placed.from !== undefined ? `placed at the nearest frame the new cut still shows (${tc(placed.from)} in the old cut)` : "kept where it was"}` };
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
    for (const h of c.hits) {
      if (h.status === "follows" || h.index === undefined) continue;
      const placed = placeOf(h);
      if (placed.comment) move.hits.push({ index: h.index, at: tc(placed.frame), comment: placed.comment });
    }
    return move;
  }).filter((m) => m.start || m.end || m.deliveryStart || m.hits.length);
  const problemsIn = (text: string) => cueTextProblems(text, path);
  const words = (ps: readonly Problem[]) => ps.map((p) => p.message.replace(/\.$/, "")).join("; ");
  /** A conformed cue whose bar 1 comes at or after its end: the reader would take it across midnight, a day long. */
  const backwards = (c: CueConform) => {
    if (!c.end) return undefined;
    const [start, end] = [placeOf(c.start).frame, placeOf(c.end).frame];
    return end > start ? undefined : `its bar 1 would come at ${tc(start)}, at or after its end ${tc(end)}`;
  };
  const cueAt = (index: number) => cues.find((x) => x.index === index)!;
  const why = new Map<number, string>();
  for (const m of moves) {
    const b = backwards(cueAt(m.cueIndex));
    if (b) why.set(m.cueIndex, b);
  }
  // The conformed cues read back once; a problem is laid at the cue whose lines hold it, that cue is
  // kept as it was, and the rest read again (a few rounds at most: a kept cue is as it was, valid).
  for (let round = 0; round < 4; round++) {
    const attempt = moves.filter((m) => !why.has(m.cueIndex));
    const text = moveCueTimes(original, attempt, tree);
    const { problems, tree: read } = problemsIn(text);
    // Every cue conformed and the file checks: that is the file (it need not be read a second time).
    if (!problems.length && !why.size) return { text, kept: [] };
    if (!problems.length) break;
    const spans = cueLineSpans(text, read);
    const byCue = new Map<number, Problem[]>();
    for (const p of problems) {
      const k = spans.findIndex(([a, b]) => p.location?.line !== undefined && p.location.line >= a && p.location.line <= b);
      if (k < 0 || !attempt.some((m) => m.cueIndex === k)) throw new UserError([{ message: "The conformed cue file would not check, so nothing was written:" }, ...problems]);
      byCue.set(k, [...(byCue.get(k) ?? []), p]);
    }
    for (const [k, ps] of byCue) why.set(k, words(ps));
  }
  const kept = [...why].sort((a, b) => a[0] - b[0]).map(([index, reason]) => {
    const m = moves.find((x) => x.cueIndex === index)!;
    const c = cueAt(index);
    const would = [`bar 1 ${tc(c.cue.start)} → ${m.start?.at ?? tc(c.cue.start)}`, ...(c.end ? [`end ${tc(c.end.from)} → ${m.end?.at ?? tc(c.end.from)}`] : [])].join(", ");
    return { index, reason: `${reason} (it would move: ${would})` };
  });
  const keptSet = new Set(kept.map((k) => k.index));
  const final = [
    ...moves.filter((m) => !keptSet.has(m.cueIndex)),
    ...kept.map((k) => ({ cueIndex: k.index, start: { at: tc(cueAt(k.index).cue.start), comment: `NEEDS YOU: kept as it was, not conformed: ${k.reason}` }, hits: [] })),
  ];
  const text = moveCueTimes(original, final, tree);
  const left = problemsIn(text).problems;
  if (left.length) throw new UserError([{ message: "The conformed cue file would not check, so nothing was written:" }, ...left]);
  return { text, kept };
}

/** Each cue's first and last line (1-based) in a cue file's text, in order. */
function cueLineSpans(text: string, root: YNode | null): [number, number][] {
  const cues = cueList(text, root);
  if (cues?.kind !== "seq") return [];
  const lines = new LineIndex(text);
  const lineAt = (offset: number) => lines.at(offset).line;
  return cues.items.map((item) => (item ? [lineAt(item.start), lineAt(Math.max(item.start, item.end - 1))] : [0, -1]));
}
