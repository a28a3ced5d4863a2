import { describe, expect, it } from "vitest";
import { parseFrameRate } from "../src/engine/frame-rate.js";
import { bpmToFramesPerBeat, nearestFrameClick, parseTempo } from "../src/engine/tempo-value.js";
import { readFixture } from "./helpers.js";

const rows = readFixture<{ value: string; fps: string; bpm: number; framesPerBeat: number; frameClick: string }[]>("tempo-values.json");

describe("tempo notations against the oracle", () => {
  it(`${rows.length} values: BPM, frames per beat, nearest frame click`, () => {
    for (const r of rows) {
      const rate = parseFrameRate(r.fps);
      const { bpm } = parseTempo(r.value, rate);
      expect(bpm.toNumber()).toBeCloseTo(r.bpm, 9);
      expect(bpmToFramesPerBeat(bpm, rate).toNumber()).toBeCloseTo(r.framesPerBeat, 9);
      expect([r.value, r.fps, nearestFrameClick(bpm, rate).text]).toEqual([r.value, r.fps, r.frameClick]);
    }
  });
  it("the domain's vectors at 24 fps", () => {
    const fps24 = parseFrameRate("24");
    expect(parseTempo("24-0", fps24).bpm.toNumber()).toBe(60);
    expect(parseTempo("12-0", fps24).bpm.toNumber()).toBe(120);
    expect(parseTempo("12-2", fps24).bpm.toNumber()).toBeCloseTo(117.551, 3);
    expect(parseTempo("14-4", fps24).bpm.toNumber()).toBeCloseTo(99.3103, 4);
  });
  it("refuses what is not a tempo, listing the notations", () => {
    for (const bad of ["fast", "14-8", "0-0", "0f", "-120", "1e3"]) {
      expect(() => parseTempo(bad, parseFrameRate("24")), bad).toThrow(/tempo|frame click|frames per beat|no length/);
    }
  });
});
