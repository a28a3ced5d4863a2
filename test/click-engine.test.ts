import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { synthesize, soundSpecProblems } from "../src/engine/click-sound.js";
import { mixBlocks } from "../src/engine/mix-blocks.js";
import { resample } from "../src/engine/resample.js";
import { clickPresetNames, loadClickPreset } from "../src/presets/click-presets.js";
import { ROOT } from "./helpers.js";

describe("the streaming mixer", () => {
  it("places every sound on its onset, across block boundaries, summing overlaps", () => {
    const a = new Float32Array([1, 2, 3, 4, 5]);
    const b = new Float32Array([10, 20]);
    const placed = [{ onset: 2, sound: a }, { onset: 5, sound: b }, { onset: 9, sound: b }];
    const out: number[] = [];
    const spans: [number, number][][] = [];
    for (const block of mixBlocks(placed, 11, 4)) {
      out.push(...block.samples.slice(0, block.length));
      spans.push(block.spans.map(([s, e]) => [s, e]));
    }
    expect(out).toEqual([0, 0, 1, 2, 3, 14, 25, 0, 0, 10, 20]);
    expect(spans).toEqual([[[2, 4]], [[0, 3]], [[1, 3]]]);
  });
  it("holds only the sounds that are sounding (a long stream is not materialised)", () => {
    const sound = new Float32Array(10).fill(0.5);
    let pulled = 0;
    function* many() {
      for (let i = 0; i < 1_000_000; i++) {
        pulled++;
        yield { onset: i * 100, sound };
      }
    }
    const blocks = mixBlocks(many(), 100 * 1_000_000, 1000);
    blocks.next();
    expect(pulled).toBeLessThanOrEqual(11);
  });
});

describe("resampling a user's sample", () => {
  it("keeps a tone's frequency and level from 96 kHz to 48 kHz and from 44.1 kHz to 48 kHz", () => {
    for (const from of [96000, 44100]) {
      const n = from / 10;
      const tone = Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 1000 * i) / from));
      const out = resample(tone, from, 48000);
      expect(out.length).toBe(4800);
      for (let i = 200; i < 4600; i += 97) expect(out[i]!).toBeCloseTo(0.5 * Math.sin((2 * Math.PI * 1000 * i) / 48000), 2);
    }
  });
  it("removes what the new rate cannot hold (a 30 kHz tone at 96 kHz vanishes at 48 kHz)", () => {
    const tone = Float32Array.from({ length: 9600 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 30000 * i) / 96000));
    const out = resample(tone, 96000, 48000);
    expect(Math.max(...Array.from(out.slice(200, 4600), Math.abs))).toBeLessThan(0.01);
  });
});

describe("click presets", () => {
  it("every shipped preset is well formed, and each sound starts on its first sample", () => {
    const names = clickPresetNames();
    expect(names).toEqual(readdirSync(`${ROOT}presets/clicks`).map((f) => f.replace(/\.json$/, "")).sort());
    expect(names).toEqual(expect.arrayContaining(["urei", "beep", "woodblock"]));
    for (const name of names) {
      const preset = loadClickPreset(name);
      for (const kind of ["accent", "beat", "sub"] as const) {
        for (const rate of [44100, 48000, 96000]) {
          const s = synthesize(preset[kind], rate);
          expect([name, kind, rate, s[0] !== 0]).toEqual([name, kind, rate, true]);
          expect(Math.max(...Array.from(s, Math.abs))).toBeLessThanOrEqual(1);
        }
      }
    }
  });
  it("says what is wrong with a malformed sound", () => {
    expect(soundSpecProblems({ length: 0.01, partials: [{ freq: 1000, amp: 0.8 }, { freq: 2000, amp: 0.5 }] }, "x.beat")).toEqual([
      "x.beat: the partials' amplitudes add up to 1.30, past full scale (1)",
    ]);
    expect(soundSpecProblems({ length: 5, partials: [] }, "x")).toEqual(["x.length must be seconds, above 0 and at most 2", "x.partials must be a list of { freq, amp, decay? }"]);
  });
  it("the beep preset is 1 kHz and 2 kHz, the ADR beep 1 kHz for 1/30 s", () => {
    const beep = JSON.parse(readFileSync(`${ROOT}presets/clicks/beep.json`, "utf8"));
    expect([beep.beat.partials[0].freq, beep.accent.partials[0].freq]).toEqual([1000, 2000]);
    const adr = JSON.parse(readFileSync(`${ROOT}presets/adr-beep.json`, "utf8"));
    expect(Math.round(synthesize(adr.sound, 48000).length)).toBe(1600);
  });
});
