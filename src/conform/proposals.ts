import type { Cue, CueFile } from "../engine/cue-model.js";
import { rampEndTempo } from "../engine/fit-ramp.js";
import { makeMeter, pulseQuarters, type Meter } from "../engine/meter.js";
import { Rational } from "../engine/rational.js";
import { simplestTempoInRange } from "../engine/simple-tempo.js";
import { TempoMap, type TempoEvent } from "../engine/tempo-map.js";
import type { CutMap } from "./cut-map.js";

/**
 * The musical fixes for a cue whose hits no longer fall on their beats after a picture change. Each
 * hit keeps the musical place it had (the bar and beat the music was written to it); a fix is a
 * change to the tempo map that brings those places back onto the hits' new frames. Each is checked
 * by building the tempo map it makes and counting the hits that land on their beats again (within the
 * tolerance): a bar made longer or shorter by the beats the cut added or took away (in the bar where
 * the picture changed), a new constant tempo from the last hit still on its beat, or a ramp from
 * there into the first hit that moved (as `ramp` finds it). Only fixes that land more hits than the
 * map as it is, changing the tempo by at most a third, are offered; ranked by hits landed, then in
 * that order (the smallest change to the music first), then by the size of the tempo change. Pure.
 */
export interface Proposal {
  kind: "bar" | "tempo" | "ramp";
  /** What it does, in words. */
  summary: string;
  /** The tempo events to write into the cue (YAML lines for its tempo list). */
  cueLines: string[];
  lands: number;
  of: number;
  /** Tempo change in percent, for a tempo or a ramp. */
  changePercent?: number;
}

/** A hit placed by timecode: its musical place (quarters from bar 1, as the music was written) and its new frame. */
export interface MusicalHit {
  label: string;
  q: number;
  frame: number;
}

const KIND_ORDER = { bar: 0, tempo: 1, ramp: 2 };
/** The largest tempo change offered as a fix, in percent. */
export const MAX_CHANGE_PERCENT = 33;
const round = (x: number, d = 4) => Number(x.toFixed(d));

/** How far (frames) each hit is from its beat with this tempo map and this start. */
export function offsetsFrom(map: TempoMap, start: number, hits: readonly MusicalHit[], fps: number): number[] {
  return hits.map((h) => ((h.frame - start) / fps - map.seconds(h.q)) * fps);
}

function landings(events: TempoEvent[], start: number, hits: readonly MusicalHit[], fps: number, tol: number): number | undefined {
  const built = TempoMap.build(events);
  if (!built.map || built.problems.length) return undefined;
  return offsetsFrom(built.map, start, hits, fps).filter((o) => Math.abs(o) <= tol + 1e-9).length;
}

/** The events with one event added, or merged into the event already at its bar and beat. */
function withEvent(events: readonly TempoEvent[], e: TempoEvent): TempoEvent[] {
  const beatOf = (x: TempoEvent) => x.beat ?? Rational.ONE;
  const i = events.findIndex((x) => x.bar === e.bar && beatOf(x).eq(beatOf(e)));
  const out = [...events];
  if (i >= 0) out[i] = { ...out[i]!, ...e };
  else out.push(e);
  return out.sort((a, b) => a.bar - b.bar || beatOf(a).cmp(beatOf(b)));
}

const place = (bar: number, beat: number) => `bar: ${bar}${Math.abs(beat - 1) > 1e-9 ? `, beat: ${round(beat, 4)}` : ""}`;
const beatField = (b: number) => (Math.abs(b - 1) > 1e-9 ? { beat: Rational.fromNumber(round(b, 6)) } : {});

/** A meter `pulses` pulses long in `like`'s pulse: 5 pulses of a 4/4 are 5/4; 3 of 6/8 in two are 9/8 (pulse 3/8). */
function meterOf(pulses: number, like: Meter): { meter: Meter; yaml: string } | undefined {
  const bar = like.pulse.mul(pulses);
  const den = Math.max(like.denominator, Number(bar.d));
  const num = bar.mul(den);
  if (!num.isInteger() || !Number.isInteger(Math.log2(den))) return undefined;
  const text = `${num}/${den}`;
  const plain = like.pulse.eq(Rational.of(1, den));
  return { meter: makeMeter(text, plain ? undefined : like.pulse.toString()), yaml: `meter: ${text}${plain ? "" : `, pulse: ${like.pulse}`}` };
}

export function proposeFixes(file: CueFile, cue: Cue, newStart: number, hits: readonly MusicalHit[], cutMap: CutMap, tol: number): Proposal[] {
  const fps = file.rate.fps.toNumber();
  const map = cue.map;
  const sorted = [...hits].sort((a, b) => a.frame - b.frame);
  const offsets = offsetsFrom(map, newStart, sorted, fps);
  const firstIndex = sorted.findIndex((h, i) => h.q > 0 && Math.abs(offsets[i]!) > tol + 1e-9);
  if (firstIndex < 0) return [];
  const first = sorted[firstIndex]!;
  const anchorHit = sorted.slice(0, firstIndex).filter((h, i) => h.q >= 0 && Math.abs(offsets[i]!) <= tol + 1e-9).pop();
  // Tempo events go on beats: a hit's place, or the click it was written on.
  const onBeat = (q: number) => { const p = map.nearestPulse(map.seconds(q)); return Math.abs(map.seconds(q) - p.seconds) * fps <= tol + 1e-9 ? p.q : q; };
  /** The first beat at or after a place that is not on one. */
  const nextBeat = (q: number) => { const p = map.positionAt(q); return Math.abs(p.beat - Math.round(p.beat)) < 1e-9 ? q : map.quartersAt(p.bar, Rational.of(Math.ceil(p.beat))).toNumber(); };
  const anchorQ = anchorHit ? nextBeat(onBeat(anchorHit.q)) : 0;
  const anchor = map.positionAt(anchorQ);
  const anchorBeat = { bar: anchor.bar, beat: Number(anchor.beat.toFixed(6)) };
  const out: Proposal[] = [];
  const of = hits.length;
  const local = map.tempoAt(anchorQ);
  const targetQ = onBeat(first.q);
  const firstPos = map.positionAt(targetQ);

  // 1. A bar longer or shorter by the whole beats the cut added or took away.
  const movedPulses = (offsets[firstIndex]! / fps) * (map.tempoAt(first.q).bpm / 60);
  const k = Math.round(movedPulses);
  if (k !== 0 && Math.abs(movedPulses - k) * (60 / map.tempoAt(first.q).bpm) * fps <= tol) {
    // The bar where the picture changed (before the change the picture moved with bar 1).
    const change = cutMap.changesWithin(anchorHit ? anchorHit.frame - (newStart - cue.start) : cue.start, first.frame - (newStart - cue.start))[0];
    const changeQ = change ? map.quarters(Math.max(0, (change.at - cue.start) / fps)) : anchorQ;
    const bar = Math.max(anchor.bar, Math.min(map.positionAt(changeQ).bar, firstPos.bar - (firstPos.beat > 1 + 1e-9 ? 0 : 1)));
    const meter = map.meterAt(map.quartersAt(bar));
    const longer = meter.pulsesPerBar + k >= 1 ? meterOf(meter.pulsesPerBar + k, meter) : undefined;
    if (longer) {
      const back = meterOf(meter.pulsesPerBar, meter)!;
      let events = withEvent(cue.tempo, { bar, meter: longer.meter });
      const nextHasMeter = cue.tempo.some((e) => e.bar === bar + 1 && e.meter);
      if (!nextHasMeter) events = withEvent(events, { bar: bar + 1, meter: back.meter });
      // Bars after it keep their numbers; the hits' places after it move by the beats added.
      const shifted = sorted.map((h) => (h.q >= map.quartersAt(bar + 1).toNumber() ? { ...h, q: h.q + k * pulseQuarters(meter).toNumber() } : h));
      const lands = landings(events, newStart, shifted, fps, tol);
      if (lands !== undefined) {
        out.push({
          kind: "bar",
          summary: `${k > 0 ? "add" : "drop"} ${Math.abs(k)} beat${Math.abs(k) === 1 ? "" : "s"} ${k > 0 ? "to" : "from"} bar ${bar} (${meter.text} becomes ${longer.meter.text}), where the picture changed`,
          cueLines: [`- { bar: ${bar}, ${longer.yaml} }`, ...(nextHasMeter ? [] : [`- { bar: ${bar + 1}, ${back.yaml} }`])],
          lands,
          of,
        });
      }
    }
  }

  // 2. A constant tempo from the last hit still on its beat that puts the others back on theirs.
  const t0 = map.seconds(anchorQ);
  const after = sorted.filter((h) => h.q > anchorQ + 1e-9);
  const pq = pulseQuarters(map.meterAt(anchorQ)).toNumber();
  let lo = 0, hi = Infinity, num = 0, den = 0;
  for (const h of after) {
    const d = (h.q - anchorQ) / pq; // pulses after the anchor
    const t = (h.frame - newStart) / fps - t0;
    // Seconds a pulse lasts, x: |t - d x| <= tol / fps.
    lo = Math.max(lo, (t - tol / fps) / d);
    hi = Math.min(hi, (t + tol / fps) / d);
    num += t * d;
    den += d * d;
  }
  // A hit now at (or within the tolerance of) the anchor, or before it, leaves no positive length for a pulse: no tempo lands it.
  if (den > 0 && lo > 0 && lo < hi) {
    const best = 60 / (num / den);
    const simple = simplestTempoInRange(60 / hi, 60 / lo, Math.min(Math.max(best, 60 / hi), 60 / lo), file.rate);
    const events = withEvent(cue.tempo, { bar: anchorBeat.bar, ...beatField(anchorBeat.beat), bpm: Rational.fromNumber(simple.bpm) });
    const lands = landings(events, newStart, sorted, fps, tol);
    if (lands !== undefined) {
      const pct = ((simple.bpm - local.bpm) / local.bpm) * 100;
      out.push({ kind: "tempo", summary: `${simple.yaml} from ${anchorBeat.bar}|${round(anchorBeat.beat, 3)} (was ${round(local.bpm, 3)} BPM)`, cueLines: [`- { ${place(anchorBeat.bar, anchorBeat.beat)}, ${simple.yaml} }`], lands, of, changePercent: round(pct, 3) });
    }
  }

  // 3. A ramp from there into the first hit that moved, landing its beat on it.
  const pulseSame = map.meterAt(anchorQ).pulse.eq(map.meterAt(first.q - 1e-9).pulse);
  const ramp = pulseSame && targetQ > anchorQ ? rampEndTempo(map, anchorQ, targetQ, (first.frame - newStart) / fps + map.seconds(targetQ) - map.seconds(first.q)) : undefined;
  if (ramp && !("unreachable" in ramp)) {
    const [startBpm, endBpm] = [ramp.fromQpm / pq, ramp.toQpm / pq];
    let events = withEvent(cue.tempo, { bar: anchorBeat.bar, ...beatField(anchorBeat.beat), bpm: Rational.fromNumber(round(startBpm, 6)) });
    events = withEvent(events, { bar: firstPos.bar, ...beatField(firstPos.beat), bpm: Rational.fromNumber(round(endBpm, 6)), ramp: true });
    const lands = landings(events, newStart, sorted, fps, tol);
    if (lands !== undefined) {
      out.push({
        kind: "ramp",
        summary: `ramp from ${round(startBpm, 3)} BPM at ${anchorBeat.bar}|${round(anchorBeat.beat, 3)} to ${round(endBpm, 3)} BPM at ${firstPos.bar}|${round(firstPos.beat, 3)}, landing "${first.label}"`,
        cueLines: [`- { ${place(anchorBeat.bar, anchorBeat.beat)}, bpm: ${round(startBpm)} }`, `- { ${place(firstPos.bar, firstPos.beat)}, bpm: ${round(endBpm)}, ramp: true }`],
        lands,
        of,
        changePercent: round(((endBpm - startBpm) / startBpm) * 100, 3),
      });
    }
  }
  // A fix lands more hits than the map as it is, and does not change the tempo by more than a third
  // (beyond that it is not a fix: the passage needs respotting or rewriting).
  const now = landings([...cue.tempo], newStart, sorted, fps, tol) ?? 0;
  return out
    .filter((p) => p.lands > now && Math.abs(p.changePercent ?? 0) <= MAX_CHANGE_PERCENT)
    .sort((a, b) => b.lands - a.lands || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || Math.abs(a.changePercent ?? 0) - Math.abs(b.changePercent ?? 0));
}
