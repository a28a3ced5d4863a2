import { rampToHit } from "../../app/ramp.js";
import type { Cue } from "../../engine/cue-model.js";
import { cueFromJson, type CueJson } from "../../engine/cue-json.js";
import { hitTiming } from "../../engine/cue-timing.js";
import { DEFAULT_GAUGE } from "../../engine/feet-frames.js";
import type { FrameRate } from "../../engine/frame-rate.js";
import { Rational } from "../../engine/rational.js";
import { parseTempo } from "../../engine/tempo-value.js";

/**
 * Tempo changes made in the page, worked out before anything changes: a meter or tempo (or both) at
 * a bar, checked to make a tempo map; a ramp into a hit, from the solver `sprocket ramp` uses. Each
 * answer is the steps to take on the cue's tempo list (or why not, in words).
 */
export type TempoEvent = CueJson["tempo"][number];
export type TempoStep = { set: TempoEvent; index?: number } | { remove: number };

const at = (e: TempoEvent) => e.bar + (e.beat ? Rational.parse(e.beat)!.toNumber() / 1000 : 0);

/** A meter and/or tempo at a bar (a ramp to it with `ramp`), merged with an event already on that bar. */
export function tempoAtBar(json: CueJson, bar: number, meter: string, bpm: string, ramp: boolean): { step: TempoStep; said: string } | { error: string } {
  const event: TempoEvent = { bar };
  if (meter.trim()) {
    const m = /^(\d+)\/(\d+)$/.exec(meter.trim());
    if (!m) return { error: `"${meter}" is not a meter: write it 7/8.` };
    event.meter = { text: `${m[1]}/${m[2]}`, numerator: Number(m[1]), denominator: Number(m[2]), pulse: `1/${m[2]}` };
  }
  if (bpm.trim()) {
    const r = Rational.parse(bpm.trim());
    if (!r || !r.gt(0)) return { error: `"${bpm}" is not a tempo.` };
    event.bpm = `${r.n}/${r.d}`;
  }
  if (ramp) event.ramp = true;
  if (!event.meter && !event.bpm) return { error: "Give a meter, a tempo, or both." };
  const index = json.tempo.findIndex((e) => e.bar === bar && !e.beat);
  const merged = index >= 0 ? { ...json.tempo[index]!, ...event } : event;
  const trial = structuredClone(json);
  if (index >= 0) trial.tempo[index] = merged;
  else trial.tempo.push(merged);
  trial.tempo.sort((a, b) => at(a) - at(b));
  try {
    cueFromJson(trial);
  } catch (e) {
    return { error: `That does not make a tempo map: ${(e as Error).message.replace(/^cue [^:]+: its tempo map does not build again: /, "")}` };
  }
  const said = `Bar ${bar}: ${[merged.meter?.text, merged.bpm ? `${Rational.parse(merged.bpm)!.toDecimal(4).replace("…", "")} BPM` : "", merged.ramp ? "ramp" : ""].filter(Boolean).join(", ")}.`;
  return { step: { set: merged, ...(index >= 0 ? { index } : {}) }, said };
}

/**
 * The ramp that lands the hit's nearest beat on it, from the last tempo or meter change at or before
 * its bar (a ramp cannot cross a change of pulse): the steps, in the order to take them (the tempos
 * inside the ramp go, a meter there stays; then its two ends).
 */
export function rampIntoHit(cue: Cue, json: CueJson, rate: FrameRate, hitIndex: number, file: string): { steps: TempoStep[]; said: string } | { error: string } {
  const hit = cue.hits[hitIndex];
  if (!hit) return { error: "Select a hit to ramp into." };
  const hitBar = hitTiming(hit, cue, rate).bar;
  const fromBar = [...cue.tempo].reverse().find((e) => e.bar <= hitBar)?.bar ?? 1;
  let r: ReturnType<typeof rampToHit>;
  try {
    r = rampToHit({ file, title: "", rate, gauge: DEFAULT_GAUGE, cues: [cue] }, { toHit: hit.label, fromBar });
  } catch (e) {
    return { error: `No ramp: ${(e as Error).message}` };
  }
  const bpmOf = (written: string) => parseTempo(written.replace(/^(bpm|click):\s*/, "").replace(/^"|"$/g, ""), rate).bpm;
  const beatOf = (b: number) => (Math.abs(b - 1) < 1e-9 ? undefined : Rational.fromNumber(Number(b.toFixed(6))));
  const q = (b: number, beat?: Rational) => cue.map.quartersAt(b, beat ?? Rational.ONE).toNumber();
  const fromQ = q(r.from.bar, beatOf(r.from.beat)), toQ = q(r.to.bar, beatOf(r.to.beat));
  const steps: TempoStep[] = [];
  const list = structuredClone(json.tempo);
  for (let i = list.length - 1; i >= 0; i--) {
    const e = list[i]!;
    const where = q(e.bar, e.beat ? Rational.parse(e.beat) : undefined);
    if (!(where > fromQ + 1e-9 && where < toQ - 1e-9 && e.bpm)) continue;
    if (e.meter) {
      list[i] = { bar: e.bar, meter: e.meter };
      steps.push({ set: list[i]!, index: i });
    } else {
      list.splice(i, 1);
      steps.push({ remove: i });
    }
  }
  const end = (b: number, beat: Rational | undefined, bpm: Rational, ramp: boolean) => {
    const i = list.findIndex((e) => e.bar === b && (e.beat ? Rational.parse(e.beat)!.eq(beat ?? 1) : !beat || beat.eq(1)));
    const event: TempoEvent = { ...(i >= 0 ? list[i]! : { bar: b, ...(beat ? { beat: `${beat.n}/${beat.d}` } : {}) }), bpm: `${bpm.n}/${bpm.d}` };
    if (ramp) event.ramp = true;
    else delete event.ramp;
    if (i >= 0) list[i] = event;
    else {
      const k = list.findIndex((e) => at(e) > at(event));
      list.splice(k < 0 ? list.length : k, 0, event);
    }
    steps.push({ set: event, ...(i >= 0 ? { index: i } : {}) });
  };
  end(r.from.bar, beatOf(r.from.beat), bpmOf(r.from.written), false);
  end(r.to.bar, beatOf(r.to.beat), bpmOf(r.to.written), true);
  return { steps, said: `A ramp from bar ${r.from.bar} (${r.from.written}) to bar ${r.to.bar}${beatOf(r.to.beat) ? ` beat ${r.to.beat}` : ""} (${r.to.written}) lands "${hit.label}" within ${Math.abs(r.landsFramesAsWritten).toFixed(2)} frames.` };
}
