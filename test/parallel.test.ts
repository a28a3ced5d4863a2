import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import ffmpeg from "@ffmpeg-installer/ffmpeg";
import { describe, expect, it } from "vitest";
import { sprocket } from "./helpers.js";

describe("rendering several cues at once", () => {
  it("gives the same files, byte for byte, as a serial render, and the same manifest order", () => {
    const dir = mkdtempSync(join(tmpdir(), "sprocket-parallel-"));
    const cue = join(dir, "three.yaml");
    // A small reference under the three cues (the pictures are small; the point is that the files are the same).
    execFileSync(ffmpeg.path, ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=640x360:r=24:d=34", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-timecode", "01:00:00:00", join(dir, "ref.mov")]);
    writeFileSync(cue, `title: Three
fps: 24
video: ref.mov
cues:
${[1, 2, 3].map((i) => `  - id: ${i}M1
    title: Cue ${i}
    start: "01:00:${i}4:00"
    end: "01:00:${i}9:00"
    countIn: 1
    tempo: [{ bar: 1, bpm: ${100 + i * 10} }, { bar: 3, bpm: ${90 + i * 5}, ramp: true }]
    hits: [{ at: "01:00:${i}6:12", label: hit ${i} }]`).join("\n")}
`);
    const run = (jobs: string) => {
      const out = join(dir, `out-${jobs}`);
      const r = sprocket(["render", cue, "--out", out, "--jobs", jobs, "--preroll", "1", "--tail", "1", "--json"], { SOURCE_DATE_EPOCH: "1767225600" });
      expect(r.status, r.stderr).toBe(0);
      return (JSON.parse(r.stdout).outputs as { kind: string; cue: string; path: string }[]).map((o) => ({
        kind: o.kind,
        cue: o.cue,
        file: basename(o.path),
        sha: createHash("sha256").update(readFileSync(o.path)).digest("hex"),
      }));
    };
    const serial = run("1");
    const parallel = run("3");
    expect(serial.map((o) => o.kind).slice(0, 6)).toEqual(["click", "midi", "notes", "notes", "notes", "video"]);
    expect(serial).toHaveLength(18);
    expect(parallel).toEqual(serial);
  });
});
