import { describe, expect, it } from "vitest";
import { FRAME_RATES, parseFrameRate } from "../src/engine/frame-rate.js";
import { formatTimecode, framesPerDay, parseTimecode } from "../src/engine/timecode.js";
import { UserError } from "../src/errors.js";
import { problemOf, readFixture } from "./helpers.js";

interface Row { frame: number; label: string }
interface RateFixture { framesPerDay: number; rows: Row[]; invalid: { label: string; nearest: [string, string] | null }[] }
const fx = readFixture<{ rates: Record<string, RateFixture> }>("timecode.json");

describe("timecode against the oracle", () => {
  it("covers every rate Sprocket knows", () => {
    expect(Object.keys(fx.rates).sort()).toEqual(FRAME_RATES.map((r) => r.name).sort());
  });

  for (const [name, data] of Object.entries(fx.rates)) {
    const rate = parseFrameRate(name);
    describe(name, () => {
      it("has the oracle's frames per day", () => {
        expect(framesPerDay(rate)).toBe(data.framesPerDay);
      });
      it(`formats ${data.rows.length} frames (minute, ten-minute, hour and 24 h edges) as the oracle does`, () => {
        for (const row of data.rows) expect([row.frame, formatTimecode(row.frame, rate)]).toEqual([row.frame, row.label]);
      });
      it("round-trips frame -> timecode -> frame (modulo 24 h)", () => {
        for (const row of data.rows) expect(parseTimecode(formatTimecode(row.frame, rate), rate)).toBe(row.frame % data.framesPerDay);
      });
      it("refuses labels that do not exist, naming the nearest valid labels", () => {
        for (const bad of data.invalid) {
          let err: unknown;
          try {
            parseTimecode(bad.label, rate);
          } catch (e) {
            err = e;
          }
          expect(err, bad.label).toBeInstanceOf(UserError);
          const p = (err as UserError).problems[0]!;
          expect(p.received).toBe(JSON.stringify(bad.label));
          if (bad.nearest) expect(p.hint).toBe(`The nearest labels are ${bad.nearest[0]} and ${bad.nearest[1]}.`);
        }
      });
    });
  }
});

describe("timecode rules", () => {
  const df = parseFrameRate("29.97df");
  it("names the skipped labels", () => {
    expect(() => parseTimecode("00:01:00;00", df)).toThrow(/00:01:00;00 does not exist at 29.97df: drop frame skips labels 00, 01/);
  });
  it("refuses a drop-frame label at a non-drop rate, suggesting the drop-frame rate", () => {
    expect(() => parseTimecode("01:00:00;00", parseFrameRate("29.97"))).toThrow(/Did you mean 29.97df\?/);
    expect(() => parseTimecode("01:00:00;00", parseFrameRate("23.976"))).toThrow(/Drop frame exists only at 29.97df and 59.94df/);
  });
  it("reads a drop-frame label written with colons at a drop-frame rate", () => {
    expect(parseTimecode("01:00:00:00", df)).toBe(107892);
  });
  it("never treats 23.976 as drop frame", () => {
    expect(formatTimecode(86400, parseFrameRate("23.976"))).toBe("01:00:00:00");
    expect(problemOf(() => parseFrameRate("23.976df")).hint).toMatch(/^Drop frame exists only at 29.97 and 59.94; 23.976 counts every frame/);
  });
  it("wraps at 24 hours", () => {
    expect(formatTimecode(framesPerDay(df), df)).toBe("00:00:00;00");
    expect(formatTimecode(-1, df)).toBe("23:59:59;29");
    expect(() => parseTimecode("24:00:00;00", df)).toThrow(/wraps at 24 hours/);
  });
  it("rejects garbage with an example of the right form", () => {
    expect(problemOf(() => parseTimecode("1:2:3", df)).hint).toBe("Write hours, minutes, seconds and frames, e.g. 01:00:00;00.");
  });
});
