import { describe, expect, it } from "vitest";
import { parseCueFile } from "../src/cue/read-cue-file.js";
import { fitAt } from "../src/engine/fit-candidates.js";
import { sprocketJson } from "./helpers.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Every number `fit` prints is the number used: at each candidate's printed tempo, every hit it says
 * lands is within the tolerance of its grid point and every other hit is not; the printed range's
 * ends land the same hits; so does the simplest tempo it proposes. Checked here in exact fractions
 * (BigInt), on 400 seeded random cues, and through the command line on a few.
 */
type Frac = [bigint, bigint];
const norm = ([n, d]: Frac): Frac => (d < 0n ? [-n, -d] : [n, d]);
const sub = (a: Frac, b: Frac): Frac => norm([a[0] * b[1] - b[0] * a[1], a[1] * b[1]]);
const mul = (a: Frac, b: Frac): Frac => norm([a[0] * b[0], a[1] * b[1]]);
const div = (a: Frac, b: Frac): Frac => norm([a[0] * b[1], a[1] * b[0]]);
const abs = (a: Frac): Frac => [a[0] < 0n ? -a[0] : a[0], a[1]];
const le = (a: Frac, b: Frac) => a[0] * b[1] <= b[0] * a[1];
/** A printed decimal as an exact fraction: "86.7016" is 867016/10000. */
function decimal(x: number): Frac {
  const [whole, frac = ""] = String(x).split(".");
  expect(String(x)).toMatch(/^\d+(\.\d+)?$/);
  return [BigInt(whole! + frac), 10n ** BigInt(frac.length)];
}

const RATES: Record<string, Frac> = { "23.976": [24000n, 1001n], "24": [24n, 1n], "25": [25n, 1n], "29.97df": [30000n, 1001n] };
const GRID: Record<string, Frac> = { beat: [1n, 1n], "8th": [1n, 2n], "16th": [1n, 4n], triplet: [1n, 3n] };
let seed = 86_7016;
const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);

function label(frame: number, nominal: number) {
  const f = frame % nominal, s = Math.floor(frame / nominal);
  return [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60, f].map((x) => String(x).padStart(2, "0")).join(":");
}

function randomCue() {
  const rate = (["23.976", "24", "25"] as const)[Math.floor(random() * 3)]!;
  const nominal = rate === "25" ? 25 : 24;
  const start = 3600 * nominal;
  const hits = Array.from({ length: 3 + Math.floor(random() * 6) }, () => start + nominal + Math.floor(random() * 60 * nominal));
  const text = `fps: "${rate}"\ncues:\n  - id: "1M1"\n    start: "${label(start, nominal)}"\n    tempo: [{ bar: 1, bpm: 120 }]\n    hits:\n${hits.map((h, i) => `      - { at: "${label(h, nominal)}", label: h${i} }`).join("\n")}\n`;
  return { rate, text, hits: hits.map((h) => h - start) };
}

/** Which hits land at `bpm` (exact), each with its grid index when it does. */
function landing(hitFrames: number[], fps: Frac, grid: Frac, tolFrames: Frac, bpm: Frac): (bigint | null)[] {
  const tol = div(tolFrames, fps);
  const step = div(mul([60n, 1n], grid), bpm); // seconds a grid step
  return hitFrames.map((f) => {
    const t = div([BigInt(f), 1n], fps);
    const k0 = (t[0] * step[1]) / (t[1] * step[0]);
    for (const k of [k0 - 1n, k0, k0 + 1n, k0 + 2n]) if (k >= 0n && le(abs(sub(t, mul([k, 1n], step))), tol)) return k;
    return null;
  });
}

function checkClaims(c: ReturnType<typeof fitAt>["candidates"][number], hitFrames: number[], fps: Frac, grid: Frac, rateName: string) {
  const at = landing(hitFrames, fps, grid, [1n, 1n], decimal(c.bpm));
  // The grid point each landed hit is on, from its printed bar and beat (4/4: four beats a bar).
  const claimed = c.hits.map((h) => (h.landed ? BigInt(Math.round((((h.bar - 1) * 4 + h.beat - 1) * Number(grid[1])) / Number(grid[0]))) : null));
  expect([rateName, c.bpm, at.map((k) => k !== null)]).toEqual([rateName, c.bpm, c.hits.map((h) => h.landed)]);
  expect(at).toEqual(claimed);
  expect(at.filter((k) => k !== null).length).toBe(c.landed);
  for (const end of c.range) expect([c.bpm, end, landing(hitFrames, fps, grid, [1n, 1n], decimal(end))]).toEqual([c.bpm, end, at]);
  expect(c.range[0] <= c.bpm && c.bpm <= c.range[1]).toBe(true);
  const simple: Frac = c.simplest.click
    ? (() => { const [f, e] = c.simplest.click!.split("-").map(BigInt) as [bigint, bigint]; return div(mul([60n, 1n], fps), [f * 8n + e, 8n]); })()
    : decimal(c.simplest.bpm);
  expect([c.simplest.yaml, landing(hitFrames, fps, grid, [1n, 1n], simple)]).toEqual([c.simplest.yaml, at]);
}

describe("fit's printed numbers are the numbers used", () => {
  it("400 random cues: at each candidate's printed tempo, its range's ends and its simplest tempo, exactly the hits it claims land", () => {
    for (let i = 0; i < 400; i++) {
      const { rate, text, hits } = randomCue();
      const file = parseCueFile(text, "random.yaml");
      const grid = (["beat", "8th", "16th", "triplet"] as const)[i % 4]!;
      const result = fitAt(file, file.cues[0]!, { fromBar: 1, grid, min: 40, max: 240, tolFrames: 1, count: 5, shift: 0 });
      for (const c of result.candidates) checkClaims(c, hits, RATES[rate]!, GRID[grid]!, rate);
    }
  });
  it("the command line prints those same numbers", () => {
    const dir = mkdtempSync(join(tmpdir(), "sprocket-fit-claims-"));
    for (let i = 0; i < 4; i++) {
      const { rate, text, hits } = randomCue();
      writeFileSync(join(dir, `c${i}.yaml`), text);
      const report = sprocketJson(["fit", join(dir, `c${i}.yaml`), "--grid", "8th"]);
      expect(report.candidates.length).toBeGreaterThan(0);
      for (const c of report.candidates) checkClaims(c, hits, RATES[rate]!, GRID["8th"]!, rate);
    }
  });
});
