import { describe, expect, it } from "vitest";
import { formatFeetFrames, parseFeetFrames, type Gauge } from "../src/engine/feet-frames.js";
import { parseFrameRate } from "../src/engine/frame-rate.js";
import { convertFrame, frameToSamples, frameToSamplesExact, frameToSeconds } from "../src/engine/time-convert.js";
import { Rational } from "../src/engine/rational.js";
import { readFixture } from "./helpers.js";

interface Row {
  frame: number; seconds: string; samples48k: string; samples48kRounded: number; samples44k1: string; samples44k1Rounded: number;
  feet4perf: string; feet3perf: string; feet16mm: string;
}
const fx = readFixture<{
  rates: Record<string, { rows: Row[] }>;
  conversions: { frame: number; from: string; to: string; toFrame: number; exact: boolean; residualFrames: number }[];
}>("timecode.json");

describe("seconds, samples and feet+frames against the oracle", () => {
  for (const [name, data] of Object.entries(fx.rates)) {
    const rate = parseFrameRate(name);
    it(`${name}: exact seconds and samples at 48 and 44.1 kHz`, () => {
      for (const r of data.rows) {
        expect(frameToSeconds(r.frame, rate).toString()).toBe(r.seconds);
        expect(frameToSamplesExact(r.frame, rate, 48000).toString()).toBe(r.samples48k);
        expect(frameToSamples(r.frame, rate, 48000).value).toBe(r.samples48kRounded);
        expect(frameToSamplesExact(r.frame, rate, 44100).toString()).toBe(r.samples44k1);
        expect(frameToSamples(r.frame, rate, 44100).value).toBe(r.samples44k1Rounded);
      }
    });
  }
  it("feet+frames in three gauges, both ways", () => {
    const gauges: [Gauge, keyof Row][] = [["35mm-4perf", "feet4perf"], ["35mm-3perf", "feet3perf"], ["16mm", "feet16mm"]];
    for (const r of fx.rates["24"]!.rows) {
      for (const [g, key] of gauges) {
        expect(formatFeetFrames(r.frame, g)).toBe(r[key]);
        expect(parseFeetFrames(r[key] as string, g)).toBe(r.frame);
      }
    }
  });
  it("refuses a frame past the end of its foot", () => {
    expect(() => parseFeetFrames("3+16")).toThrow(/past the end of foot 3/);
    expect(() => parseFeetFrames("1+21", "35mm-3perf")).toThrow(/foot here has 21 frames/);
    expect(parseFeetFrames("2+21", "35mm-3perf")).toBe(63); // the third foot of a 3-perf cycle has 22 frames
  });
  it("converts between rates at the same instant, nearest frame, saying how far off", () => {
    for (const c of fx.conversions) {
      const r = convertFrame(c.frame, parseFrameRate(c.from), parseFrameRate(c.to));
      expect([c.frame, c.from, c.to, r.value, r.exact]).toEqual([c.frame, c.from, c.to, c.toFrame, c.exact]);
      expect(r.residual.toNumber()).toBeCloseTo(c.residualFrames, 12);
    }
  });
});

describe("the domain's published sample counts at 48 kHz", () => {
  it("01:00:00:00 is 172,800,000 at 24/25, 172,972,800 at 23.976/29.97 NDF, 172,799,827.2 at 29.97 DF", () => {
    expect(frameToSamplesExact(86400, parseFrameRate("24"), 48000).toString()).toBe("172800000");
    expect(frameToSamplesExact(90000, parseFrameRate("25"), 48000).toString()).toBe("172800000");
    expect(frameToSamplesExact(86400, parseFrameRate("23.976"), 48000).toString()).toBe("172972800");
    expect(frameToSamplesExact(108000, parseFrameRate("29.97"), 48000).toString()).toBe("172972800");
    expect(frameToSamplesExact(107892, parseFrameRate("29.97df"), 48000).eq(Rational.parse("172799827.2")!)).toBe(true);
    expect(frameToSamples(107892, parseFrameRate("29.97df"), 48000).value).toBe(172799827);
  });
});
