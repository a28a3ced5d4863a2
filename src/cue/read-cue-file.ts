import { readInputText } from "../system/read-input-file.js";
import { UserError, type Problem } from "../errors.js";
import { parseGauge, DEFAULT_GAUGE } from "../engine/feet-frames.js";
import { parseFrameRate, type FrameRate } from "../engine/frame-rate.js";
import { makeMeter, type Meter } from "../engine/meter.js";
import { Rational } from "../engine/rational.js";
import { TempoMap, type TempoEvent } from "../engine/tempo-map.js";
import { parseTempo } from "../engine/tempo-value.js";
import { formatTimecode, framesPerDay, parseTimecode } from "../engine/timecode.js";
import { cuePlan } from "../engine/cue-plan.js";
import { countInFrame, hitFrame } from "../engine/cue-timing.js";
import { CLICK_DEFAULTS, DEFAULTS, type ClickSettings, type Credits, type Cue, type CueFile, type Hit } from "../engine/cue-model.js";
import { readClickSettings } from "./read-click-settings.js";
import { didYouMean } from "./did-you-mean.js";
import { DEFAULT_STREAMER_STYLE, streamerStyleNames } from "../presets/streamer-styles.js";
import { FIELDS } from "./schema.js";
import { Field, YamlSource, type MapField } from "./yaml-field.js";
import type { YNode } from "./yaml-tree.js";

/** Reads and checks a cue file; every problem in it is reported at once in one UserError. */
export function readCueFile(path: string): CueFile {
  return parseCueFile(readInputText(path, "cue file"), path);
}

/** Parses cue-file text (`file` names it in messages). */
export function parseCueFile(text: string, file: string): CueFile {
  return read(text, file).cueFile;
}

/** Parses cue-file text and keeps its YAML tree (with every node's place in the text), for editing it. */
export function parseCueFileWithTree(text: string, file: string): { cueFile: CueFile; tree: YNode | null } {
  const { cueFile, source } = read(text, file);
  return { cueFile, tree: source.tree };
}

/** Every problem of cue-file text, in order (none when it checks), and its YAML tree: for a check that must say where each problem is, not stop. */
export function cueTextProblems(text: string, file: string): { problems: Problem[]; tree: YNode | null } {
  const { source, result } = attempt(text, file);
  return { problems: source.problems.length || !result ? sortProblems(source.problems) : [], tree: source.tree };
}

function attempt(text: string, file: string): { source: YamlSource; result: CueFile | undefined } {
  const source = new YamlSource(file, text);
  return { source, result: source.problems.length ? undefined : readFile(source.root(), file) };
}

function read(text: string, file: string): { cueFile: CueFile; source: YamlSource } {
  const { source, result } = attempt(text, file);
  if (source.problems.length || !result) throw new UserError(sortProblems(source.problems));
  return { cueFile: result, source };
}

function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0));
}

function readFile(root: Field, file: string): CueFile | undefined {
  const top = root.map(FIELDS.file, "a mapping with fps and cues");
  if (!top) return undefined;
  const title = top.has("title") ? top.get("title").string() : undefined;
  const rate = top.require("fps", "a frame rate such as 23.976, 24, 25, \"29.97df\"")?.attempt(() => parseFrameRate(top.get("fps").string() ?? ""));
  const video = top.has("video") ? top.get("video").string("a file path") : undefined;
  const gauge = top.has("gauge") ? top.get("gauge").parse(parseGauge, "a film gauge") : DEFAULT_GAUGE;
  const projectClick = top.has("click") ? readClickSettings(top.get("click"), file) : {};
  const projectStyle = top.has("streamerStyle") ? readStreamerStyle(top.get("streamerStyle")) : DEFAULT_STREAMER_STYLE;
  const projectCredits = readCredits(top, { usage: "original" });
  const cueFields = top.require("cues", "a list of cues")?.list("a list of cues");
  if (cueFields && cueFields.length === 0) top.get("cues").fail("The file has no cues.", "at least one cue");
  if (!rate || !cueFields || !projectClick || !projectStyle) return undefined;
  const read = cueFields.map((f) => readCue(f, rate, { ...CLICK_DEFAULTS, ...projectClick }, projectStyle, projectCredits));
  const seen = new Map<string, number>();
  read.forEach((r, i) => {
    if (!r) return;
    const other = seen.get(r.cue.id);
    if (other === undefined) seen.set(r.cue.id, i);
    else r.idField.fail(`Two cues have the id "${r.cue.id}" (the other is cues[${other}]).`, "a unique cue id");
  });
  const cues = read.flatMap((r) => (r ? [r.cue] : []));
  if (cues.length !== cueFields.length) return undefined;
  return { file, title: title ?? "", rate, ...(video !== undefined ? { video } : {}), gauge: gauge ?? DEFAULT_GAUGE, cues };
}

function readCue(f: Field, rate: FrameRate, projectClick: ClickSettings, projectStyle: string, projectCredits: Credits): { cue: Cue; idField: Field } | undefined {
  const m = f.map(FIELDS.cue, "a cue: a mapping with id, start and tempo");
  if (!m) return undefined;
  const before = f.source.problems.length;
  const idField = m.get("id");
  const id = m.require("id", "a cue id such as 3M12")?.string("a cue id such as 3M12");
  const title = m.has("title") ? m.get("title").string() : "";
  const tc = (field: Field) => field.parse((t) => parseTimecode(t, rate), `a timecode at ${rate.name}`);
  const startField = m.require("start", "the timecode of bar 1, beat 1");
  const start = startField ? tc(startField) : undefined;
  // The end is the next time its label comes round after the start (a cue may cross midnight).
  const endLabel = m.has("end") ? tc(m.get("end")) : undefined;
  const end = endLabel !== undefined && start !== undefined ? start + mod(endLabel - start, framesPerDay(rate)) : undefined;
  if (end !== undefined && end === start) m.get("end").fail("The cue ends where it starts.", `a timecode after the start ${startField!.string()}`);
  // The delivery start is the time its label comes round nearest bar 1 (before it, for a pre-roll).
  const deliveryLabel = m.has("deliveryStart") ? tc(m.get("deliveryStart")) : undefined;
  const day = framesPerDay(rate);
  const deliveryStart = deliveryLabel !== undefined && start !== undefined ? start + mod(deliveryLabel - start + Math.floor(day / 2), day) - Math.floor(day / 2) : undefined;
  if (deliveryStart !== undefined && end !== undefined && deliveryStart >= end) m.get("deliveryStart").fail("The delivery starts at or after the cue's end.", `a timecode before the end ${m.get("end").string()}`);
  const countIn = m.has("countIn") ? m.get("countIn").integer(0, 16) : DEFAULTS.countIn;
  const streamerFrames = m.has("streamer") ? readStreamer(m.get("streamer"), rate) : secondsToFrames(DEFAULTS.streamerSeconds, rate);
  const tempoFields = m.require("tempo", "a list of tempo events")?.list("a list of tempo events");
  if (tempoFields?.length === 0) m.get("tempo").fail("The tempo map is empty.", "at least one event: { bar: 1, bpm: 120 }");
  const events = (tempoFields ?? []).map((t) => readTempoEvent(t, rate));
  let map: TempoMap | undefined;
  if (tempoFields?.length && events.every((e) => e !== undefined)) {
    const built = TempoMap.build(events as TempoEvent[]);
    for (const p of built.problems) tempoFields[p.index]!.map(FIELDS.tempo)?.get(p.field).fail(p.message, p.expected, p.hint);
    map = built.map;
  }
  const cueClick = m.has("click") ? readClickSettings(m.get("click"), f.source.file) : {};
  const streamerStyle = m.has("streamerStyle") ? readStreamerStyle(m.get("streamerStyle")) : projectStyle;
  const credits = readCredits(m, projectCredits);
  const notes = m.has("notes") ? m.get("notes").string() : undefined;
  const hitFields = m.has("hits") ? m.get("hits").list("a list of hits") : [];
  const hits = (hitFields ?? []).map((h) => readHit(h, rate, streamerFrames ?? 0, map, start ?? 0));
  if (f.source.problems.length > before || id === undefined || start === undefined || countIn === undefined || !map || streamerFrames === undefined || !cueClick || !streamerStyle) return undefined;
  const click = { ...projectClick, ...cueClick };
  const cue: Cue = { id, title: title ?? "", start, ...(end !== undefined ? { end } : {}), ...(deliveryStart !== undefined ? { deliveryStart } : {}), countIn, streamerFrames, streamerStyle, tempo: events as TempoEvent[], map, hits: hits as Hit[], click, credits, ...(notes !== undefined ? { notes } : {}), location: f.location() };
  checkHitsInside(cue, rate, hitFields ?? []);
  return f.source.problems.length > before ? undefined : { cue, idField };
}

function readTempoEvent(f: Field, rate: FrameRate): TempoEvent | undefined {
  const m = f.map(FIELDS.tempo, "a tempo event such as { bar: 1, bpm: 120, meter: 4/4 }");
  if (!m) return undefined;
  const before = f.source.problems.length;
  const bar = m.require("bar", "the bar number (1 or more)")?.integer(1);
  const beat = m.has("beat") ? readBeat(m.get("beat")) : undefined;
  let bpm: Rational | undefined;
  if (m.has("bpm") && m.has("click")) m.get("click").fail("Give the tempo once: bpm or click, not both.", "bpm or click");
  else if (m.has("bpm")) {
    const b = m.get("bpm");
    const raw = b.raw();
    if (typeof raw === "string") b.fail(`"bpm" must be a tempo in BPM, e.g. 120.`, "a tempo in BPM, e.g. 120", `Frame clicks go in "click:" (click: ${raw}).`);
    const value = typeof raw === "string" ? undefined : b.number("a tempo in BPM, e.g. 120");
    bpm = value === undefined ? undefined : b.attempt(() => parseTempo(value, rate).bpm);
  } else if (m.has("click")) {
    const c = m.get("click");
    bpm = c.parse((t) => parseTempo(/^\d+(\.\d+)?$/.test(t) ? `${t}f` : t, rate).bpm, "a frame click F-e such as 14-4, or whole frames a beat");
  }
  let meter: Meter | undefined;
  if (m.has("pulse") && !m.has("meter")) m.get("pulse").fail("A pulse needs the meter beside it.", "meter and pulse together, e.g. { meter: 6/8, pulse: 3/8 }");
  else if (m.has("meter")) {
    const meterText = m.get("meter").string("a meter such as 7/8");
    const plain = meterText === undefined ? undefined : m.get("meter").attempt(() => makeMeter(meterText));
    const pulseText = m.has("pulse") ? m.get("pulse").string("a pulse such as 3/8") : undefined;
    if (plain && pulseText !== undefined) meter = m.get("pulse").attempt(() => makeMeter(meterText!, pulseText));
    else if (plain && !m.has("pulse")) meter = plain;
  }
  const ramp = m.has("ramp") ? m.get("ramp").boolean() : false;
  if (f.source.problems.length > before || bar === undefined) return undefined;
  return { bar, ...(beat ? { beat } : {}), ...(bpm ? { bpm } : {}), ...(meter ? { meter } : {}), ...(ramp ? { ramp } : {}) };
}

function readBeat(f: Field): Rational | undefined {
  const v = f.number("a beat number from 1 (fractions allowed: 2.5)");
  if (v === undefined) return undefined;
  if (v < 1) return f.fail("Beats count from 1.", "a beat number from 1");
  return Rational.fromNumber(v);
}

const COLORS = ["white", "green", "yellow", "red", "blue", "cyan", "magenta", "orange"];

/** A hit's label is read as its instance nearest the cue's start (within 12 hours either way). */
function readHit(f: Field, rate: FrameRate, cueStreamer: number, map: TempoMap | undefined, start: number): Hit | undefined {
  const m = f.map(FIELDS.hit, "a hit such as { at: \"01:02:25:14\", label: door slams }");
  if (!m) return undefined;
  const before = f.source.problems.length;
  const label = m.require("label", "what happens at the hit, e.g. door slams")?.string();
  if (m.has("at") && m.has("bar")) m.get("bar").fail("Place a hit by timecode (at) or by bar and beat, not both.", "at, or bar with beat");
  if (!m.has("at") && !m.has("bar")) m.get("at").fail("A hit needs a place: a timecode (at) or a bar (and beat).", "at: \"01:02:25:14\", or bar: 21, beat: 1");
  if (m.has("beat") && !m.has("bar")) m.get("beat").fail("A beat needs its bar.", "bar beside beat");
  const atLabel = m.has("at") ? m.get("at").parse((t) => parseTimecode(t, rate), `a timecode at ${rate.name}`) : undefined;
  const day = framesPerDay(rate);
  const at = atLabel === undefined ? undefined : start + mod(atLabel - start + Math.floor(day / 2), day) - Math.floor(day / 2);
  const bar = m.has("bar") ? m.get("bar").integer(1) : undefined;
  const beat = m.has("beat") ? readBeat(m.get("beat")) : undefined;
  if (map && bar !== undefined && beat) {
    const pulses = map.meterAt(map.quartersAt(bar)).pulsesPerBar;
    if (!beat.lt(pulses + 1)) m.get("beat").fail(`Bar ${bar} has ${pulses} beats.`, `a beat from 1 to below ${pulses + 1}`);
  }
  const streamerFrames = m.has("streamer") ? readStreamer(m.get("streamer"), rate) : cueStreamer;
  const colorField = m.get("color");
  const color = colorField.present ? colorField.string() : undefined;
  if (color !== undefined && !COLORS.includes(color.toLowerCase()) && !/^#[0-9a-f]{6}$/i.test(color)) colorField.fail(`Unknown colour "${color}".`, `${COLORS.join(", ")}, or #rrggbb`);
  let punchFrames: number | undefined = DEFAULTS.punchFrames;
  if (m.has("punch")) {
    const p = m.get("punch");
    const v = p.raw();
    punchFrames = typeof v === "boolean" ? (v ? DEFAULTS.punchFrames : 0) : p.integer(1, 24);
  }
  const flutter = m.has("flutter") ? m.get("flutter").integer(0, 7) : 0;
  if (flutter !== undefined && flutter % 2 === 0 && flutter !== 0) m.get("flutter").fail("A flutter has 1, 3, 5 or 7 punches.", "0, 1, 3, 5 or 7");
  const weight = m.has("weight") ? m.get("weight").number("a weight above 0, e.g. 2") : 1;
  if (weight !== undefined && weight <= 0) m.get("weight").fail("A weight is above 0.", "a number above 0, e.g. 2");
  const important = m.has("important") ? m.get("important").boolean() : false;
  if (f.source.problems.length > before || label === undefined || streamerFrames === undefined || punchFrames === undefined || flutter === undefined || weight === undefined || important === undefined) return undefined;
  return {
    label,
    ...(at !== undefined ? { at } : {}),
    ...(bar !== undefined ? { bar, beat: beat ?? Rational.ONE } : {}),
    streamerFrames,
    ...(color !== undefined ? { color: color.toLowerCase() } : {}),
    punchFrames,
    flutter,
    weight,
    important,
    location: f.location(),
    path: f.path,
  };
}

const mod = (a: number, n: number) => ((a % n) + n) % n;

/** composer, publisher and usage (for the cue sheet), over the defaults given. */
function readCredits(m: MapField, defaults: Credits): Credits {
  const out: Credits = { ...defaults };
  for (const key of ["composer", "publisher"] as const) {
    if (m.has(key)) {
      const v = m.get(key).string();
      if (v !== undefined) out[key] = v;
    }
  }
  if (m.has("usage")) {
    const v = m.get("usage").string("original or licensed");
    if (v === "original" || v === "licensed") out.usage = v;
    else if (v !== undefined) m.get("usage").fail(`Usage is "original" or "licensed".`, "original or licensed");
  }
  return out;
}

/** A streamer style preset's name, which must exist in presets/streamers. */
function readStreamerStyle(f: Field): string | undefined {
  const name = f.string("a streamer style name");
  if (name === undefined) return undefined;
  const names = streamerStyleNames();
  if (names.includes(name)) return name;
  const guess = didYouMean(name, names);
  return f.fail(`There is no streamer style "${name}".${guess ? ` Did you mean "${guess}"?` : ""}`, `one of: ${names.join(", ")}`);
}

function secondsToFrames(seconds: number, rate: FrameRate): number {
  return Number(Rational.fromNumber(seconds).mul(rate.fps).round());
}

/** Streamer length: seconds (2, "2.5s"), frames ("48f"), or "none" (0 frames). */
function readStreamer(f: Field, rate: FrameRate): number | undefined {
  const expected = "a length in seconds (2, \"2.5s\"), frames (\"48f\") or \"none\"";
  const raw = f.raw();
  if (typeof raw === "number") return raw > 0 && raw <= 60 ? Math.max(1, secondsToFrames(raw, rate)) : f.fail("A streamer lasts more than 0 and at most 60 seconds.", expected);
  const text = f.string(expected)?.trim();
  if (text === undefined) return undefined;
  if (text === "none") return 0;
  const m = /^(\d+(?:\.\d+)?)(s|f)$/.exec(text);
  const value = m ? Rational.parse(m[1]!)! : undefined;
  if (!m || !value!.gt(0) || (m[2] === "f" && !value!.isInteger())) return f.fail(`"${text}" is not a streamer length.`, expected);
  const frames = m[2] === "f" ? value!.round() : value!.mul(rate.fps).round();
  if (Rational.of(frames).div(rate.fps).gt(60)) return f.fail("A streamer lasts at most 60 seconds.", expected);
  return Math.max(1, Number(frames));
}

/**
 * Every hit must fall between the first warning click and the cue's end. With an end in the file only
 * those frames are worked out (the cue's plan, with every hit's bar|beat and nearest click, is made
 * when an output needs it: a conformed file is read back without it); an end derived from the hits
 * needs the plan.
 */
function checkHitsInside(cue: Cue, rate: FrameRate, hitFields: Field[]): void {
  const timing = cue.end === undefined ? cuePlan(cue, rate).timing : undefined;
  const first = timing?.countInFrame ?? countInFrame(cue, rate);
  const last = timing?.endFrame ?? cue.end!;
  cue.hits.forEach((hit, i) => {
    const frame = timing?.hits[i]!.frame ?? hitFrame(hit, cue, rate);
    if (frame >= first && frame <= last) return;
    const f = hitFields[i]!;
    const [at, from, to] = [frame, first, last].map((k) => formatTimecode(k, rate));
    if (frame < first) f.fail(`The hit "${hit.label}" (${at}) comes before the cue's first warning click (${from}).`, `a hit from ${from} to ${to}`, "Move the cue's start earlier, or give it more count-in bars.", at);
    else f.fail(`The hit "${hit.label}" (${at}) comes after the cue's end (${to}).`, `a hit from ${from} to ${to}`, "Move the cue's end later.", at);
  });
}
