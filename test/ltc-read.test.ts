import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import wavefile from "wavefile";
import { parseFrameRate } from "../src/engine/frame-rate.js";
import { LtcReader, type LtcRead } from "../src/engine/ltc-read.js";
import { ROOT, sprocketJson } from "./helpers.js";
import { indexOf } from "./timecode-walk.js";

/**
 * Sprocket's LTC reader (what the page will chase) on LTC written by libltc's encoder (test/ltc/
 * ltc-write.c, compiled here), at 1x, 2x and 0.5x and played backwards, and on Sprocket's own LTC:
 * every word read is the next frame, counted from the start label (test/timecode-walk.ts), where
 * the encoder put it.
 */
const dir = mkdtempSync(join(tmpdir(), "sprocket-ltc-read-"));
const SR = 48000;
const writer = join(dir, "ltc-write");
const haveLibltc = spawnSync("cc", [join(ROOT, "test/ltc/ltc-write.c"), "-lltc", "-o", writer]).status === 0;

/** libltc's LTC from `label`, `frames` long, encoded at `encodeRate` samples a second, as -1..1 samples. */
function libltc(fps: string, label: string, frames: number, encodeRate: number): Float32Array {
  const out = join(dir, `${fps}-${encodeRate}.u8`);
  const r = spawnSync(writer, [String(encodeRate), fps, label, String(frames), out], { encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  return Float32Array.from(readFileSync(out), (x) => (x - 128) / 127);
}

function read(rateName: string, samples: Float32Array, block = 128): LtcRead[] {
  const reader = new LtcReader(parseFrameRate(rateName), SR);
  const words: LtcRead[] = [];
  for (let at = 0; at < samples.length; at += block) words.push(...reader.push(samples.subarray(at, at + block), at));
  return words;
}

const RATES = [
  { name: "23.976", fps: "23.976", nominal: 24, df: false },
  { name: "24", fps: "24", nominal: 24, df: false },
  { name: "25", fps: "25", nominal: 25, df: false },
  { name: "29.97df", fps: "29.97", nominal: 30, df: true },
  { name: "30", fps: "30", nominal: 30, df: false },
];

describe.skipIf(!haveLibltc)("the LTC reader, on libltc's LTC", () => {
  for (const r of RATES) {
    const label = r.df ? "01:00:59:20" : "00:59:59:10";
    const start = indexOf(r, label.split(":").map(Number))!;
    it(`${r.name}: every word at 1x, 2x and 0.5x, forwards and backwards, the next frame, where it was written`, () => {
      const frames = 60;
      for (const speed of [1, 2, 0.5]) {
        const samples = libltc(r.fps, label, frames, SR / speed);
        const words = read(r.name, samples);
        // All but the first one or two (the reader learns the bit length on them) are read, in order.
        expect(words.length, `${speed}x`).toBeGreaterThanOrEqual(frames - 2);
        const first = words[0]!.frame - start;
        expect(words.map((w) => w.frame - start), `${speed}x`).toEqual(Array.from({ length: words.length }, (_, k) => first + k));
        expect(words.every((w) => !w.reverse && w.dropFrame === r.df)).toBe(true);
        // Each where the encoder began it (its frames are sample rate / fps long, at this speed).
        const perFrame = SR / speed / Number(r.fps === "23.976" ? 24000 / 1001 : r.fps === "29.97" ? 30000 / 1001 : r.fps);
        const worst = Math.max(...words.map((w) => Math.abs(w.start - (w.frame - start) * perFrame)));
        expect(worst, `${speed}x`).toBeLessThan(3);
        // Backwards: the same words, last first (all but the first, learnt on, and the last, whose
        // closing edge is the file's first sample: nothing before it to change from).
        const back = read(r.name, samples.slice().reverse());
        expect(back.length, `${speed}x backwards`).toBeGreaterThanOrEqual(frames - 2);
        expect(back.every((w, k) => w.reverse && (k === 0 || w.frame === back[k - 1]!.frame - 1))).toBe(true);
        expect(back.at(-1)!.frame - start).toBeLessThanOrEqual(1);
      }
    });
  }
});

describe("the LTC reader, on Sprocket's own LTC", () => {
  it("reads back every frame of a rendered LTC with its user bits, block size whatever it is", () => {
    const cue = join(dir, "own.yaml");
    writeFileSync(cue, 'fps: 29.97df\ncues:\n  - id: O\n    start: "01:00:59;20"\n    end: "01:01:01;20"\n    countIn: 0\n    tempo: [{ bar: 1, bpm: 120 }]\n');
    const out = sprocketJson(["render", cue, "--only", "ltc", "--preroll", "1", "--tail", "1", "--ltc-user-bits", "DEADBEEF", "--out", join(dir, "own")]).outputs[0];
    const wav = new wavefile.WaveFile(readFileSync(out.path));
    const samples = Float32Array.from(wav.getSamples(false, Float64Array) as unknown as Float64Array, (x) => x / 2 ** 23);
    const first = indexOf({ nominal: 30, df: true }, [1, 0, 58, 20])!; // bar 1 less a second of pre-roll
    for (const block of [1, 128, 4096]) {
      const words = read("29.97df", samples, block);
      expect(words.map((w) => w.frame)).toEqual(Array.from({ length: words.length }, (_, k) => words[0]!.frame + k));
      expect(words[0]!.frame - first).toBeLessThanOrEqual(1);
      expect(words.length).toBeGreaterThanOrEqual(Math.round((samples.length * 30000) / 1001 / SR) - 2);
      expect(words.every((w) => w.userBits === 0xdeadbeef && w.dropFrame)).toBe(true);
    }
  });
});
