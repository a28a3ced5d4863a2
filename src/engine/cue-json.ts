import type { Cue, Hit } from "./cue-model.js";
import { makeMeter } from "./meter.js";
import { Rational } from "./rational.js";
import { TempoMap, type TempoEvent } from "./tempo-map.js";

/**
 * A checked cue as plain JSON and back, so the browser preview runs the very engine the renderers
 * run on the very cue: every field as the cue has it, but exact fractions as "n/d" text, the tempo
 * map left out (rebuilt from its events) and source locations left out.
 */
export type CueJson = Omit<Cue, "tempo" | "map" | "hits" | "location"> & {
  tempo: { bar: number; beat?: string; bpm?: string; meter?: { text: string; numerator: number; denominator: number; pulse: string }; ramp?: boolean }[];
  hits: (Omit<Hit, "beat" | "location"> & { beat?: string })[];
};

const frac = (r: Rational) => `${r.n}/${r.d}`;
const parse = (s: string) => Rational.parse(s)!;

export function cueToJson(cue: Cue): CueJson {
  const { tempo, map: _map, hits, location: _location, ...rest } = cue;
  return {
    ...rest,
    tempo: tempo.map((e) => ({
      bar: e.bar,
      ...(e.beat ? { beat: frac(e.beat) } : {}),
      ...(e.bpm ? { bpm: frac(e.bpm) } : {}),
      ...(e.meter ? { meter: { text: e.meter.text, numerator: e.meter.numerator, denominator: e.meter.denominator, pulse: frac(e.meter.pulse) } } : {}),
      ...(e.ramp ? { ramp: true } : {}),
    })),
    hits: hits.map(({ beat, location: _at, ...h }) => ({ ...h, ...(beat ? { beat: frac(beat) } : {}) })),
  };
}

/** The cue again, its tempo map rebuilt (a map the reader accepted builds again). */
export function cueFromJson(j: CueJson, file = "preview"): Cue {
  const { tempo: events, hits, ...rest } = j;
  const tempo: TempoEvent[] = events.map((e) => ({
    bar: e.bar,
    ...(e.beat ? { beat: parse(e.beat) } : {}),
    ...(e.bpm ? { bpm: parse(e.bpm) } : {}),
    ...(e.meter ? { meter: makeMeter(`${e.meter.numerator}/${e.meter.denominator}`, e.meter.pulse) } : {}),
    ...(e.ramp ? { ramp: true } : {}),
  }));
  const built = TempoMap.build(tempo);
  if (!built.map) throw new Error(`cue ${j.id}: its tempo map does not build again: ${built.problems.map((p) => p.message).join("; ")}`);
  return {
    ...rest,
    tempo,
    map: built.map,
    hits: hits.map(({ beat, ...h }) => ({ ...h, ...(beat ? { beat: parse(beat) } : {}), location: { file } })),
    location: { file },
  };
}
