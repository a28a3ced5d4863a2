import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { appendCue, appendHits, deleteCue, editHits, moveCueTimes, rewriteTempoList, setCueFields, setHitFields, setTempoOfEvent } from "../cue/edit-cue-text.js";
import { cueFileYaml, eventLine, hitLine, type DraftCue, type DraftHit } from "../cue/write-cue-yaml.js";
import type { FrameRate } from "../engine/frame-rate.js";
import { formatTimecode, parseTimecode } from "../engine/timecode.js";
import { parseCueFile } from "../cue/read-cue-file.js";
import { UserError } from "../errors.js";
import { writeAtomically } from "../system/atomic-file.js";
import { readInputText } from "../system/read-input-file.js";
import type { Edits, PageHit, PageNewCue, PageTempoEvent, SaveAnswer } from "./preview-protocol.js";

/**
 * The page's edits written into the cue file: hits moved, renamed, removed, given other fields
 * (colour, streamer, punch, flutter, timecode or bar|beat), or marked in the page (added at the end of
 * the cue's list); tempos changed, or the tempo list rewritten with the untouched events as written;
 * the cue's own fields; a cue made in the page (added whole) or taken out. Each changes only its own
 * characters (comments and layout stay). The result must check
 * before it is written (atomically); a cue file that changed on disk since the page read it is
 * never overwritten: the page is told, with the file's new hash.
 */
export type { Edits } from "./preview-protocol.js";

export async function saveEdits(path: string, edits: Edits, hashOf: (text: string) => string): Promise<{ status: number; body: SaveAnswer }> {
  const text = readInputText(path, "cue file");
  if (hashOf(text) !== edits.hash) return { status: 409, body: { error: "The cue file changed on disk since the page read it: nothing was written. Reload to see it (your edits in the page are listed, to make again).", hash: hashOf(text) } };
  const file = parseCueFile(text, path);
  if (edits.newCue) return written(path, newCue(text, edits.newCue, file.cues.map((c) => c.id), file.rate), hashOf);
  const cueIndex = file.cues.findIndex((c) => c.id === edits.cue);
  if (cueIndex < 0) throw new UserError(`The cue file has no cue ${edits.cue}.`);
  if (edits.deleteCue) return written(path, deleteCue(text, cueIndex), hashOf);
  let next = edits.hits.length ? moveCueTimes(text, [{ cueIndex, hits: edits.hits.map((h) => ({ index: h.index, at: h.at })) }]) : text;
  for (const t of edits.tempo) {
    if (!/^(bpm: \d+(\.\d+)?|click: \d+-[0-7])$/.test(t.tempo)) throw new UserError({ message: `"${t.tempo}" is not a tempo the page can write.`, expected: "bpm: 96 or click: 14-0" });
    next = setTempoOfEvent(next, cueIndex, t.index, t.tempo);
  }
  if (edits.cueFields) next = setCueFields(next, cueIndex, pageCueFields(edits.cueFields, file.rate));
  if (edits.fields?.length) next = setHitFields(next, cueIndex, edits.fields.map((f) => ({ index: f.index, fields: pageHitFields(f.fields) })));
  if (edits.tempoList) next = rewriteTempoList(next, cueIndex, edits.tempoList.map((t) => ("keep" in t ? { keep: t.keep } : { event: tempoLine(t.event) })));
  const renamed = edits.renamed ?? [], removed = edits.removed ?? [];
  for (const r of renamed) if (!Number.isInteger(r.index) || typeof r.label !== "string" || !r.label.trim()) throw new UserError({ message: "A hit renamed in the page needs its index and a label.", received: JSON.stringify(r) });
  for (const r of removed) if (!Number.isInteger(r)) throw new UserError({ message: "A hit removed in the page is named by its index.", received: JSON.stringify(r) });
  next = editHits(next, cueIndex, { labels: renamed.map((r) => ({ index: r.index, label: r.label.trim() })), removed });
  const added = edits.added ?? [];
  if (added.length) next = appendHits(next, new Map([[cueIndex, added.map((h) => hitLine(pageHit(h, file.rate)))]]));
  return written(path, next, hashOf);
}

/** The edited text, checked, written atomically; one that would not check is not written, and said. */
async function written(path: string, next: string, hashOf: (text: string) => string): Promise<{ status: number; body: SaveAnswer }> {
  try {
    parseCueFile(next, path);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return { status: 422, body: { error: `The edited cue file would not check, so nothing was written: ${e.problems.map((p) => p.message).join(" ")}` } };
  }
  await writeAtomically(resolve(path), (fh) => writeFile(fh, next));
  return { status: 200, body: { saved: true, hash: hashOf(next) } };
}

/** A hit from the page as the cue file writes it (its fields checked for shape; the reader checks the rest). */
function pageHit(h: PageHit, rate: FrameRate): DraftHit {
  if (typeof h.label !== "string" || !h.label.trim()) throw new UserError({ message: "A hit from the page needs a label.", received: JSON.stringify(h) });
  if (typeof h.at === "string") parseTimecode(h.at, rate);
  else if (!Number.isInteger(h.bar)) throw new UserError({ message: "A hit from the page needs a timecode or a bar.", received: JSON.stringify(h) });
  const place = typeof h.at === "string" ? { at: h.at } : { bar: h.bar!, beat: h.beat ?? 1 };
  return { ...place, label: h.label.trim(), ...pageHitFields({ color: h.color ?? null, streamer: h.streamer ?? null, punch: h.punch ?? null, flutter: h.flutter ?? null }, true) } as DraftHit;
}

/** A hit's fields from the page, only those the cue file has (a value of the wrong kind is refused). */
function pageHitFields(fields: Record<string, unknown>, dropNull = false): Record<string, string | number | boolean | null> {
  const kinds: Record<string, string[]> = { at: ["string"], bar: ["number"], beat: ["number"], color: ["string"], streamer: ["string"], punch: ["number", "boolean"], flutter: ["number"] };
  const out: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (!kinds[key]) throw new UserError({ message: `The page cannot set a hit's "${key}".`, expected: Object.keys(kinds).join(", ") });
    if (value === null || value === undefined) {
      if (!dropNull) out[key] = null;
      continue;
    }
    if (!kinds[key]!.includes(typeof value)) throw new UserError({ message: `A hit's "${key}" from the page is ${JSON.stringify(value)}.`, expected: kinds[key]!.join(" or ") });
    out[key] = value as string | number | boolean;
  }
  return out;
}

/** A cue's fields from the page, checked for shape (the timecodes parsed at the file's rate). */
function pageCueFields(f: NonNullable<Edits["cueFields"]>, rate: FrameRate): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  if (f.title !== undefined) out.title = String(f.title);
  for (const key of ["start", "end"] as const) if (f[key] !== undefined) out[key] = formatTimecode(parseTimecode(String(f[key]), rate), rate);
  if (f.countIn !== undefined) {
    if (!Number.isInteger(f.countIn) || f.countIn < 0 || f.countIn > 16) throw new UserError({ message: "A count-in is a whole number of bars from 0 to 16.", received: String(f.countIn) });
    out.countIn = f.countIn;
  }
  return out;
}

/** A tempo event as one line of the cue file. */
function tempoLine(e: PageTempoEvent): string {
  if (!Number.isInteger(e.bar) || e.bar < 1) throw new UserError({ message: "A tempo event from the page needs a bar.", received: JSON.stringify(e) });
  return eventLine(e);
}

/** A cue made in the page, as the cue file writes a cue, added at the end of its cues. */
function newCue(text: string, c: PageNewCue, ids: string[], rate: FrameRate): string {
  if (typeof c.id !== "string" || !c.id || ids.includes(c.id)) throw new UserError({ message: `A new cue needs an id the file does not have${c.id ? ` (it has ${c.id})` : ""}.` });
  const draft: DraftCue = { id: c.id, title: c.title ?? "", start: c.start, end: c.end, countIn: c.countIn, tempo: c.tempo.map((e) => (tempoLine(e), e)), hits: c.hits.map((h) => pageHit(h, rate)) };
  const lines = cueFileYaml({ title: "", fps: "24", cues: [draft] }, "").split("\n");
  return appendCue(text, lines.slice(lines.indexOf("cues:") + 1).filter((l) => l !== ""));
}
