import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import ffmpeg from "@ffmpeg-installer/ffmpeg";
import { sprocketJson } from "./helpers.js";

/**
 * The two renderers agree: the same cue drawn by ffmpeg's filter graph and by the canvas, on the same
 * generated reference, decoded back. Where the overlay differs from the reference, both put the same
 * shapes within 2 pixels (a streamer mid-sweep, a punch, a flutter frame), where the hand-computed
 * model puts them, and both windows read the same text by OCR.
 */
const W = 640, H = 360;
const dir = mkdtempSync(join(tmpdir(), "sprocket-canvas-"));
let ref = "", graph = "", canvas = "";

function rgb(path: string, n: number): Buffer {
  return execFileSync(ffmpeg.path, ["-hide_banner", "-loglevel", "error", "-i", path, "-vf", `select=eq(n\\,${n})`, "-vsync", "0", "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], { maxBuffer: 16 << 20 });
}

/** Columns of row y where a render differs from the reference (the overlay), as runs [first, last]. */
function overlayRuns(out: Buffer, base: Buffer, y: number): [number, number][] {
  const runs: [number, number][] = [];
  for (let x = 0; x < W; x++) {
    const i = (y * W + x) * 3;
    const d = Math.abs(out[i]! - base[i]!) + Math.abs(out[i + 1]! - base[i + 1]!) + Math.abs(out[i + 2]! - base[i + 2]!);
    if (d <= 120) continue;
    const last = runs[runs.length - 1];
    if (last && x <= last[1] + 2) last[1] = x;
    else runs.push([x, x]);
  }
  return runs;
}

/** The run nearest x. */
const nearest = (runs: [number, number][], x: number) => runs.reduce((a, b) => (Math.abs((b[0] + b[1]) / 2 - x) < Math.abs((a[0] + a[1]) / 2 - x) ? b : a));

function ocr(path: string, n: number, crop: string): string {
  const png = execFileSync(ffmpeg.path, ["-hide_banner", "-loglevel", "error", "-i", path, "-vf", `select=eq(n\\,${n}),crop=${crop},pad=iw+16:ih+16:8:8:black,scale=iw*3:ih*3,format=gray,negate`, "-vsync", "0", "-frames:v", "1", "-f", "image2pipe", "-vcodec", "png", "-"]);
  return spawnSync("tesseract", ["stdin", "stdout", "--psm", "7", "-c", "tessedit_char_whitelist=0123456789:;|"], { input: png, encoding: "utf8" }).stdout.replace(/\s+/g, "");
}

beforeAll(() => {
  ref = join(dir, "ref.mov");
  execFileSync(ffmpeg.path, ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", `testsrc2=s=${W}x${H}:r=24000/1001:d=8`, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-timecode", "01:00:00:00", ref]);
  const cue = join(dir, "cue.yaml");
  // bar 1 at 01:00:02:00 (frame 48); the hit at 01:00:05:00 (frame 120): a 2 s streamer from frame 72, flutter 3 (116, 118), punch 120-121
  writeFileSync(cue, `fps: 23.976\nvideo: ${JSON.stringify(ref)}\ncues:\n  - id: C1\n    title: Both\n    start: "01:00:02:00"\n    end: "01:00:07:00"\n    countIn: 1\n    tempo: [{ bar: 1, bpm: 120 }]\n    hits: [{ at: "01:00:05:00", label: door, flutter: 3 }]\n`);
  const render = (renderer: string) => sprocketJson(["render", cue, "--only", "video", "--whole", "--renderer", renderer, "--out", join(dir, renderer), "-q"]).outputs[0].path as string;
  graph = render("graph");
  canvas = render("canvas");
}, 180_000);

describe("the canvas renderer and the filter graph draw the same picture", () => {
  it("a streamer mid-sweep: the same band, within 2 px, where the model puts it", () => {
    const streamerWidth = Math.round(W * 0.0125); // the classic style
    for (const n of [84, 96, 110]) {
      const right = (W * (n - 72)) / 48; // the band's right edge reaches W on frame 120
      const base = rgb(ref, n);
      const y = Math.round(H * 0.45);
      const a = nearest(overlayRuns(rgb(graph, n), base, y), right - streamerWidth / 2);
      const b = nearest(overlayRuns(rgb(canvas, n), base, y), right - streamerWidth / 2);
      expect([n, Math.abs(a[0] - b[0]) <= 2, Math.abs(a[1] - b[1]) <= 2]).toEqual([n, true, true]);
      expect([n, Math.abs(b[1] + 1 - right) <= 2, Math.abs(b[0] - (right - streamerWidth)) <= 2]).toEqual([n, true, true]);
    }
  });
  it("the punch and a flutter frame: the same circle within 2 px, on the same frames", () => {
    for (const n of [116, 118, 120, 121]) {
      const base = rgb(ref, n);
      const a = nearest(overlayRuns(rgb(graph, n), base, H / 2), W / 2);
      const b = nearest(overlayRuns(rgb(canvas, n), base, H / 2), W / 2);
      expect([n, Math.abs(a[0] - b[0]) <= 2, Math.abs(a[1] - b[1]) <= 2]).toEqual([n, true, true]);
      expect([n, Math.abs(b[1] - b[0] + 1 - H * 0.3) <= 3]).toEqual([n, true]); // a circle 0.3 of the height across
    }
    for (const n of [117, 119, 122]) {
      const base = rgb(ref, n);
      const centre = (path: string) => overlayRuns(rgb(path, n), base, H / 2).some(([a, b]) => a <= W / 2 && b >= W / 2);
      expect([n, centre(graph), centre(canvas)]).toEqual([n, false, false]);
    }
  });
  it("the timecode and bar|beat windows read alike (OCR, where tesseract is installed)", (ctx) => {
    if (spawnSync("tesseract", ["--version"]).status !== 0) return ctx.skip();
    const size = Math.round((72 * H) / 1080), margin = Math.round((24 * H) / 1080), width = Math.round(size * (1233 / 2048) * 11) + 2;
    const tc = `${width}:${size}:${Math.round((W - (width - 2)) / 2) - 1}:${H - margin - size + 1}`;
    const pos = `${Math.round(W * 0.2)}:${Math.round((56 * H) / 1080) + 4}:${margin - 2}:${margin + Math.round((70 * H) / 1080) - 2}`;
    for (const n of [0, 60, 120]) {
      expect([n, ocr(canvas, n, tc)]).toEqual([n, ocr(graph, n, tc)]);
      expect([n, ocr(canvas, n, pos)]).toEqual([n, ocr(graph, n, pos)]);
    }
    expect(ocr(canvas, 120, tc)).toBe("01:00:05:00");
  });
});
