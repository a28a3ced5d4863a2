import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { appendCue, appendHits, editHits, moveCueTimes, rewriteTempoList, setTempoOfEvent } from "../cue/edit-cue-text.js";
import { cueFileYaml, eventLine, hitLine, type DraftCue } from "../cue/write-cue-yaml.js";
import { parseTimecode } from "../engine/timecode.js";
import { parseCueFile } from "../cue/read-cue-file.js";
import { UserError } from "../errors.js";
import { writeAtomically } from "../system/atomic-file.js";
import { readInputText } from "../system/read-input-file.js";
import type { Edits, PageNewCue, PageTempoEvent, SaveAnswer } from "./preview-protocol.js";

/**
 * The page's edits written into the cue file: hits moved to new timecodes, tempo events given new
 * tempos, hits renamed or removed, hits marked in the page added at the end of the cue's list, each
 * changing only its own characters (comments and layout stay). The result must check
 * before it is written (atomically); a cue file that changed on disk since the page read it is
 * never overwritten: the page is told, with the file's new hash.
 */
export type { Edits } from "./preview-protocol.js";

export async function saveEdits(path: string, edits: Edits, hashOf: (text: string) => string): Promise<{ status: number; body: SaveAnswer }> {
  const text = readInputText(path, "cue file");
  if (hashOf(text) !== edits.hash) return { status: 409, body: { error: "The cue file changed on disk since the page read it: nothing was written. Reload to see it (your edits in the page are listed, to make again).", hash: hashOf(text) } };
  const file = parseCueFile(text, path);
  if (edits.newCue) return written(path, text, newCue(text, edits.newCue, file.cues.map((c) => c.id)), hashOf);
  const cueIndex = file.cues.findIndex((c) => c.id === edits.cue);
  if (cueIndex < 0) throw new UserError(`The cue file has no cue ${edits.cue}.`);
  let next = edits.hits.length ? moveCueTimes(text, [{ cueIndex, hits: edits.hits.map((h) => ({ index: h.index, at: h.at })) }]) : text;
  for (const t of edits.tempo) {
    if (!/^(bpm: \d+(\.\d+)?|click: \d+-[0-7])$/.test(t.tempo)) throw new UserError({ message: `"${t.tempo}" is not a tempo the page can write.`, expected: "bpm: 96 or click: 14-0" });
    next = setTempoOfEvent(next, cueIndex, t.index, t.tempo);
  }
  if (edits.tempoList) next = rewriteTempoList(next, cueIndex, edits.tempoList.map((t) => ("keep" in t ? { keep: t.keep } : { event: tempoLine(t.event) })));
  const renamed = edits.renamed ?? [], removed = edits.removed ?? [];
  for (const r of renamed) if (!Number.isInteger(r.index) || typeof r.label !== "string" || !r.label.trim()) throw new UserError({ message: "A hit renamed in the page needs its index and a label.", received: JSON.stringify(r) });
  for (const r of removed) if (!Number.isInteger(r)) throw new UserError({ message: "A hit removed in the page is named by its index.", received: JSON.stringify(r) });
  next = editHits(next, cueIndex, { labels: renamed.map((r) => ({ index: r.index, label: r.label.trim() })), removed });
  const added = edits.added ?? [];
  for (const h of added) {
    if (typeof h.label !== "string" || !h.label.trim() || typeof h.at !== "string") throw new UserError({ message: "A hit marked in the page needs a label and a timecode.", received: JSON.stringify(h) });
    parseTimecode(h.at, file.rate);
  }
  if (added.length) next = appendHits(next, new Map([[cueIndex, added.map((h) => hitLine({ at: h.at, label: h.label.trim() }))]]));
  return written(path, text, next, hashOf);
}

/** The edited text, checked, written atomically; one that would not check is not written, and said. */
async function written(path: string, _before: string, next: string, hashOf: (text: string) => string): Promise<{ status: number; body: SaveAnswer }> {
  try {
    parseCueFile(next, path);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return { status: 422, body: { error: `The edited cue file would not check, so nothing was written: ${e.problems.map((p) => p.message).join(" ")}` } };
  }
  await writeAtomically(resolve(path), (fh) => writeFile(fh, next));
  return { status: 200, body: { saved: true, hash: hashOf(next) } };
}

/** A tempo event as one line of the cue file. */
function tempoLine(e: PageTempoEvent): string {
  if (!Number.isInteger(e.bar) || e.bar < 1) throw new UserError({ message: "A tempo event from the page needs a bar.", received: JSON.stringify(e) });
  return eventLine(e);
}

/** A cue made in the page, as the cue file writes a cue, added at the end of its cues. */
function newCue(text: string, c: PageNewCue, ids: string[]): string {
  if (typeof c.id !== "string" || !c.id || ids.includes(c.id)) throw new UserError({ message: `A new cue needs an id the file does not have${c.id ? ` (it has ${c.id})` : ""}.` });
  const draft: DraftCue = { id: c.id, title: c.title ?? "", start: c.start, end: c.end, countIn: c.countIn, tempo: c.tempo.map((e) => (tempoLine(e), e)), hits: c.hits.map((h) => ({ at: h.at, label: h.label })) };
  const lines = cueFileYaml({ title: "", fps: "24", cues: [draft] }, "").split("\n");
  return appendCue(text, lines.slice(lines.indexOf("cues:") + 1).filter((l) => l !== ""));
}
