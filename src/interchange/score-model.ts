import type { Cue } from "../engine/cue-model.js";
import { cuePlan } from "../engine/cue-plan.js";
import type { FrameRate } from "../engine/frame-rate.js";
import { barQuarters, pulseQuarters, type Meter } from "../engine/meter.js";
import { Rational } from "../engine/rational.js";
import { formatTimecode } from "../engine/timecode.js";

/**
 * A cue as a score skeleton: its bars (count-in bars first, numbered as the click counts them), the
 * meter of each, and what is written above the staff at its place in the bar: a tempo mark at every
 * tempo event, "accel."/"rit." over a ramp, and every hit with its timecode. A notation program does
 * not play a ramp, so the ramp is also written as unseen tempo steps, one every sixteenth note, each
 * chosen so the program's clock comes back onto the ramp's true time at the step's end. Pure: the
 * MusicXML writer turns it into text.
 */

export type ScoreMark =
  /** A tempo mark: the cue's tempo in its pulse (what the metronome mark shows) and in quarters a minute (what is played). */
  | { kind: "tempo"; at: Rational; bpm: Rational; qpm: Rational; pulse: Rational }
  /** The start of a ramp to the next tempo mark. */
  | { kind: "ramp"; at: Rational; text: "accel." | "rit." }
  | { kind: "rampEnd"; at: Rational }
  /** An unseen tempo step inside a ramp, in quarters a minute. */
  | { kind: "step"; at: Rational; qpm: number }
  | { kind: "hit"; at: Rational; text: string };

export interface ScoreMeasure {
  /** The bar as the click counts it: the count-in's bars are 0, -1, ... */
  bar: number;
  /** Quarters from bar 1 beat 1 to the bar's start, and its length in quarters. */
  start: Rational;
  length: Rational;
  meter: Meter;
  /** The meter is written here (the first bar, or a change). */
  showMeter: boolean;
  /** Marks in the order they are written, each `at` quarters into the bar. */
  marks: ScoreMark[];
}

export interface ScoreModel {
  id: string;
  title: string;
  /** The project's title (the cue file's). */
  project: string;
  rate: FrameRate;
  /** Bar 1's timecode, and the cue's end. */
  startTimecode: string;
  endTimecode: string;
  countIn: number;
  /** Divisions of a quarter note that place every mark exactly (hits to the nearest 1/64 note). */
  divisions: number;
  measures: ScoreMeasure[];
}

/** A sixteenth note: the ramp's step. A sixty-fourth: where a hit is shown. */
const STEP = Rational.of(1, 4);
const HIT_GRID = 16;
/** Past this many divisions a quarter, positions are rounded to the grid below (a notation program keeps 480 at most). */
const MAX_DIVISIONS = 1_000_000;
const FALLBACK_DIVISIONS = 3840;

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));

/** A hit's text: its label, timecode and where it is against the click (or its bar and beat, when placed by them). */
export function hitText(label: string, timecode: string, place: { bar: number; beat: Rational } | { offsetFrames: number }): string {
  if ("bar" in place) return `${label} ${timecode} (bar ${place.bar} beat ${place.beat.toDecimal(6)})`;
  const o = Math.round(place.offsetFrames * 10) / 10;
  return `${label} ${timecode} (${o === 0 ? "on the click" : `${o > 0 ? "+" : "-"}${Math.abs(o).toFixed(1)} fr`})`;
}

export function scoreModel(cue: Cue, rate: FrameRate, project = ""): ScoreModel {
  const map = cue.map;
  const plan = cuePlan(cue, rate);
  const firstBar = 1 - cue.countIn;
  // The last bar: the one the end falls in (an end on a bar line closes the bar before), and at least
  // every bar holding a hit or a tempo event.
  const endQ = map.quarters(plan.timing.endSeconds);
  let lastBar = Math.max(1, map.positionAt(endQ - 1e-9).bar);
  for (const h of plan.timing.hits) lastBar = Math.max(lastBar, map.positionAt(h.quarters).bar);
  for (const e of cue.tempo) lastBar = Math.max(lastBar, e.bar);
  const measures: ScoreMeasure[] = [];
  for (let bar = firstBar; bar <= lastBar; bar++) {
    const start = map.quartersAt(bar);
    const meter = map.meterAt(start);
    const prev = measures[measures.length - 1];
    measures.push({ bar, start, length: barQuarters(meter), meter, showMeter: !prev || prev.meter.numerator !== meter.numerator || prev.meter.denominator !== meter.denominator, marks: [] });
  }
  const origin = measures[0]!.start;
  const end = measures[measures.length - 1]!.start.add(measures[measures.length - 1]!.length);
  /** The measure holding a position (a position before the first bar goes to its start). */
  const place = (q: Rational, mark: (at: Rational) => ScoreMark) => {
    const clamped = q.lt(origin) ? origin : q;
    let m = measures[0]!;
    for (const x of measures) if (!x.start.gt(clamped)) m = x;
    m.marks.push(mark(clamped.sub(m.start)));
  };

  // Tempo marks: every event that sets a tempo, and a meter change that changes the pulse (the tempo
  // in clicks carries on, so the quarters a minute change). The opening one stands at the first bar.
  const segments = map.tempoSegments();
  let lastQpm: Rational | undefined;
  let bpm: Rational | undefined;
  let lastMarkQ = origin;
  for (const e of cue.tempo) {
    const q = map.quartersAt(e.bar, e.beat ?? Rational.ONE);
    bpm = e.bpm ?? bpm;
    if (!bpm) continue;
    const tempo = bpm;
    const pulse = map.meterAt(q).pulse;
    const qpm = bpm.mul(pulseQuarters(map.meterAt(q)));
    if (e.bpm || !lastQpm || !lastQpm.eq(qpm)) {
      const at = lastQpm ? q : origin;
      if (e.ramp) {
        place(lastMarkQ, (x) => ({ kind: "ramp", at: x, text: lastQpm && qpm.lt(lastQpm) ? "rit." : "accel." }));
        place(at, (x) => ({ kind: "rampEnd", at: x }));
      }
      place(at, (x) => ({ kind: "tempo", at: x, bpm: tempo, qpm, pulse }));
      lastMarkQ = at;
    }
    lastQpm = qpm;
  }
  // A ramp's unseen steps: from a sixteenth after its start, each the tempo that brings the played
  // clock onto the ramp's time at the step's end (the first sixteenth is played at the mark's tempo).
  segments.forEach((seg, i) => {
    const to = segments[i + 1]?.q0;
    if (!seg.ramp || !to) return;
    let clock = map.seconds(seg.q0) + (STEP.toNumber() * 60) / seg.qpm0.toNumber();
    for (let a = seg.q0.add(STEP); a.lt(to); a = a.add(STEP)) {
      const b = a.add(STEP).lt(to) ? a.add(STEP) : to;
      const target = map.seconds(b);
      const qpm = (60 * b.sub(a).toNumber()) / (target - clock);
      clock = target;
      place(a, (x) => ({ kind: "step", at: x, qpm }));
    }
  });
  // Hits, to the nearest sixty-fourth note (one at a bar's end goes to the next bar's start).
  plan.timing.hits.forEach((h, i) => {
    const hit = cue.hits[i]!;
    let q = Rational.of(Math.round(h.quarters * HIT_GRID), HIT_GRID);
    if (!q.lt(end)) q = end.sub(Rational.of(1, HIT_GRID));
    const text = hitText(h.label.replace(/\s+/g, " ").trim(), h.timecode, hit.bar !== undefined ? { bar: hit.bar, beat: hit.beat ?? Rational.ONE } : { offsetFrames: h.offsetFrames });
    place(q, (x) => ({ kind: "hit", at: x, text }));
  });

  const order = { rampEnd: 0, tempo: 1, ramp: 2, step: 3, hit: 4 } as const;
  let lcm = BigInt(HIT_GRID);
  for (const m of measures) {
    m.marks.sort((a, b) => a.at.cmp(b.at) || order[a.kind] - order[b.kind]);
    for (const x of [m.length, ...m.marks.map((k) => k.at)]) {
      const d = x.d;
      lcm = (lcm / gcd(lcm, d)) * d;
    }
  }
  const divisions = lcm <= BigInt(MAX_DIVISIONS) ? Number(lcm) : FALLBACK_DIVISIONS;
  return {
    id: cue.id, title: cue.title, project, rate, countIn: cue.countIn, divisions, measures,
    startTimecode: formatTimecode(cue.start, rate),
    endTimecode: formatTimecode(plan.timing.endFrame, rate),
  };
}
