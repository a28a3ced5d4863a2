import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain JavaScript module shared with the benchmark
import { makeReference, score } from "../bench/spot-references.js";
import { readCueFile } from "../src/cue/read-cue-file.js";
import { cuePlan } from "../src/engine/cue-plan.js";
import { parseFrameRate } from "../src/engine/frame-rate.js";
import { formatTimecode } from "../src/engine/timecode.js";
import { toolPath } from "../src/system/ffmpeg.js";
import { sprocket } from "./helpers.js";

/**
 * `sprocket spot` on a reference ffmpeg makes from its own test sources, whose shot changes are known
 * (bench/spot-references.js): hard cuts between different sources and between one source seen another
 * way, a dissolve, a fade through black, a flash inside a shot. The benchmark (bench/spot-bench.js)
 * measures the accuracy on longer ones.
 */
const dir = mkdtempSync(join(tmpdir(), "sprocket-spot-"));
const SHOTS = [
  { source: 0, frames: 40 },
  { source: 1, frames: 30 },
  { source: 2, frames: 50, flashAt: 20 },
  { source: 2, look: 1, frames: 30, then: "dissolve" },
  { source: 3, frames: 40, then: "fade" },
  { source: 4, frames: 30 },
  { source: 0, look: 2, frames: 30 },
  { source: 0, look: 0, frames: 30 },
  { source: 5, frames: 40 },
  { source: 6, look: 3, frames: 30 },
  { source: 6, frames: 30 },
];
const reference = join(dir, "reference.mov");
// a QuickTime reference with a timecode track starting at 01:00:00:00, as picture departments send them
const answer = makeReference(toolPath("ffmpeg").path, reference, SHOTS, { codec: ["-c:v", "libx264", "-preset", "ultrafast", "-crf", "18", "-timecode", "01:00:00:00"] }) as { cuts: number[]; soft: [number, number][]; flashes: [number, number][]; frames: number };
const rate = parseFrameRate("24");
const tc = (frame: number) => formatTimecode(86400 + frame, rate);

describe("sprocket spot", () => {
  it("finds every hard cut on the first frame of the new shot; nothing at the flash, anything else inside the fade or the dissolve", () => {
    const r = sprocket(["spot", reference, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { cuts: { timecode: string; frame: number; score: number }[]; start: string; frames: number; rate: string };
    expect([out.start, out.frames, out.rate]).toEqual(["01:00:00:00", answer.frames, "24"]);
    // every hard cut on its frame; anything else proposed is inside the dissolve or the fade (where
    // the shot does change), never at the flash
    const found = out.cuts.map((c) => c.frame);
    expect(answer.cuts.filter((f) => !found.includes(f))).toEqual([]);
    expect(out.cuts.filter((c) => answer.cuts.includes(c.frame)).map((c) => c.timecode)).toEqual(answer.cuts.map(tc));
    expect(score(answer, found).falses).toBe(0);
    expect(found.filter((f) => answer.flashes.some(([a, b]) => f >= a - 1 && f <= b + 2))).toEqual([]);
    for (const c of out.cuts) expect(c.score).toBeGreaterThan(0.1);
    // a higher threshold proposes fewer: the cut between two looks of one source is the faintest
    const strict = JSON.parse(sprocket(["spot", reference, "--json", "--threshold", "0.3"]).stdout) as { cuts: { frame: number }[] };
    expect(strict.cuts.length).toBeLessThan(out.cuts.length);
  });

  it("--into adds each cut to the cue that holds it, lists those outside every cue, and never twice or on a frame with a hit", () => {
    const cueFile = join(dir, "cues.yaml");
    // 1M1 holds frames 30-108 (its count-in from 01:00:01:06), 1M2 frames 208-330; 1M2 has a hit on the cut at frame 208
    const before = [
      "# spotting the reel",
      "title: Reel 1",
      "fps: 24",
      "cues:",
      "  - id: 1M1",
      '    start: "01:00:03:06" # bar 1',
      '    end: "01:00:07:12"',
      "    tempo:",
      "      - { bar: 1, bpm: 120 }",
      "  - id: 1M2",
      '    start: "01:00:08:16"',
      '    end: "01:00:13:18"',
      "    countIn: 0",
      "    tempo:",
      "      - { bar: 1, bpm: 120 }",
      "    hits:",
      '      - { at: "01:00:08:16", label: "the van" }',
      "",
    ].join("\n");
    writeFileSync(cueFile, before);
    const r = sprocket(["spot", reference, "--into", cueFile, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { added: { cue: string; label: string; timecode: string }[]; outside: { timecode: string }[]; skipped: { timecode: string; reason: string }[] };
    const file = readCueFile(cueFile);
    const spans = file.cues.map((c) => ({ id: c.id, t: cuePlan(c, file.rate).timing }));
    const within = (frame: number) => spans.find((s) => 86400 + frame >= s.t.countInFrame && 86400 + frame <= s.t.endFrame);
    const proposed = (JSON.parse(sprocket(["spot", reference, "--json"]).stdout) as { cuts: { frame: number }[] }).cuts.map((c) => c.frame);
    const expected = proposed.filter((f) => within(f) && tc(f) !== "01:00:08:16");
    expect(out.added.map((a) => [a.cue, a.timecode])).toEqual(expected.map((f) => [within(f)!.id, tc(f)]));
    expect(out.outside.map((o) => o.timecode)).toEqual(proposed.filter((f) => !within(f)).map(tc));
    expect(out.skipped.map((s) => [s.timecode, s.reason])).toEqual([["01:00:08:16", "a hit is on this frame already"]]);
    // the file: as it was, with the new hits at the end of their cues' lists
    const after = readFileSync(cueFile, "utf8");
    expect(after.split("\n").filter((l) => !before.split("\n").includes(l)).every((l) => /^ {6}- \{ at: "[\d:]+", label: "cut \d+", color: "cyan" \}$/.test(l))).toBe(true);
    expect(after.startsWith("# spotting the reel\ntitle: Reel 1\nfps: 24\ncues:\n  - id: 1M1\n    start: \"01:00:03:06\" # bar 1")).toBe(true);
    // again: nothing is added twice
    const again = JSON.parse(sprocket(["spot", reference, "--into", cueFile, "--json"]).stdout) as { added: unknown[]; path: string | null };
    expect([again.added.length, again.path, readFileSync(cueFile, "utf8")]).toEqual([0, null, after]);
  });

  it("-o makes a new cue file: one cue over the reference, the cuts its hits", () => {
    const out = join(dir, "new.yaml");
    const r = sprocket(["spot", reference, "-o", out]);
    expect(r.status, r.stderr).toBe(0);
    const file = readCueFile(out);
    expect(file.cues.length).toBe(1);
    expect(file.cues[0]!.start).toBe(86400);
    const proposed = (JSON.parse(sprocket(["spot", reference, "--json"]).stdout) as { cuts: { frame: number }[] }).cuts.map((c) => c.frame);
    expect(file.cues[0]!.hits.map((h) => [h.label, h.at])).toEqual(proposed.map((f, i) => [`cut ${i + 1}`, 86400 + f]));
  });

  it("says what is wrong: no reference, a reference at another rate than the cue file's, a bad threshold", () => {
    const missing = sprocket(["spot", join(dir, "nothing.mov")]);
    expect([missing.status, missing.stderr.includes("    at ")]).toEqual([2, false]);
    const cue25 = join(dir, "twenty-five.yaml");
    writeFileSync(cue25, "title: T\nfps: 25\ncues:\n  - id: A\n    start: \"01:00:00:00\"\n    tempo: [{ bar: 1, bpm: 120 }]\n");
    const other = sprocket(["spot", reference, "--into", cue25]);
    expect([other.status, other.stderr]).toEqual([2, expect.stringMatching(/runs at 24 fps, not the project's 25/)]);
    const bad = sprocket(["spot", reference, "--threshold", "2"]);
    expect([bad.status, bad.stderr]).toEqual([2, expect.stringMatching(/--threshold must be/)]);
    // a reference with no timecode: listed from 00:00:00:00 with a warning, never put into a cue file
    const bare = join(dir, "no-timecode.mp4");
    makeReference(toolPath("ffmpeg").path, bare, [{ source: 0, frames: 24 }, { source: 1, frames: 24 }]);
    const listed = sprocket(["spot", bare]);
    expect([listed.status, listed.stdout, listed.stderr]).toEqual([0, expect.stringContaining("00:00:01:00"), expect.stringMatching(/no timecode track/)]);
    const into = sprocket(["spot", bare, "-o", join(dir, "never.yaml")]);
    expect([into.status, into.stderr]).toEqual([2, expect.stringMatching(/no start timecode .*--video-start/s)]);
    const begun = sprocket(["preview", "--new", join(dir, "never.yaml"), "--video", bare, "--no-open"]);
    expect([begun.status, begun.stderr, existsSync(join(dir, "never.yaml"))]).toEqual([2, expect.stringMatching(/no start timecode/), false]);
  });
});
