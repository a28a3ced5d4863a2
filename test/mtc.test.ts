import { describe, expect, it } from "vitest";
import { parseFrameRate } from "../src/engine/frame-rate.js";
import { MtcDecoder, mtcRateCode, mtcRateProblem } from "../src/engine/mtc.js";
import { indexOf } from "./timecode-walk.js";

/**
 * The MTC reader against messages written by hand from the MTC specification: quarter frames
 * F1 0nnn dddd (pieces 0-7: frames, seconds, minutes, hours nibbles, least significant first; piece 7
 * holds 0 rr h: the rate code and the hours' fifth bit) and full frames F0 7F 7F 01 01 0rrhhhhh mm
 * ss ff F7. Frame indices come from counting labels (test/timecode-walk.ts).
 */
const quarters = (h: number, m: number, s: number, f: number, code: number) =>
  [f & 15, f >> 4, s & 15, s >> 4, m & 15, m >> 4, h & 15, (code << 1) | (h >> 4)].map((d, piece) => [0xf1, (piece << 4) | d]);

const CASES = [
  { rate: "25", code: 1, label: [1, 2, 3, 4], nominal: 25, df: false },
  { rate: "23.976", code: 0, label: [0, 59, 59, 23], nominal: 24, df: false },
  { rate: "24", code: 0, label: [10, 0, 0, 0], nominal: 24, df: false },
  { rate: "29.97df", code: 2, label: [1, 1, 0, 2], nominal: 30, df: true },
  { rate: "29.97", code: 3, label: [1, 1, 0, 0], nominal: 30, df: false },
  { rate: "30", code: 3, label: [17, 0, 0, 29], nominal: 30, df: false },
];

describe("MTC in (engine/mtc.ts)", () => {
  for (const c of CASES) {
    it(`${c.rate} (rate code ${c.code}): forwards, backwards and a full frame, at ${c.label.join(":")}`, () => {
      const rate = parseFrameRate(c.rate);
      const at = indexOf(c, c.label)!;
      const messages = quarters(c.label[0]!, c.label[1]!, c.label[2]!, c.label[3]!, c.code);
      // Forwards: nothing until piece 7, then the time of piece 0 plus the 7 quarter frames since.
      const forwards = new MtcDecoder(rate);
      const said = messages.map((m) => forwards.push(m));
      expect(said.slice(0, 7)).toEqual(new Array(7).fill(undefined));
      expect(said[7]).toEqual({ kind: "quarter-frames", frame: at + 1.75, direction: 1, rateCode: c.code });
      // Backwards (a DAW rewinding sends 7 down to 0): 7 quarter frames earlier, at piece 0.
      const backwards = new MtcDecoder(rate);
      const back = [...messages].reverse().map((m) => backwards.push(m));
      expect(back.slice(0, 7)).toEqual(new Array(7).fill(undefined));
      expect(back[7]).toEqual({ kind: "quarter-frames", frame: at - 1.75, direction: -1, rateCode: c.code });
      // A locate.
      const [h, m, s, f] = c.label as [number, number, number, number];
      expect(new MtcDecoder(rate).push([0xf0, 0x7f, 0x7f, 0x01, 0x01, (c.code << 5) | h, m, s, f, 0xf7])).toEqual({ kind: "full-frame", frame: at, direction: 0, rateCode: c.code });
      expect([mtcRateCode(rate), mtcRateProblem(c.code, rate)]).toEqual([c.code, undefined]);
    });
  }

  it("running: a time every eight pieces, two frames apart; a change of direction starts a new run", () => {
    const rate = parseFrameRate("25");
    const d = new MtcDecoder(rate);
    const start = indexOf({ nominal: 25, df: false }, [1, 0, 0, 0])!;
    const times: number[] = [];
    for (let k = 0; k < 4; k++) {
      const n = start + 2 * k; // each sequence starts two frames after the last
      const [h, m, s, f] = [Math.floor(n / 90000), Math.floor(n / 1500) % 60, Math.floor(n / 25) % 60, n % 25];
      for (const msg of quarters(h, m, s, f, 1)) {
        const t = d.push(msg);
        if (t) times.push(t.frame);
      }
    }
    expect(times).toEqual([0, 1, 2, 3].map((k) => start + 2 * k + 1.75));
    // Pieces out of order (a dropped message) complete nothing until a whole run has come again.
    const e = new MtcDecoder(rate);
    const msgs = quarters(1, 0, 0, 0, 1);
    expect([...msgs.slice(0, 3), ...msgs.slice(4)].map((m) => e.push(m)).filter(Boolean)).toEqual([]);
  });

  it("says when the MTC's rate is not the cue's, and refuses labels drop frame skips", () => {
    expect(mtcRateProblem(1, parseFrameRate("24"))).toBe("the MTC says 25 fps, the cue file 24");
    expect(mtcRateProblem(3, parseFrameRate("29.97df"))).toBe("the MTC says 30 fps, the cue file 29.97df");
    expect(mtcRateProblem(0, parseFrameRate("59.94df"))).toBe("MTC cannot carry 59.94df fps");
    // 01:01:00;00 does not exist at 29.97 DF.
    expect(new MtcDecoder(parseFrameRate("29.97df")).push([0xf0, 0x7f, 0x7f, 0x01, 0x01, (2 << 5) | 1, 1, 0, 0, 0xf7])).toBeUndefined();
    // Other messages are not MTC.
    expect(new MtcDecoder(parseFrameRate("25")).push([0x90, 60, 100])).toBeUndefined();
  });
});
