import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import wavefile from "wavefile";
import { ROOT } from "./helpers.js";
import { CHROMIUM, launchChromium, sharedNumberedReference, pictureReady, startPreview, type RunningPreview } from "./preview-helpers.js";

/**
 * The page chasing LTC (`preview --chase ltc`) in a real Chromium whose microphone is a file
 * (--use-file-for-fake-audio-capture): LTC written by libltc's encoder (test/ltc/ltc-write.c), 6 s
 * from 01:00:06:00, then a jump (a locate) to 01:00:40:00 for 4 s, then silence.
 */
const dir = mkdtempSync(join(tmpdir(), "sprocket-chase-ltc-"));
const writer = join(dir, "ltc-write");
const haveLibltc = spawnSync("cc", [join(ROOT, "test/ltc/ltc-write.c"), "-lltc", "-o", writer]).status === 0;
const SR = 48000, FPS = 24000 / 1001;
const at = (h: number, m: number, s: number, f: number) => ((h * 60 + m) * 60 + s) * 24 + f;

function ltc(label: string, frames: number): Int16Array {
  const out = join(dir, `${label.replace(/:/g, "-")}.u8`);
  const r = spawnSync(writer, [String(SR), "23.976", label, String(frames), out], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return Int16Array.from(readFileSync(out), (x) => Math.round(((x - 128) / 127) * 16000));
}

describe.skipIf(!CHROMIUM || !haveLibltc)("chasing the DAW's LTC from an audio input", () => {
  let browser: Browser, preview: RunningPreview, page: Page;
  beforeAll(async () => {
    await sharedNumberedReference(join(dir, "ref.mp4"), 50);
    writeFileSync(join(dir, "cue.yaml"), 'fps: 23.976\nvideo: ref.mp4\ncues:\n  - id: M1\n    start: "01:00:04:00"\n    end: "01:00:46:00"\n    countIn: 1\n    tempo: [{ bar: 1, bpm: 120 }]\n');
    const first = ltc("01:00:06:00", 144), second = ltc("01:00:40:00", 96);
    const samples = new Int16Array(first.length + second.length + 4 * SR);
    samples.set(first);
    samples.set(second, first.length);
    const wav = new wavefile.WaveFile();
    wav.fromScratch(1, SR, "16", samples);
    writeFileSync(join(dir, "ltc.wav"), wav.toBuffer());
    [browser, preview] = await Promise.all([
      launchChromium(["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", `--use-file-for-fake-audio-capture=${join(dir, "ltc.wav")}%noloop`]),
      startPreview([join(dir, "cue.yaml"), "--chase", "ltc"], { SPROCKET_CACHE: join(dir, "cache") }),
    ]);
    await pictureReady(preview);
    page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await preview?.stop();
  });

  it("reads the file's timecode, the overlay within a frame of it, follows the jump within a second, then says no timecode", async () => {
    await page.goto(preview.url);
    await page.waitForFunction(() => (window as any).sprocketPreview?.ready === true, null, { timeout: 60_000 });
    const seen: { now: number; frame: number; picture: number; live: boolean; state: string }[] = [];
    const end = Date.now() + 16_000;
    while (Date.now() < end) {
      seen.push(await page.evaluate(() => ({ now: performance.now(), frame: (window as any).sprocketPreview.chase.frame as number, picture: (window as any).sprocketPreview.frame as number, live: (window as any).sprocketPreview.chase.live as boolean, state: document.getElementById("chaseState")!.textContent! })));
      if (seen.at(-1)!.state.startsWith("no timecode") && seen.some((s) => s.frame >= at(1, 0, 40, 0))) break;
      await page.waitForTimeout(100);
    }
    const live = seen.filter((s) => s.live && s.frame >= 0);
    const one = live.filter((s) => s.frame < at(1, 0, 13, 0)), two = live.filter((s) => s.frame >= at(1, 0, 40, 0));
    // Every frame shown is one the file holds (after its end, 2 s of freewheel), and it runs at 1x.
    expect(one.length).toBeGreaterThan(10);
    expect(two.length).toBeGreaterThan(10);
    expect(live.filter((s) => !((s.frame >= at(1, 0, 6, 0) && s.frame <= at(1, 0, 12, 1)) || (s.frame >= at(1, 0, 40, 0) && s.frame <= at(1, 0, 46, 1))))).toEqual([]);
    const pace = (xs: typeof live) => (xs.at(-1)!.frame - xs[0]!.frame) / (((xs.at(-1)!.now - xs[0]!.now) / 1000) * FPS);
    // At steady play (from a second in: Chromium's fake capture may start with a burst of buffered audio).
    expect(pace(one.filter((s) => s.now - one[0]!.now >= 1000))).toBeCloseTo(1, 1);
    // The overlay shows the chase's frame, within one.
    expect(Math.max(...live.map((s) => Math.abs(s.picture + at(1, 0, 0, 0) - s.frame)))).toBeLessThanOrEqual(1);
    // The jump: from the last look in the first run to the first in the second, within a second.
    const jump = two[0]!.now - one.at(-1)!.now;
    console.info(`chasing LTC: ${one.length + two.length} looks, the jump followed in under ${Math.round(jump)} ms, pace ${pace(one).toFixed(3)}x from the first look, ${pace(one.filter((s) => s.now - one[0]!.now >= 1000)).toFixed(3)}x from a second in`);
    expect(jump).toBeLessThan(1000);
    // Then silence: freewheel, then "no timecode".
    expect(seen.at(-1)!.state).toMatch(/^no timecode/);
  });
});
