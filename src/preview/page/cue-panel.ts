import type { Cue } from "../../engine/cue-model.js";
import { cueFromJson, type CueJson } from "../../engine/cue-json.js";
import { hitTiming } from "../../engine/cue-timing.js";
import { cuePlan } from "../../engine/cue-plan.js";
import { fitAt } from "../../engine/fit-candidates.js";
import type { FrameRate } from "../../engine/frame-rate.js";
import { Rational } from "../../engine/rational.js";
import { formatTimecode, parseTimecode } from "../../engine/timecode.js";
import type { Edits, SaveAnswer } from "../../app/preview-protocol.js";
import { CueEdits } from "./cue-edits.js";
import { CutProposals, type Proposal } from "./cut-proposals.js";
import { rampIntoHit, tempoAtBar, type TempoStep } from "./tempo-changes.js";

/**
 * The cue beside the picture: its hits (timecode, bar|beat, distance from the click, in colour:
 * landed within half a frame, near within a frame and a half, off), its tempo events (editable), the
 * constant tempos that land its hits (the engine's fit), and the timeline where hits are dragged.
 * Edits change the cue in the page at once; Save sends them to be written into the cue file.
 */
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

export class CuePanel {
  private cue!: Cue;
  private selected = 0;
  private readonly edits: CueEdits;
  /** The hit whose name is being typed (F2), if any. */
  private renaming: number | undefined;
  /** Told the cue as the file now has it, after each save (the page's other cues stay as they are). */
  onSaved: (json: CueJson) => void = () => undefined;
  /** Told a cue is gone (taken out of the file, or made here and dropped before it was saved). */
  onDeleted: (id: string) => void = () => undefined;
  private get json(): CueJson {
    return this.edits.json;
  }

  constructor(
    readonly file: string,
    public hash: string,
    private readonly rate: FrameRate,
    private readonly onChange: (cue: Cue) => void,
    private readonly frameNow: () => number,
    private readonly seek: (frame: number) => Promise<void>,
  ) {
    this.edits = new CueEdits(rate);
    $("save").addEventListener("click", () => void this.save());
    this.dragging();
    for (const id of ["hitColor", "hitStreamer", "hitPunch", "hitFlutter", "hitPlace"]) $(id).addEventListener("change", () => this.setHitProp(id, ($(id) as HTMLInputElement).value));
    $("cueProps").addEventListener("submit", (e) => {
      e.preventDefault();
      this.setCueFields(($("cueTitle") as HTMLInputElement).value, ($("cueStart") as HTMLInputElement).value, ($("cueEnd") as HTMLInputElement).value, ($("cueCountIn") as HTMLInputElement).value);
    });
    $("deleteCue").addEventListener("click", () => this.deleteCue());
  }

  /** A cue as the file has it (or made in the page, not yet in the file): edits start again. */
  load(json: CueJson, isNew = false): void {
    this.edits.load(json, isNew);
    this.also.clear();
    this.renaming = undefined;
    this.selected = 0;
    this.updateSave();
  }

  /** More hits chosen with the selected one (Ctrl/Cmd/Shift+click, Shift+[ ]): Alt+arrows and Delete act on them all. */
  private also = new Set<number>();
  private chosen = () => [...new Set([this.selected, ...this.also])].filter((i) => this.json.hits[i]).sort((a, b) => a - b);

  /** Makes hit `index` the one Alt+arrows move; with `extend`, the ones chosen before stay chosen. */
  select(index: number, extend = false): void {
    if (extend) this.also.add(this.selected);
    else this.also.clear();
    this.selected = index;
    this.show(this.cue, 0);
  }

  /** The picture's cuts proposed as hits (K): Enter accepts, Delete rejects. */
  private readonly proposals = new CutProposals({ mark: (frame, label) => this.mark(frame, label), show: (frame) => void this.seek(frame - this.frameBase()), message: (text) => this.message(text) });

  /** Proposes the picture's cuts that fall in the cue and on no hit's frame. */
  propose(cuts: Proposal[]): void {
    const timing = cuePlan(this.cue, this.rate).timing;
    this.proposals.propose(cuts, timing.countInFrame, timing.endFrame, new Set(this.hitFrames()), this.json.id);
  }

  hasProposals = () => this.proposals.any();
  accept = (all = false) => this.proposals.accept(all);
  reject = () => this.proposals.reject();

  /** How many changes wait to be saved: hits moved, renamed, removed or marked, tempos. */
  private pending = () => this.edits.count();
  dirty = () => this.pending() > 0;
  /** The changes that wait to be saved, in words. */
  unsaved = () => this.edits.pendingWords();

  /** Undoes the last edit (Ctrl/Cmd+Z), or does it again (Ctrl/Cmd+Shift+Z), saved or not. */
  undo(): void {
    if (!this.edits.undo()) return this.message("Nothing to undo.");
    this.also.clear();
    this.selected = Math.min(this.selected, Math.max(0, this.json.hits.length - 1));
    this.changed();
  }

  redo(): void {
    if (!this.edits.redo()) return this.message("Nothing to redo.");
    this.also.clear();
    this.selected = Math.min(this.selected, Math.max(0, this.json.hits.length - 1));
    this.changed();
  }

  /** Starts typing the selected hit's name (F2): Enter keeps it, Escape leaves it as it was. */
  rename(): void {
    if (!this.json.hits[this.selected]) return;
    this.renaming = this.selected;
    this.show(this.cue, 0);
    const input = document.querySelector<HTMLInputElement>("#hits input.rename");
    input?.focus();
    input?.select();
  }

  private renamed(index: number, label: string): void {
    this.renaming = undefined;
    const name = label.replace(/\s+/g, " ").trim();
    if (name && name !== this.json.hits[index]!.label) {
      this.edits.remember();
      this.json.hits[index]!.label = name;
      this.changed();
    } else this.show(this.cue, 0);
    document.querySelectorAll<HTMLButtonElement>("#hits button")[index]?.focus();
  }

  /** Adds a meter or tempo change (or both) at a bar, or a ramp to that tempo: refused in words when it does not make a tempo map. */
  addTempo(bar: number, meter: string, bpm: string, ramp: boolean): void {
    const change = tempoAtBar(this.json, bar, meter, bpm, ramp);
    if ("error" in change) return this.message(change.error, true);
    this.takeSteps([change.step], change.said);
  }

  /** A ramp into the selected hit (R): see tempo-changes.ts. */
  rampToSelected(): void {
    const ramp = rampIntoHit(this.cue, this.json, this.rate, this.selected, this.file);
    if ("error" in ramp) return this.message(ramp.error, true);
    this.takeSteps(ramp.steps, ramp.said);
  }

  /** Changes to the tempo list, as one edit. */
  private takeSteps(steps: readonly TempoStep[], said: string): void {
    this.edits.remember();
    for (const s of steps) {
      if ("remove" in s) this.edits.removeTempo(s.remove);
      else this.edits.setTempo(s.set, s.index);
    }
    this.changed();
    this.message(said);
  }

  /** The cue's title, bar 1, end and count-in, from the fields above the list; refused in words when they do not make a cue. */
  setCueFields(title: string, start: string, end: string, countIn: string): void {
    let startFrame: number, endFrame: number | undefined;
    try {
      startFrame = parseTimecode(start.trim(), this.rate);
      endFrame = end.trim() ? parseTimecode(end.trim(), this.rate) : undefined;
    } catch (e) {
      return this.message((e as Error).message, true);
    }
    const bars = Number(countIn);
    if (!Number.isInteger(bars) || bars < 0 || bars > 16) return this.message(`A count-in is a whole number of bars from 0 to 16, not ${countIn}.`, true);
    if (endFrame !== undefined && endFrame <= startFrame) return this.message("The cue must end after its bar 1.", true);
    const j = this.json;
    if (title.trim() === j.title && startFrame === j.start && endFrame === j.end && bars === j.countIn) return;
    this.edits.remember();
    Object.assign(j, { title: title.trim(), start: startFrame, countIn: bars, ...(endFrame !== undefined ? { end: endFrame } : {}) });
    this.changed();
    this.message(`Cue ${j.id}: bar 1 at ${formatTimecode(startFrame, this.rate)}${endFrame !== undefined ? `, to ${formatTimecode(endFrame, this.rate)}` : ""}, ${bars} bar${bars === 1 ? "" : "s"} of count-in.`);
  }

  /** Marks the cue to be taken out of the file when saved (Ctrl+Z keeps it); one made here and not saved goes at once. */
  deleteCue(): void {
    this.edits.remember();
    this.edits.deleted = true;
    if (this.edits.isNew) return this.onDeleted(this.json.id);
    this.updateSave();
    this.message(`Cue ${this.json.id} will be taken out of the file when you save (Ctrl+Z keeps it).`, true);
  }

  /** The selected hit's colour, streamer, punch, flutter or placement, from its field beside the list. */
  private setHitProp(id: string, value: string): void {
    const h = this.json.hits[this.selected];
    if (!h) return;
    const whole = (v: string, max: number) => {
      const n = Number(v);
      return Number.isInteger(n) && n >= 0 && n <= max ? n : undefined;
    };
    this.edits.remember();
    if (id === "hitColor") {
      if (value) h.color = value;
      else delete h.color;
    } else if (id === "hitStreamer" || id === "hitPunch") {
      const n = whole(value, id === "hitPunch" ? 24 : 100000);
      if (n === undefined) return this.message(`${value} is not a length in whole frames.`, true);
      if (id === "hitStreamer") h.streamerFrames = n;
      else h.punchFrames = n;
    } else if (id === "hitFlutter") h.flutter = Number(value);
    else if (id === "hitPlace") {
      const t = hitTiming(this.cue.hits[this.selected]!, this.cue, this.rate);
      if (value === "bar" && h.at !== undefined) {
        const beat = Rational.fromNumber(Number(t.beat.toFixed(3)));
        delete h.at;
        Object.assign(h, { bar: t.bar, ...(beat.eq(1) ? {} : { beat: `${beat.n}/${beat.d}` }) });
      } else if (value === "tc" && h.at === undefined) {
        delete h.bar;
        delete h.beat;
        h.at = t.frame;
      }
    }
    this.changed();
  }

  private cueFieldsFocused = () => $("cueProps").contains(document.activeElement);

  /** The cue's own fields, shown above the list. */
  private showCueFields(): void {
    const j = this.json;
    ($("cueTitle") as HTMLInputElement).value = j.title;
    ($("cueStart") as HTMLInputElement).value = formatTimecode(j.start, this.rate);
    ($("cueEnd") as HTMLInputElement).value = j.end !== undefined ? formatTimecode(j.end, this.rate) : "";
    ($("cueCountIn") as HTMLInputElement).value = String(j.countIn);
  }

  /** The selected hit's fields, shown beside the list. */
  private showHitProps(): void {
    const h = this.json.hits[this.selected];
    $("hitProps").hidden = !h;
    if (!h) return;
    ($("hitColor") as HTMLSelectElement).value = h.color ?? "";
    ($("hitStreamer") as HTMLInputElement).value = String(h.streamerFrames);
    ($("hitPunch") as HTMLInputElement).value = String(h.punchFrames);
    ($("hitFlutter") as HTMLSelectElement).value = String(h.flutter);
    ($("hitPlace") as HTMLSelectElement).value = h.at === undefined ? "bar" : "tc";
  }

  /** Removes the selected hit (Delete). */
  removeSelected(): void {
    const gone = this.chosen();
    if (!gone.length) return;
    const labels = gone.map((i) => `"${this.json.hits[i]!.label}"`);
    this.edits.remember();
    for (const i of [...gone].reverse()) this.edits.remove(i);
    this.also.clear();
    this.selected = Math.min(gone[0]!, Math.max(0, this.json.hits.length - 1));
    this.changed();
    this.message(`Removed ${labels.join(", ")} (Ctrl+Z brings ${labels.length === 1 ? "it" : "them"} back).`);
  }
  hits = () => this.json.hits.map((h) => ({ label: h.label, at: h.at }));

  /**
   * Marks a hit on a frame (since 00:00:00:00), "hit N", in the cue when the frame is in its span
   * (from the first warning click to the end); it becomes the selected hit.
   */
  mark(frame: number, named?: string): void {
    const timing = cuePlan(this.cue, this.rate).timing;
    if (frame < timing.countInFrame || frame > timing.endFrame) {
      return this.message(`${formatTimecode(frame, this.rate)} is outside cue ${this.json.id} (${formatTimecode(timing.countInFrame, this.rate)} to ${formatTimecode(timing.endFrame, this.rate)})${this.dirty() ? ": save this cue's changes, and the mark goes to the cue that holds it" : ", and no cue holds it"}.`, true);
    }
    const numbers = this.json.hits.map((h) => /^hit (\d+)$/.exec(h.label)?.[1]).filter((n): n is string => n !== undefined).map(Number);
    const label = named ?? `hit ${Math.max(0, ...numbers) + 1}`;
    this.edits.remember();
    this.edits.add({ label, at: frame, streamerFrames: this.json.streamerFrames, punchFrames: 2, flutter: 0, weight: 1, important: false, path: `${this.json.id}.hits[${this.json.hits.length}]` });
    this.selected = this.json.hits.length - 1;
    this.changed();
    this.message(`Marked "${label}" at ${formatTimecode(frame, this.rate)}.`);
  }
  hitFrames = () => this.cue.hits.map((h) => hitTiming(h, this.cue, this.rate).frame);

  show(cue: Cue, _frame: number): void {
    this.cue = cue;
    const timing = cuePlan(cue, this.rate).timing;
    const hits = $("hits");
    const hadFocus = hits.contains(document.activeElement);
    hits.replaceChildren(...cue.hits.map((h, i) => {
      const t = hitTiming(h, cue, this.rate);
      const off = Math.abs(t.offsetFrames);
      const cls = off <= 0.5 ? "landed" : off <= 1.5 ? "near" : "off";
      const li = document.createElement("li");
      if (i === this.renaming) {
        const input = document.createElement("input");
        input.className = "rename";
        input.value = h.label;
        input.setAttribute("aria-label", `the name of the hit at ${t.timecode}: Enter keeps it, Escape leaves it`);
        input.addEventListener("keydown", (e) => {
          if (e.key === "Enter") this.renamed(i, input.value);
          else if (e.key === "Escape") this.renamed(i, h.label);
          e.stopPropagation();
        });
        li.append(input);
        return li;
      }
      const b = document.createElement("button");
      b.setAttribute("aria-current", String(i === this.selected || this.also.has(i)));
      b.innerHTML = `<span>${escapeHtml(t.label)}${h.at === undefined ? " (bar|beat)" : ""}</span><span class="tc">${t.timecode}</span><span>${t.bar}|${t.beat.toFixed(2)}</span><span class="${cls}">${t.offsetFrames > 0 ? "+" : ""}${t.offsetFrames.toFixed(2)} fr</span>`;
      b.addEventListener("click", (e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey) {
          if (this.also.has(i)) this.also.delete(i);
          else if (i !== this.selected) this.also.add(i);
          return this.show(this.cue, 0);
        }
        this.also.clear();
        this.selected = i;
        void this.seek(t.frame - this.frameBase());
        this.show(this.cue, 0);
      });
      li.append(b);
      return li;
    }));
    this.showHitProps();
    if (!this.cueFieldsFocused()) this.showCueFields();
    // The list is drawn anew: keep the keyboard on the selected hit.
    if (hadFocus) hits.querySelectorAll("button")[this.selected]?.focus();
    const tempo = $("tempo");
    tempo.replaceChildren(...cue.tempo.map((e, i) => {
      const li = document.createElement("li");
      const where = `${e.bar}${e.beat && !e.beat.eq(1) ? `|${e.beat.toDecimal(3)}` : ""}`;
      li.append(`bar ${where}${e.meter ? ` ${e.meter.text}` : ""}${e.ramp ? " ramp" : ""}`);
      if (e.bpm) {
        const input = document.createElement("input");
        input.type = "number";
        input.step = "0.0001";
        input.min = "1";
        input.setAttribute("aria-label", `tempo of the event at bar ${where}, BPM`);
        input.value = e.bpm.toDecimal(4).replace("…", "");
        input.addEventListener("change", () => this.setTempo(i, input.value));
        li.append(input, " BPM");
      }
      return li;
    }));
    // The fit is the slow part: worked out once the edits pause, not on every step of a drag.
    clearTimeout(this.fitTimer);
    this.fitTimer = setTimeout(() => this.showFit(cue), 150);
    this.timeline(timing.countInFrame - cue.streamerFrames, timing.endFrame);
  }

  private fitTimer: ReturnType<typeof setTimeout> | undefined;

  /** The tempos that land the most hits, for the cue as it is now. */
  private showFit(cue: Cue): void {
    const fit = fitAt({ rate: this.rate }, cue, { fromBar: 1, grid: "beat", min: 40, max: 240, tolFrames: 1, count: 3, shift: 0 });
    $("fit").replaceChildren(...fit.candidates.map((c) => {
      const li = document.createElement("li");
      li.textContent = `${c.bpm} BPM (${c.simplest.yaml}): ${c.landed} of ${fit.total} hits within a frame`;
      return li;
    }));
  }

  private frameBase = () => Number((window as unknown as { sprocketPreview: { overlay?: { startFrame: number } } }).sprocketPreview.overlay?.startFrame ?? 0);

  /** Moves the selected hit by frames (a hit placed by bar and beat moves with the tempo, not here). */
  nudge(frames: number): void {
    const movable = this.chosen().filter((i) => this.json.hits[i]!.at !== undefined);
    const fixed = this.chosen().filter((i) => this.json.hits[i]!.at === undefined).map((i) => `"${this.json.hits[i]!.label}"`);
    if (fixed.length) this.message(`${fixed.join(", ")} ${fixed.length === 1 ? "is" : "are"} placed by bar and beat: change the tempo, or place ${fixed.length === 1 ? "it" : "them"} by timecode beside the list.`);
    if (!movable.length) return;
    this.edits.remember();
    for (const i of movable) this.json.hits[i]!.at! += frames;
    this.changed();
    const h = this.json.hits[this.selected];
    if (h?.at !== undefined) void this.seek(h.at - this.frameBase());
  }

  private moveHit(index: number, frame: number, remember = true): void {
    if (remember) this.edits.remember();
    this.json.hits[index]!.at = frame;
    this.changed();
  }

  private setTempo(index: number, value: string): void {
    const bpm = Rational.parse(value.trim());
    if (!bpm || !bpm.gt(0)) return this.message(`"${value}" is not a tempo.`);
    const previous = this.json.tempo[index]!.bpm;
    this.json.tempo[index]!.bpm = `${bpm.n}/${bpm.d}`;
    try {
      cueFromJson(this.json);
    } catch (e) {
      this.json.tempo[index]!.bpm = previous;
      return this.message(`That tempo does not make a tempo map: ${(e as Error).message}`);
    }
    this.json.tempo[index]!.bpm = previous;
    this.edits.remember();
    this.json.tempo[index]!.bpm = `${bpm.n}/${bpm.d}`;
    this.changed();
  }

  private changed(): void {
    this.updateSave();
    this.onChange(cueFromJson(this.json));
  }

  private updateSave(): void {
    const n = this.pending();
    ($("save") as HTMLButtonElement).disabled = n === 0;
    $("save").textContent = n ? `Save ${n} change${n === 1 ? "" : "s"} to the cue file` : "Save to the cue file";
  }

  now(_frame: number): void {
    const marker = document.querySelector<HTMLElement>("#timeline .now");
    if (marker && this.span) marker.style.left = `${(100 * (_frame + this.frameBase() - this.span[0])) / (this.span[1] - this.span[0])}%`;
  }

  private span: [number, number] | undefined;
  private timeline(from: number, to: number): void {
    this.span = [from, to];
    const line = $("timeline");
    const now = document.createElement("div");
    now.className = "now";
    line.replaceChildren(now, ...this.cue.hits.map((h, i) => {
      const t = hitTiming(h, this.cue, this.rate);
      const b = document.createElement("button");
      const off = Math.abs(t.offsetFrames);
      b.className = `hit ${off <= 0.5 ? "" : off <= 1.5 ? "near" : "off"} ${h.at === undefined ? "fixed" : ""}`;
      b.style.left = `${(100 * (t.frame - from)) / (to - from)}%`;
      b.dataset.index = String(i);
      b.setAttribute("aria-label", `${t.label} at ${t.timecode}`);
      return b;
    }));
    this.now(this.frameNow());
  }

  private dragging(): void {
    const line = $("timeline");
    let index: number | undefined;
    line.addEventListener("pointerdown", (e) => {
      const target = e.target as HTMLElement;
      if (!target.dataset.index || this.json.hits[Number(target.dataset.index)]?.at === undefined) return;
      index = Number(target.dataset.index);
      this.selected = index;
      this.edits.remember(); // a drag is one edit, however many frames it moves
      line.setPointerCapture(e.pointerId);
    });
    line.addEventListener("pointermove", (e) => {
      if (index === undefined || !this.span) return;
      const box = line.getBoundingClientRect();
      const frame = Math.round(this.span[0] + ((e.clientX - box.left) / box.width) * (this.span[1] - this.span[0]));
      if (frame !== this.json.hits[index]!.at) this.moveHit(index, frame, false);
    });
    line.addEventListener("pointerup", () => {
      if (index !== undefined) void this.seek(this.json.hits[index]!.at! - this.frameBase());
      index = undefined;
    });
  }

  async save(): Promise<void> {
    if (!this.dirty()) return;
    const edits: Edits = { hash: this.hash, cue: this.json.id, ...this.edits.diff() };
    const r = await fetch("/api/save", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(edits) });
    const answer = (await r.json()) as SaveAnswer;
    if (r.status === 409) return this.conflict(answer.error);
    if (!r.ok) return this.message(answer.error ?? `The server answered ${r.status}.`, true);
    this.hash = answer.hash!;
    if (this.edits.deleted) {
      this.message(`Cue ${this.json.id} is taken out of ${this.file}.`);
      return this.onDeleted(this.json.id);
    }
    this.edits.saved();
    this.onSaved(structuredClone(this.edits.base));
    this.updateSave();
    this.message(`Saved into ${this.file}.`);
  }

  conflict(text = "The cue file changed on disk while you were editing: nothing was written."): void {
    const pending = this.edits.pendingWords();
    this.message(`${text} Your changes: ${pending.join("; ")}. Reload the page to see the file as it is now.`, true);
  }

  message(text: string, alarm = false): void {
    const m = $("message");
    m.textContent = text;
    m.className = alarm ? "conflict" : "";
  }
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
