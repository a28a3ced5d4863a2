import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fitConstantTempo } from "../src/engine/fit-tempo.js";
import { fixture, readFixture, sprocket, sprocketJson } from "./helpers.js";

interface FitExpect { trueBpm: number; grid: "beat" | "8th"; tolerance: number; min: number; max: number; fromBar: number; hitSeconds: number[]; bestLanded: number; trueLanded: number }
interface RampExpect { fromBar: number; atBar: number; atBeat: number; trueEndQpm: number; endQpmForSpottedHit: number }
const cases = readFixture<Record<string, FitExpect & RampExpect>>("fit.json");
const GRID = { beat: 1, "8th": 0.5 };

function fit(name: string, extra: string[] = []) {
  const e = cases[name]!;
  return sprocketJson(["fit", fixture(`fit/${name}.yaml`), "--grid", e.grid, "--tolerance", String(e.tolerance), "--min", String(e.min), "--max", String(e.max), "--from-bar", String(e.fromBar), ...extra]);
}

/** Each reported offset, recomputed from the candidate's tempo and the oracle's hit times. */
function expectHonestOffsets(c: { bpm: number; hits: { bar: number; beat: number; offsetFrames: number; landed: boolean }[] }, e: FitExpect, fps: number) {
  const step = (60 * GRID[e.grid]) / c.bpm;
  c.hits.forEach((h, i) => {
    const beats = (h.bar - e.fromBar) * 4 + (h.beat - 1);
    const offset = (e.hitSeconds[i]! - (beats * 60) / c.bpm) * fps;
    expect(Math.abs(offset - h.offsetFrames), `hit ${i + 1}`).toBeLessThan(0.002);
    expect(Math.abs(Math.round(beats / GRID[e.grid]) * GRID[e.grid] - beats)).toBeLessThan(1e-6); // on the grid
    expect(h.landed, `hit ${i + 1}`).toBe(Math.abs(offset) <= e.tolerance + 1e-6);
    expect(Math.abs(e.hitSeconds[i]! - Math.round(e.hitSeconds[i]! / step) * step) * fps).toBeLessThanOrEqual(Math.abs(offset) + 0.002);
  });
}

describe("sprocket fit recovers the oracle's tempo", () => {
  it("a frame click (14-4 at 24 fps) on an 8th grid: every hit lands, on the bar|beat it was placed", () => {
    const r = fit("fit-click-24");
    const e = cases["fit-click-24"]!;
    const top = r.candidates[0];
    expect(top.landed).toBe(7);
    expect(top.range[0]).toBeLessThanOrEqual(e.trueBpm);
    expect(top.range[1]).toBeGreaterThanOrEqual(e.trueBpm);
    expect(top.frameClick).toBe("14-4");
    expect(top.hits.map((h: { bar: number; beat: number }) => `${h.bar}|${h.beat}`)).toEqual(["1|3.5", "3|1", "4|2.5", "6|2", "7|3.5", "9|4", "12|1"]);
    expectHonestOffsets(top, e, 24);
  });
  it("a tempo change after a ramp, at 29.97 DF (--from-bar 5)", () => {
    const top = fit("fit-after-ramp-2997df").candidates[0];
    const e = cases["fit-after-ramp-2997df"]!;
    expect(top.landed).toBe(5);
    expect(e.trueBpm).toBeGreaterThanOrEqual(top.range[0]);
    expect(e.trueBpm).toBeLessThanOrEqual(top.range[1]);
    expectHonestOffsets(top, e, 30000 / 1001);
  });
  it("hits no tempo can land all of: the best candidates land what a brute-force scan can, with honest offsets", () => {
    const r = fit("fit-conflict-25");
    const e = cases["fit-conflict-25"]!;
    expect(e.bestLanded).toBeLessThan(6);
    expect(r.candidates[0].landed).toBe(e.bestLanded);
    for (const c of r.candidates) expectHonestOffsets(c, e, 25);
    // distinct solutions: no two candidates share a range
    const ranges = r.candidates.map((c: { range: number[] }) => c.range.join("-"));
    expect(new Set(ranges).size).toBe(ranges.length);
  });
});

describe("the fitting engine is exact, not sampled", () => {
  it("finds a landing range 1e-5 BPM wide (a 1 µs tolerance) that a 0.001 BPM scan would miss", () => {
    const bpm = 97.3456789;
    const beats = [3, 7.5, 11, 19.5, 23, 31, 44.5, 52, 60, 71.5];
    const hits = beats.map((b, i) => ({ label: `h${i}`, seconds: (b * 60) / bpm, weight: 1, important: false }));
    const { candidates } = fitConstantTempo(hits, { minBpm: 40, maxBpm: 240, toleranceSeconds: 1e-6, grid: 0.5, maxCandidates: 3 });
    expect(candidates[0]!.landed).toBe(10);
    expect(candidates[0]!.range[0]).toBeLessThanOrEqual(bpm);
    expect(candidates[0]!.range[1]).toBeGreaterThanOrEqual(bpm);
    expect(candidates[0]!.range[1] - candidates[0]!.range[0]).toBeLessThan(1e-4);
    expect(Math.abs(candidates[0]!.bpm - bpm)).toBeLessThan(1e-6);
  });
  it("important hits must land; weights rank", () => {
    const hits = [
      { label: "a", seconds: 1.0, weight: 1, important: false },
      { label: "b", seconds: 1.37, weight: 1, important: true },
    ];
    const { candidates } = fitConstantTempo(hits, { minBpm: 55, maxBpm: 65, toleranceSeconds: 0.01, grid: 1, maxCandidates: 5 });
    for (const c of candidates) expect(c.hits[1]!.landed).toBe(true);
  });
});

describe("fit --apply writes the tempo into the cue file, keeping comments and layout", () => {
  it("changes only the tempo of bar 1, to the simplest tempo in the winning range", () => {
    const dir = mkdtempSync(join(tmpdir(), "sprocket-fit-"));
    const path = join(dir, "cue.yaml");
    const original = readFileSync(fixture("fit/fit-click-24.yaml"), "utf8").replace("    tempo:\n", "    # the tempo is a guess\n    tempo:\n");
    writeFileSync(path, original);
    const candidate = sprocketJson(["fit", path, "--grid", "8th"]).candidates[0];
    const r = sprocket(["fit", path, "--grid", "8th", "--apply"]);
    expect(r.status, r.stderr).toBe(0);
    const after = readFileSync(path, "utf8");
    const changed = original.split("\n").map((line, i) => [line, after.split("\n")[i]]).filter(([a, b]) => a !== b);
    expect(changed).toEqual([["      - { bar: 1, bpm: 120 }", `      - { bar: 1, ${candidate.simplest.yaml} }`]]);
    expect(sprocket(["check", path]).status).toBe(0);
  });
  it("refuses to write where a ramp arrives, saying why", () => {
    const dir = mkdtempSync(join(tmpdir(), "sprocket-fit-"));
    copyFileSync(fixture("fit/fit-after-ramp-2997df.yaml"), join(dir, "cue.yaml"));
    const r = sprocket(["fit", join(dir, "cue.yaml"), "--from-bar", "5", "--min", "60", "--max", "120", "--apply"]);
    expect([r.status, r.stderr.split("\n")[0]]).toEqual([2, "error: Bar 5 is where a ramp arrives: a tempo written there would change the ramp, and with it where bar 5 falls."]);
  });
});

describe("sprocket ramp recovers the oracle's ramp", () => {
  for (const name of ["ramp-24", "ramp-23976-click"]) {
    it(`${name}: the end tempo that lands the beat on the spotted hit, and the cue lines land it`, () => {
      const e = cases[name]!;
      const r = sprocketJson(["ramp", fixture(`fit/${name}.yaml`), "--from", String(e.fromBar), "--to-hit", "land", "--at-bar", String(e.atBar), "--at-beat", String(e.atBeat)]);
      expect(Math.abs(r.to.bpm - e.endQpmForSpottedHit)).toBeLessThan(1e-3);
      expect(Math.abs(r.to.bpm - e.trueEndQpm)).toBeLessThan(0.3); // spotting to a frame moves it a little
      expect(r.perBar.bpm).toBeCloseTo(r.change.bpm / r.bars, 3);
      const dir = mkdtempSync(join(tmpdir(), "sprocket-ramp-"));
      const text = readFileSync(fixture(`fit/${name}.yaml`), "utf8").replace("    hits:", r.cueLines.map((l: string) => `      ${l}`).join("\n") + "\n    hits:");
      writeFileSync(join(dir, "cue.yaml"), text);
      const hit = sprocketJson(["check", join(dir, "cue.yaml")]).cues[0].hits[0];
      expect(hit.nearestClick).toEqual({ bar: e.atBar, beat: e.atBeat });
      // Where the ramp command says the beat lands with the tempos as written is where it does.
      expect(Math.abs(r.landsFramesAsWritten)).toBeLessThan(0.001);
      expect(Math.abs(hit.offsetFrames - -r.landsFramesAsWritten)).toBeLessThan(0.0006);
    });
  }
});

describe("sprocket clickbook against the oracle", () => {
  const books = readFixture<{ click: string; fps: string; start: string | null; beats: number; rows: { beat: number; seconds: number; frames: number; timecode: string; feetFrames: string }[] }[]>("clickbook.json");
  for (const b of books) {
    it(`${b.click} at ${b.fps}${b.start ? ` from ${b.start}` : ""}: ${b.beats} beats`, () => {
      const r = sprocketJson(["clickbook", b.click, "--fps", b.fps, "--beats", String(b.beats), ...(b.start ? ["--start", b.start] : [])]);
      expect(r.rows.map((x: { timecode: string; feetFrames: string }) => [x.timecode, x.feetFrames])).toEqual(b.rows.map((x) => [x.timecode, x.feetFrames]));
      r.rows.forEach((x: { seconds: number; frames: number }, i: number) => {
        expect(Math.abs(x.seconds - b.rows[i]!.seconds)).toBeLessThan(1e-6);
        expect(Math.abs(x.frames - b.rows[i]!.frames)).toBeLessThan(1e-4);
      });
    });
  }
  it("--csv has a header and one line a beat", () => {
    const r = sprocket(["clickbook", "14-4", "--fps", "24", "--beats", "3", "--csv"]);
    expect(r.stdout).toBe("beat,seconds,frames,timecode,feetFrames\n1,0,0,00:00:00:00,0+00\n2,0.604167,14.5,00:00:00:15,0+15\n3,1.208333,29,00:00:01:05,1+13\n");
  });
});

describe("fitting meter changes: bars that put each hit on a downbeat", () => {
  it("whole bars of the meter, then one bar of what is left, as a meter over the right denominator", async () => {
    const { downbeatLayouts } = await import("../src/engine/downbeat-bars.js");
    const { makeMeter } = await import("../src/engine/meter.js");
    const layouts = downbeatLayouts([{ label: "b", pulses: 10 }, { label: "a", pulses: 2.5 }, { label: "c", pulses: 18 }], makeMeter("4/4"));
    expect(layouts.map((l) => [l.label, l.bars, l.onDownbeatAlready])).toEqual([
      ["a", [{ count: 1, meter: "5/8" }], false],
      ["b", [{ count: 1, meter: "4/4" }, { count: 1, meter: "7/8" }], false],
      ["c", [{ count: 2, meter: "4/4" }], true],
    ]);
    const six = downbeatLayouts([{ label: "x", pulses: 3 }], makeMeter("6/8", "3/8"));
    expect(six[0]!.bars).toEqual([{ count: 1, meter: "6/8" }, { count: 1, meter: "3/8" }]);
  });
  it("fit --downbeats prints them for the chosen candidate", () => {
    const r = sprocket(["fit", fixture("fit/fit-click-24.yaml"), "--grid", "8th", "--downbeats"]);
    expect(r.stdout).toContain("  hit 1: 1 x 5/8\n");
    expect(r.stdout).toContain("  hit 7: 2 x 4/4 + 1 x 1/4\n");
  });
});
