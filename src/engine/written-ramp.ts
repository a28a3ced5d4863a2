import type { Cue } from "./cue-model.js";
import type { RampFit } from "./fit-ramp.js";
import type { FrameRate } from "./frame-rate.js";
import { pulseQuarters } from "./meter.js";
import { Rational } from "./rational.js";
import { TempoMap, type TempoEvent } from "./tempo-map.js";
import { writtenTempo } from "./tempo-value.js";

/**
 * A ramp as it is written into the cue file, and where the beat lands with exactly those values.
 * The solver's tempos are real numbers; the cue file holds decimals (or frame clicks). The start keeps
 * the tempo already there in its exact form where it has one (a decimal that ends, or a frame click);
 * the end is the 4-decimal value, of the two around the exact one, that lands the beat nearer the hit.
 * The landing is then measured with the cue's tempo map rebuilt from the written events, so the
 * printed "on the hit" is a measured fact, not the solver's.
 */
export interface WrittenRamp {
  from: { bar: number; beat: number; text: string; bpm: number };
  to: { bar: number; beat: number; text: string; bpm: number };
  lines: [string, string];
  /** Where the beat lands against the hit with the written tempos, in frames (+ later). */
  landingFrames: number;
  /** Bars of the tempo events inside the ramp that it replaces. */
  replaces: number[];
}

const eps = 1e-9;

/** A tempo as the cue file writes it (see writtenTempo), as the text of its field. */
function spell(bpm: Rational, rate: FrameRate): { text: string; value: Rational } {
  const w = writtenTempo(bpm, rate);
  return { text: "bpm" in w ? `bpm: ${w.bpm}` : `click: ${w.click}`, value: w.value };
}

const place = (p: { bar: number; beat: number }) => `bar: ${p.bar}${Math.abs(p.beat - 1) > eps ? `, beat: ${Number(p.beat.toFixed(4))}` : ""}`;

export function writtenRamp(cue: Cue, rate: FrameRate, fit: RampFit, hitSeconds: number): WrittenRamp {
  const map = cue.map;
  const pq = pulseQuarters(map.meterAt(fit.fromQ)).toNumber();
  const qOf = (e: TempoEvent) => map.quartersAt(e.bar, e.beat).toNumber();
  const from = map.positionAt(fit.fromQ), to = map.positionAt(fit.toQ);
  // The start's exact tempo: an event's own where one sets this very tempo, else the solver's.
  const startExact = cue.tempo.find((e) => e.bpm && Math.abs(e.bpm.toNumber() - fit.fromQpm / pq) < eps * 1e3)?.bpm ?? Rational.fromNumber(fit.fromQpm / pq);
  const start = spell(startExact, rate);
  const replaces = cue.tempo.filter((e) => e.bpm && qOf(e) > fit.fromQ + eps && qOf(e) < fit.toQ - eps).map((e) => e.bar);
  const beatOf = (p: { beat: number }) => (Math.abs(p.beat - 1) > eps ? Rational.fromNumber(Number(p.beat.toFixed(6))) : undefined);
  const landing = (end: Rational): number => {
    const events: TempoEvent[] = [];
    let hasFrom = false, hasTo = false;
    for (const e of cue.tempo) {
      const q = qOf(e);
      if (Math.abs(q - fit.fromQ) < eps) {
        events.push({ ...e, bpm: start.value });
        hasFrom = true;
      } else if (Math.abs(q - fit.toQ) < eps) {
        events.push({ ...e, bpm: end, ramp: true });
        hasTo = true;
      } else if (q > fit.fromQ && q < fit.toQ && e.bpm) {
        const { bpm: _dropped, ramp: _r, ...rest } = e;
        if (rest.meter) events.push(rest);
      } else events.push(e);
    }
    const b1 = beatOf(from), b2 = beatOf(to);
    if (!hasFrom) events.push({ bar: from.bar, ...(b1 ? { beat: b1 } : {}), bpm: start.value });
    if (!hasTo) events.push({ bar: to.bar, ...(b2 ? { beat: b2 } : {}), bpm: end, ramp: true });
    events.sort((a, b) => qOf(a) - qOf(b));
    const built = TempoMap.build(events);
    return built.map ? (built.map.seconds(fit.toQ) - hitSeconds) * rate.fps.toNumber() : Number.NaN;
  };
  const endExact = fit.toQpm / pq;
  const options = [Math.floor(endExact * 1e4) / 1e4, Math.ceil(endExact * 1e4) / 1e4].map((x) => Number(x.toFixed(4)));
  const scored = options.map((x) => ({ x, off: landing(Rational.fromNumber(x)) })).sort((a, b) => Math.abs(a.off) - Math.abs(b.off));
  const end = scored[0]!;
  return {
    from: { ...from, text: start.text, bpm: Number(start.value.toNumber().toFixed(4)) },
    to: { ...to, text: `bpm: ${end.x}`, bpm: end.x },
    lines: [`- { ${place(from)}, ${start.text} }`, `- { ${place(to)}, bpm: ${end.x}, ramp: true }`],
    landingFrames: end.off,
    replaces,
  };
}
