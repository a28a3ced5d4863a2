import { UserError } from "../errors.js";
import { readYamlTree } from "./yaml-full.js";
import { pairAt, valueAt, type YMap, type YNode } from "./yaml-tree.js";

/**
 * Changes a cue file's text in place, keeping every comment and the layout: each edit replaces or
 * inserts only the exact characters of one value or list item.
 */

interface Splice {
  at: number;
  remove: number;
  insert: string;
}

/** The text with every splice made (in one pass: a conform may make thousands). */
function apply(text: string, splices: Splice[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const s of [...splices].sort((a, b) => a.at - b.at)) {
    parts.push(text.slice(at, s.at), s.insert);
    at = s.at + s.remove;
  }
  parts.push(text.slice(at));
  return parts.join("");
}

/** The cue file's list of cues, from its text or a tree already read from it. */
export function cueList(text: string, tree?: YNode | null): YNode | null | undefined {
  const root = tree === undefined ? readYamlTree(text).root : tree;
  return root?.kind === "map" ? valueAt(root, "cues") : undefined;
}

function cueAt(cues: YNode | null | undefined, cueIndex: number): YMap {
  const cue = cues?.kind === "seq" ? cues.items[cueIndex] : undefined;
  if (cue?.kind !== "map") throw new UserError(`The cue file has no cue number ${cueIndex + 1} to edit.`);
  return cue;
}

const cueNode = (text: string, cueIndex: number) => cueAt(cueList(text), cueIndex);


/** Sets the tempo of the event at `bar` (beat 1), adding the event, or the tempo to it, when missing. */
export function setTempoAt(text: string, cueIndex: number, bar: number, tempo: string): string {
  const cue = cueNode(text, cueIndex);
  const seq = pairAt(cue, "tempo")?.value;
  if (seq?.kind !== "seq") throw new UserError("The cue has no tempo list to edit.");
  if (seq.flow) throw new UserError({ message: "The cue's tempo list is written on one line ([...]); Sprocket only edits one event per line.", hint: "Write the tempo events one per line (- { bar: 1, bpm: 120 }) and run again." });
  const items = seq.items.filter((m): m is YMap => m?.kind === "map");
  const number = (v: YNode | null | undefined) => (v?.kind === "scalar" ? Number(v.value) : NaN);
  const barOf = (m: YMap) => number(pairAt(m, "bar")?.value);
  const beatOf = (m: YMap) => (pairAt(m, "beat") ? number(pairAt(m, "beat")?.value) : 1);
  const event = items.find((m) => barOf(m) === bar && beatOf(m) === 1);
  if (event) {
    const existing = pairAt(event, "bpm") ?? pairAt(event, "click");
    if (existing) return apply(text, [replacePair(existing, tempo)]);
    const last = event.pairs[event.pairs.length - 1]!;
    const end = (last.value ?? last.key)!.end;
    if (event.flow) return apply(text, [{ at: end, remove: 0, insert: `, ${tempo}` }]);
    const lineStart = text.lastIndexOf("\n", last.key!.start) + 1;
    const indent = text.slice(lineStart, last.key!.start);
    return apply(text, [{ at: end, remove: 0, insert: `\n${indent}${tempo}` }]);
  }
  const before = items.filter((m) => barOf(m) < bar).pop();
  if (!before) throw new UserError(`There is no tempo event before bar ${bar} to put a new one after.`);
  const lineStart = text.lastIndexOf("\n", before.start) + 1;
  const lineEnd = text.indexOf("\n", before.end - 1);
  const prefix = text.slice(lineStart, before.start);
  return apply(text, [{ at: lineEnd === -1 ? text.length : lineEnd, remove: 0, insert: `\n${prefix}{ bar: ${bar}, ${tempo} }` }]);
}

/** Sets the tempo (`bpm: 96` or `click: 14-0`) of the cue's tempo event number `eventIndex`, in place of the one it has. */
export function setTempoOfEvent(text: string, cueIndex: number, eventIndex: number, tempo: string): string {
  const seq = pairAt(cueNode(text, cueIndex), "tempo")?.value;
  const event = seq?.kind === "seq" ? seq.items[eventIndex] : undefined;
  if (event?.kind !== "map") throw new UserError(`Cue number ${cueIndex + 1} has no tempo event number ${eventIndex + 1} to edit.`);
  const existing = pairAt(event, "bpm") ?? pairAt(event, "click");
  if (!existing) throw new UserError(`Tempo event number ${eventIndex + 1} of cue number ${cueIndex + 1} sets no tempo (only a meter) to change.`);
  return apply(text, [replacePair(existing, tempo)]);
}

/** Replaces a `key: value` pair (on one line) with `insert`. */
function replacePair(pair: { key: YNode | null; value: YNode | null }, insert: string): Splice {
  const from = pair.key!.start;
  return { at: from, remove: (pair.value ?? pair.key)!.end - from, insert };
}

/** Sets the cue's `start` timecode. */
export function setStart(text: string, cueIndex: number, timecode: string): string {
  const start = pairAt(cueNode(text, cueIndex), "start")?.value;
  if (!start) throw new UserError("The cue has no start to edit.");
  return apply(text, [{ at: start.start, remove: start.end - start.start, insert: JSON.stringify(timecode) }]);
}

/**
 * Adds hits (each a one-line flow mapping, `{ at: "01:02:30:00", label: "door opens" }`) at the end of
 * cues' `hits:` lists, making a list where a cue has none: `byCue` maps a cue's index to its new lines.
 * The file is parsed once, whatever the number of cues. Lines and comments around stay as they are.
 */
export function appendHits(text: string, byCue: ReadonlyMap<number, readonly string[]>): string {
  const cues = cueList(text);
  const splices: Splice[] = [];
  for (const [cueIndex, hits] of byCue) {
    const cue = cueAt(cues, cueIndex);
    if (hits.length) splices.push(...hitSplices(text, cue, cueIndex, hits));
  }
  return apply(text, splices);
}

function hitSplices(text: string, cue: YMap, cueIndex: number, hits: readonly string[]): Splice[] {
  const nl = text.includes("\r\n") ? "\r\n" : "\n";
  if (cue.flow) throw new UserError({ message: `Cue number ${cueIndex + 1} is written on one line ({...}); Sprocket only adds hits to a cue written one field per line.`, hint: "Write the cue's fields one per line and run again." });
  const lineStart = (at: number) => text.lastIndexOf("\n", at - 1) + 1;
  const lineEnd = (at: number) => { const e = text.indexOf("\n", at); return e === -1 ? text.length : text[e - 1] === "\r" ? e - 1 : e; };
  const pair = pairAt(cue, "hits");
  if (pair) {
    const keyAt = pair.key!.start;
    const itemIndent = " ".repeat(keyAt - lineStart(keyAt) + 2);
    const seq = pair.value;
    if (seq?.kind === "seq" && !seq.flow && seq.items.length) {
      const last = seq.items[seq.items.length - 1]!;
      const prefix = text.slice(lineStart(last.start), last.start);
      return [{ at: lineEnd(last.end - 1), remove: 0, insert: hits.map((h) => `${nl}${prefix}${h}`).join("") }];
    }
    if (seq && !(seq.kind === "seq" && seq.items.length === 0) && !(seq.kind === "scalar" && seq.value === null)) {
      throw new UserError({ message: `The hits list of cue number ${cueIndex + 1} is written on one line ([...]); Sprocket only adds hits to a list written one hit per line.`, hint: "Write the hits one per line (- { at: \"01:00:10:00\", label: door }) and run again." });
    }
    // `hits: []` or `hits:` with nothing: the list starts on the lines after the key.
    const splices: Splice[] = [{ at: lineEnd(keyAt), remove: 0, insert: hits.map((h) => `${nl}${itemIndent}- ${h}`).join("") }];
    if (seq?.kind === "seq") {
      const colon = text.indexOf(":", pair.key!.end);
      splices.push({ at: colon + 1, remove: seq.end - colon - 1, insert: "" });
    }
    return splices;
  }
  const lastPair = cue.pairs[cue.pairs.length - 1]!;
  const keyAt = lastPair.key!.start;
  const indent = " ".repeat(keyAt - lineStart(keyAt));
  const end = lastPair.value?.end ?? lastPair.key!.end;
  return [{ at: lineEnd(end - 1), remove: 0, insert: `${nl}${indent}hits:${hits.map((h) => `${nl}${indent}  - ${h}`).join("")}` }];
}

/** New places for a cue's start, end and hits placed by timecode, each with a comment saying why. */
export interface CueMove {
  cueIndex: number;
  start?: { at: string; comment?: string };
  end?: { at: string; comment?: string };
  deliveryStart?: { at: string; comment?: string };
  /** `index` in the cue's hits list. */
  hits: { index: number; at: string; comment?: string }[];
}

/**
 * Moves cues' starts, ends and timecode hits in one pass over the text: each value is replaced where
 * it stands and its line gets a `# conform: ...` comment (replacing one a previous conform left), so
 * everything else in the file stays as it was.
 */
export function moveCueTimes(text: string, moves: readonly CueMove[], tree?: YNode | null): string {
  const cues = cueList(text, tree);
  const splices: Splice[] = [];
  const commented = new Set<number>();
  const lineEnd = (at: number) => { const e = text.indexOf("\n", at); return e === -1 ? text.length : text[e - 1] === "\r" ? e - 1 : e; };
  const set = (value: YNode, at: string, comment?: string) => {
    const { start: from, end: to } = value;
    splices.push({ at: from, remove: to - from, insert: JSON.stringify(at) });
    const end = lineEnd(to);
    if (comment === undefined || commented.has(end)) return;
    commented.add(end);
    const rest = text.slice(to, end);
    const old = rest.search(/\s*# conform:/);
    // On a one-line mapping the comment goes after its closing brace.
    splices.push(old >= 0 ? { at: to + old, remove: end - to - old, insert: `  # conform: ${comment}` } : { at: end, remove: 0, insert: `  # conform: ${comment}` });
  };
  for (const m of moves) {
    const cue = cueAt(cues, m.cueIndex);
    for (const [key, move] of [["start", m.start], ["end", m.end], ["deliveryStart", m.deliveryStart]] as const) {
      const v = move && pairAt(cue, key)?.value;
      if (move && v) set(v, move.at, move.comment);
    }
    const hits = pairAt(cue, "hits")?.value;
    for (const h of m.hits) {
      const item = hits?.kind === "seq" ? hits.items[h.index] : undefined;
      const at = item?.kind === "map" ? pairAt(item, "at")?.value : undefined;
      if (!at) throw new UserError(`Hit ${h.index + 1} of cue number ${m.cueIndex + 1} has no timecode to move.`);
      set(at, h.at, h.comment);
    }
  }
  return apply(text, splices);
}

/**
 * Adds a cue at the end of the file's `cues:` list. `lines` are the cue as cueFileYaml writes it
 * (`  - id: ...`, its fields four spaces in); they are indented as the file's own cues are.
 */
export function appendCue(text: string, lines: readonly string[]): string {
  const nl = text.includes("\r\n") ? "\r\n" : "\n";
  const cues = cueList(text);
  if (cues?.kind !== "seq" || cues.flow || !cues.items.length) {
    throw new UserError({ message: "The cue file's cues are not a list written one cue per line, so Sprocket cannot add one to it.", expected: "cues:\n  - id: ...", hint: "Write the cues one field per line and run again." });
  }
  const last = cues.items[cues.items.length - 1]!;
  const lineStart = text.lastIndexOf("\n", last.start - 1) + 1;
  const dash = text.slice(lineStart, last.start).indexOf("-");
  const lineEnd = (at: number) => { const e = text.indexOf("\n", at); return e === -1 ? text.length : text[e - 1] === "\r" ? e - 1 : e; };
  const indent = " ".repeat(Math.max(0, dash));
  const added = lines.map((l) => `${nl}${indent}${l.replace(/^ {2}/, "")}`).join("");
  return apply(text, [{ at: lineEnd(last.end - 1), remove: 0, insert: added }]);
}

/**
 * Renames and removes hits of one cue (indices as the file has them): a new label replaces only the
 * label's characters; a removed hit's lines go (its comment with it). The hits must be written one a
 * line (`- { at: ..., label: ... }` or a block mapping); a list left empty becomes `hits: []`.
 */
export function editHits(text: string, cueIndex: number, edits: { labels: readonly { index: number; label: string }[]; removed: readonly number[] }): string {
  if (!edits.labels.length && !edits.removed.length) return text;
  const cue = cueNode(text, cueIndex);
  const pair = pairAt(cue, "hits");
  const hits = pair?.value;
  if (hits?.kind !== "seq") throw new UserError(`Cue number ${cueIndex + 1} has no hits list to edit.`);
  if (hits.flow) throw new UserError({ message: `The hits list of cue number ${cueIndex + 1} is written on one line ([...]); Sprocket only edits a list written one hit per line.`, hint: "Write the hits one per line and save again." });
  const splices: Splice[] = [];
  const lineStart = (at: number) => text.lastIndexOf("\n", at - 1) + 1;
  const nextLine = (at: number) => { const e = text.indexOf("\n", at); return e === -1 ? text.length : e + 1; };
  for (const { index, label } of edits.labels) {
    const item = hits.items[index];
    const value = item?.kind === "map" ? pairAt(item, "label")?.value : undefined;
    if (!value) throw new UserError(`Hit ${index + 1} of cue number ${cueIndex + 1} has no label to change.`);
    splices.push({ at: value.start, remove: value.end - value.start, insert: JSON.stringify(label) });
  }
  const removed = new Set(edits.removed);
  for (const index of removed) if (!hits.items[index]) throw new UserError(`Cue number ${cueIndex + 1} has no hit ${index + 1} to remove.`);
  if (removed.size === hits.items.length) {
    // Every hit goes: the list becomes [] on the key's line.
    const colon = text.indexOf(":", pair!.key!.end);
    const last = hits.items[hits.items.length - 1]!;
    const end = nextLine(last.end - 1);
    const emptied = { at: colon + 1, remove: end - colon - 1, insert: ` []${text.slice(0, end).endsWith("\r\n") ? "\r\n" : text.slice(0, end).endsWith("\n") ? "\n" : ""}` };
    return apply(text, [emptied, ...splices.filter((s) => s.at < colon || s.at >= end)]);
  }
  for (const index of removed) {
    const item = hits.items[index]!;
    const from = lineStart(item.start);
    splices.push({ at: from, remove: nextLine(item.end - 1) - from, insert: "" });
  }
  // A removed line takes its label's change with it.
  const gone = splices.filter((s) => s.insert === "");
  return apply(text, splices.filter((s) => s.insert === "" || !gone.some((g) => s.at >= g.at && s.at < g.at + g.remove)));
}

/** A tempo list as the page wants it: an event of the file's kept as written (its text, its comment), or a new one. */
export type TempoListItem = { keep: number } | { event: string };

/**
 * Writes a cue's tempo list anew where events were added, removed or changed in the page: the events
 * kept are copied as the file has them (a frame click stays a frame click, a comment stays), the others
 * are written as one-line mappings; a list written on one line stays on one line.
 */
export function rewriteTempoList(text: string, cueIndex: number, items: readonly TempoListItem[]): string {
  const cue = cueNode(text, cueIndex);
  const list = pairAt(cue, "tempo")?.value;
  if (list?.kind !== "seq" || !list.items.length) throw new UserError(`Cue number ${cueIndex + 1} has no tempo list to write.`);
  for (const it of items) if ("keep" in it && !list.items[it.keep]) throw new UserError(`Cue number ${cueIndex + 1} has no tempo event ${it.keep + 1} to keep.`);
  if (list.flow) {
    const parts = items.map((it) => ("keep" in it ? text.slice(list.items[it.keep]!.start, list.items[it.keep]!.end) : it.event));
    return apply(text, [{ at: list.start, remove: list.end - list.start, insert: `[${parts.join(", ")}]` }]);
  }
  const lineStart = (at: number) => text.lastIndexOf("\n", at - 1) + 1;
  const nextLine = (at: number) => { const e = text.indexOf("\n", at); return e === -1 ? text.length : e + 1; };
  const nl = text.includes("\r\n") ? "\r\n" : "\n";
  const first = list.items[0]!, last = list.items[list.items.length - 1]!;
  const prefix = text.slice(lineStart(first.start), first.start);
  const from = lineStart(first.start), to = nextLine(last.end - 1);
  const lines = items.map((it) => ("keep" in it ? text.slice(lineStart(list.items[it.keep]!.start), nextLine(list.items[it.keep]!.end - 1)).replace(/\r?\n$/, "") : `${prefix}${it.event}`));
  return apply(text, [{ at: from, remove: to - from, insert: lines.join(nl) + (text.slice(from, to).endsWith("\n") ? nl : "") }]);
}

/** A hit's fields to set (a value written as YAML: a string quoted, a number or boolean plain) or to take out (null). */
export type HitFields = Record<string, string | number | boolean | null>;

/**
 * Sets and takes out fields of hits (indices as the file has them), changing only those pairs: a
 * value replaced in place, a new pair added at the end of its mapping (before the closing brace on
 * one line, or on a line of its own in a block mapping), a pair taken out with its separator (or its
 * line). Used for a hit's colour, streamer, punch and flutter, and to place it by timecode or by bar.
 */
export function setHitFields(text: string, cueIndex: number, edits: readonly { index: number; fields: HitFields }[]): string {
  if (!edits.length) return text;
  const cue = cueNode(text, cueIndex);
  const hits = pairAt(cue, "hits")?.value;
  if (hits?.kind !== "seq") throw new UserError(`Cue number ${cueIndex + 1} has no hits list to edit.`);
  const lineStart = (at: number) => text.lastIndexOf("\n", at - 1) + 1;
  const nextLine = (at: number) => { const e = text.indexOf("\n", at); return e === -1 ? text.length : e + 1; };
  const lineEnd = (at: number) => { const e = text.indexOf("\n", at); return e === -1 ? text.length : text[e - 1] === "\r" ? e - 1 : e; };
  const nl = text.includes("\r\n") ? "\r\n" : "\n";
  const yaml = (v: string | number | boolean) => (typeof v === "string" ? JSON.stringify(v) : String(v));
  const splices: Splice[] = [];
  for (const { index, fields } of edits) {
    const item = hits.items[index];
    if (item?.kind !== "map") throw new UserError(`Cue number ${cueIndex + 1} has no hit ${index + 1} to edit.`);
    const added: string[] = [];
    for (const [key, value] of Object.entries(fields)) {
      const k = item.pairs.findIndex((p) => p.key && text.slice(p.key.start, p.key.end).replace(/^["']|["']$/g, "") === key);
      const pair = item.pairs[k];
      if (pair && value !== null) {
        const v = pair.value!;
        splices.push({ at: v.start, remove: v.end - v.start, insert: yaml(value) });
      } else if (pair && value === null) {
        if (item.flow) {
          // with the separator before it, or (the first pair) the one after it
          const from = k > 0 ? (item.pairs[k - 1]!.value ?? item.pairs[k - 1]!.key!).end : pair.key!.start;
          const to = k > 0 ? (pair.value ?? pair.key!).end : item.pairs[k + 1] ? item.pairs[k + 1]!.key!.start : (pair.value ?? pair.key!).end;
          splices.push({ at: from, remove: to - from, insert: "" });
        } else {
          const from = lineStart(pair.key!.start);
          splices.push({ at: from, remove: nextLine((pair.value ?? pair.key!).end - 1) - from, insert: "" });
        }
      } else if (value !== null) added.push(`${key}: ${yaml(value)}`);
    }
    if (!added.length) continue;
    const last = item.pairs[item.pairs.length - 1]!;
    const end = (last.value ?? last.key!).end;
    if (item.flow) splices.push({ at: end, remove: 0, insert: added.map((a) => `, ${a}`).join("") });
    else {
      const first = item.pairs[0]!.key!.start;
      const indent = " ".repeat(first - lineStart(first));
      splices.push({ at: lineEnd(end - 1), remove: 0, insert: added.map((a) => `${nl}${indent}${a}`).join("") });
    }
  }
  return apply(text, splices);
}

/**
 * Sets fields of a cue written as a block mapping (title, start, end, countIn...): a value replaced in
 * place, a new field added on the line after the cue's id.
 */
export function setCueFields(text: string, cueIndex: number, fields: Record<string, string | number>): string {
  const cue = cueNode(text, cueIndex);
  if (cue.flow) throw new UserError({ message: `Cue number ${cueIndex + 1} is written on one line ({...}); Sprocket only edits a cue written one field per line.`, hint: "Write the cue's fields one per line and save again." });
  const lineStart = (at: number) => text.lastIndexOf("\n", at - 1) + 1;
  const lineEnd = (at: number) => { const e = text.indexOf("\n", at); return e === -1 ? text.length : text[e - 1] === "\r" ? e - 1 : e; };
  const nl = text.includes("\r\n") ? "\r\n" : "\n";
  const splices: Splice[] = [];
  const idPair = pairAt(cue, "id") ?? cue.pairs[0]!;
  const indent = " ".repeat(idPair.key!.start - lineStart(idPair.key!.start));
  const added: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    const text2 = typeof value === "string" ? JSON.stringify(value) : String(value);
    const v = pairAt(cue, key)?.value;
    if (v) splices.push({ at: v.start, remove: v.end - v.start, insert: text2 });
    else added.push(`${nl}${indent}${key}: ${text2}`);
  }
  if (added.length) splices.push({ at: lineEnd((idPair.value ?? idPair.key!).end - 1), remove: 0, insert: added.join("") });
  return apply(text, splices);
}

/** Takes a cue out of the file: its lines, from its `- ` to its last (the file's other cues stay as they are). */
export function deleteCue(text: string, cueIndex: number): string {
  const cues = cueList(text);
  if (cues?.kind !== "seq" || cues.flow) throw new UserError("The cue file's cues are not a list written one cue per line, so Sprocket cannot take one out.");
  if (cues.items.length < 2) throw new UserError("This is the file's only cue: a cue file needs one.");
  const item = cueAt(cues, cueIndex);
  const from = text.lastIndexOf("\n", item.start - 1) + 1;
  const e = text.indexOf("\n", item.end - 1);
  const to = e === -1 ? text.length : e + 1;
  return apply(text, [{ at: from, remove: to - from, insert: "" }]);
}
