import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, launchChromium, sharedNumberedReference, pictureReady, startPreview, type RunningPreview } from "./preview-helpers.js";
import { labels } from "./timecode-walk.js";

/**
 * The page chasing MTC (`preview --chase mtc`) in a real Chromium. No MIDI device exists here, so a
 * stand-in for navigator.requestMIDIAccess is put in before the page loads (one input the test feeds);
 * the messages are written here from the MTC specification, from labels counted up from midnight, and
 * sent at the real rate with their own time stamps, as a DAW's port would.
 */
const dir = mkdtempSync(join(tmpdir(), "sprocket-chase-"));
const FPS = 24000 / 1001;
const RATE = { nominal: 24, df: false };
const CUE = `fps: 23.976
video: ref.mp4
cues:
  - id: M1
    start: "01:00:04:00"
    end: "01:00:20:00"
    countIn: 1
    tempo: [{ bar: 1, bpm: 120 }]
  - id: M2
    start: "01:00:32:00"
    end: "01:00:50:00"
    countIn: 1
    tempo: [{ bar: 1, bpm: 96 }]
`;
const at = (h: number, m: number, s: number, f: number) => ((h * 60 + m) * 60 + s) * 24 + f; // 24-frame labels count plainly

/** Quarter frames for `sequences` runs from frame `from` (two frames a run), with rate code `code`. */
function quarterFrames(from: number, sequences: number, code = 0): number[][] {
  const all = labels(RATE, from, from + 2 * sequences);
  const out: number[][] = [];
  for (let k = 0; k < sequences; k++) {
    const [h, m, s, f] = all[2 * k]!;
    [f! & 15, f! >> 4, s! & 15, s! >> 4, m! & 15, m! >> 4, h! & 15, (code << 1) | (h! >> 4)].forEach((d, piece) => out.push([0xf1, (piece << 4) | d]));
  }
  return out;
}

describe.skipIf(!CHROMIUM)("chasing the DAW's MTC", () => {
  let browser: Browser, preview: RunningPreview, page: Page;
  const chase = () => page.evaluate(() => ({ ...(window as any).sprocketPreview.chase, picture: (window as any).sprocketPreview.frame as number, now: performance.now(), state: document.getElementById("chaseState")!.textContent, cue: (document.getElementById("cue") as HTMLSelectElement).value }));
  /** Sends the messages at the real rate (a quarter frame every 1/(4 fps) s), each stamped with its due time; returns when it started. */
  const feed = (messages: number[][]) => page.evaluate((m) => {
    const w = window as any;
    const t0 = performance.now() + 20, step = 1000 / ((4 * 24000) / 1001);
    let k = 0;
    const tick = () => {
      while (k < m.length && t0 + k * step <= performance.now()) {
        w.__mtcInput.onmidimessage?.({ data: new Uint8Array(m[k]!), timeStamp: t0 + k * step });
        k++;
      }
      if (k < m.length) setTimeout(tick, 2);
    };
    setTimeout(tick, 20);
    return t0;
  }, messages);

  beforeAll(async () => {
    await sharedNumberedReference(join(dir, "ref.mp4"), 60);
    writeFileSync(join(dir, "cue.yaml"), CUE);
    [browser, preview] = await Promise.all([launchChromium(), startPreview([join(dir, "cue.yaml"), "--chase", "mtc"], { SPROCKET_CACHE: join(dir, "cache") })]);
    await pictureReady(preview);
    page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.addInitScript(() => {
      const input = { id: "test", name: "Test MTC", onmidimessage: null as null | ((e: unknown) => void) };
      const other = { id: "other", name: "Other device", onmidimessage: null as null | ((e: unknown) => void) };
      (window as any).__mtcInput = input;
      (window as any).__otherInput = other;
      (navigator as any).requestMIDIAccess = async () => ({ inputs: new Map([["test", input], ["other", other]]), outputs: new Map(), onstatechange: null, sysexEnabled: true });
    });
    await page.goto(preview.url);
    await page.waitForFunction(() => (window as any).sprocketPreview?.ready === true, null, { timeout: 60_000 });
    await page.waitForFunction(() => document.getElementById("chaseState")!.textContent!.includes("waiting for timecode"), null, { timeout: 5_000 });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await preview?.stop();
  });

  it("rolls with the DAW: the overlay within a frame of the incoming timecode, the picture with it, the click muted", async () => {
    const from = at(1, 0, 6, 0);
    const t0 = await feed(quarterFrames(from, 60)); // 120 frames, 5 s
    await page.waitForTimeout(1500);
    const apart: number[] = [];
    for (let i = 0; i < 8; i++) {
      const c = await chase();
      // Where the DAW was when the page drew that frame (each run's time is that of its first piece).
      const daw = from + ((c.at - t0) / 1000) * FPS;
      apart.push(Math.abs(c.frame - Math.floor(daw)), Math.abs(c.picture + at(1, 0, 0, 0) - c.frame));
      expect([c.live, c.cue, c.state]).toEqual([true, "M1", expect.stringMatching(/^MTC 01:00:\d\d:\d\d 1\.\d\dx/)]);
      await page.waitForTimeout(300);
    }
    console.info(`chasing MTC: the chase's frame against the DAW's, and the overlay's against the chase's, frames apart: ${apart.join(" ")}`);
    expect(Math.max(...apart)).toBeLessThanOrEqual(1);
    // The picture plays along, and the page's own click is muted (the DAW plays it).
    expect(await page.evaluate(() => !(document.getElementById("video") as HTMLVideoElement).paused && (window as any).sprocketPreview.player.muted)).toBe(true);
  });

  it("follows a locate into another cue within a second (while the cue shown has a change not saved, it stays and says why), and says 'no timecode' when the DAW falls silent", async () => {
    // the roll above ends: freewheel, then no timecode
    await page.waitForFunction(() => document.getElementById("chaseState")!.textContent!.startsWith("no timecode"), null, { timeout: 6_000 });
    expect(await page.evaluate(() => (document.getElementById("video") as HTMLVideoElement).paused)).toBe(true);
    // A full frame: the DAW located to 01:00:33:12, in M2, and stands there.
    const locate = () => page.evaluate(() => (window as any).__mtcInput.onmidimessage({ data: new Uint8Array([0xf0, 0x7f, 0x7f, 0x01, 0x01, 0x01, 0x00, 33, 12, 0xf7]), timeStamp: performance.now() }));
    const target = at(1, 0, 33, 12);
    // With a change to M1 not saved (its title), the page keeps M1 and says why; undone, it follows.
    await page.fill("#cueTitle", "Held");
    await page.press("#cueTitle", "Enter");
    await locate();
    await page.waitForFunction((f) => (window as any).sprocketPreview.chase.frame === f, target, { timeout: 1_000 });
    expect([(await chase()).cue, await page.locator("#message").textContent()]).toEqual(["M1", "Cue M1 has changes not saved (the cue's title: Held), and the DAW is in cue M2: save them (S) or undo them (Ctrl+Z), and the page follows."]);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("Control+z");
    await locate();
    await page.waitForFunction(() => (window as any).sprocketPreview.chase.cue === "M2", null, { timeout: 1_000 });
    const c = await chase();
    expect([c.cue, c.picture + at(1, 0, 0, 0), c.speed]).toEqual(["M2", target, 0]);
    await page.waitForFunction((n) => Math.floor((document.getElementById("video") as HTMLVideoElement).currentTime * 24000 / 1001 + 1e-6) === n, target - at(1, 0, 0, 0), { timeout: 1_000 });
  });

  it("between cues says the nearest and how far; MTC at another rate is said", async () => {
    // 01:00:25:00 is after M1's end (01:00:20:00) and before M2's count-in (01:00:29:12 at 96 BPM).
    await feed(quarterFrames(at(1, 0, 25, 0), 8, 1)); // rate code 1: 25 fps
    await page.waitForFunction(() => /between cues: M2 starts in/.test(document.getElementById("chaseState")!.textContent!), null, { timeout: 2_000 });
    expect(await page.locator("#status").textContent()).toContain("the MTC says 25 fps, the cue file 23.976");
  });

  it("listens to the MIDI input chosen in the page, and to every one by default", async () => {
    await page.waitForTimeout(1000); // the quarter frames fed above have all been sent
    const choice = page.locator("#chaseInput");
    expect(await choice.locator("option").allTextContents()).toEqual(["every MIDI input", "Test MTC", "Other device"]);
    const locate = (which: string, s: number) => page.evaluate(([w, sec]) => (window as any)[w].onmidimessage?.({ data: new Uint8Array([0xf0, 0x7f, 0x7f, 0x01, 0x01, 0x01, 0x00, sec, 0, 0xf7]), timeStamp: performance.now() }), [which, s] as const);
    // By default the other device is heard too.
    await locate("__otherInput", 40);
    await page.waitForFunction((f) => (window as any).sprocketPreview.chase.frame === f, at(1, 0, 40, 0), { timeout: 1_000 });
    await choice.selectOption("test");
    await page.waitForFunction(() => /Chasing MTC from Test MTC\./.test(document.getElementById("status")!.textContent!), null, { timeout: 2_000 });
    await locate("__mtcInput", 36);
    await page.waitForFunction((f) => (window as any).sprocketPreview.chase.frame === f, at(1, 0, 36, 0), { timeout: 1_000 });
    await locate("__otherInput", 45); // not the chosen input: not followed
    await page.waitForTimeout(300);
    expect((await chase()).frame).toBe(at(1, 0, 36, 0));
    expect(await choice.locator("option").count()).toBe(3); // listed once, not again at each start
  });
});
