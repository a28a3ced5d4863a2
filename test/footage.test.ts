import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import ffmpeg from "@ffmpeg-installer/ffmpeg";
import type { Gauge } from "../src/engine/feet-frames.js";
import { feetText, MONO_ADVANCE, overlayLayout } from "../src/engine/overlay-model.js";
import { readFixture, sprocketJson } from "./helpers.js";

/**
 * The footage counter in every gauge: the overlay model (which the page and the canvas draw) against
 * the oracle's feet+frames (3-perf by the foot-start formula floor(64k/3)), and the picture's filter
 * graph (its own ffmpeg expressions) against the model, read back by OCR from rendered frames.
 */
const GAUGES: [Gauge, "feet4perf" | "feet3perf" | "feet16mm"][] = [["35mm-4perf", "feet4perf"], ["35mm-3perf", "feet3perf"], ["16mm", "feet16mm"]];
const oracle = readFixture<{ rates: Record<string, { rows: { frame: number; feet4perf: string; feet3perf: string; feet16mm: string }[] }> }>("timecode.json");

describe("the footage counter in every gauge", () => {
  it("the overlay model counts each gauge's feet as the oracle does (4-perf 16, 3-perf 21-21-22, 16 mm 40)", () => {
    for (const r of oracle.rates["24"]!.rows.filter((x) => x.frame < 10_000_000)) {
      for (const [g, key] of GAUGES) expect([g, r.frame, feetText(r.frame, g)]).toEqual([g, r.frame, r[key].padStart(7, "0")]);
    }
    expect([feetText(21, "35mm-3perf"), feetText(42, "35mm-3perf"), feetText(63, "35mm-3perf"), feetText(64, "35mm-3perf")]).toEqual(["0001+00", "0002+00", "0002+21", "0003+00"]);
  });

  it("render --feet draws the model's footage in each gauge (the filter graph's expressions, by OCR where tesseract is installed)", (ctx) => {
    if (spawnSync("tesseract", ["--version"]).status !== 0) return ctx.skip();
    const W = 1280, H = 720;
    const dir = mkdtempSync(join(tmpdir(), "sprocket-footage-"));
    const ref = join(dir, "ref.mov");
    execFileSync(ffmpeg.path, ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", `color=c=0x203040:s=${W}x${H}:r=24:d=6`, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-timecode", "01:00:00:00", ref]);
    // The counter's digits alone (its box's edges would read as characters): seven mono advances wide.
    const L = overlayLayout(W, H, 0.0125).feet;
    const crop = `${Math.round(L.size * MONO_ADVANCE * 7)}:${L.size - 2}:${L.x}:${L.bottom - L.size + 1}`;
    const bar1 = 24; // bar 1 at 01:00:01:00, the reference's frame 24
    const frames = [21, 43, 64, 85, 100];
    for (const [g] of GAUGES) {
      const cue = join(dir, `${g}.yaml`);
      writeFileSync(cue, `fps: 24\ngauge: ${g}\nvideo: ${JSON.stringify(ref)}\ncues:\n  - id: F1\n    start: "01:00:01:00"\n    end: "01:00:05:00"\n    countIn: 0\n    tempo: [{ bar: 1, bpm: 120 }]\n`);
      const out = sprocketJson(["render", cue, "--only", "video", "--whole", "--feet", "--out", join(dir, g), "-q"]).outputs[0].path as string;
      for (const n of frames) {
        // Tesseract now and then reads DejaVu Mono's dotted zero as a 6, differently at each scale: a
        // frame passes when one of three readings is exactly the model's text (a counter drawn wrong
        // gives no exact match). Page-segmentation mode 8 reads the "+" as a 4: put it back.
        const read = (scale: number, psm: number) => {
          const png = execFileSync(ffmpeg.path, ["-hide_banner", "-loglevel", "error", "-i", out, "-vf", `select=eq(n\\,${bar1 + n}),crop=${crop},pad=iw+16:ih+16:8:8:black,scale=iw*${scale}:ih*${scale},format=gray,negate`, "-vsync", "0", "-frames:v", "1", "-f", "image2pipe", "-vcodec", "png", "-"]);
          const text = spawnSync("tesseract", ["stdin", "stdout", "--psm", String(psm), "-c", "tessedit_char_whitelist=0123456789+"], { input: png, encoding: "utf8" }).stdout.replace(/\s+/g, "");
          return psm === 8 && text.length === 7 ? `${text.slice(0, 4)}+${text.slice(5)}` : text;
        };
        const want = feetText(n, g), readings: string[] = [];
        for (const [scale, psm] of [[3, 7], [4, 7], [3, 8]] as const) {
          readings.push(read(scale, psm));
          if (readings.at(-1) === want) break; // the next readings are asked only when this one missed
        }
        expect([g, n, readings.includes(want) ? want : readings]).toEqual([g, n, want]);
      }
    }
  }, 120_000);
});
