import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixture, ROOT, sprocket, sprocketJson } from "./helpers.js";

/** 40-minute cues at 96 kHz float: long enough (about 1 GB each) to be interrupted while they write. */
function longCue(dir: string, count = 1): string {
  const path = join(dir, "long.yaml");
  const cue = (i: number) => `  - id: LONG${i}\n    start: "0${i}:00:00:00"\n    end: "0${i}:40:00:00"\n    tempo: [{ bar: 1, bpm: 120 }]\n`;
  writeFileSync(path, `fps: 24\nclick: { sampleRate: 96000, bitDepth: 32f }\ncues:\n${Array.from({ length: count }, (_, i) => cue(i + 1)).join("")}`);
  return path;
}

/** Starts a render, waits until each of its `jobs` cues is being written, and sends it `signal`. */
async function interrupt(signal: NodeJS.Signals, only = "click", jobs = 1) {
  const dir = mkdtempSync(join(tmpdir(), "sprocket-kill-"));
  const out = join(dir, "out");
  const child = spawn(process.execPath, [`${ROOT}bin/sprocket.js`, "render", longCue(dir, jobs), "--only", only, "--out", out, "--quiet", "--jobs", String(jobs)], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((done) => child.on("exit", (code, sig) => done(code ?? (sig ? -1 : null))));
  // Wait until the render is writing its temporary file, then interrupt it.
  const writing = () => (existsSync(out) ? readdirSync(out).filter((f) => f.endsWith(".partial")).length : 0);
  for (let i = 0; i < 1000 && writing() < jobs; i++) await new Promise((r) => setTimeout(r, 10));
  expect(writing()).toBe(jobs);
  child.kill(signal);
  const code = await exited;
  return { code, stderr, files: readdirSync(out), dir };
}

describe("an interrupted render leaves nothing at an output path", () => {
  it("Ctrl-C (SIGINT): exit 130, temporary file removed, nothing written", async () => {
    const r = await interrupt("SIGINT");
    expect(r.code).toBe(130);
    expect(r.files).toEqual([]);
    expect(r.stderr).toContain("interrupted (SIGINT); no partial output was left");
  });
  it("SIGTERM: exit 143, nothing left", async () => {
    const r = await interrupt("SIGTERM");
    expect([r.code, r.files]).toEqual([143, []]);
  });
  it("the picture too: Ctrl-C stops ffmpeg, removes its temporary file, leaves nothing", async () => {
    const r = await interrupt("SIGINT", "video");
    expect([r.code, r.files]).toEqual([130, []]);
    // no ffmpeg left writing for this render
    await new Promise((done) => setTimeout(done, 300));
    const ps = spawnSync("ps", ["-eo", "args"], { encoding: "utf8" }).stdout;
    expect(ps.split("\n").filter((l) => l.includes("ffmpeg") && l.includes(r.dir))).toEqual([]);
  });
  it("a parallel render (--jobs 2): SIGTERM stops both children, each removes what it was writing, nothing is left", async () => {
    const r = await interrupt("SIGTERM", "click", 2);
    expect([r.code, r.files]).toEqual([143, []]);
    expect(r.stderr).toContain("interrupted (SIGTERM); no partial output was left");
  });
  it("a parallel render of pictures: Ctrl-C reaches every child's ffmpeg, nothing is left", async () => {
    const r = await interrupt("SIGINT", "video", 2);
    expect([r.code, r.files]).toEqual([130, []]);
    await new Promise((done) => setTimeout(done, 300));
    const ps = spawnSync("ps", ["-eo", "args"], { encoding: "utf8" }).stdout;
    expect(ps.split("\n").filter((l) => (l.includes("ffmpeg") || l.includes("render-child")) && l.includes(r.dir))).toEqual([]);
  });
  it("SIGKILL cannot be caught: only the hidden temporary file may remain, never a file at the output path", async () => {
    const r = await interrupt("SIGKILL");
    expect(r.files.filter((f) => !/^\..*\.partial$/.test(f))).toEqual([]);
  });
});

describe("renders are reproducible", () => {
  it("two renders of a cue are byte-identical, and match the golden hash (UPDATE_GOLDEN=1 rewrites it)", () => {
    const hashes = [0, 1].map(() => {
      const out = mkdtempSync(join(tmpdir(), "sprocket-golden-"));
      const r = sprocket(["render", fixture("cues/night-train-23976.yaml"), "--only", "click", "--out", out, "--json"], { SOURCE_DATE_EPOCH: "1767225600" });
      expect(r.status).toBe(0);
      return createHash("sha256").update(readFileSync(JSON.parse(r.stdout).outputs[0].path)).digest("hex");
    });
    expect(hashes[0]).toBe(hashes[1]);
    const golden = fixture("golden/night-train-click.sha256");
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, hashes[0] + "\n");
    expect(hashes[0]).toBe(readFileSync(golden, "utf8").trim());
  });
});

describe("render's command line", () => {
  it("refuses unknown outputs with exit 2, naming the ones there are", () => {
    const unknown = sprocket(["render", fixture("cues/midnight-24.yaml"), "--only", "clik"]);
    expect([unknown.status, unknown.stderr.split("\n")[0]]).toEqual([2, 'error: Unknown output "clik".']);
    expect(unknown.stderr).toContain("expected: click, midi, video, notes");
  });
  it("--cue renders only the named cues; a missing one is an error", () => {
    const out = mkdtempSync(join(tmpdir(), "sprocket-cue-"));
    expect(sprocketJson(["render", fixture("cues/midnight-24.yaml"), "--cue", "midnight-24", "--only", "click,midi", "--out", out]).outputs).toMatchObject([
      { kind: "click", cue: "midnight-24", start: "23:59:58:00" },
      { kind: "midi", cue: "midnight-24", start: "23:59:58:00" },
    ]);
    expect(sprocket(["render", fixture("cues/midnight-24.yaml"), "--cue", "X", "--only", "click", "--out", out]).status).toBe(2);
  });
});
