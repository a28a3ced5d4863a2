import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers.js";

/**
 * Renders side by side and at length: three `sprocket render` processes writing the same cue into the
 * same folder at once all finish, and the file at the path is one whole render (byte for byte the
 * render made alone), never two interleaved; a render of many cues with --jobs ends with no more file
 * descriptors than a render of a few, nothing left running, and memory that does not grow with the cues.
 */
const env = { ...process.env, NO_COLOR: "1", SOURCE_DATE_EPOCH: "1790000000" };
const tmp = () => mkdtempSync(join(tmpdir(), "sprocket-concurrent-"));
const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

/** A project of `n` cues a minute apart, each `bars` bars of 4/4 with a ramp and a hit. */
function project(n: number, bars: number): string {
  const lines = ["title: Many", "fps: 24", "cues:"];
  for (let i = 0; i < n; i++) {
    const m = 1 + i;
    const tc = `${String(1 + Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}:00:00`;
    lines.push(`  - id: "${i + 1}M1"`, `    start: "${tc}"`, "    tempo:", "      - { bar: 1, bpm: 120, meter: 4/4 }", `      - { bar: ${Math.max(2, bars - 1)}, bpm: 132, ramp: true }`, `    hits: [{ bar: ${bars}, label: out }]`);
  }
  const path = join(tmp(), `many-${n}.yaml`);
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
}

function render(args: string[]) {
  return new Promise<{ status: number | null; stderr: string; stdout: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", `${ROOT}bench/report-usage.js`, `${ROOT}bin/sprocket.js`, "render", ...args], { env });
    let stderr = "", stdout = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d));
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    child.on("close", (status) => resolve({ status, stderr, stdout }));
  });
}
const usage = (stderr: string) => JSON.parse(/BENCH (.*)/.exec(stderr)![1]!) as { maxRssMB: number; fdsAtStart: number | null; fdsAtExit: number | null; activeAtExit: string[] };

describe("renders side by side", () => {
  it("three processes writing the same cue into one folder: each finishes, the file is one whole render", async () => {
    const cue = project(1, 150); // five minutes of click: long enough for the writes to overlap
    const alone = tmp();
    expect((await render([cue, "--only", "click,midi", "--out", alone, "--quiet"])).status).toBe(0);
    const together = tmp();
    const runs = await Promise.all([1, 2, 3].map(() => render([cue, "--only", "click,midi", "--out", together, "--quiet"])));
    expect(runs.map((r) => r.status)).toEqual([0, 0, 0]);
    expect(readdirSync(together).sort()).toEqual(readdirSync(alone).sort()); // no temporary file left
    for (const name of readdirSync(alone)) expect([name, sha(join(together, name))]).toEqual([name, sha(join(alone, name))]);
  });
});

describe("long runs", () => {
  it("60 cues with --jobs 2: no descriptor more than for 10 cues, nothing left running, memory as for 10 cues", async () => {
    const small = await render([project(10, 8), "--only", "click,midi", "--out", tmp(), "--jobs", "2", "--quiet", "--json"]);
    const out = tmp();
    const big = await render([project(60, 8), "--only", "click,midi", "--out", out, "--jobs", "2", "--quiet", "--json"]);
    expect([small.status, big.status]).toEqual([0, 0]);
    expect(JSON.parse(big.stdout).outputs).toHaveLength(120);
    expect(readdirSync(out)).toHaveLength(120);
    const [u10, u60] = [usage(small.stderr), usage(big.stderr)];
    // Descriptors opened once and kept (the child-process signal pipe) are the same for 10 cues as for 60.
    expect(u60.fdsAtExit).toBe(u10.fdsAtExit);
    // What is still open at exit is its own standard output and error, as for 10 cues: no child process, no timer.
    expect(u60.activeAtExit).toEqual(u10.activeAtExit);
    expect(u60.activeAtExit.filter((r) => r !== "PipeWrap" && r !== "TTYWrap")).toEqual([]);
    expect(u60.maxRssMB).toBeLessThan(u10.maxRssMB + 25);
    // No child process outlives the render.
    const orphans = spawnSync("pgrep", ["-f", `${out}`], { encoding: "utf8" });
    expect(orphans.stdout.trim()).toBe("");
  }, 120_000);
});
