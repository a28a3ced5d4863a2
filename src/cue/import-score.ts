import type { FrameRate } from "../engine/frame-rate.js";
import { Rational } from "../engine/rational.js";
import { formatTimecode, parseTimecode } from "../engine/timecode.js";
import { frameClickToBpm, framesPerBeatToBpm } from "../engine/tempo-value.js";
import type { ScoreMeasureRead, ScoreRead, ScoreTempo } from "../interchange/read-musicxml.js";
import type { CueDraft, DraftEvent, DraftHit } from "./write-cue-yaml.js";

/**
 * A score's measures and tempos (read-musicxml.ts) as a cue: bar 1 is the first measure counted
 * (the implicit ones before it, a pick-up or Sprocket's count-in, are the count-in's bars, a pick-up
 * at the end of its bar), a meter event where the time signature changes (a bar whose notes do not
 * fill its signature gets a meter of its own length), the pulse from the metronome mark's note value
 * where it divides the bar (a dotted quarter in 6/8: two clicks a bar), a tempo event at every tempo,
 * and a ramp where "accel."/"rit." with a dashed line ends on a tempo. Rehearsal marks, and words with
 * a timecode, become hits. Tempos written by Sprocket come back exactly (see exactTempo).
 */

export interface ScoreImportOptions {
  rate: FrameRate;
  /** Bar 1's timecode. */
  start: string;
  id: string;
  /** The cue's title, and the cue file's. */
  title: string;
  project: string;
  countIn?: number;
  /** Frames to move the hits' timecodes by (the cue placed elsewhere than the score says). */
  shift?: number;
}

export interface ScoreImport {
  draft: CueDraft;
  warnings: string[];
  ramps: number;
  /** Quarters from bar 1 to the score's last bar line. */
  endQuarters: Rational;
}

const TIMECODE = /(\d{1,2}:\d{2}:\d{2}[:;.,]\d{2,3})/;
const BAR_BEAT = /^bar (-?\d+) beat (\d+(?:\.\d+)?)$/;
const DEFAULT_QPM = Rational.of(120);
const isPowerOfTwo = (n: bigint) => n > 0n && (n & (n - 1n)) === 0n;

/** A number for the cue file (which takes tempos as numbers): exact where the decimal ends within 12 places. */
const asNumber = (r: Rational) => (terminates(r, 11) ? Number(r.toDecimal(11)) : Number(r.toNumber().toFixed(10)));

/** Whether a decimal expansion of r ends within `places` places. */
function terminates(r: Rational, places: number): boolean {
  return r.mul(10n ** BigInt(places)).isInteger();
}

/**
 * A tempo read as quarter notes a minute, written as the cue file would have it: BPM in the pulse
 * where that is a decimal of at most 6 places (as people and Sprocket write BPM); else the frame
 * click or frames a beat it is to 12 places (how Sprocket writes such a tempo); else the decimal,
 * exact where it ends within 11 places, else to 10 places.
 */
export function exactTempo(qpm: Rational, pulseQuarters: Rational, rate: FrameRate): Pick<DraftEvent, "bpm" | "click"> {
  const bpm = qpm.div(pulseQuarters);
  if (terminates(bpm, 6)) return { bpm: asNumber(bpm) };
  const eps = Rational.of(1, 2 * 10 ** 12).div(pulseQuarters);
  const near = (x: Rational) => !x.sub(bpm).gt(eps) && !bpm.sub(x).gt(eps);
  const fpb = rate.fps.mul(60).div(bpm);
  const eighths = fpb.mul(8).round();
  if (eighths > 0n && near(frameClickToBpm(Number(eighths / 8n), Number(eighths % 8n), rate))) return { click: `${eighths / 8n}-${eighths % 8n}` };
  const frames = Rational.of(fpb.mul(1000).round(), 1000);
  if (frames.gt(0) && near(framesPerBeatToBpm(frames, rate))) return { click: Number(frames.toDecimal(3)) };
  return { bpm: asNumber(bpm) };
}

/** A bar's meter for the cue: its time signature, or its own length where the notes do not fill it. */
function meterOf(m: ScoreMeasureRead, warnings: string[]): { n: number; d: number } {
  const signature = Rational.of(m.beats * 4, m.beatType);
  if (m.length.eq(signature)) return { n: m.beats, d: m.beatType };
  for (let d = m.beatType; d <= 64; d *= 2) {
    const n = m.length.mul(d).div(4);
    if (n.isInteger() && n.gt(0) && !n.gt(64)) return { n: Number(n.n), d };
  }
  warnings.push(`Measure ${m.number} is ${m.length.toDecimal(4)} quarters long, which no meter up to 64ths holds: its time signature (${m.meterText}) is used.`);
  return { n: m.beats, d: m.beatType };
}

export function scoreToCue(score: ScoreRead, options: ScoreImportOptions): ScoreImport {
  const { rate } = options;
  const warnings = [...score.warnings];
  const measures = score.measures;
  let lead = 0;
  while (lead < measures.length - 1 && measures[lead]!.implicit && measures[lead]!.pass === 1) lead++;
  const countIn = options.countIn ?? (score.fields["sprocket-count-in"] !== undefined && /^\d+$/.test(score.fields["sprocket-count-in"]) ? Math.max(Number(score.fields["sprocket-count-in"]), lead) : Math.max(2, lead));
  const bars = measures.map((_, j) => j - lead + 1);
  // Meters of the counted bars; the bars before bar 1 have bar 1's (a pick-up sits at the end of its bar).
  const meters = measures.map((m) => meterOf(m, warnings));
  const first = meters[lead]!;
  const lengthOf = (j: number) => (j < lead ? Rational.of(first.n * 4, first.d) : Rational.of(meters[j]!.n * 4, meters[j]!.d));
  const shift = measures.map((m, j) => (j < lead && m.length.lt(lengthOf(j)) ? lengthOf(j).sub(m.length) : Rational.ZERO));

  // Each bar's pulse: the note value of the last metronome mark (one at a bar's start counts from that
  // bar, one inside it from the next), where it divides the bar into whole clicks; else the signature's
  // note value (always, for an additive signature such as 2+2+3/8).
  const pulses: Rational[] = [];
  let unit: Rational | undefined;
  const marked = (m: ScoreMeasureRead, atStart: boolean) => {
    for (const t of m.tempos) if (t.unit && !t.hidden && t.at.eq(0) === atStart) unit = t.unit;
  };
  for (let j = 0; j < lead; j++) [marked(measures[j]!, true), marked(measures[j]!, false)];
  for (let j = lead; j < measures.length; j++) {
    marked(measures[j]!, true);
    const { n, d } = meters[j]!;
    const fits = unit && !measures[j]!.meterText.includes("+") && Rational.of(n, d).div(unit).isInteger() && isPowerOfTwo(unit.d) && unit.d <= 64n;
    pulses[j] = fits ? unit! : Rational.of(1, d);
    marked(measures[j]!, false);
  }
  for (let j = 0; j < lead; j++) pulses[j] = pulses[lead]!;
  const pulseQ = (j: number) => pulses[Math.max(j, 0)]!.mul(4);
  const beatOf = (j: number, at: Rational) => at.add(shift[j]!).div(pulseQ(j)).add(1);

  // Tempo events, in the order played; the score's opening tempo (or 120) is bar 1's.
  const tempo: DraftEvent[] = [];
  const events = new Map<string, DraftEvent>();
  let qpm: Rational | undefined;
  let ramp: { from: string; bar: number } | undefined;
  let rampEnded: { j: number; at: Rational } | undefined;
  let ramps = 0;
  const put = (bar: number, beat: Rational, e: DraftEvent) => {
    const key = `${bar}|${beat}`;
    const known = events.get(key);
    if (known && (e.bpm !== undefined || e.click !== undefined)) [delete known.bpm, delete known.click];
    if (known) Object.assign(known, e);
    else {
      const ev: DraftEvent = { bar, ...(beat.eq(1) ? {} : { beat: Number(beat.toDecimal(6).replace("…", "")) }), ...e };
      events.set(key, ev);
      tempo.push(ev);
    }
  };
  measures.forEach((m, j) => {
    const bar = Math.max(bars[j]!, 1);
    const changed = j === lead || (j > lead && (meters[j]!.n !== meters[j - 1]!.n || meters[j]!.d !== meters[j - 1]!.d || !pulses[j]!.eq(pulses[j - 1]!)));
    if (changed) {
      const { n, d } = meters[j]!;
      put(bar, Rational.ONE, { meter: `${n}/${d}`, ...(pulses[j]!.eq(Rational.of(1, d)) ? {} : { pulse: pulses[j]!.toString() }) });
      // A new pulse keeps the quarter note's speed: the tempo in clicks is written (a tempo here overrides it).
      if (j > lead && !pulses[j]!.eq(pulses[j - 1]!)) put(bar, Rational.ONE, exactTempo(qpm ?? DEFAULT_QPM, pulseQ(j), rate));
    }
    const marks: (ScoreTempo | { ramp: "start" | "stop"; at: Rational; text?: string })[] = [...m.tempos, ...m.ramps.map((r) => ({ ramp: r.kind, at: r.at, ...(r.text ? { text: r.text } : {}) }))];
    marks.sort((a, b) => a.at.cmp(b.at) || ("ramp" in a ? (a.ramp === "stop" ? -1 : 1) : 0) - ("ramp" in b ? (b.ramp === "stop" ? -1 : 1) : 0));
    for (const x of marks) {
      if ("ramp" in x) {
        if (x.ramp === "start" && x.text) ramp = { from: x.text, bar: bars[j]! };
        else if (x.ramp === "stop" && ramp) rampEnded = { j, at: x.at };
        continue;
      }
      if (ramp && !rampEnded && x.hidden) continue; // a notation program's steps through the ramp
      const value = x.modulation ? (qpm ?? DEFAULT_QPM).mul(x.modulation) : x.qpm;
      const beat = j < lead ? Rational.ONE : beatOf(j, x.at);
      const isRamp = !!ramp && !!rampEnded && j >= lead;
      put(bar, beat, { ...exactTempo(value, pulseQ(j), rate), ...(isRamp ? { ramp: true } : {}) });
      if (isRamp) ramps++;
      if (ramp && !rampEnded && !x.hidden) warnings.push(`The ${ramp.from} from bar ${ramp.bar} meets a tempo (bar ${bars[j]}) before its line ends: read as no ramp.`);
      if (ramp && (rampEnded || !x.hidden)) [ramp, rampEnded] = [undefined, undefined];
      qpm = value;
    }
  });
  if (ramp) warnings.push(`The ${ramp.from} from bar ${ramp.bar} arrives at no tempo: read as no change of tempo.`);
  const opening = tempo.find((e) => e.bar === 1 && e.beat === undefined);
  if (!opening || (opening.bpm === undefined && opening.click === undefined)) {
    const firstTempo = measures.flatMap((m) => m.tempos)[0];
    warnings.push(firstTempo ? `The score's first tempo comes after bar 1: bar 1 is played at 120 quarters a minute, as notation programs play it.` : "The score has no tempo: 120 quarters a minute is used (notation programs' default); set the cue's tempo.");
    put(1, Rational.ONE, exactTempo(DEFAULT_QPM, pulseQ(lead), rate));
  }
  tempo.sort((a, b) => (a.bar ?? 1) - (b.bar ?? 1) || (a.beat ?? 1) - (b.beat ?? 1));
  // A ramp cannot start the map.
  if (tempo[0]?.ramp) delete tempo[0].ramp;

  // Hits: words with a timecode (Sprocket's own say where they were placed), and rehearsal marks.
  const hits: DraftHit[] = [];
  const seen = new Set<string>();
  measures.forEach((m, j) => {
    for (const t of m.texts) {
      const tc = TIMECODE.exec(t.text);
      let hit: DraftHit | undefined;
      if (tc) {
        let frame: number;
        try {
          frame = parseTimecode(tc[1]!.replace(/[.,]/g, ":"), rate);
        } catch {
          warnings.push(`Measure ${m.number} (line ${t.line}): "${t.text}" holds ${tc[1]}, not a timecode at ${rate.name}: left out.`);
          continue;
        }
        const rest = t.text.replace(tc[1]!, " ").replace(/\s+/g, " ").trim();
        const paren = /\s*\(([^()]*)\)\s*$/.exec(rest);
        const label = (paren ? rest.slice(0, paren.index) : rest).trim() || formatTimecode(frame, rate);
        const place = paren ? BAR_BEAT.exec(paren[1]!.trim()) : null;
        hit = place ? { bar: Number(place[1]), beat: Number(place[2]), label } : { at: formatTimecode(frame + (options.shift ?? 0), rate), label };
      } else if (t.rehearsal && bars[j]! < 1) {
        warnings.push(`The rehearsal mark "${t.text}" before bar 1 (measure ${m.number}) is left out: a hit before bar 1 needs a timecode.`);
      } else if (t.rehearsal) {
        hit = { bar: bars[j]!, beat: Number(beatOf(j, t.at).toDecimal(6).replace("…", "")), label: m.pass > 1 ? `${t.text} (time ${m.pass})` : t.text };
      }
      if (!hit) continue;
      const key = JSON.stringify(hit);
      if (seen.has(key)) continue;
      seen.add(key);
      hits.push(hit);
    }
  });
  let endQuarters = Rational.ZERO;
  for (let j = lead; j < measures.length; j++) endQuarters = endQuarters.add(lengthOf(j));
  return {
    draft: { title: options.project, fps: rate.name, cue: { id: options.id, title: options.title, start: options.start, countIn, tempo, hits } },
    warnings, ramps, endQuarters,
  };
}
