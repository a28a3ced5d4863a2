import type { Cue, CueFile } from "./cue-model.js";
import { downbeatLayouts } from "./downbeat-bars.js";
import { fitConstantTempo, type FitCandidate, type FitHit } from "./fit-tempo.js";
import { Rational } from "./rational.js";
import { simplestTempoInRange } from "./simple-tempo.js";
import { nearestFrameClick } from "./tempo-value.js";
import { formatTimecode } from "./timecode.js";

export const GRIDS: Record<string, number> = { beat: 1, "8th": 1 / 2, "16th": 1 / 4, triplet: 1 / 3, bar: 0 };

/**
 * The numbers a candidate is printed with, chosen so that each is the number used: a tempo, at the
 * fewest decimals (from 4) that allow it, at which every hit the candidate says lands does land and
 * no other does; and the range rounded inwards, its ends landing the same hits. (Rounding the best
 * tempo to nearest could put it just outside its range, where a hit it claims misses by 1.00007
 * frames.) Checked with a safety margin of a billionth of the tolerance, so exact arithmetic agrees.
 */
export function printedTempos(c: FitCandidate, hits: readonly FitHit[], grid: number, tol: number): { bpm: number; range: [number, number] } {
  const step = 60 * grid;
  const margin = tol * (1 - 1e-9);
  const sameHits = (bpm: number) =>
    c.hits.every((h, i) => {
      const t = hits[i]!.seconds;
      const nearest = Math.round((t * bpm) / step);
      const lands = (k: number) => Math.abs(t - (k * step) / bpm) <= margin;
      return h.landed ? lands(h.k) : !lands(nearest) && !lands(nearest - 1) && !lands(nearest + 1) && (Math.abs(t) > tol || nearest !== 0);
    });
  const [lo, hi] = c.range;
  for (let d = 4; d <= 12; d++) {
    const unit = 10 ** d;
    const fit = (x: number) => Number((Math.round(x * unit) / unit).toFixed(d));
    // The range inwards, stepping further in while an end does not land the same hits.
    let a = Number((Math.ceil(lo * unit - 1e-6) / unit).toFixed(d)), b = Number((Math.floor(hi * unit + 1e-6) / unit).toFixed(d));
    for (let n = 0; n < 3 && a <= b && !sameHits(a); n++) a = Number((a + 1 / unit).toFixed(d));
    for (let n = 0; n < 3 && a <= b && !sameHits(b); n++) b = Number((b - 1 / unit).toFixed(d));
    if (a > b || !sameHits(a) || !sameHits(b)) continue;
    const bpm = Math.min(b, Math.max(a, fit(c.bpm)));
    if (sameHits(bpm)) return { bpm, range: [a, b] };
  }
  return { bpm: c.bpm, range: [lo, hi] }; // a range narrower than 1e-12 BPM: printed in full
}

/** Fits constant tempos from `fromBar` for one start offset (frames); returns candidates with per-hit detail. */
export function fitAt(file: Pick<CueFile, "rate">, cue: Cue, opts: { fromBar: number; grid: string; min: number; max: number; tolFrames: number; count: number; shift: number }) {
  const rate = file.rate;
  const fps = rate.fps.toNumber();
  const map = cue.map;
  const meter = map.meterAt(map.quartersAt(opts.fromBar));
  const grid = opts.grid === "bar" ? meter.pulsesPerBar : GRIDS[opts.grid]!;
  const downbeat = map.seconds(map.quartersAt(opts.fromBar)) + opts.shift / fps;
  const placed = cue.hits.filter((h) => h.at !== undefined);
  const hits: FitHit[] = placed.map((h) => ({ label: h.label, seconds: Rational.of(h.at! - cue.start).div(rate.fps).toNumber() - downbeat, weight: h.weight, important: h.important }));
  const considered = hits.filter((h) => h.seconds > -opts.tolFrames / fps);
  const result = fitConstantTempo(considered, { minBpm: opts.min, maxBpm: opts.max, toleranceSeconds: opts.tolFrames / fps, grid, maxCandidates: opts.count });
  return {
    searchedMax: result.searchedMax,
    total: considered.length,
    skipped: cue.hits.filter((h) => h.at === undefined).map((h) => h.label),
    candidates: result.candidates.map((c) => {
      // Every number below is worked out at the printed tempo, not at the unrounded best one.
      const printed = printedTempos(c, considered, grid, opts.tolFrames / fps);
      const bpm = printed.bpm;
      const step = 60 * grid;
      const offsets = c.hits.map((h, i) => considered[i]!.seconds - (h.k * step) / bpm);
      let err = 0, weight = 0;
      c.hits.forEach((h, i) => {
        if (!h.landed) return;
        err += considered[i]!.weight * offsets[i]! ** 2;
        weight += considered[i]!.weight;
      });
      const simple = simplestTempoInRange(printed.range[0], printed.range[1], bpm, rate);
      return {
        bpm,
        range: printed.range,
        frameClick: nearestFrameClick(Rational.fromNumber(bpm), rate).text,
        simplest: simple,
        landed: c.landed,
        landedWeight: c.landedWeight,
        rmsFrames: Number((Math.sqrt(err / Math.max(weight, 1e-12)) * fps).toFixed(3)),
        startShiftFrames: opts.shift,
        start: formatTimecode(cue.start + opts.shift, rate),
        downbeats: downbeatLayouts(c.hits.map((h, i) => ({ label: considered[i]!.label, pulses: h.k * grid })), meter),
        hits: c.hits.map((h, i) => {
          const beats = h.k * grid;
          const bar = opts.fromBar + Math.floor(beats / meter.pulsesPerBar + 1e-9);
          const beat = Number((1 + beats - (bar - opts.fromBar) * meter.pulsesPerBar).toFixed(4));
          return { label: considered[i]!.label, bar, beat, offsetFrames: Number((offsets[i]! * fps).toFixed(3)), landed: h.landed };
        }),
      };
    }),
  };
}
