import { Rational } from "../engine/rational.js";
import { UserError } from "../errors.js";
import { readZip } from "../system/zip.js";
import { childrenNamed, parseXml, type XmlElement } from "./xml-tree.js";

/**
 * A MusicXML score (score-partwise, .musicxml / .xml, or compressed .mxl) read for its time: the
 * first part's measures in the order they are played (repeats and volta endings unrolled), each
 * with its length (what its notes fill: a pick-up bar is shorter than its time signature), its time
 * signature, the tempos written in it (`sound tempo`, else a metronome mark, or a metric modulation
 * from the tempo before), ramps ("accel."/"rit." with a dashed line), rehearsal marks and words, each
 * at its place in quarter notes from the bar's start. Every part shares the measures, so the first
 * part is enough. D.C., D.S. and codas are refused (say where), not guessed.
 */

export interface ScoreTempo {
  at: Rational;
  /** Quarter notes a minute. */
  qpm: Rational;
  /** The metronome mark's beat unit (a fraction of a whole note), when one is shown. */
  unit?: Rational;
  /** Unseen (a `sound` with no mark): a notation program's playback only. */
  hidden: boolean;
  /** A metric modulation (no number): the new tempo is the one before times this. */
  modulation?: Rational;
  /** The mark's line in the file. */
  line: number;
}

export interface ScoreText {
  at: Rational;
  text: string;
  rehearsal: boolean;
  line: number;
}

export interface ScoreMeasureRead {
  /** The measure's number as written, and its 1-based place among the part's measures. */
  number: string;
  index: number;
  /** Which time it is played (repeats): 1, 2, ... */
  pass: number;
  implicit: boolean;
  /** In quarter notes: what the notes fill (the time signature's length when empty). */
  length: Rational;
  /** The time signature in force: `beats` may be additive ("2+2+3"). */
  beats: number;
  beatType: number;
  meterText: string;
  tempos: ScoreTempo[];
  texts: ScoreText[];
  /** "accel."/"rit." with a dashed line: where its line starts or stops. */
  ramps: { at: Rational; kind: "start" | "stop"; text?: string }[];
  line: number;
}

export interface ScoreRead {
  /** The work's title (a cue's title, in Sprocket's scores), and the movement's (the project's). */
  title?: string;
  movement?: string;
  composer?: string;
  /** The header's miscellaneous fields (Sprocket writes its own: sprocket-cue, -start, -fps, -count-in). */
  fields: Record<string, string>;
  parts: number;
  measures: ScoreMeasureRead[];
  warnings: string[];
}

const NOTE_VALUES: Record<string, Rational> = {
  maxima: Rational.of(8), long: Rational.of(4), breve: Rational.of(2), whole: Rational.ONE, half: Rational.of(1, 2), quarter: Rational.of(1, 4),
  eighth: Rational.of(1, 8), "16th": Rational.of(1, 16), "32nd": Rational.of(1, 32), "64th": Rational.of(1, 64), "128th": Rational.of(1, 128), "256th": Rational.of(1, 256),
};
const RAMP_WORDS = /^(accel(\.|erando)?|string(\.|endo)|rit(\.|ard(\.|ando)?|enuto)?|rall(\.|entando)?|allarg(\.|ando)?|poco a poco (accel|rit|rall)\S*|molto (accel|rit|rall)\S*)$/i;
const JUMP_WORDS = /^(d\.\s?c\.|d\.\s?s\.|da capo|dal segno|to coda|al coda|al fine|fine)(?=\s|$)/i;
/** Unrolled measures at most: a repeat that would play more is refused. */
const MAX_PLAYED = 20_000;

/** The score's XML, from a .musicxml/.xml text or a .mxl archive (its container's first root file). */
export function scoreXml(bytes: Buffer, file: string): string {
  if (bytes.subarray(0, 4).toString("latin1") !== "PK\u0003\u0004") return bytes.toString("utf8");
  const entries = readZip(bytes, file);
  const container = entries.get("META-INF/container.xml");
  let name: string | undefined;
  if (container) {
    const root = parseXml(container.toString("utf8"), `${file} (META-INF/container.xml)`);
    name = root.children.find((c) => c.name === "rootfiles")?.children.find((c) => c.name === "rootfile")?.attrs["full-path"];
  }
  name ??= [...entries.keys()].find((n) => !n.startsWith("META-INF/") && /\.(musicxml|xml)$/i.test(n));
  const data = name ? entries.get(name) : undefined;
  if (!data) throw new UserError({ message: `${file} is a ZIP archive without a MusicXML score in it${name ? ` (its container names ${name}, which is not there)` : ""}.`, location: { file }, expected: "a compressed MusicXML file (.mxl): META-INF/container.xml naming the score inside" });
  return data.toString("utf8");
}

export function readMusicXml(text: string, file: string): ScoreRead {
  const root = parseXml(text, file);
  const say = (message: string, el?: XmlElement, extra: { expected?: string; hint?: string; received?: string } = {}): never => {
    throw new UserError({ message: `${file}: ${message}`, location: { file, ...(el ? { line: el.line, column: el.column } : {}) }, ...extra });
  };
  if (root.name === "score-timewise") say("this is a timewise MusicXML score, which Sprocket does not read.", root, { hint: "Export the score as MusicXML again (notation programs write partwise scores)." });
  if (root.name !== "score-partwise") say(`its root element is <${root.name}>, not <score-partwise>: it is not a MusicXML score.`, root, { expected: "<score-partwise>" });
  const warnings: string[] = [];
  const parts = childrenNamed(root, "part");
  if (!parts.length) say("the score has no <part>.", root);
  const part = parts[0]!;
  const measuresXml = childrenNamed(part, "measure");
  if (!measuresXml.length) say(`the part "${part.attrs.id ?? "?"}" has no measures.`, part);

  const fields: Record<string, string> = {};
  for (const f of root.children.find((c) => c.name === "identification")?.children.find((c) => c.name === "miscellaneous")?.children ?? []) if (f.attrs.name) fields[f.attrs.name] = f.text;
  const title = root.children.find((c) => c.name === "work")?.children.find((c) => c.name === "work-title")?.text;
  const movement = root.children.find((c) => c.name === "movement-title")?.text;
  const composer = root.children.find((c) => c.name === "identification")?.children.find((c) => c.name === "creator" && c.attrs.type === "composer")?.text;

  let divisions = 1;
  let beats = 4, beatType = 4, meterText = "4/4", sawTime = false;
  const number = (el: XmlElement, what: string, min = 0) => {
    const v = Number(el.text);
    if (!el.text || !Number.isFinite(v) || v < min) say(`<${el.name}> holds ${JSON.stringify(el.text)}, not ${what}.`, el, { expected: what });
    return v;
  };
  const durationOf = (el: XmlElement): Rational => {
    const d = el.children.find((c) => c.name === "duration");
    if (!d) return Rational.ZERO;
    const v = Rational.parse(d.text);
    if (!v || v.lt(0)) return say(`a <duration> holds ${JSON.stringify(d.text)}, not a number of divisions.`, d, { expected: "a whole number of divisions" });
    return v.div(divisions);
  };

  interface Raw extends Omit<ScoreMeasureRead, "pass"> {
    forward: boolean;
    backward?: number;
    endingStart?: number[];
    endingStop: boolean;
  }
  const raw: Raw[] = measuresXml.map((m, index) => {
    let cursor = Rational.ZERO, filled = Rational.ZERO;
    const out: Raw = { number: m.attrs.number ?? String(index + 1), index: index + 1, implicit: m.attrs.implicit === "yes", length: Rational.ZERO, beats, beatType, meterText, tempos: [], texts: [], ramps: [], line: m.line, forward: false, endingStop: false };
    const tempoFrom = (dir: XmlElement, sound: XmlElement | undefined) => {
      const metronome = dir.children.flatMap((t) => t.children).find((c) => c.name === "metronome");
      if (sound?.attrs.tempo !== undefined) {
        const qpm = Rational.parse(sound.attrs.tempo);
        if (!qpm || !qpm.gt(0)) return say(`a <sound tempo="${sound.attrs.tempo}"> is not a tempo.`, sound, { expected: "quarter notes a minute, above 0" });
        const unit = metronome ? unitsOf(metronome)[0] : undefined;
        out.tempos.push({ at: cursor, qpm, ...(unit ? { unit } : {}), hidden: !metronome, line: sound.line });
        return;
      }
      if (!metronome) return;
      const units = unitsOf(metronome);
      const per = metronome.children.find((c) => c.name === "per-minute");
      if (units.length === 2) {
        // A metric modulation: the first note value (at the old tempo) equals the second (at the new).
        out.tempos.push({ at: cursor, qpm: Rational.ZERO, unit: units[1]!, hidden: false, line: metronome.line, modulation: units[1]!.div(units[0]!) });
        return;
      }
      const value = per ? /\d+(\.\d+)?/.exec(per.text)?.[0] : undefined;
      if (!units[0] || !value) {
        warnings.push(`Measure ${out.number} (line ${metronome.line}): a metronome mark without a number (${JSON.stringify(per?.text ?? "")}) is left out.`);
        return;
      }
      out.tempos.push({ at: cursor, qpm: Rational.parse(value)!.mul(units[0].mul(4)), unit: units[0], hidden: false, line: metronome.line });
    };
    for (const c of m.children) {
      if (c.name === "attributes") {
        const d = c.children.find((x) => x.name === "divisions");
        if (d) divisions = number(d, "a number of divisions above 0", 1e-9);
        const t = c.children.find((x) => x.name === "time");
        if (t) {
          if (t.children.some((x) => x.name === "senza-misura")) say(`measure ${out.number} is senza misura (no time signature): a tempo map needs bars.`, t);
          const b = childrenNamed(t, "beats"), bt = childrenNamed(t, "beat-type");
          if (!b.length || b.length !== bt.length) say(`measure ${out.number}'s <time> has ${b.length} <beats> and ${bt.length} <beat-type>.`, t, { expected: "a <beats> and a <beat-type> for each part of the signature" });
          // Composite signatures (3/4 + 3/8) add up in the smallest note value; additive beats (2+2+3) add.
          const denominators = bt.map((x) => number(x, "a note value (1, 2, 4, 8...)", 1));
          const common = Math.max(...denominators);
          let total = 0;
          b.forEach((x, k) => {
            const sum = x.text.split("+").reduce((a, s) => a + Number(s.trim()), 0);
            if (!Number.isInteger(sum) || sum < 1) say(`measure ${out.number}'s time signature has beats ${JSON.stringify(x.text)}.`, x, { expected: "a whole number of beats, or an additive one such as 2+2+3" });
            total += (sum * common) / denominators[k]!;
          });
          [beats, beatType] = [total, common];
          meterText = b.map((x, k) => `${x.text.trim()}/${denominators[k]}`).join("+");
          [out.beats, out.beatType, out.meterText] = [beats, beatType, meterText];
          sawTime = true;
        }
      } else if (c.name === "note") {
        if (c.children.some((x) => x.name === "chord" || x.name === "grace")) continue;
        cursor = cursor.add(durationOf(c));
      } else if (c.name === "backup") cursor = cursor.sub(durationOf(c));
      else if (c.name === "forward") cursor = cursor.add(durationOf(c));
      else if (c.name === "direction") {
        const sound = c.children.find((x) => x.name === "sound");
        if (sound && ["dacapo", "dalsegno", "tocoda", "fine"].some((a) => sound.attrs[a] !== undefined)) say(`measure ${out.number} has a jump (D.C., D.S., coda or fine), which Sprocket does not unroll.`, sound, { hint: "Write the music out as played (or remove the jump) and export the score again." });
        tempoFrom(c, sound);
        for (const t of c.children.filter((x) => x.name === "direction-type").flatMap((x) => x.children)) {
          const text = t.text.replace(/\s+/g, " ").trim();
          if (t.name === "words" && JUMP_WORDS.test(text)) say(`measure ${out.number} says "${text}", a jump Sprocket does not unroll.`, t, { hint: "Write the music out as played (or remove the jump) and export the score again." });
          if ((t.name === "words" || t.name === "rehearsal") && text) out.texts.push({ at: cursor, text, rehearsal: t.name === "rehearsal", line: t.line });
          if (t.name === "dashes" && (t.attrs.type === "start" || t.attrs.type === "stop")) {
            const words = c.children.flatMap((x) => x.children).find((x) => x.name === "words" && RAMP_WORDS.test(x.text.trim()));
            if (t.attrs.type === "stop" || words) out.ramps.push({ at: cursor, kind: t.attrs.type, ...(words ? { text: words.text.trim() } : {}) });
          }
        }
      } else if (c.name === "sound") {
        if (["dacapo", "dalsegno", "tocoda", "fine"].some((a) => c.attrs[a] !== undefined)) say(`measure ${out.number} has a jump (D.C., D.S., coda or fine), which Sprocket does not unroll.`, c);
        tempoFrom({ ...c, children: [] }, c);
      } else if (c.name === "barline") {
        const repeat = c.children.find((x) => x.name === "repeat");
        if (repeat?.attrs.direction === "forward") out.forward = true;
        if (repeat?.attrs.direction === "backward") out.backward = repeat.attrs.times !== undefined ? Number(repeat.attrs.times) : 2;
        const ending = c.children.find((x) => x.name === "ending");
        if (ending?.attrs.type === "start") out.endingStart = (ending.attrs.number ?? "1").split(/[,\s]+/).filter(Boolean).map(Number);
        if (ending && (ending.attrs.type === "stop" || ending.attrs.type === "discontinue")) out.endingStop = true;
        if (c.children.some((x) => x.name === "segno" || x.name === "coda")) say(`measure ${out.number} has a segno or coda sign, a jump Sprocket does not unroll.`, c);
      }
      if (cursor.lt(0)) say(`measure ${out.number} backs up before its start.`, c);
      if (cursor.gt(filled)) filled = cursor;
    }
    out.length = filled.gt(0) ? filled : Rational.of(beats * 4, beatType);
    return out;
  });
  if (!sawTime) warnings.push("The score has no time signature: 4/4 is used.");

  // Repeats and volta endings unrolled: the order the measures are played in.
  const measures: ScoreMeasureRead[] = [];
  let start = 0, pass = 1, skipping = false;
  for (let i = 0; i < raw.length; ) {
    const m = raw[i]!;
    if (m.forward && i !== start) [start, pass] = [i, 1];
    if (m.endingStart) skipping = !m.endingStart.includes(pass);
    const skipped = skipping;
    if (!skipped) {
      const { forward: _f, backward: _b, endingStart: _s, endingStop: _e, ...measure } = m;
      measures.push({ ...measure, pass });
      if (measures.length > MAX_PLAYED) say(`the repeats play more than ${MAX_PLAYED} measures.`, measuresXml[i]);
    }
    if (m.endingStop) skipping = false;
    // A backward repeat in an ending not taken this time is not played.
    if (m.backward !== undefined && !skipped) {
      if (pass < m.backward) {
        pass++;
        i = start;
        continue;
      }
      [start, pass] = [i + 1, 1];
    }
    i++;
  }
  return { ...(title ? { title } : {}), ...(movement ? { movement } : {}), ...(composer ? { composer } : {}), fields, parts: parts.length, measures, warnings };
}

/** A metronome mark's note values (one, or two for a metric modulation), dots counted. */
function unitsOf(metronome: XmlElement): Rational[] {
  const units: Rational[] = [];
  let base = Rational.ZERO;
  let dots = 0;
  for (const c of metronome.children) {
    if (c.name === "beat-unit" && NOTE_VALUES[c.text]) {
      [base, dots] = [NOTE_VALUES[c.text]!, 0];
      units.push(base);
    } else if (c.name === "beat-unit-dot" && units.length) {
      dots++;
      units[units.length - 1] = units[units.length - 1]!.add(base.div(2 ** dots));
    }
  }
  return units;
}
