import { describe, expect, it } from "vitest";
import { ChaseClock } from "../src/preview/page/chase.js";

/** The page's chase clock: where the DAW's timecode is now, from the times it said. */
describe("the chase clock", () => {
  const fps = 24;
  /** Times every 2 frames (MTC's pace) at `speed`, from frame `from` at ms `t0`. */
  const roll = (c: ChaseClock, from: number, t0: number, n: number, speed = 1) => {
    for (let k = 0; k < n; k++) c.hear({ frame: from + 2 * k * speed, at: t0 + (2 * k * 1000) / fps });
  };

  it("rolls at the DAW's speed, and a jump while rolling (a locate) keeps the speed", () => {
    const c = new ChaseClock(fps);
    roll(c, 1000, 0, 10);
    expect(c.now(1000)!.speed).toBeCloseTo(1, 6);
    // The DAW jumps 700 frames ahead and goes on rolling: the first time after the jump is not a speed of hundreds.
    const t = (20 * 1000) / fps;
    c.hear({ frame: 1720, at: t });
    const now = c.now(t + 100)!;
    expect(now.speed).toBeCloseTo(1, 6);
    expect(now.frame).toBeCloseTo(1720 + 2.4, 6);
  });

  it("a locate stands still; a shuttle at 2x and a rewind are speeds; silence past the freewheel is not live", () => {
    const c = new ChaseClock(fps, 2000);
    c.hear({ frame: 500, at: 0, locate: true });
    expect(c.now(500)).toEqual({ frame: 500, speed: 0, live: true });
    roll(c, 500, 100, 6, 2);
    expect(c.now(700)!.speed).toBeCloseTo(2, 6);
    roll(c, 600, 2000, 6, -1);
    expect(c.now(2500)!.speed).toBeCloseTo(-1, 6);
    expect(c.now(2500 + 2500)!.live).toBe(false);
  });

  it("offset frames and latency move where the picture is", () => {
    const c = new ChaseClock(fps);
    roll(c, 100, 0, 5);
    Object.assign(c, { offsetFrames: 3, latencyMs: 1000 / fps });
    const last = (8 * 1000) / fps;
    expect(c.now(last)!.frame).toBeCloseTo(108 + 3 + 1, 6);
  });

  it("times that come in a burst, or one read a frame back, make no speed of tens (a clean-clone CI run showed -12x)", () => {
    const c = new ChaseClock(fps);
    // The first two LTC words read 3 ms apart (one audio callback), the second a frame back.
    c.hear({ frame: 86545, at: 100 });
    c.hear({ frame: 86544, at: 103 });
    expect(c.now(140)).toEqual({ frame: 86544, speed: 0, live: true });
    // Then a word a frame (41.7 ms) at a time: the speed is learnt over a span, and is 1.
    for (let k = 1; k <= 8; k++) c.hear({ frame: 86544 + k, at: 103 + (k * 1000) / fps });
    expect(c.now(103 + (8 * 1000) / fps)!.speed).toBeCloseTo(1, 1);
    // A burst in the middle of the roll (two words 2 ms apart) leaves the speed near 1.
    const t = 103 + (9 * 1000) / fps;
    c.hear({ frame: 86553, at: t });
    c.hear({ frame: 86554, at: t + 2 });
    expect(c.now(t + 2)!.speed).toBeGreaterThan(0.75);
    expect(c.now(t + 2)!.speed).toBeLessThan(1.25);
  });
});
