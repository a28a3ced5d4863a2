import type { CueJson } from "../../engine/cue-json.js";
import type { FrameRate } from "../../engine/frame-rate.js";
import { Rational } from "../../engine/rational.js";
import { formatTimecode } from "../../engine/timecode.js";
import type { Edits, PageHit, PageTempoEvent } from "../../app/preview-protocol.js";
import { writtenTempo } from "../../engine/tempo-value.js";

type Hit = CueJson["hits"][number];

interface Snapshot {
  json: CueJson;
  keys: number[];
  tempoKeys: number[];
  deleted: boolean;
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
  /** The same for the tempo events. */
  private tempoKeys: number[] = [];
  private tempoFileIndex = new Map<number, number>();
  /** A cue made in the page: Save writes it whole. */
  isNew = false;
  /** To be taken out of the file when saved. */
  deleted = false;
  private nextKey = 0;
  private history: Snapshot[] = [];
  private future: Snapshot[] = [];

  constructor(private readonly rate: FrameRate) {}

  load(json: CueJson, isNew = false): void {
    this.base = structuredClone(json);
    this.json = structuredClone(json);
    this.isNew = isNew;
    this.deleted = false;
    this.keys = json.hits.map(() => this.nextKey++);
    this.fileIndex = new Map(isNew ? [] : this.keys.map((key, i) => [key, i]));
    this.tempoKeys = json.tempo.map(() => this.nextKey++);
    this.tempoFileIndex = new Map(isNew ? [] : this.tempoKeys.map((key, i) => [key, i]));
    this.history = [];
    this.future = [];
  }

  /** Call before each edit: the state it can be undone to. */
  remember(): void {
    this.history.push({ json: structuredClone(this.json), keys: [...this.keys], tempoKeys: [...this.tempoKeys], deleted: this.deleted });
    if (this.history.length > 500) this.history.shift();
    this.future = [];
  }

  undo(): boolean {
    const back = this.history.pop();
    if (!back) return false;
    this.future.push({ json: this.json, keys: this.keys, tempoKeys: this.tempoKeys, deleted: this.deleted });
    [this.json, this.keys, this.tempoKeys, this.deleted] = [back.json, back.keys, back.tempoKeys, back.deleted];
    return true;
  }

  redo(): boolean {
    const again = this.future.pop();
    if (!again) return false;
    this.history.push({ json: this.json, keys: this.keys, tempoKeys: this.tempoKeys, deleted: this.deleted });
    [this.json, this.keys, this.tempoKeys, this.deleted] = [again.json, again.keys, again.tempoKeys, again.deleted];
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

  /** Puts a tempo event at its place in the list (a new key), or replaces the one at `index`. */
  setTempo(event: CueJson["tempo"][number], index?: number): void {
    if (index !== undefined) {
      this.json.tempo[index] = event;
      this.tempoKeys[index] = this.nextKey++;
      return;
    }
    const at = (e: CueJson["tempo"][number]) => e.bar + (e.beat ? Rational.parse(e.beat)!.toNumber() / 1000 : 0);
    let i = this.json.tempo.findIndex((e) => at(e) > at(event));
    if (i < 0) i = this.json.tempo.length;
    this.json.tempo.splice(i, 0, event);
    this.tempoKeys.splice(i, 0, this.nextKey++);
  }

  removeTempo(index: number): void {
    this.json.tempo.splice(index, 1);
    this.tempoKeys.splice(index, 1);
  }

  /** Whether the tempo list is the file's but for tempos typed in (which Save writes value by value). */
  private sameTempoList(): boolean {
    return this.tempoKeys.length === this.base.tempo.length && this.tempoKeys.every((key, i) => {
      if (this.tempoFileIndex.get(key) !== i) return false;
      const { bpm: _a, ...now } = this.json.tempo[i]!;
      const { bpm: _b, ...was } = this.base.tempo[i]!;
      return JSON.stringify(now) === JSON.stringify(was);
    });
  }

  /** What Save writes: every difference between the page's cue and the file's. */
  diff(): Pick<Edits, "hits" | "tempo" | "added" | "renamed" | "removed" | "tempoList" | "newCue" | "fields" | "cueFields" | "deleteCue"> {
    if (this.deleted) return { hits: [], tempo: [], ...(this.isNew ? {} : { deleteCue: true }) };
    if (this.isNew) return { hits: [], tempo: [], newCue: this.asNewCue() };
    const cueFields = this.cueFieldChanges();
    const hits: Edits["hits"] = [], renamed: NonNullable<Edits["renamed"]> = [], added: NonNullable<Edits["added"]> = [], fields: NonNullable<Edits["fields"]> = [];
    const present = new Set<number>();
    this.json.hits.forEach((h, i) => {
      const k = this.fileIndex.get(this.keys[i]!);
      if (k === undefined) return added.push(this.pageHit(h));
      present.add(k);
      const was = this.base.hits[k]!;
      if (h.at !== undefined && was.at !== undefined && h.at !== was.at) hits.push({ index: k, at: formatTimecode(h.at, this.rate) });
      if (h.label !== was.label) renamed.push({ index: k, label: h.label });
      const changed = this.fieldChanges(was, h);
      if (Object.keys(changed).length) fields.push({ index: k, fields: changed });
    });
    const removed = this.base.hits.map((_, k) => k).filter((k) => !present.has(k));
    if (!this.sameTempoList()) {
      const tempoList = this.json.tempo.map((e, i) => {
        const k = this.tempoFileIndex.get(this.tempoKeys[i]!);
        return k !== undefined && JSON.stringify(this.base.tempo[k]) === JSON.stringify(e) ? { keep: k } : { event: pageEvent(e, this.rate) };
      });
      return { hits, tempo: [], tempoList, added, renamed, removed, fields, ...cueFields };
    }
    const tempo = this.json.tempo.flatMap((e, j) => {
      const before = this.base.tempo[j]?.bpm;
      if (e.bpm === undefined || e.bpm === before) return [];
      const bpm = Rational.parse(e.bpm)!;
      return before !== undefined && Rational.parse(before)!.eq(bpm) ? [] : [{ index: j, tempo: `bpm: ${bpm.toDecimal(6).replace("…", "")}` }];
    });
    return { hits, tempo, added, renamed, removed, fields, ...cueFields };
  }

  /** The cue's own fields that differ from the file's: title, bar 1, end, count-in. */
  private cueFieldChanges(): Pick<Edits, "cueFields"> {
    const j = this.json, b = this.base;
    const f: NonNullable<Edits["cueFields"]> = {};
    if (j.title !== b.title) f.title = j.title;
    if (j.start !== b.start) f.start = formatTimecode(j.start, this.rate);
    if (j.end !== undefined && j.end !== b.end) f.end = formatTimecode(j.end, this.rate);
    if (j.countIn !== b.countIn) f.countIn = j.countIn;
    return Object.keys(f).length ? { cueFields: f } : {};
  }

  /** A hit as Save writes a new one: where it is, its name, and what is not the cue's default. */
  private pageHit(h: Hit): PageHit {
    const place = h.at !== undefined ? { at: formatTimecode(h.at, this.rate) } : { bar: h.bar!, ...(h.beat && !Rational.parse(h.beat)!.eq(1) ? { beat: Rational.parse(h.beat)!.toNumber() } : {}) };
    return {
      label: h.label, ...place,
      ...(h.color ? { color: h.color } : {}),
      ...(h.streamerFrames !== this.json.streamerFrames ? { streamer: h.streamerFrames ? `${h.streamerFrames}f` : "none" } : {}),
      ...(h.punchFrames !== 2 ? { punch: h.punchFrames === 0 ? false : h.punchFrames } : {}),
      ...(h.flutter ? { flutter: h.flutter } : {}),
    };
  }

  /** What Save changes in a hit the file has: its colour, streamer, punch, flutter, and how it is placed. */
  private fieldChanges(was: Hit, h: Hit): Record<string, string | number | boolean | null> {
    const out: Record<string, string | number | boolean | null> = {};
    if ((h.color ?? null) !== (was.color ?? null)) out.color = h.color ?? null;
    if (h.streamerFrames !== was.streamerFrames) out.streamer = h.streamerFrames ? `${h.streamerFrames}f` : "none";
    if (h.punchFrames !== was.punchFrames) out.punch = h.punchFrames === 0 ? false : h.punchFrames;
    if (h.flutter !== was.flutter) out.flutter = h.flutter || null;
    const beat = (x: Hit) => (x.beat ? Rational.parse(x.beat)!.toNumber() : 1);
    if (h.at === undefined && (was.at !== undefined || h.bar !== was.bar || beat(h) !== beat(was))) Object.assign(out, { ...(was.at !== undefined ? { at: null } : {}), bar: h.bar!, beat: beat(h) });
    if (h.at !== undefined && was.at === undefined) Object.assign(out, { bar: null, beat: null, at: formatTimecode(h.at, this.rate) });
    return out;
  }

  count(): number {
    if (this.isNew || this.deleted) return this.isNew && this.deleted ? 0 : 1;
    const d = this.diff();
    return (d.cueFields ? Object.keys(d.cueFields).length : 0) + d.hits.length + d.tempo.length + d.added!.length + d.renamed!.length + d.removed!.length + d.fields!.length + (d.tempoList ? 1 : 0);
  }

  private asNewCue(): NonNullable<Edits["newCue"]> {
    const j = this.json;
    const tc = (f: number) => formatTimecode(f, this.rate);
    return { id: j.id, title: j.title, start: tc(j.start), end: tc(j.end ?? j.start), countIn: j.countIn, tempo: j.tempo.map((e) => pageEvent(e, this.rate)), hits: j.hits.map((h) => this.pageHit(h)) };
  }

  /** The file now has what the page has: kept hits in their order, then the marked ones, as Save wrote them. */
  saved(): void {
    // Every tempo event is now the file's, in the page's order.
    this.tempoFileIndex = new Map(this.tempoKeys.map((key, i) => [key, i]));
    if (this.isNew) {
      this.isNew = false;
      this.fileIndex = new Map(this.keys.map((key, i) => [key, i]));
      this.base = structuredClone(this.json);
      return;
    }
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
    if (d.newCue) return [`the new cue ${d.newCue.id}`];
    if (d.deleteCue) return [`cue ${this.json.id} taken out`];
    return [
      ...(d.tempoList ? ["the tempo list"] : []),
      ...Object.entries(d.cueFields ?? {}).map(([k, v]) => `the cue's ${k}: ${v}`),
      ...d.hits.map((h) => `${label(h.index)} to ${h.at}`),
      ...d.renamed!.map((r) => `"${label(r.index)}" renamed "${r.label}"`),
      ...d.fields!.map((f) => `"${label(f.index)}": ${Object.entries(f.fields).map(([k, v]) => `${k} ${v === null ? "default" : v}`).join(", ")}`),
      ...d.removed!.map((k) => `"${label(k)}" removed`),
      ...d.tempo.map((t) => `tempo event ${t.index + 1}: ${t.tempo}`),
      ...d.added!.map((h) => `new hit "${h.label}" at ${h.at}`),
    ];
  }
}

/** A tempo event of the page's cue as the cue file writes it (its tempo as writtenTempo spells it). */
export function pageEvent(e: CueJson["tempo"][number], rate: FrameRate): PageTempoEvent {
  const out: PageTempoEvent = { bar: e.bar };
  if (e.beat && !Rational.parse(e.beat)!.eq(1)) out.beat = Number(Rational.parse(e.beat)!.toNumber().toFixed(6));
  if (e.meter) {
    out.meter = `${e.meter.numerator}/${e.meter.denominator}`;
    if (!Rational.parse(e.meter.pulse)!.eq(Rational.of(1, e.meter.denominator))) out.pulse = Rational.parse(e.meter.pulse)!.toString();
  }
  if (e.bpm) {
    const { value: _value, ...written } = writtenTempo(Rational.parse(e.bpm)!, rate);
    Object.assign(out, written);
  }
  if (e.ramp) out.ramp = true;
  return out;
}
