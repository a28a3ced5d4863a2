import { SaxesParser } from "saxes";

/**
 * The test's own reading of a MusicXML file: a tree of elements, the MusicXML 4.0 schema's rules for
 * every element Sprocket writes (children allowed, their order, required and enumerated attributes),
 * and a walk of each measure's time (durations, backups and forwards) that places every direction
 * in quarters from the score's start. Written from the MusicXML 4.0 reference, not from Sprocket's code.
 */
export interface El {
  name: string;
  attrs: Record<string, string>;
  children: El[];
  text: string;
}

export function parse(xml: string): El {
  const p = new SaxesParser();
  const stack: El[] = [];
  let root: El | undefined;
  p.on("opentag", (t) => {
    const el: El = { name: t.name, attrs: { ...(t.attributes as Record<string, string>) }, children: [], text: "" };
    stack[stack.length - 1]?.children.push(el);
    root ??= el;
    stack.push(el);
  });
  p.on("text", (t) => {
    if (stack.length) stack[stack.length - 1]!.text += t;
  });
  p.on("closetag", () => void stack.pop());
  p.write(xml).close();
  return root!;
}

/** Each element's children as the schema orders them: a list of [name, min, max] groups, or "any of" for a choice repeated. */
type Rule = { seq: [string | string[], number, number][] } | { anyOf: string[] } | { text: RegExp };
const DECIMAL = /^\d+(\.\d+)?$/;
const RULES: Record<string, Rule> = {
  "score-partwise": { seq: [["work", 0, 1], ["movement-number", 0, 1], ["movement-title", 0, 1], ["identification", 0, 1], ["defaults", 0, 1], ["credit", 0, 99], ["part-list", 1, 1], ["part", 1, 99]] },
  work: { seq: [["work-number", 0, 1], ["work-title", 0, 1], ["opus", 0, 1]] },
  "work-number": { text: /[\s\S]*/ },
  "work-title": { text: /[\s\S]*/ },
  "movement-title": { text: /[\s\S]*/ },
  identification: { seq: [["creator", 0, 99], ["rights", 0, 99], ["encoding", 0, 1], ["source", 0, 1], ["relation", 0, 99], ["miscellaneous", 0, 1]] },
  creator: { text: /[\s\S]*/ },
  encoding: { anyOf: ["encoding-date", "encoder", "software", "encoding-description", "supports"] },
  software: { text: /[\s\S]*/ },
  miscellaneous: { seq: [["miscellaneous-field", 0, 99]] },
  "miscellaneous-field": { text: /[\s\S]*/ },
  credit: { seq: [["credit-type", 0, 99], ["link", 0, 99], ["bookmark", 0, 99], ["credit-words", 1, 99]] },
  "credit-type": { text: /^.+$/ },
  "credit-words": { text: /[\s\S]*/ },
  "part-list": { seq: [["score-part", 1, 99]] },
  "score-part": { seq: [["identification", 0, 1], ["part-name", 1, 1], ["part-abbreviation", 0, 1], ["group", 0, 99], ["score-instrument", 0, 99], ["midi-instrument", 0, 99]] },
  "part-name": { text: /[\s\S]*/ },
  "score-instrument": { seq: [["instrument-name", 1, 1], ["instrument-abbreviation", 0, 1]] },
  "instrument-name": { text: /.+/ },
  "midi-instrument": { seq: [["midi-channel", 0, 1], ["midi-name", 0, 1], ["midi-bank", 0, 1], ["midi-program", 0, 1], ["midi-unpitched", 0, 1], ["volume", 0, 1], ["pan", 0, 1]] },
  "midi-channel": { text: /^([1-9]|1[0-6])$/ },
  "midi-program": { text: /^([1-9]\d?|1[01]\d|12[0-8])$/ },
  "midi-unpitched": { text: /^([1-9]\d?|1[01]\d|12[0-8])$/ },
  part: { seq: [["measure", 1, 9999]] },
  measure: { anyOf: ["note", "backup", "forward", "direction", "attributes", "harmony", "figured-bass", "print", "sound", "listening", "barline", "grouping", "link", "bookmark"] },
  attributes: { seq: [["footnote", 0, 1], ["level", 0, 1], ["divisions", 0, 1], ["key", 0, 99], ["time", 0, 99], ["staves", 0, 1], ["part-symbol", 0, 1], ["instruments", 0, 1], ["clef", 0, 99], ["staff-details", 0, 99], ["transpose", 0, 99]] },
  divisions: { text: /^\d+$/ },
  time: { seq: [["beats", 1, 1], ["beat-type", 1, 1]] },
  beats: { text: /^\d+$/ },
  "beat-type": { text: /^(1|2|4|8|16|32|64)$/ },
  clef: { seq: [["sign", 1, 1], ["line", 0, 1]] },
  sign: { text: /^(G|F|C|percussion|TAB|jianpu|none)$/ },
  "staff-details": { seq: [["staff-type", 0, 1], ["staff-lines", 0, 1]] },
  "staff-lines": { text: /^\d+$/ },
  direction: { seq: [["direction-type", 1, 99], ["offset", 0, 1], ["footnote", 0, 1], ["level", 0, 1], ["voice", 0, 1], ["staff", 0, 1], ["sound", 0, 1], ["listening", 0, 1]] },
  "direction-type": { anyOf: ["rehearsal", "segno", "coda", "words", "symbol", "wedge", "dynamics", "dashes", "bracket", "pedal", "metronome", "octave-shift", "other-direction"] },
  words: { text: /[\s\S]*/ },
  rehearsal: { text: /.+/ },
  dashes: { text: /^$/ },
  metronome: { seq: [["beat-unit", 1, 1], ["beat-unit-dot", 0, 9], ["per-minute", 1, 1]] },
  "beat-unit": { text: /^(1024th|512th|256th|128th|64th|32nd|16th|eighth|quarter|half|whole|breve|long|maxima)$/ },
  "beat-unit-dot": { text: /^$/ },
  "per-minute": { text: /.+/ },
  sound: { seq: [] },
  note: { seq: [["grace", 0, 1], ["chord", 0, 1], [["pitch", "unpitched", "rest"], 1, 1], ["duration", 1, 1], ["tie", 0, 2], ["instrument", 0, 99], ["voice", 0, 1], ["type", 0, 1], ["dot", 0, 9], ["accidental", 0, 1], ["time-modification", 0, 1], ["stem", 0, 1], ["notehead", 0, 1], ["staff", 0, 1], ["beam", 0, 8], ["notations", 0, 99]] },
  rest: { seq: [["display-step", 0, 1], ["display-octave", 0, 1]] },
  unpitched: { seq: [["display-step", 1, 1], ["display-octave", 1, 1]] },
  "display-step": { text: /^[A-G]$/ },
  "display-octave": { text: /^\d$/ },
  duration: { text: /^\d+$/ },
  voice: { text: /^.+$/ },
  type: { text: /^(1024th|512th|256th|128th|64th|32nd|16th|eighth|quarter|half|whole|breve|long|maxima)$/ },
  dot: { text: /^$/ },
  stem: { text: /^(down|up|double|none)$/ },
  beam: { text: /^(begin|continue|end|forward hook|backward hook)$/ },
  notations: { anyOf: ["articulations", "tied", "slur", "fermata"] },
  articulations: { anyOf: ["accent", "strong-accent", "staccato", "tenuto"] },
  accent: { text: /^$/ },
  instrument: { text: /^$/ },
  backup: { seq: [["duration", 1, 1]] },
  forward: { seq: [["duration", 1, 1], ["voice", 0, 1], ["staff", 0, 1]] },
  barline: { seq: [["bar-style", 0, 1]] },
  "bar-style": { text: /^(regular|dotted|dashed|heavy|light-light|light-heavy|heavy-light|heavy-heavy|tick|short|none)$/ },
};
/** Attributes: required ones, and the values enumerated ones may take. */
const ATTRS: Record<string, Record<string, RegExp | "required">> = {
  "score-partwise": { version: /^4\.0$/ },
  measure: { number: "required", implicit: /^(yes|no)$/ },
  part: { id: "required" },
  "score-part": { id: "required" },
  "score-instrument": { id: "required" },
  instrument: { id: "required" },
  "midi-instrument": { id: "required" },
  direction: { placement: /^(above|below)$/ },
  dashes: { type: /^(start|stop|continue)$/, number: /^[1-6]$/ },
  sound: { tempo: DECIMAL },
  rest: { measure: /^(yes|no)$/ },
  metronome: { parentheses: /^(yes|no)$/ },
  words: { "font-style": /^(normal|italic)$/ },
  barline: { location: /^(right|left|middle)$/ },
  beam: { number: /^[1-8]$/ },
  "miscellaneous-field": { name: "required" },
  "credit-words": { justify: /^(left|center|right)$/, valign: /^(top|middle|bottom|baseline)$/, "font-size": DECIMAL },
  credit: { page: /^\d+$/ },
  creator: {},
};

/** Every way the tree breaks the rules above, as "path: what". */
export function structureProblems(root: El): string[] {
  const problems: string[] = [];
  const walk = (el: El, path: string) => {
    const rule = RULES[el.name];
    if (!rule) problems.push(`${path}: <${el.name}> is not an element this check knows`);
    else if ("text" in rule) {
      if (el.children.length) problems.push(`${path}: <${el.name}> holds elements`);
      if (!rule.text.test(el.text.trim())) problems.push(`${path}: <${el.name}> text ${JSON.stringify(el.text)}`);
    } else if ("anyOf" in rule) {
      for (const c of el.children) if (!rule.anyOf.includes(c.name)) problems.push(`${path}: <${c.name}> is not allowed in <${el.name}>`);
    } else {
      let i = 0;
      for (const [names, min, max] of rule.seq) {
        const ok = (n: string) => (Array.isArray(names) ? names.includes(n) : n === names);
        let k = 0;
        while (i < el.children.length && ok(el.children[i]!.name) && k < max) [i, k] = [i + 1, k + 1];
        if (k < min) problems.push(`${path}: <${el.name}> lacks <${Array.isArray(names) ? names.join("|") : names}>`);
      }
      if (i < el.children.length) problems.push(`${path}: <${el.children[i]!.name}> is out of place in <${el.name}>`);
    }
    for (const [a, want] of Object.entries(ATTRS[el.name] ?? {})) {
      const v = el.attrs[a];
      if (want === "required" && v === undefined) problems.push(`${path}: <${el.name}> lacks ${a}`);
      if (want !== "required" && v !== undefined && !want.test(v)) problems.push(`${path}: <${el.name} ${a}="${v}">`);
    }
    el.children.forEach((c, k) => walk(c, `${path}/${c.name}[${k}]`));
  };
  walk(root, root.name);
  return problems;
}

export interface Placed {
  /** Quarters from the start of the first measure. */
  q: number;
  measure: string;
  el: El;
}

/**
 * Walks the measures' time: each measure's start in quarters, its length (its notes), and every
 * direction and measure-level sound at its place. A measure whose notes do not fill its time
 * signature (and is not implicit), or a cursor that leaves the measure, is a problem.
 */
export function walkMeasures(root: El): { measures: { number: string; start: number; length: number; implicit: boolean; beats: number; beatType: number }[]; placed: Placed[]; problems: string[] } {
  const part = root.children.find((c) => c.name === "part")!;
  const problems: string[] = [];
  const placed: Placed[] = [];
  const measures: { number: string; start: number; length: number; implicit: boolean; beats: number; beatType: number }[] = [];
  let divisions = 1;
  let beats = 4, beatType = 4;
  let start = 0;
  for (const m of part.children) {
    let cursor = 0, filled = 0;
    for (const c of m.children) {
      const dur = () => Number(c.children.find((x) => x.name === "duration")!.text) / divisions;
      if (c.name === "attributes") {
        const d = c.children.find((x) => x.name === "divisions");
        if (d) divisions = Number(d.text);
        const t = c.children.find((x) => x.name === "time");
        if (t) [beats, beatType] = [Number(t.children[0]!.text), Number(t.children[1]!.text)];
      } else if (c.name === "note") {
        if (!c.children.some((x) => x.name === "chord")) cursor += dur();
      } else if (c.name === "backup") cursor -= dur();
      else if (c.name === "forward") cursor += dur();
      else if (c.name === "direction" || c.name === "sound") placed.push({ q: start + cursor, measure: m.attrs.number!, el: c });
      if (cursor < -1e-9) problems.push(`measure ${m.attrs.number}: backs up before its start`);
      filled = Math.max(filled, cursor);
    }
    const full = (beats * 4) / beatType;
    const implicit = m.attrs.implicit === "yes";
    if (Math.abs(filled - full) > 1e-9 && !(implicit && filled < full)) problems.push(`measure ${m.attrs.number}: ${filled} quarters in ${beats}/${beatType}`);
    measures.push({ number: m.attrs.number!, start, length: filled, implicit, beats, beatType });
    start += filled;
  }
  return { measures, placed, problems };
}

/** The words of a direction, joined. */
export const wordsOf = (el: El) => el.children.flatMap((t) => t.children).filter((x) => x.name === "words").map((x) => x.text).join(" ");
