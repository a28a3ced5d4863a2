import { describe, expect, it } from "vitest";
import { readCueFile } from "../src/cue/read-cue-file.js";
import { makeMeter } from "../src/engine/meter.js";
import { Rational } from "../src/engine/rational.js";
import { TempoMap } from "../src/engine/tempo-map.js";
import { fixture, readFixture } from "./helpers.js";

interface Expected { beats: { bar: number; beat: number; seconds: string }[] }
const cases = readFixture<Record<string, Expected>>("cues.json");

describe("the tempo map against the oracle (ramps, meter changes, compound pulses, frame clicks)", () => {
  for (const [name, exp] of Object.entries(cases)) {
    const cue = readCueFile(fixture(`cues/${name}.yaml`)).cues[0]!;
    const map = cue.map;
    it(`${name}: every beat and half-beat lands at the oracle's time (1 ns)`, () => {
      for (const b of exp.beats) {
        const q = map.quartersAt(b.bar, Rational.fromNumber(b.beat));
        expect(Math.abs(map.seconds(q) - Number(b.seconds)), `${b.bar}|${b.beat}`).toBeLessThan(1e-9);
      }
    });
    it(`${name}: time -> position is the inverse, to the same bar and beat`, () => {
      for (const b of exp.beats) {
        const pos = map.positionAt(map.quarters(Number(b.seconds)));
        expect(pos.bar, `${b.bar}|${b.beat}`).toBe(b.bar);
        expect(Math.abs(pos.beat - b.beat), `${b.bar}|${b.beat}`).toBeLessThan(1e-9);
      }
    });
    it(`${name}: exact times, where no ramp precedes, agree with the float path`, () => {
      for (const b of exp.beats) {
        const exact = map.exactSeconds(map.quartersAt(b.bar, Rational.fromNumber(b.beat)));
        if (exact) expect(Math.abs(exact.toNumber() - Number(b.seconds))).toBeLessThan(1e-12);
      }
    });
  }
});

describe("tempo map rules", () => {
  const bpm = (x: number) => Rational.of(x);
  it("counts BPM in pulses: 7/8 at 180 is 180 eighths a minute; 6/8 in two at 60 is 60 dotted quarters", () => {
    const seven = TempoMap.build([{ bar: 1, bpm: bpm(180), meter: makeMeter("7/8") }]).map!;
    expect(seven.seconds(seven.quartersAt(2))).toBeCloseTo((7 * 60) / 180, 12);
    const six = TempoMap.build([{ bar: 1, bpm: bpm(60), meter: makeMeter("6/8", "3/8") }]).map!;
    expect(six.seconds(six.quartersAt(2))).toBeCloseTo(2, 12);
    expect(six.meterAt(0).pulsesPerBar).toBe(2);
  });
  it("a ramp moves linearly in beats and arrives on its bar at its tempo", () => {
    const map = TempoMap.build([{ bar: 1, bpm: bpm(120) }, { bar: 5, bpm: bpm(60), ramp: true }]).map!;
    const mid = map.quartersAt(3).toNumber();
    expect(map.tempoAt(mid).bpm).toBeCloseTo(90, 9);
    expect(map.tempoAt(map.quartersAt(5).toNumber()).bpm).toBeCloseTo(60, 9);
    // 16 beats from 120 to 60: 60 * 16 / (60 - 120) * ln(60 / 120) seconds
    expect(map.seconds(map.quartersAt(5))).toBeCloseTo(16 * Math.log(2), 12);
  });
  it("the count-in runs at bar 1's tempo even when a ramp starts at bar 1", () => {
    const map = TempoMap.build([{ bar: 1, bpm: bpm(120) }, { bar: 3, bpm: bpm(60), ramp: true }]).map!;
    expect(map.seconds(map.quartersAt(-1))).toBeCloseTo(-4, 12);
    expect(map.quarters(-4)).toBeCloseTo(-8, 12);
  });
  it("reports every problem with its event and field", () => {
    const { map, problems } = TempoMap.build([
      { bar: 2, bpm: bpm(100) },
      { bar: 3, beat: Rational.of(2), meter: makeMeter("3/4") },
      { bar: 3 },
    ]);
    expect(map).toBeUndefined();
    expect(problems.map((p) => [p.index, p.field])).toEqual([[0, "bar"], [1, "beat"], [2, "bpm"], [2, "bar"]]);
  });
  it("refuses a ramp across a change of pulse", () => {
    const { problems } = TempoMap.build([
      { bar: 1, bpm: bpm(120), meter: makeMeter("4/4") },
      { bar: 3, meter: makeMeter("6/8", "3/8") },
      { bar: 5, bpm: bpm(60), ramp: true },
    ]);
    expect(problems).toMatchObject([{ index: 2, field: "ramp", message: expect.stringMatching(/cannot span a change of pulse/) }]);
  });
});

describe("exact fractions past a double's range", () => {
  it("Rational.toNumber gives the value when numerator and denominator are far past 1e308 (not NaN)", () => {
    const big = 10n ** 400n;
    // (10^400 + 1) / (3 x 10^400) is 1/3 to 400 places; 7 x 10^400 / 2^1400 is 7 x 10^400 / 2^1400 exactly.
    expect(Rational.of(big + 1n, 3n * big).toNumber()).toBe(1 / 3);
    expect(Rational.of(-(5n * big + 1n), 2n * big).toNumber()).toBe(-2.5);
    expect(Rational.of(big * 12345n + big / 2n, big).toNumber()).toBe(12345.5);
    expect(Number.isFinite(Rational.of(3n ** 900n, 2n ** 1400n).toNumber())).toBe(true);
  });

  it("a rubato map of 300 decimal tempos keeps every bar within 1 ns of the sum worked out bar by bar", () => {
    const bpms = Array.from({ length: 300 }, (_, i) => Rational.parse((70 + ((i * 7919) % 60000) / 1000 + 0.000001 * (i % 997)).toFixed(6))!);
    const { map } = TempoMap.build(bpms.map((bpm, i) => ({ bar: i + 1, bpm, ...(i === 0 ? { meter: makeMeter("4/4") } : {}) })));
    // Each bar is 4 beats of 60/bpm seconds: summed in doubles here, one bar at a time (error far below 1 ns).
    let t = 0;
    bpms.forEach((bpm, i) => {
      expect(Math.abs(map!.seconds(map!.quartersAt(i + 1)) - t), `bar ${i + 1}`).toBeLessThan(1e-9);
      t += 240 / bpm.toNumber();
    });
  });
});
