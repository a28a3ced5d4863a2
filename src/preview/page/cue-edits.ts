import type { CueJson } from "../../engine/cue-json.js";
import type { FrameRate } from "../../engine/frame-rate.js";
import { Rational } from "../../engine/rational.js";
import { formatTimecode } from "../../engine/timecode.js";
import type { Edits } from "../../app/preview-protocol.js";

type Hit = CueJson["hits"][number];

interface Snapshot {
  json: CueJson;
  keys: number[];
}

/**
 * A cue's edits in the page: the cue as the file has it (`base`) and as the page has it now (`json`).
 * Every hit of the page has a key that stays with it through every edit, undo and redo; the file's
 * index of each key (none for a hit marked in the page and not saved) says which hit of the file it
 * is. What Save writes is the difference: hits moved, renamed, removed and added, tempos changed.
 * Every edit can be undone and redone, across saves too (after a save the keys are given the file's
 * new indices; undoing the removal of a hit already saved adds it again).
 */
export class CueEdits {
  base!: CueJson;
  json!: CueJson;
  private keys: number[] = [];
  private fileIndex = new Map<number, number>();
  private nextKey = 0;
  private history: Snapshot[] = [];
  private future: Snapshot[] = [];

  constructor(private readonly rate: FrameRate) {}

  load(json: CueJson): void {
    this.base = structuredClone(json);
    this.json = structuredClone(json);
    this.keys = json.hits.map(() => this.nextKey++);
    this.fileIndex = new Map(this.keys.map((key, i) => [key, i]));
    this.history = [];
    this.future = [];
  }

  /** Call before each edit: the state it can be undone to. */
  remember(): void {
    this.history.push({ json: structuredClone(this.json), keys: [...this.keys] });
    if (this.history.length > 500) this.history.shift();
    this.future = [];
  }

  undo(): boolean {
    const back = this.history.pop();
    if (!back) return false;
    this.future.push({ json: this.json, keys: this.keys });
    [this.json, this.keys] = [back.json, back.keys];
    return true;
  }

  redo(): boolean {
    const again = this.future.pop();
    if (!again) return false;
    this.history.push({ json: this.json, keys: this.keys });
    [this.json, this.keys] = [again.json, again.keys];
    return true;
  }

  add(hit: Hit): void {
    this.json.hits.push(hit);
    this.keys.push(this.nextKey++);
  }

  remove(index: number): void {
    this.json.hits.splice(index, 1);
    this.keys.splice(index, 1);
  }

  /** What Save writes: every difference between the page's cue and the file's. */
  diff(): Pick<Edits, "hits" | "tempo" | "added" | "renamed" | "removed"> {
    const hits: Edits["hits"] = [], renamed: NonNullable<Edits["renamed"]> = [], added: NonNullable<Edits["added"]> = [];
    const present = new Set<number>();
    this.json.hits.forEach((h, i) => {
      const k = this.fileIndex.get(this.keys[i]!);
      if (k === undefined) return added.push({ at: formatTimecode(h.at!, this.rate), label: h.label });
      present.add(k);
      const was = this.base.hits[k]!;
      if (h.at !== undefined && h.at !== was.at) hits.push({ index: k, at: formatTimecode(h.at, this.rate) });
      if (h.label !== was.label) renamed.push({ index: k, label: h.label });
    });
    const removed = this.base.hits.map((_, k) => k).filter((k) => !present.has(k));
    const tempo = this.json.tempo.flatMap((e, j) => {
      const before = this.base.tempo[j]?.bpm;
      if (e.bpm === undefined || e.bpm === before) return [];
      const bpm = Rational.parse(e.bpm)!;
      return before !== undefined && Rational.parse(before)!.eq(bpm) ? [] : [{ index: j, tempo: `bpm: ${bpm.toDecimal(6).replace("…", "")}` }];
    });
    return { hits, tempo, added, renamed, removed };
  }

  count(): number {
    const d = this.diff();
    return d.hits.length + d.tempo.length + d.added!.length + d.renamed!.length + d.removed!.length;
  }

  /** The file now has what the page has: kept hits in their order, then the marked ones, as Save wrote them. */
  saved(): void {
    const order = this.keys.map((key, i) => ({ key, i, k: this.fileIndex.get(key) }));
    const kept = order.filter((x) => x.k !== undefined).sort((a, b) => a.k! - b.k!);
    const added = order.filter((x) => x.k === undefined);
    this.fileIndex = new Map([...kept, ...added].map((x, n) => [x.key, n]));
    this.base = structuredClone(this.json);
    this.base.hits = [...kept, ...added].map((x) => structuredClone(this.json.hits[x.i]!));
  }

  /** The changes not yet saved, in words (when a save is refused). */
  pendingWords(): string[] {
    const d = this.diff();
    const label = (k: number) => this.base.hits[k]!.label;
    return [
      ...d.hits.map((h) => `${label(h.index)} to ${h.at}`),
      ...d.renamed!.map((r) => `"${label(r.index)}" renamed "${r.label}"`),
      ...d.removed!.map((k) => `"${label(k)}" removed`),
      ...d.tempo.map((t) => `tempo event ${t.index + 1}: ${t.tempo}`),
      ...d.added!.map((h) => `new hit "${h.label}" at ${h.at}`),
    ];
  }
}
