import { basename, extname } from "node:path";
import { UserError } from "../errors.js";
import { parseFrameRate, type FrameRate } from "../engine/frame-rate.js";
import { Rational } from "../engine/rational.js";
import { SPROCKET_TAG } from "../engine/midi-tempo-map.js";
import { formatTimecode, parseTimecode } from "../engine/timecode.js";
import type { MidiTempoData } from "../interchange/read-midi-file.js";
import { snapTempo } from "./snap-tempo.js";
import type { CueDraft, DraftEvent } from "./write-cue-yaml.js";

/**
 * Turns a DAW's tempo map (a Standard MIDI File) into a cue: meters and tempos keyed by bar and beat,
 * runs of stepped tempos that follow a straight line collapsed back into ramps, markers and cue points
 * as hits, the SMPTE offset as the cue's start. Files Sprocket wrote carry a text event that makes the
 * round trip exact (count-in, bar 1's tick, start timecode).
 */
export interface ImportOptions {
  file: string;
  fps?: string;
  start?: string;
  countIn?: number;
  bpm?: number;
  id?: string;
}

const RAMP_TOLERANCE = 2e-4;

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

function pickRate(data: MidiTempoData, tag: Record<string, string>, fps?: string): FrameRate {
  if (fps) return parseFrameRate(fps);
  if (tag.fps) return parseFrameRate(tag.fps);
  if (data.smpte?.frameRate === 25) return parseFrameRate("25");
  const code = data.smpte ? { 24: "24 (23.976 or 24)", 29: "30 drop frame (29.97df)", 30: "30 (29.97 or 30)" }[data.smpte.frameRate as 24 | 29 | 30] : undefined;
  throw new UserError({
    message: `The picture rate is needed${code ? `: the file's SMPTE offset says ${code}, and MIDI time code cannot tell 23.976 from 24 or 29.97 from 30` : ", and the file does not say it"}.`,
    hint: "Give it with --fps, e.g. --fps 23.976.",
  });
}

export function midiToCue(data: MidiTempoData, options: ImportOptions): { draft: CueDraft; warnings: string[]; ramps: number } {
  const warnings: string[] = [];
  const tag = readTag(data);
  const rate = pickRate(data, tag, options.fps);
  const ppq = data.ppq;
  let tempos = data.tempos;
  if (!tempos.length) {
    if (!options.bpm) throw new UserError({ message: `${options.file} has no tempo events, so it holds no tempo map.`, hint: "Give the tempo with --bpm if the music has a constant tempo." });
    tempos = [{ tick: 0, usPerQuarter: 60e6 / options.bpm }];
  } else if (tempos[0]!.tick > 0) tempos = [{ tick: 0, usPerQuarter: 500000 }, ...tempos]; // SMF default: 120 quarters a minute
  const meters = data.meters.length && data.meters[0]!.tick === 0 ? data.meters : [{ tick: 0, numerator: 4, denominator: 4, clocksPerClick: 24 }, ...data.meters];

  // Bars from tick 0, through each meter; meter changes must fall on bar lines.
  const regions = meters.map((m) => {
    const whole = Rational.of(m.numerator, m.denominator);
    const byClock = Rational.of(m.clocksPerClick, 96);
    const pulse = (byClock.eq(Rational.of(1, m.denominator)) || byClock.eq(Rational.of(3, m.denominator))) && whole.div(byClock).isInteger() ? byClock : Rational.of(1, m.denominator);
    return { ...m, barTicks: Number(whole.mul(4 * ppq).round()), pulse, pulseTicks: Number(pulse.mul(4 * ppq).round()), firstBar: 1 };
  });
  regions.forEach((r, i) => {
    const prev = regions[i - 1];
    if (!prev) return;
    const bars = (r.tick - prev.tick) / prev.barTicks;
    if (!Number.isInteger(bars)) throw new UserError({ message: `The meter change to ${r.numerator}/${r.denominator} at tick ${r.tick} is not on a bar line.`, hint: "Sprocket changes meter only at the start of a bar." });
    r.firstBar = prev.firstBar + bars;
  });
  const regionAt = (tick: number) => regions.filter((r) => r.tick <= tick).pop()!;
  const midiBarAt = (tick: number) => {
    const r = regionAt(tick);
    const bars = Math.floor((tick - r.tick) / r.barTicks);
    return { bar: r.firstBar + bars, start: r.tick + bars * r.barTicks, region: r };
  };
  const bar1Tick = tag.bar1 !== undefined ? Number(tag.bar1) : 0;
  const countIn = tag.countIn !== undefined ? Number(tag.countIn) : options.countIn ?? 2;
  const bar1 = midiBarAt(bar1Tick);
  if (bar1.start !== bar1Tick) throw new UserError({ message: `Bar 1 (tick ${bar1Tick}) is not on a bar line of the file's meters.` });
  const position = (tick: number) => {
    const b = midiBarAt(tick);
    const beat = 1 + (tick - b.start) / b.region.pulseTicks;
    return { bar: b.bar - bar1.bar + 1, ...(Math.abs(beat - 1) > 1e-9 ? { beat: Number(beat.toFixed(6)) } : {}) };
  };
  const qpmAt = (us: number) => 60e6 / us;
  const bpmOf = (qpm: number, tick: number) => qpm / regionAt(tick).pulse.mul(4).toNumber();

  // Seconds from tick 0, through the file's tempos.
  const secondsAt = (tick: number) => {
    let t = 0;
    for (let i = 0; i < tempos.length && tempos[i]!.tick < tick; i++) {
      const end = Math.min(tick, tempos[i + 1]?.tick ?? Infinity);
      t += ((end - tempos[i]!.tick) * tempos[i]!.usPerQuarter) / ppq / 1e6;
    }
    return t;
  };

  // Tempo points from bar 1 on (the tempo in force at bar 1 first).
  const inForce = tempos.filter((t) => t.tick <= bar1Tick).pop()!;
  const points = [{ tick: bar1Tick, qpm: qpmAt(inForce.usPerQuarter) }, ...tempos.filter((t) => t.tick > bar1Tick).map((t) => ({ tick: t.tick, qpm: qpmAt(t.usPerQuarter) }))];
  const events = new Map<number, DraftEvent>();
  const put = (tick: number, fields: DraftEvent) => events.set(tick, { ...position(tick), ...events.get(tick), ...fields });
  let ramps = 0;
  for (let i = 0; i < points.length; ) {
    const run = rampRun(points, i, ppq);
    if (run) {
      const { startTick, endTick, startQpm, endQpm, consumedNext } = run;
      put(startTick, snapTempo(bpmOf(startQpm, startTick), rate, RAMP_TOLERANCE));
      put(endTick, { ...snapTempo(bpmOf(endQpm, endTick), rate, RAMP_TOLERANCE), ramp: true });
      ramps++;
      i = run.last + 1 + (consumedNext ? 1 : 0);
    } else {
      put(points[i]!.tick, snapTempo(bpmOf(points[i]!.qpm, points[i]!.tick), rate, 4e-6));
      i++;
    }
  }
  for (const r of regions) {
    const tick = Math.max(r.tick, bar1Tick);
    if (r.tick < bar1Tick && regionAt(bar1Tick) !== r) continue;
    const pulse = r.pulse.eq(Rational.of(1, r.denominator)) ? {} : { pulse: r.pulse.toString() };
    put(tick, { meter: `${r.numerator}/${r.denominator}`, ...pulse });
  }
  const tempo = [...events.entries()].sort((a, b) => a[0] - b[0]).map(([, e]) => e);

  // Where tick 0 is: the SMPTE offset (or bar 1's timecode from --start, or Sprocket's own tag).
  const smpteFrames = (): number | undefined => {
    const s = data.smpte;
    if (!s) return undefined;
    const halve = rate.nominal > 30;
    const label = `${[s.hour, s.min, s.sec].map((x) => String(x).padStart(2, "0")).join(":")}${rate.dropPerMinute ? ";" : ":"}${String(halve ? s.frame * 2 + (s.subFrame >= 50 ? 1 : 0) : s.frame).padStart(2, "0")}`;
    return parseTimecode(label, rate) + (halve ? (s.subFrame % 50) / 50 : s.subFrame / 100);
  };
  const fps = rate.fps.toNumber();
  let tick0: number;
  let start: string;
  if (options.start) {
    const f = parseTimecode(options.start, rate);
    start = formatTimecode(f, rate);
    tick0 = f - secondsAt(bar1Tick) * fps;
  } else {
    const s = smpteFrames();
    if (s === undefined && !tag.start) throw new UserError({ message: `${options.file} has no SMPTE offset, so Sprocket cannot tell where the cue starts.`, hint: "Give bar 1's timecode with --start, e.g. --start 01:00:00:00." });
    start = tag.start ?? formatTimecode(Math.round(s! + secondsAt(bar1Tick) * fps), rate);
    tick0 = s ?? parseTimecode(tag.start!, rate) - secondsAt(bar1Tick) * fps;
  }
  const tcAt = (tick: number) => formatTimecode(Math.round(tick0 + secondsAt(tick) * fps), rate);

  // Hits: markers and cue points, less Sprocket's own landmarks.
  const ownMarker = (m: { tick: number; text: string }) => m.text === "Tick 0: first warning click" || (tag.start !== undefined && m.tick === bar1Tick && m.text.endsWith(`@ ${tag.start}`));
  let end: string | undefined;
  const hits: CueDraft["cue"]["hits"] = [];
  const firstClickTick = Math.max(0, bar1Tick - countIn * bar1.region.barTicks);
  for (const m of [...data.markers.filter((x) => !ownMarker(x)), ...data.cuePoints]) {
    const labelled = /^(.*) @ (\d\d:\d\d:\d\d[:;]\d\d)(?: = (\d+)\|(\d+(?:\.\d+)?))?$/.exec(m.text);
    if (/^Count-in: /.test(m.text)) continue;
    if (labelled?.[1] === "End") {
      end = labelled[2];
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
  const id = options.id ?? tag.id ?? basename(options.file, extname(options.file));
  const title = data.trackName && data.trackName.startsWith(`${id} `) ? data.trackName.slice(id.length + 1) : data.trackName && data.trackName !== id ? data.trackName : "";
  return {
    draft: { title: tag.project ?? "", fps: rate.name, cue: { id, title, start, ...(end ? { end } : {}), countIn, tempo, hits } },
    warnings,
    ramps,
  };
}

/**
 * A run of three or more tempo steps, evenly spaced at most a quarter apart, whose tempos (taken at
 * each step's middle) lie on one straight line: a DAW's stepped ramp. Returns its ends and tempos.
 */
function rampRun(points: { tick: number; qpm: number }[], i: number, ppq: number) {
  const spacing = (points[i + 1]?.tick ?? Infinity) - points[i]!.tick;
  if (spacing > ppq) return undefined;
  const mid = (k: number) => points[k]!.tick + ((points[k + 1]?.tick ?? points[k]!.tick + spacing) - points[k]!.tick) / 2;
  const a = { x: mid(i), y: points[i]!.qpm };
  const b = { x: mid(i + 1), y: points[i + 1]!.qpm };
  const slope = (b.y - a.y) / (b.x - a.x);
  const line = (x: number) => a.y + slope * (x - a.x);
  let last = i + 1;
  while (points[last + 1] && points[last + 1]!.tick - points[last]!.tick <= spacing && Math.abs(line(mid(last + 1)) - points[last + 1]!.qpm) / points[last + 1]!.qpm <= RAMP_TOLERANCE) {
    // The step after a ramp often holds the arrival tempo for good: count it in only while steps stay even.
    if (points[last + 2] === undefined || points[last + 2]!.tick - points[last + 1]!.tick > spacing) break;
    last++;
  }
  if (last - i + 1 < 3 || slope === 0) return undefined;
  const startTick = points[i]!.tick;
  const endTick = points[last + 1]?.tick ?? points[last]!.tick + spacing;
  const next = points[last + 1];
  const endQpm = line(endTick);
  const consumedNext = !!next && next.tick === endTick && Math.abs(next.qpm - endQpm) / endQpm <= RAMP_TOLERANCE * 5;
  return { startTick, endTick, startQpm: line(startTick), endQpm: consumedNext ? next!.qpm : endQpm, last, consumedNext };
}
