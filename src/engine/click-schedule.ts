import type { Cue, ClickSettings } from "./cue-model.js";
import type { FrameRate } from "./frame-rate.js";
import { Rational } from "./rational.js";
import { hitTiming } from "./cue-timing.js";

/**
 * The click schedule of a cue: every pulse from the first warning click to the cue's end, in time
 * order, with subdivisions and ADR beeps merged in. Pure and lazy (a generator), free of Node APIs,
 * so a browser preview can use the same schedule.
 */

export type ClickKind = "accent" | "beat" | "sub" | "beep";

export interface ClickEvent {
  /** Seconds from bar 1 beat 1 (float), and exactly where no ramp precedes. */
  seconds: number;
  exact: Rational | null;
  kind: ClickKind;
  bar: number;
  /** 1-based, fractional for subdivisions. */
  beat: number;
}

const EPS = 1e-9;

/** Clicks on every pulse (and subdivision) from the count-in to `endSeconds` inclusive, skipping tacet bars. */
export function* pulseClicks(cue: Cue, settings: Pick<ClickSettings, "subdivide" | "tacet">, endSeconds: number): Generator<ClickEvent> {
  const map = cue.map;
  const sub = settings.subdivide;
  for (let bar = 1 - cue.countIn; ; bar++) {
    const pulses = map.meterAt(map.quartersAt(bar)).pulsesPerBar;
    const tacet = settings.tacet.some((t) => bar >= t.from && bar <= t.to);
    for (let beat = 1; beat <= pulses; beat++) {
      for (let s = 0; s < sub; s++) {
        const position = Rational.of((beat - 1) * sub + s, sub).add(1);
        const q = map.quartersAt(bar, position);
        const exact = map.exactSeconds(q);
        const seconds = exact ? exact.toNumber() : map.seconds(q);
        if (seconds > endSeconds + EPS) return;
        if (tacet) continue;
        yield { seconds, exact, kind: s > 0 ? "sub" : beat === 1 ? "accent" : "beat", bar, beat: position.toNumber() };
      }
    }
  }
}

/** ADR beeps into each hit: `count` beeps spread over `over` seconds, the last one on the hit. In time order. */
export function beepClicks(cue: Cue, rate: FrameRate, beeps: { count: number; over: number }): ClickEvent[] {
  const events: ClickEvent[] = [];
  const over = Rational.fromNumber(beeps.over);
  for (const hit of cue.hits) {
    const t = hitTiming(hit, cue, rate);
    const exactHit = hit.at !== undefined ? Rational.of(hit.at - cue.start).div(rate.fps) : cue.map.exactSeconds(cue.map.quartersAt(hit.bar!, hit.beat));
    for (let i = 0; i < beeps.count; i++) {
      const before = beeps.count === 1 ? Rational.ZERO : over.mul(beeps.count - 1 - i).div(beeps.count - 1);
      const exact = exactHit ? exactHit.sub(before) : null;
      events.push({ seconds: exact ? exact.toNumber() : t.seconds - before.toNumber(), exact, kind: "beep", bar: t.bar, beat: t.beat });
    }
  }
  return events.sort((a, b) => a.seconds - b.seconds);
}

/** Merges time-ordered event streams into one, in time order. */
export function* mergeByTime(a: Iterable<ClickEvent>, b: Iterable<ClickEvent>): Generator<ClickEvent> {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  let x = ia.next();
  let y = ib.next();
  while (!x.done || !y.done) {
    if (y.done || (!x.done && x.value.seconds <= y.value.seconds)) {
      yield x.value as ClickEvent;
      x = ia.next();
    } else {
      yield y.value;
      y = ib.next();
    }
  }
}

/** Every click event of a cue, in time order: pulses, subdivisions and beeps. */
export function clickSchedule(cue: Cue, rate: FrameRate, settings: ClickSettings, endSeconds: number): Iterable<ClickEvent> {
  const pulses = pulseClicks(cue, settings, endSeconds);
  return settings.beeps ? mergeByTime(pulses, beepClicks(cue, rate, settings.beeps)) : pulses;
}
