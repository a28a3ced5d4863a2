import { pulseQuarters, type Meter } from "../engine/meter.js";
import { Rational } from "../engine/rational.js";
import type { ScoreMark, ScoreMeasure, ScoreModel } from "./score-model.js";

/**
 * A score skeleton as MusicXML 4.0 (score-partwise): one "Click" part on a one-line percussion staff,
 * whole-bar rests (or, with `clicks`, a note on every click, the bar's first accented), every meter,
 * every tempo mark (a metronome mark in the pulse's note value, the exact tempo as `sound tempo` in
 * quarters a minute), ramps as "accel."/"rit." with a dashed line to the arrival tempo and unseen
 * tempo steps, and every hit as words above the staff. The count-in's bars are numbered as the click
 * counts them (0, -1, ...) and marked implicit, so notation programs number bar 1 as 1. Sprocket's
 * own fields (cue, bar 1's timecode, rate, count-in) are in the header's miscellaneous fields.
 */

export const MUSICXML_MEDIA_TYPE = "application/vnd.recordare.musicxml+xml";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A non-negative number as a decimal of at most `places` places, trailing zeros dropped. */
export function decimal(x: Rational | number, places: number): string {
  const r = typeof x === "number" ? Rational.fromNumber(x) : x;
  const scaled = r.mul(10n ** BigInt(places)).round();
  const neg = scaled < 0n;
  const digits = (neg ? -scaled : scaled).toString().padStart(places + 1, "0");
  const whole = digits.slice(0, digits.length - places);
  const frac = digits.slice(digits.length - places).replace(/0+$/, "");
  return `${neg ? "-" : ""}${whole}${frac ? "." + frac : ""}`;
}

const NOTE_TYPES: Record<string, string> = { "1": "whole", "1/2": "half", "1/4": "quarter", "1/8": "eighth", "1/16": "16th", "1/32": "32nd", "1/64": "64th" };

/** A note value (a fraction of a whole note) as a MusicXML type and dots, when one note can show it. */
export function noteValue(value: Rational): { type: string; dots: number } | undefined {
  for (const dots of [0, 1, 2]) {
    // A value with `dots` dots is the plain value times (2 - 2^-dots).
    const plain = value.div(Rational.of(2).sub(Rational.of(1, 2 ** dots)));
    const type = NOTE_TYPES[plain.toString()];
    if (type) return { type, dots };
  }
  return undefined;
}

const tempoDirection = (m: Extract<ScoreMark, { kind: "tempo" }>) => {
  const unit = noteValue(m.pulse);
  const [beatUnit, perMinute] = unit ? [unit, m.bpm] : [{ type: "quarter", dots: 0 }, m.qpm];
  return `<direction placement="above"><direction-type><metronome parentheses="no"><beat-unit>${beatUnit.type}</beat-unit>${"<beat-unit-dot/>".repeat(beatUnit.dots)}<per-minute>${decimal(perMinute, 1)}</per-minute></metronome></direction-type><sound tempo="${decimal(m.qpm, 12)}"/></direction>`;
};

function markXml(m: ScoreMark): string {
  switch (m.kind) {
    case "tempo":
      return tempoDirection(m);
    case "ramp":
      return `<direction placement="above"><direction-type><words font-style="italic">${m.text}</words></direction-type><direction-type><dashes type="start" number="1"/></direction-type></direction>`;
    case "rampEnd":
      return `<direction placement="above"><direction-type><dashes type="stop" number="1"/></direction-type></direction>`;
    case "step":
      return `<sound tempo="${decimal(m.qpm, 6)}"/>`;
    case "hit":
      return `<direction placement="above"><direction-type><words>${esc(m.text)}</words></direction-type></direction>`;
  }
}

/** Groups of clicks under one beam: threes in compound meters, otherwise a quarter's worth (the remainder joins the last group). */
function beamGroups(meter: Meter, perBar: number, pulse: Rational): number[] {
  const compound = meter.numerator % 3 === 0 && meter.numerator > 3 && pulse.eq(Rational.of(1, meter.denominator));
  const size = compound ? 3 : Math.max(1, Number(Rational.of(1, 4).div(pulse).floor()));
  const groups: number[] = [];
  for (let left = perBar; left > 0; left -= size) groups.push(Math.min(size, left));
  if (groups.length > 1 && groups[groups.length - 1]! < size && groups[groups.length - 1]! === 1) groups[groups.length - 2]! += groups.pop()!;
  return groups;
}

/** The bar's notes: a whole-bar rest, or a note on every click. */
function barNotes(m: ScoreMeasure, divisions: number, clicks: boolean): string {
  const dur = (q: Rational) => String(q.mul(divisions).round());
  const value = noteValue(m.meter.pulse);
  if (!clicks || !value) return `<note><rest measure="yes"/><duration>${dur(m.length)}</duration><voice>1</voice></note>`;
  const beamed = value.dots === 0 && ["eighth", "16th", "32nd", "64th"].includes(value.type);
  const groups = beamGroups(m.meter, m.meter.pulsesPerBar, m.meter.pulse);
  const out: string[] = [];
  let k = 0;
  for (const g of groups) {
    for (let i = 0; i < g; i++, k++) {
      const beam = beamed && g > 1 ? `<beam number="1">${i === 0 ? "begin" : i === g - 1 ? "end" : "continue"}</beam>` : "";
      const accent = k === 0 ? "<notations><articulations><accent/></articulations></notations>" : "";
      out.push(`<note><unpitched><display-step>B</display-step><display-octave>4</display-octave></unpitched><duration>${dur(pulseQuarters(m.meter))}</duration><instrument id="P1-I1"/><voice>1</voice><type>${value.type}</type>${"<dot/>".repeat(value.dots)}<stem>up</stem>${beam}${accent}</note>`);
    }
  }
  return out.join("");
}

function measureXml(m: ScoreMeasure, first: boolean, last: boolean, model: ScoreModel, clicks: boolean): string {
  const dur = (q: Rational) => String(q.mul(model.divisions).round());
  const out: string[] = [`<measure number="${m.bar}"${m.bar < 1 ? ' implicit="yes"' : ""}>`];
  const time = m.showMeter ? `<time><beats>${m.meter.numerator}</beats><beat-type>${m.meter.denominator}</beat-type></time>` : "";
  if (first) out.push(`<attributes><divisions>${model.divisions}</divisions>${time}<clef><sign>percussion</sign></clef><staff-details><staff-lines>1</staff-lines></staff-details></attributes>`);
  else if (time) out.push(`<attributes>${time}</attributes>`);
  const atStart = m.marks.filter((x) => x.at.eq(0));
  const later = m.marks.filter((x) => x.at.gt(0));
  out.push(...atStart.map(markXml), barNotes(m, model.divisions, clicks));
  if (later.length) {
    out.push(`<backup><duration>${dur(m.length)}</duration></backup>`);
    let cursor = Rational.ZERO;
    for (const x of later) {
      if (x.at.gt(cursor)) out.push(`<forward><duration>${dur(x.at.sub(cursor))}</duration></forward>`);
      cursor = x.at;
      out.push(markXml(x));
    }
    if (cursor.lt(m.length)) out.push(`<forward><duration>${dur(m.length.sub(cursor))}</duration></forward>`);
  }
  if (last) out.push(`<barline location="right"><bar-style>light-heavy</bar-style></barline>`);
  return `${out.join("\n      ")}\n    </measure>`;
}

export interface MusicXmlOptions {
  /** A note on every click instead of whole-bar rests. */
  clicks?: boolean;
  /** The program's name and version, for the header. */
  software: string;
  composer?: string;
}

export function writeMusicXml(model: ScoreModel, options: MusicXmlOptions): string {
  const heading = model.title ? `${model.id} ${model.title}` : model.id;
  const under = `Cue ${model.id}, bar 1 at ${model.startTimecode} (${model.rate.name} fps)`;
  const fields: [string, string][] = [["sprocket-cue", model.id], ["sprocket-start", model.startTimecode], ["sprocket-end", model.endTimecode], ["sprocket-fps", model.rate.name], ["sprocket-count-in", String(model.countIn)]];
  const lines = [
    `<?xml version="1.0" encoding="UTF-8" standalone="no"?>`,
    `<!DOCTYPE score-partwise PUBLIC "-//Recordare//DTD MusicXML 4.0 Partwise//EN" "http://www.musicxml.org/dtds/partwise.dtd">`,
    `<score-partwise version="4.0">`,
    `  <work><work-number>${esc(model.id)}</work-number>${model.title ? `<work-title>${esc(model.title)}</work-title>` : ""}</work>`,
    ...(model.project ? [`  <movement-title>${esc(model.project)}</movement-title>`] : []),
    `  <identification>`,
    ...(options.composer ? [`    <creator type="composer">${esc(options.composer)}</creator>`] : []),
    `    <encoding><software>${esc(options.software)}</software></encoding>`,
    `    <miscellaneous>${fields.map(([k, v]) => `<miscellaneous-field name="${k}">${esc(v)}</miscellaneous-field>`).join("")}</miscellaneous>`,
    `  </identification>`,
    `  <credit page="1"><credit-type>title</credit-type><credit-words justify="center" valign="top" font-size="20">${esc(heading)}</credit-words></credit>`,
    `  <credit page="1"><credit-type>subtitle</credit-type><credit-words justify="center" valign="top" font-size="12">${esc(under)}</credit-words></credit>`,
    `  <part-list>`,
    `    <score-part id="P1"><part-name>Click</part-name><score-instrument id="P1-I1"><instrument-name>Click</instrument-name></score-instrument><midi-instrument id="P1-I1"><midi-channel>10</midi-channel><midi-program>1</midi-program><midi-unpitched>77</midi-unpitched></midi-instrument></score-part>`,
    `  </part-list>`,
    `  <part id="P1">`,
    ...model.measures.map((m, i) => `    ${measureXml(m, i === 0, i === model.measures.length - 1, model, !!options.clicks)}`),
    `  </part>`,
    `</score-partwise>`,
    "",
  ];
  return lines.join("\n");
}

/** The META-INF/container.xml of a compressed MusicXML (.mxl) file whose score is `name`. */
export const mxlContainer = (name: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<container>\n  <rootfiles>\n    <rootfile full-path="${esc(name)}" media-type="${MUSICXML_MEDIA_TYPE}"/>\n  </rootfiles>\n</container>\n`;

