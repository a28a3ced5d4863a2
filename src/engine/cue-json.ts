import type { ClickSettings, Credits, Cue, Hit } from "../cue/model.js";
import { makeMeter } from "./meter.js";
import { Rational } from "./rational.js";
import { TempoMap, type TempoEvent } from "./tempo-map.js";

/**
 * A checked cue as plain JSON and back, so the browser preview runs the very engine the renderers
 * run on the very cue (exact fractions as "n/d" text; the tempo map rebuilt from its events).
 */
export interface CueJson {
  id: string;
  title: string;
  start: number;
  end?: number;
  deliveryStart?: number;
  countIn: number;
  streamerFrames: number;
  streamerStyle: string;
  tempo: { bar: number; beat?: string; bpm?: string; meter?: { text: string; numerator: number; denominator: number; pulse: string }; ramp?: boolean }[];
  hits: (Omit<Hit, "beat" | "location"> & { beat?: string })[];
  click: ClickSettings;
  credits: Credits;
}

const frac = (r: Rational) => `${r.n}/${r.d}`;
const parse = (s: string) => Rational.parse(s)!;

export function cueToJson(cue: Cue): CueJson {
  return {
    id: cue.id,
    title: cue.title,
    start: cue.start,
    ...(cue.end !== undefined ? { end: cue.end } : {}),
    ...(cue.deliveryStart !== undefined ? { deliveryStart: cue.deliveryStart } : {}),
    countIn: cue.countIn,
    streamerFrames: cue.streamerFrames,
    streamerStyle: cue.streamerStyle,
    tempo: cue.tempo.map((e) => ({
      bar: e.bar,
      ...(e.beat ? { beat: frac(e.beat) } : {}),
      ...(e.bpm ? { bpm: frac(e.bpm) } : {}),
      ...(e.meter ? { meter: { text: e.meter.text, numerator: e.meter.numerator, denominator: e.meter.denominator, pulse: frac(e.meter.pulse) } } : {}),
      ...(e.ramp ? { ramp: true } : {}),
    })),
    hits: cue.hits.map(({ beat, location: _location, ...h }) => ({ ...h, ...(beat ? { beat: frac(beat) } : {}) })),
    click: cue.click,
    credits: cue.credits,
  };
}

/** The cue again, its tempo map rebuilt (a map the reader accepted builds again). */
export function cueFromJson(j: CueJson, file = "preview"): Cue {
  const tempo: TempoEvent[] = j.tempo.map((e) => ({
    bar: e.bar,
    ...(e.beat ? { beat: parse(e.beat) } : {}),
    ...(e.bpm ? { bpm: parse(e.bpm) } : {}),
    ...(e.meter ? { meter: makeMeter(`${e.meter.numerator}/${e.meter.denominator}`, e.meter.pulse) } : {}),
    ...(e.ramp ? { ramp: true } : {}),
  }));
  const built = TempoMap.build(tempo);
  if (!built.map) throw new Error(`cue ${j.id}: its tempo map does not build again: ${built.problems.map((p) => p.message).join("; ")}`);
  return {
    id: j.id,
    title: j.title,
    start: j.start,
    ...(j.end !== undefined ? { end: j.end } : {}),
    ...(j.deliveryStart !== undefined ? { deliveryStart: j.deliveryStart } : {}),
    countIn: j.countIn,
    streamerFrames: j.streamerFrames,
    streamerStyle: j.streamerStyle,
    tempo,
    map: built.map,
    hits: j.hits.map((h) => ({ ...h, ...(h.beat ? { beat: parse(h.beat) } : {}), location: { file } }) as Hit),
    click: j.click,
    credits: j.credits,
    location: { file },
  };
}
