import { basename, extname } from "node:path";
import { UserError } from "../errors.js";
import { parseFrameRate, type FrameRate } from "../engine/frame-rate.js";
import { Rational } from "../engine/rational.js";
import { SPROCKET_TAG } from "../engine/midi-tempo-map.js";
import { formatTimecode, framesPerDay, parseTimecode } from "../engine/timecode.js";
import type { MidiTempoData } from "../interchange/read-midi-file.js";
import { MidiFileMap } from "./midi-file-map.js";
import { collapseRamps } from "./midi-ramps.js";
import { snapTempo } from "./snap-tempo.js";
import { rampSeconds } from "../engine/fit-ramp.js";
import { parseTempo } from "../engine/tempo-value.js";
import type { CueDraft, DraftEvent } from "./write-cue-yaml.js";

/**
 * Turns a DAW's tempo map (a Standard MIDI File) into a cue: meters and tempos keyed by bar and beat,
 * runs of stepped tempos collapsed back into ramps (midi-ramps.ts), markers and cue points as hits,
 * the SMPTE offset as the cue's start, the file's length as its end. Where a meter changes what one
 * click is worth, the tempo is written beside it in the new pulse, so the quarter note keeps the
 * file's speed (a cue file's bare meter change keeps the clicks a minute instead). Files Sprocket
 * wrote carry a text event that makes the round trip exact (count-in, bar 1's tick, start timecode).
 * Returned with it: the file's own time at every beat, for the exactness check.
 */
export interface ImportOptions {
  file: string;
  fps?: string;
  start?: string;
  end?: string;
  countIn?: number;
  bpm?: number;
  id?: string;
}

export interface ImportResult {
  draft: CueDraft;
  warnings: string[];
  ramps: number;
  /** Seconds from bar 1, as the file times them, at each beat from bar 1 to the end (notated quarters from bar 1). */
  reference: { q: number; seconds: number; bar: number }[];
}

function readTag(data: MidiTempoData): Record<string, string> {
  const text = data.texts.find((t) => t.text.startsWith(`${SPROCKET_TAG} `))?.text;
  if (!text) return {};
  // key=value pairs, values percent-encoded (Sprocket writes them so; see midi-tempo-map.ts).
  return Object.fromEntries(text.split(" ").slice(1).map((kv) => [kv.slice(0, kv.indexOf("=")), safeDecode(kv.slice(kv.indexOf("=") + 1))]));
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The picture rate: --fps, Sprocket's tag, or 25 from the SMPTE offset; else a refusal whose hint follows what the file says. */
function pickRate(data: MidiTempoData, tag: Record<string, string>, fps?: string): FrameRate {
  if (fps) return parseFrameRate(fps);
  if (tag.fps) return parseFrameRate(tag.fps);
  if (data.smpte?.frameRate === 25) return parseFrameRate("25");
  const says = data.smpte ? ({ 24: ["24", "--fps 23.976 or --fps 24"], 29: ["30 drop frame", "--fps 29.97df"], 30: ["30", "--fps 29.97 or --fps 30"] } as const)[data.smpte.frameRate as 24 | 29 | 30] : undefined;
  throw new UserError({
    message: `The picture rate is needed${says ? `: the file's SMPTE offset says ${says[0]}, and MIDI time code cannot tell 23.976 from 24 or 29.97 from 30` : ", and the file does not say it"}.`,
    hint: `Give it with ${says ? says[1] : "--fps, e.g. --fps 23.976"}.`,
  });
}

/** The SMPTE offset as a frame (fractional) at the project rate, or a refusal naming the event. */
function smpteFrame(data: MidiTempoData, rate: FrameRate, file: string): number | undefined {
  const s = data.smpte;
  if (!s) return undefined;
  const nominal = s.frameRate === 29 ? 30 : s.frameRate;
  const two = (x: number) => String(x).padStart(2, "0");
  const written = `${two(s.hour)}:${two(s.min)}:${two(s.sec)}${s.frameRate === 29 ? ";" : ":"}${two(s.frame)}.${two(s.subFrame)}`;
  const bad = s.hour > 23 ? "its hour is past 23" : s.min > 59 ? "its minute is past 59" : s.sec > 59 ? "its second is past 59" : s.frame >= nominal ? `frame ${s.frame} is past the last frame of a second at ${nominal} (${nominal - 1})` : s.subFrame > 99 ? "its hundredths of a frame are past 99" : undefined;
  const refuse = (why: string) => new UserError({ message: `${file}: its SMPTE Offset event (FF 54) reads ${written} at ${s.frameRate === 29 ? "30 drop frame" : nominal} fps, which ${why}.`, location: { file }, hint: "Give bar 1's timecode with --start, e.g. --start 01:00:00:00, and the offset is not used." });
  if (bad) throw refuse(`is not a timecode: ${bad}`);
  const halve = rate.nominal > 30;
  const label = `${[s.hour, s.min, s.sec].map(two).join(":")}${rate.dropPerMinute ? ";" : ":"}${two(halve ? s.frame * 2 + (s.subFrame >= 50 ? 1 : 0) : s.frame)}`;
  try {
    return parseTimecode(label, rate) + (halve ? (s.subFrame % 50) / 50 : s.subFrame / 100);
  } catch (e) {
    if (e instanceof UserError) throw refuse(`does not exist at ${rate.name}: ${e.problems[0]!.message}`);
    throw e;
  }
}

export function midiToCue(data: MidiTempoData, options: ImportOptions): ImportResult {
  const warnings: string[] = [];
  const tag = readTag(data);
  const rate = pickRate(data, tag, options.fps);
  // MIDI time code names 24, 25, 30 drop and 30: a --fps of another family contradicts the file.
  const family = data.smpte ? ({ 24: [24000 / 1001, 24], 25: [25], 29: [30000 / 1001], 30: [30000 / 1001, 30] } as const)[data.smpte.frameRate] : undefined;
  if (options.fps && family && !family.some((f) => Math.abs(f - rate.fps.toNumber()) < 1e-9 && (data.smpte!.frameRate !== 29 || rate.dropPerMinute > 0) && (data.smpte!.frameRate !== 30 || rate.dropPerMinute === 0))) {
    const says = { 24: "24 (23.976 or 24)", 25: "25", 29: "30 drop frame (29.97df)", 30: "30 non-drop (29.97 or 30)" }[data.smpte!.frameRate];
    warnings.push(`The file's SMPTE offset (FF 54) says ${says} fps, but --fps ${rate.name} was given: its timecode is read at ${rate.name}, as --fps says. Check which is right.`);
  }
  if (data.sequences > 1) warnings.push(`The file holds ${data.sequences} independent sequences (a format 2 file); sequence ${data.sequence} is read (--sequence N to choose another).`);
  let tempos = data.tempos;
  if (!tempos.length) {
    if (!options.bpm) warnings.push("The file has no tempo event: the Standard MIDI File default, 120 quarters a minute, is used (--bpm to give another).");
    tempos = [{ tick: 0, usPerQuarter: 60e6 / (options.bpm ?? 120) }];
  } else if (tempos[0]!.tick > 0) tempos = [{ tick: 0, usPerQuarter: 500000 }, ...tempos]; // SMF default: 120 quarters a minute
  const meters = data.meters.length && data.meters[0]!.tick === 0 ? data.meters : [{ tick: 0, numerator: 4, denominator: 4, clocksPerClick: 24, thirtyseconds: 8 }, ...data.meters];
  const map = new MidiFileMap(data.ppq, tempos, meters);
  const odd = data.meters.find((m) => m.thirtyseconds !== 8);
  if (odd) warnings.push(`The time signature at tick ${odd.tick} says ${odd.thirtyseconds} notated 32nd notes to a MIDI quarter (8 is usual); like every DAW and the SMF spec, Sprocket counts bars in MIDI quarters (a ${odd.numerator}/${odd.denominator} bar is ${odd.numerator * 4}/${odd.denominator} of ${data.ppq} ticks) and keeps that byte only as information.`);
  const bar1Tick = tag.bar1 !== undefined ? Number(tag.bar1) : 0;
  const countIn = tag.countIn !== undefined ? Number(tag.countIn) : options.countIn ?? 2;
  const bar1 = map.barAt(bar1Tick);
  if (bar1.start !== bar1Tick) throw new UserError({ message: `Bar 1 (tick ${bar1Tick}) is not on a bar line of the file's meters.` });
  const position = (tick: number) => {
    const b = map.barAt(tick);
    const beat = 1 + (tick - b.start) / b.region.pulseTicks;
    return { bar: b.bar - bar1.bar + 1, ...(Math.abs(beat - 1) > 1e-9 ? { beat: Number(beat.toFixed(6)) } : {}) };
  };
  const notatedQpm = (tick: number, midiQpm: number) => (midiQpm * data.ppq) / map.regionAt(tick).quarterTicks;
  const bpmOf = (tick: number, qpm: number) => qpm / map.regionAt(tick).pulse.mul(4).toNumber();

  // The cue's end: --end, Sprocket's End cue point, else the bar line at or after the last thing in the file.
  const lastTick = Math.max(data.lastTick, ...data.markers.map((m) => m.tick), ...data.cuePoints.map((m) => m.tick), ...tempos.map((t) => t.tick), bar1Tick + 1);
  const endBar = map.barAt(lastTick);
  const endTick = endBar.start === lastTick ? lastTick : map.barTick(endBar.bar + 1);
  const hours = (map.secondsAt(endTick) - map.secondsAt(bar1Tick)) / 3600;
  if (!options.end && hours > 12) {
    throw new UserError({ message: `${options.file} lasts ${hours.toFixed(1)} hours by its last event (tick ${lastTick}): longer than any cue, so an event or a delta time in it is probably damaged.`, location: { file: options.file }, hint: "Give the cue's end with --end, or export the file again." });
  }
  // A tempo is written as a simpler one (120 for 119.99988) only while the time that costs, over the
  // span it holds and added up over the whole cue, stays within 0.2 ms; a ramp's ends are written exactly.
  let drift = 0;
  const snap = (bpm: number, seconds: number) => {
    const simple = snapTempo(bpm, rate, 4e-6);
    const written = "bpm" in simple ? simple.bpm : bpm;
    const cost = seconds * (bpm / written - 1);
    if ("click" in simple || Math.abs(drift + cost) > 2e-4) return { bpm: Number(bpm.toFixed(6)) } as const;
    drift += cost;
    return simple;
  };
  const exact = (bpm: number) => ({ bpm: Number(bpm.toFixed(6)) });

  // Tempos from bar 1 on (the one in force at bar 1 first), stepped runs collapsed into ramps.
  const inForce = tempos.filter((t) => t.tick <= bar1Tick).pop()!;
  const points = [{ tick: bar1Tick, us: inForce.usPerQuarter }, ...tempos.filter((t) => t.tick > bar1Tick && t.tick < endTick).map((t) => ({ tick: t.tick, us: t.usPerQuarter }))]
    .map((p) => ({ tick: p.tick, qpm: notatedQpm(p.tick, 60e6 / p.us) }));
  const events = new Map<number, DraftEvent>();
  const put = (tick: number, fields: DraftEvent) => events.set(tick, { ...position(tick), ...events.get(tick), ...fields });
  const spanOf = (tick: number) => map.secondsAt(points.find((p) => p.tick > tick)?.tick ?? endTick) - map.secondsAt(tick);
  let ramps = 0;
  for (const t of collapseRamps(points, map)) {
    if (t.kind === "step") put(t.at.tick, snap(bpmOf(t.at.tick, t.at.qpm), spanOf(t.at.tick)));
    else {
      ramps++;
      // The ends written simpler (a frame click, a whole BPM) only within the same 0.2 ms budget.
      const [a, b] = [snapTempo(bpmOf(t.from.tick, t.from.qpm), rate, 4e-6), snapTempo(bpmOf(t.to.tick, t.to.qpm), rate, 4e-6)];
      const qpmOf = (x: { bpm: number } | { click: string }, tick: number) => ("bpm" in x ? x.bpm : parseTempo(x.click, rate).bpm.toNumber()) * map.regionAt(tick).pulse.mul(4).toNumber();
      const L = map.quartersAt(t.to.tick) - map.quartersAt(t.from.tick);
      const cost = rampSeconds(L, qpmOf(a, t.from.tick), qpmOf(b, t.to.tick)) - rampSeconds(L, t.from.qpm, t.to.qpm);
      const simple = Math.abs(drift + cost) <= 2e-4;
      if (simple) drift += cost;
      put(t.from.tick, simple ? a : exact(bpmOf(t.from.tick, t.from.qpm)));
      put(t.to.tick, { ...(simple ? b : exact(bpmOf(t.to.tick, t.to.qpm))), ramp: true });
      // Where the steps end the file's last step tempo holds on: say so unless the file's next tempo is there.
      if (t.holdUntil > t.to.tick && !points.some((p) => p.tick === t.holdUntil) && t.holdUntil < endTick) put(t.holdUntil, snap(bpmOf(t.holdUntil, t.fileQpm), spanOf(t.holdUntil)));
    }
  }
  map.regions.forEach((r, k) => {
    if (r.tick >= endTick) return;
    const tick = Math.max(r.tick, bar1Tick);
    if (r.tick < bar1Tick && map.regionAt(bar1Tick) !== r) return;
    const pulse = r.pulse.eq(Rational.of(1, r.denominator)) ? {} : { pulse: r.pulse.toString() };
    put(tick, { meter: `${r.numerator}/${r.denominator}`, ...pulse });
    // A new pulse length with no tempo here: say the tempo in the new pulse, so the quarter keeps its speed.
    const prev = map.regions[k - 1];
    const pulseQuarters = (x: typeof r) => x.pulse.mul(4).toNumber() * (x.quarterTicks / data.ppq);
    if (prev && tick === r.tick && Math.abs(pulseQuarters(prev) - pulseQuarters(r)) > 1e-12 && events.get(tick)?.bpm === undefined && events.get(tick)?.click === undefined) {
      put(tick, snap(bpmOf(tick, notatedQpm(tick, map.midiQpmAt(tick))), spanOf(tick)));
    }
  });
  const tempo = [...events.entries()].sort((a, b) => a[0] - b[0]).map(([, e]) => e);

  // Where tick 0 is: bar 1's timecode from --start, or the SMPTE offset, or Sprocket's own tag.
  const fps = rate.fps.toNumber();
  let tick0: number;
  let start: string;
  if (options.start) {
    const f = parseTimecode(options.start, rate);
    start = formatTimecode(f, rate);
    tick0 = f - map.secondsAt(bar1Tick) * fps;
  } else {
    const s = tag.start ? undefined : smpteFrame(data, rate, options.file);
    if (s === undefined && !tag.start) throw new UserError({ message: `${options.file} has no SMPTE offset, so Sprocket cannot tell where the cue starts.`, hint: "Give bar 1's timecode with --start, e.g. --start 01:00:00:00." });
    start = tag.start ?? formatTimecode(Math.round(s! + map.secondsAt(bar1Tick) * fps), rate);
    tick0 = s ?? parseTimecode(tag.start!, rate) - map.secondsAt(bar1Tick) * fps;
  }
  const tcAt = (tick: number) => formatTimecode(Math.round(tick0 + map.secondsAt(tick) * fps), rate);

  // Hits: markers and cue points, less Sprocket's own landmarks (recognised by its tag, never by position alone).
  const ownMarker = (m: { tick: number; text: string }) => tag.start !== undefined && (m.text === "Tick 0: first warning click" || (m.tick === bar1Tick && m.text === `${data.trackName ?? tag.id} @ ${tag.start}`));
  let end = options.end ? formatTimecode(parseTimecode(options.end, rate), rate) : undefined;
  const hits: CueDraft["cue"]["hits"] = [];
  const firstClickTick = Math.max(0, bar1Tick - countIn * bar1.region.barTicks);
  for (const m of [...data.markers.filter((x) => !ownMarker(x)), ...data.cuePoints]) {
    const labelled = /^(.*) @ (\d\d:\d\d:\d\d[:;]\d\d)(?: = (\d+)\|(\d+(?:\.\d+)?))?$/.exec(m.text);
    if (tag.start !== undefined && /^Count-in: /.test(m.text)) continue;
    if (tag.start !== undefined && labelled?.[1] === "End") {
      end ??= labelled[2];
      continue;
    }
    const label = (labelled?.[1] ?? m.text).trim() || `marker at tick ${m.tick}`;
    if (m.tick < firstClickTick) {
      warnings.push(`Left out "${label}" (tick ${m.tick}): it comes before the cue's first warning click.`);
      continue;
    }
    if (labelled?.[3]) hits.push({ bar: Number(labelled[3]), beat: Number(labelled[4]), label });
    else hits.push({ at: labelled ? formatTimecode(parseTimecode(labelled[2]!, rate), rate) : tcAt(m.tick), label });
  }
  end ??= tcAt(endTick);
  // The file's own time at every beat from bar 1 to the end, for the exactness check.
  const reference: ImportResult["reference"] = [];
  const q1 = map.quartersAt(bar1Tick);
  // Up to the cue's end (which --end may put before the file's).
  const day = framesPerDay(rate);
  const endSeconds = ((((parseTimecode(end, rate) - parseTimecode(start, rate)) % day) + day) % day) / fps;
  for (let tick = bar1Tick; tick <= endTick; ) {
    const b = map.barAt(tick);
    const seconds = map.secondsAt(tick) - map.secondsAt(bar1Tick);
    if (seconds > endSeconds + 1e-9 && reference.length) break;
    reference.push({ q: map.quartersAt(tick) - q1, seconds, bar: b.bar - bar1.bar + 1 });
    tick += b.region.pulseTicks;
  }
  const id = options.id ?? tag.id ?? basename(options.file, extname(options.file));
  const title = data.trackName && data.trackName.startsWith(`${id} `) ? data.trackName.slice(id.length + 1) : data.trackName && data.trackName !== id ? data.trackName : "";
  return {
    draft: { title: tag.project ?? "", fps: rate.name, cue: { id, title, start, end, countIn, tempo, hits } },
    warnings,
    ramps,
    reference,
  };
}
