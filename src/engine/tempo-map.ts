import { Rational } from "./rational.js";
import { type Meter, makeMeter, barQuarters, pulseQuarters } from "./meter.js";

/**
 * One tempo map answers every musical-position <-> time question for a cue.
 *
 * Positions are quarter notes from bar 1 beat 1 (negative in the count-in); times are seconds
 * from bar 1 beat 1. Tempo is held in quarters a minute (qpm = BPM x pulse in quarters), so meters
 * with different pulses share one axis. A ramp is linear in position, so its time is the closed form
 * t = t0 + 60/s * ln(1 + s (q - q0) / qpm0) (s: qpm per quarter) and its inverse
 * q = q0 + qpm0 (e^(s (t - t0)/60) - 1) / s. Sections of constant tempo are also kept exactly.
 */

/** A tempo event as the cue file states it (already parsed). */
export interface TempoEvent {
  bar: number;
  /** 1-based pulse in the bar; 1 when absent. */
  beat?: Rational;
  /** Pulses (clicks) a minute, in the meter in force at this event. */
  bpm?: Rational;
  meter?: Meter;
  /** Reach `bpm` at this event linearly in pulses from the previous tempo event. */
  ramp?: boolean;
}

/** A problem with one event: its index and field, for the cue file's error messages. */
export interface TempoMapProblem {
  index: number;
  field: string;
  message: string;
  expected?: string;
  hint?: string;
}

/** Where a meter holds from: its first bar and that bar's position. */
export interface MeterRegion {
  bar: number;
  q: Rational;
  meter: Meter;
}

interface Segment {
  q0: Rational;
  q0n: number;
  t0: number;
  /** Exact start time while no ramp precedes it. */
  t0Exact: Rational | null;
  qpm0: Rational;
  qpm0n: number;
  /** Change of qpm per quarter; 0 for constant tempo. */
  slope: number;
  ramp: boolean;
}

const EPS = 1e-9;

/**
 * Exact start times are kept while their denominator stays within this many bits. Decimal tempos
 * (117.123456 BPM) multiply the denominators together, so a long rubato map's exact sums grow
 * without bound (past 10^308 after about 85 events; 77,000 events would hold numbers of millions of
 * digits). Past the bound the map goes on in doubles, as it does after a ramp: still within a
 * nanosecond, and every exact answer up to there is kept.
 */
const EXACT_BITS = 256;

export class TempoMap {
  /** Each meter region's start, pulse and bar in quarters, as doubles (asked for every hit and click). */
  private readonly regionQuarters: readonly { q: number; pulse: number; bar: number }[];

  private constructor(
    readonly regions: readonly MeterRegion[],
    private readonly segments: readonly Segment[],
  ) {
    this.regionQuarters = regions.map((r) => ({ q: r.q.toNumber(), pulse: pulseQuarters(r.meter).toNumber(), bar: barQuarters(r.meter).toNumber() }));
  }

  /** The index of the meter region holding a position (as regionAt). */
  private regionIndexAt(x: number): number {
    let found = 0;
    this.regionQuarters.forEach((r, i) => {
      if (r.q <= x + EPS) found = i;
    });
    return found;
  }

  /** Builds the map, or returns every problem found in the events. */
  static build(events: readonly TempoEvent[]): { map?: TempoMap; problems: TempoMapProblem[] } {
    const problems: TempoMapProblem[] = [];
    const regions: MeterRegion[] = [];
    // Tempo points: one per event that sets a tempo (explicit), plus one where a meter-only event changes the pulse.
    const points: { q: Rational; qpm: Rational; ramp: boolean; explicit: boolean }[] = [];
    let bpm: Rational | undefined;
    let lastQ: Rational | undefined;
    events.forEach((e, index) => {
      const beat = e.beat ?? Rational.ONE;
      const say = (field: string, message: string, expected?: string, hint?: string) =>
        problems.push({ index, field, message, ...(expected ? { expected } : {}), ...(hint ? { hint } : {}) });
      if (index === 0 && (e.bar !== 1 || !beat.eq(1))) say("bar", "The first tempo event must be at bar 1, beat 1: it sets the cue's opening tempo.", "bar: 1");
      if (!e.bpm && !e.meter) say("bpm", "This tempo event sets neither a tempo nor a meter.", "bpm, click or meter");
      if (e.meter && !beat.eq(1)) say("beat", "A meter can only change on beat 1 of a bar.", "beat: 1 (or no beat)");
      const region = regions.length ? regionFor(regions, e.bar) : { bar: 1, q: Rational.ZERO, meter: e.meter ?? makeMeter("4/4") };
      const barStart = region.q.add(barQuarters(region.meter).mul(e.bar - region.bar));
      const meter = e.meter ?? region.meter;
      if (beat.lt(1) || !beat.lt(meter.pulsesPerBar + 1)) {
        say("beat", `Beat ${beat.toDecimal(3)} is not in a bar of ${meter.text}, which has ${meter.pulsesPerBar} beats.`, `a beat from 1 to ${meter.pulsesPerBar}`);
      }
      const q = barStart.add(beat.sub(1).mul(pulseQuarters(meter)));
      if (lastQ && !q.gt(lastQ)) {
        say("bar", "Tempo events must be in order of position, each after the one before.", "a later bar or beat than the previous event");
        return;
      }
      lastQ = q;
      if (e.meter) {
        if (!regions.length || !e.meter.pulse.eq(regions[regions.length - 1]!.meter.pulse) || e.meter.text !== regions[regions.length - 1]!.meter.text) {
          regions.push({ bar: e.bar, q: barStart, meter: e.meter });
        }
      } else if (!regions.length) {
        regions.push(region);
      }
      const prev = points.findLast((p) => p.explicit);
      if (e.ramp) {
        if (!prev) say("ramp", "A ramp needs an earlier tempo to start from.", "ramp on a later event");
        if (!e.bpm) say("ramp", "A ramp needs the tempo it arrives at.", "bpm or click beside ramp: true");
        const spanned = regions.filter((r) => prev && r.q.gt(prev.q) && r.q.lt(q));
        const startMeter = prev ? regionAt(regions, prev.q).meter : meter;
        if (spanned.some((r) => !r.meter.pulse.eq(startMeter.pulse))) {
          say("ramp", "A ramp cannot span a change of pulse: it is linear in beats, and the beat changes length inside it.", undefined, "End the ramp at the meter change, or start it there.");
        }
      }
      const newBpm = e.bpm ?? bpm;
      if (!newBpm) return;
      const qpm = newBpm.mul(pulseQuarters(meter));
      const last = points[points.length - 1];
      if (e.bpm || !last || !last.qpm.eq(qpm)) points.push({ q, qpm, ramp: !!e.ramp && !!prev, explicit: !!e.bpm });
      bpm = newBpm;
    });
    if (problems.length || !points.length) {
      if (!points.length && !problems.length) problems.push({ index: 0, field: "bpm", message: "The tempo map sets no tempo.", expected: "bpm or click on the first event" });
      return { problems };
    }
    return { map: new TempoMap(regions, buildSegments(points)), problems };
  }

  /** Position (quarters from bar 1 beat 1) of a bar and 1-based beat. Bars before 1 are the count-in. */
  quartersAt(bar: number, beat: Rational = Rational.ONE): Rational {
    const r = regionFor(this.regions, bar);
    return r.q.add(barQuarters(r.meter).mul(bar - r.bar)).add(beat.sub(1).mul(pulseQuarters(r.meter)));
  }

  /** The meter in force at a position. */
  meterAt(q: Rational | number): Meter {
    return regionAt(this.regions, q).meter;
  }

  /** Bar and 1-based fractional beat at a position. */
  positionAt(q: number): { bar: number; beat: number } {
    const i = this.regionIndexAt(q);
    const r = this.regions[i]!;
    const { bar: barQ, pulse: pulseQ, q: regionQ } = this.regionQuarters[i]!;
    const rel = q - regionQ;
    let bars = Math.floor(rel / barQ + EPS);
    let beats = (rel - bars * barQ) / pulseQ;
    if (Math.abs(beats - Math.round(beats)) < EPS) beats = Math.round(beats);
    if (beats >= r.meter.pulsesPerBar) [bars, beats] = [bars + 1, 0];
    if (beats < 0) beats = 0;
    return { bar: r.bar + bars, beat: 1 + beats };
  }

  /** Seconds from bar 1 beat 1 at a position (negative in the count-in). */
  seconds(q: Rational | number): number {
    const x = typeof q === "number" ? q : q.toNumber();
    const s = this.segmentAtQ(x);
    const dq = x - s.q0n;
    const qpm0 = s.qpm0n;
    // Before bar 1 (the count-in) the tempo is bar 1's, even where a ramp starts at bar 1.
    const slope = dq < 0 ? 0 : s.slope;
    return s.t0 + (slope === 0 ? (60 * dq) / qpm0 : (60 / slope) * Math.log1p((slope * dq) / qpm0));
  }

  /** Exact seconds at a position when no ramp comes before it; otherwise null. */
  exactSeconds(q: Rational): Rational | null {
    const s = this.segmentAtQ(q.toNumber());
    if (s.t0Exact === null || s.ramp) return null;
    return s.t0Exact.add(q.sub(s.q0).mul(60).div(s.qpm0));
  }

  /** Position (quarters) at a time in seconds from bar 1 beat 1: the inverse of `seconds`. */
  quarters(t: number): number {
    const segs = this.segments;
    let lo = 0;
    for (let hi = segs.length - 1; lo < hi; ) {
      const mid = (lo + hi + 1) >> 1;
      if (segs[mid]!.t0 <= t) lo = mid;
      else hi = mid - 1;
    }
    const s = segs[lo]!;
    const dt = t - s.t0;
    const qpm0 = s.qpm0n;
    const slope = dt < 0 ? 0 : s.slope;
    return s.q0n + (slope === 0 ? (qpm0 * dt) / 60 : (qpm0 * Math.expm1((slope * dt) / 60)) / slope);
  }

  /** Tempo at a position: quarters a minute, and pulses (clicks) a minute in the meter there. */
  tempoAt(q: number): { qpm: number; bpm: number } {
    const s = this.segmentAtQ(q);
    const qpm = s.qpm0n + s.slope * Math.max(0, q - s.q0n);
    return { qpm, bpm: qpm / pulseQuarters(this.meterAt(q)).toNumber() };
  }

  /** The pulse (click) nearest in time to an instant: its position, time, bar and beat. */
  nearestPulse(t: number): { q: number; seconds: number; bar: number; beat: number } {
    const q = this.quarters(t);
    const { pulse: pulseQ, q: regionQ } = this.regionQuarters[this.regionIndexAt(q)]!;
    const k = (q - regionQ) / pulseQ;
    const candidates = [Math.floor(k + EPS), Math.floor(k + EPS) + 1].map((i) => regionQ + i * pulseQ);
    const best = candidates
      .map((cq) => ({ q: cq, seconds: this.seconds(cq) }))
      .reduce((a, b) => (Math.abs(b.seconds - t) < Math.abs(a.seconds - t) ? b : a));
    return { ...best, ...this.positionAt(best.q) };
  }

  /** The tempo segments in order: where each starts, its tempo there (quarters a minute) and whether it ramps into the next. */
  tempoSegments(): { q0: Rational; qpm0: Rational; ramp: boolean }[] {
    return this.segments.map((s) => ({ q0: s.q0, qpm0: s.qpm0, ramp: s.ramp }));
  }

  private segmentAtQ(q: number): Segment {
    const segs = this.segments;
    let lo = 0;
    for (let hi = segs.length - 1; lo < hi; ) {
      const mid = (lo + hi + 1) >> 1;
      if (segs[mid]!.q0n <= q + EPS * 1e-3) lo = mid;
      else hi = mid - 1;
    }
    return segs[lo]!;
  }
}

/** Segments between tempo points: constant, or a ramp into the next point when it is a ramp. */
function buildSegments(points: { q: Rational; qpm: Rational; ramp: boolean }[]): Segment[] {
  const segments: Segment[] = [];
  let t0 = 0;
  let t0Exact: Rational | null = Rational.ZERO;
  points.forEach((p, i) => {
    const next = points[i + 1];
    const ramp = !!next?.ramp;
    const slope = ramp ? next!.qpm.sub(p.qpm).div(next!.q.sub(p.q)).toNumber() : 0;
    const seg: Segment = { q0: p.q, q0n: p.q.toNumber(), t0, t0Exact, qpm0: p.qpm, qpm0n: p.qpm.toNumber(), slope: ramp && slope !== 0 ? slope : 0, ramp };
    segments.push(seg);
    if (next) {
      const dq = next.q.sub(p.q);
      if (!ramp || slope === 0) {
        const d = dq.mul(60).div(p.qpm);
        t0 += d.toNumber();
        t0Exact = t0Exact && !ramp ? t0Exact.add(d) : null;
        if (t0Exact && t0Exact.denominatorBits > EXACT_BITS) t0Exact = null;
        if (t0Exact) t0 = t0Exact.toNumber();
      } else {
        t0 += (60 / slope) * Math.log(next.qpm.div(p.qpm).toNumber());
        t0Exact = null;
      }
    }
  });
  return segments;
}

/** The meter region holding a bar (bars before the first region belong to it: the count-in). */
function regionFor(regions: readonly MeterRegion[], bar: number): MeterRegion {
  let found = regions[0]!;
  for (const r of regions) if (r.bar <= bar) found = r;
  return found;
}

function regionAt(regions: readonly MeterRegion[], q: Rational | number): MeterRegion {
  const x = typeof q === "number" ? q : q.toNumber();
  let found = regions[0]!;
  for (const r of regions) if (r.q.toNumber() <= x + EPS) found = r;
  return found;
}
