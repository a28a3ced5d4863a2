import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { parseCueFile } from "../src/cue/read-cue-file.js";
import { cuePlan } from "../src/engine/cue-plan.js";
import { cueSection, pictureOverlay } from "../src/engine/cue-overlay.js";
import { overlayAt } from "../src/engine/overlay-model.js";
import { loadStreamerStyle } from "../src/presets/streamer-styles.js";
import { joinSpans } from "../src/render/canvas-cells.js";
import { canvasGraph, canvasOverlay } from "../src/render/canvas-overlay.js";
import { draw, type Ctx } from "../src/render/draw-shapes.js";

/**
 * The canvas renderer's cells against the plainest way to make the overlay: every shape of a frame
 * drawn on one canvas the picture's size and converted whole (BT.601 limited range, chroma of each
 * 2x2 block weighted by alpha). What ffmpeg shows of the cells on a frame (the frame a cell sent for
 * it, or the last one it sent while its run goes on, or nothing) must be exactly that, pixel for
 * pixel, on every frame; and the cells must tile the picture. ffmpeg's side of it (each cell's frames
 * on their frame numbers, shown only over their runs) is tested by canvas-renderer.test.ts, which
 * renders with the real ffmpeg.
 */
const W = 640, H = 360, FRAMES = 192;
const file = parseCueFile(`fps: 23.976\ngauge: 35mm-4perf\ncues:\n  - id: C1\n    title: "Quotes ' and é"\n    start: "01:00:02:00"\n    end: "01:00:07:00"\n    countIn: 1\n    tempo: [{ bar: 1, bpm: 120 }]\n    hits:\n      - { at: "01:00:05:00", label: door, flutter: 3 }\n      - { at: "01:00:03:12", label: two, color: green }\n      - { at: "01:00:03:20", label: three, color: "#3366ff" }\n`, "cells.yaml");
const cue = file.cues[0]!;
const style = loadStreamerStyle(cue.streamerStyle);
const start = 86_400; // 01:00:00:00 at 23.976
const overlay = pictureOverlay({ rate: file.rate, startFrame: start, width: W, height: H, streamerFraction: style.width, sections: [cueSection(cuePlan(cue, file.rate), start, FRAMES, style.colors, { flash: true })], ...(file.gauge ? { gauge: file.gauge } : {}) });

async function streams() {
  const { cells, feeds } = canvasOverlay(overlay, FRAMES);
  const sent = await Promise.all(feeds.map(async (feed) => {
    const got: Buffer[] = [];
    await feed({ destroyed: false, write: (chunk: Uint8Array, cb: (e?: Error | null) => void) => (got.push(Buffer.from(chunk)), setImmediate(cb), true) } as never);
    return got;
  }));
  return { cells, sent };
}

describe("the canvas renderer's cells", () => {
  it("tile the picture: even-aligned rectangles, no pixel in two, runs in order and apart", async () => {
    const { cells } = await streams();
    const cover = new Uint8Array(W * H);
    for (const c of cells) {
      expect([c.x % 2, c.y % 2, c.w % 2, c.h % 2]).toEqual([0, 0, 0, 0]);
      for (let y = c.y; y < c.y + c.h; y++) for (let x = c.x; x < c.x + c.w; x++) cover[y * W + x]!++;
      c.spans.forEach(([a, b], i) => expect(a <= b && (i === 0 || a > c.spans[i - 1]![1] + 1)).toBe(true));
    }
    expect(cover.reduce((m, v) => Math.max(m, v), 0)).toBe(1); // (pixels no shape ever touches belong to no cell)
    expect(cells.length).toBeGreaterThan(4); // the windows, the streamers' columns and the punch apart
  });

  it("show on every frame exactly the overlay drawn whole on one canvas and converted", async () => {
    const { cells, sent } = await streams();
    const { createCanvas } = createRequire(import.meta.url)("@napi-rs/canvas") as { createCanvas: (w: number, h: number) => { getContext(k: "2d"): Ctx } };
    const ctx = createCanvas(W, H).getContext("2d");
    const shownAt = (i: number, n: number): Buffer | undefined => {
      let k = 0;
      for (const [a, b] of cells[i]!.spans) {
        if (n < a) return undefined;
        if (n <= b) return sent[i]![k + n - a];
        k += b - a + 1;
      }
      return undefined;
    };
    const wrong: string[] = [];
    let drawnPixels = 0;
    for (let n = 0; n < FRAMES; n++) {
      ctx.clearRect(0, 0, W, H);
      for (const s of overlayAt(overlay, n)) draw(ctx, s, overlay);
      const px = ctx.getImageData(0, 0, W, H).data;
      cells.forEach((c, i) => {
        const f = shownAt(i, n);
        const sw = c.w + (c.x + c.w < W ? 2 : 0), sh = c.h + (c.y + c.h < H ? 2 : 0), cw = sw / 2, ch = sh / 2;
        const plane = { u: sw * sh, v: sw * sh + cw * ch, a: sw * sh + 2 * cw * ch };
        for (let cy = 0; cy < c.h / 2; cy++) {
          for (let cx = 0; cx < c.w / 2; cx++) {
            let sa = 0, su = 0, sv = 0;
            for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
              const x = cx * 2 + dx, y = cy * 2 + dy, j = ((c.y + y) * W + c.x + x) * 4;
              const r = px[j]!, g = px[j + 1]!, b = px[j + 2]!, a = px[j + 3]!;
              const alpha = f ? f[plane.a + y * sw + x]! : 0;
              const luma = (16 + (65.738 * r + 129.057 * g + 25.064 * b) / 256 + 0.5) | 0;
              if (alpha !== a || (a && f![y * sw + x] !== luma)) wrong.push(`frame ${n} pixel ${c.x + x},${c.y + y}: alpha ${alpha} for ${a}`);
              if (a) drawnPixels++;
              sa += a;
              su += a * (128 + (-37.945 * r - 74.494 * g + 112.439 * b) / 256);
              sv += a * (128 + (112.439 * r - 94.154 * g - 18.285 * b) / 256);
            }
            if (!sa) continue;
            const u = f![plane.u + cy * cw + cx], v = f![plane.v + cy * cw + cx];
            if (u !== ((su / sa + 0.5) | 0) || v !== ((sv / sa + 0.5) | 0)) wrong.push(`frame ${n} block ${c.x + cx * 2},${c.y + cy * 2}: chroma ${u},${v}`);
          }
        }
      });
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(drawnPixels).toBeGreaterThan(FRAMES * 2000); // the test saw an overlay: windows on every frame
  });

  it("say when each cell shows: its frames put on their frame numbers, out of the picture between runs", async () => {
    const { cells } = await streams();
    const graph = canvasGraph(overlay, cells, 1, FRAMES);
    const gapped = cells.findIndex((c) => c.spans.length > 1);
    expect(gapped).toBeGreaterThanOrEqual(0);
    const c = cells[gapped]!;
    const [[a0, b0], [a1]] = c.spans as [[number, number], [number, number]];
    // The cell's N-th frame lands on its frame: its first run from a0, the next from a1.
    expect(graph).toContain(`[${1 + gapped}:v]setpts='round((N+${a0}+gte(N\\,${b0 - a0 + 1})*${a1 - b0 - 1}`);
    expect(graph).toContain(`\\,${c.x}\\,-100000)':y=${c.y}:format=yuv420:eof_action=pass`);
    expect(graph.endsWith("[out]")).toBe(true);
  });

  it("join a cell's nearest runs beyond a limit, keeping every frame of them", () => {
    const spans: [number, number][] = [[0, 1], [10, 12], [14, 15], [30, 31], [33, 40]];
    expect(joinSpans(spans, 3)).toEqual([[0, 1], [10, 15], [30, 40]]);
    expect(joinSpans(spans, 5)).toEqual(spans);
  });
});
