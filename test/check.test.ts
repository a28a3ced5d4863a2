import { describe, expect, it } from "vitest";
import { fixture, readFixture, sprocketJson } from "./helpers.js";

interface Hit { label: string; timecode: string; bar: number; beat: number; offsetFrames: number; offsetMs: number; seconds: number }
interface Expected { start: string; countIn: { bars: number; timecode: string }; end: { timecode: string; derived: boolean }; hits: Hit[] }
const cases = readFixture<Record<string, Expected>>("cues.json");

describe("sprocket check --json against the oracle", () => {
  for (const [name, exp] of Object.entries(cases)) {
    it(`${name}: start, count-in, end, and every hit's timecode, bar, beat and offset`, () => {
      const report = sprocketJson(["check", fixture(`cues/${name}.yaml`)]);
      const cue = report.cues[0];
      expect(cue.start).toBe(exp.start);
      expect([cue.countIn.bars, cue.countIn.timecode]).toEqual([exp.countIn.bars, exp.countIn.timecode]);
      expect(cue.end).toMatchObject(exp.end);
      expect(cue.hits.map((h: Hit) => [h.label, h.timecode, h.bar])).toEqual(exp.hits.map((h) => [h.label, h.timecode, h.bar]));
      cue.hits.forEach((h: Hit, i: number) => {
        const e = exp.hits[i]!;
        expect(Math.abs(h.beat - e.beat), h.label).toBeLessThanOrEqual(0.00005 + 1e-9);
        expect(Math.abs(h.offsetFrames - e.offsetFrames), h.label).toBeLessThanOrEqual(0.0005 + 1e-9);
        expect(Math.abs(h.offsetMs - e.offsetMs), h.label).toBeLessThanOrEqual(0.005 + 1e-9);
        expect(Math.abs(h.seconds - e.seconds), h.label).toBeLessThanOrEqual(0.0000005 + 1e-9);
      });
    });
  }
});
