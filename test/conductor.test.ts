import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ffmpeg from "@ffmpeg-installer/ffmpeg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, launchChromium, sharedNumberedReference, pictureReady, rawRequest, startPreview, type RunningPreview } from "./preview-helpers.js";

/**
 * The conductor's view (?view=conductor) in a real Chromium: a second window of the same preview that
 * shows the picture and a large overlay only, and follows the desk's page (paused, sought, playing).
 * Its screenshot at 1920x1080 is decoded by ffmpeg and the text measured in its pixels.
 */
const dir = mkdtempSync(join(tmpdir(), "sprocket-conductor-"));
const CUE = `fps: 23.976
video: ref.mp4
cues:
  - id: M1
    title: Door
    start: "01:00:04:00"
    end: "01:00:40:00"
    countIn: 1
    tempo: [{ bar: 1, bpm: 120 }]
    hits:
      - { at: "01:00:10:00", label: slam }
`;

/** The screenshot's pixels (RGB), decoded from its PNG by ffmpeg. */
async function screenshotPixels(page: Page): Promise<{ px: Buffer; w: number; h: number }> {
  const png = join(dir, "shot.png");
  await page.screenshot({ path: png });
  const vp = page.viewportSize()!;
  return { px: execFileSync(ffmpeg.path, ["-hide_banner", "-loglevel", "error", "-i", png, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], { maxBuffer: 64 << 20 }), w: vp.width, h: vp.height };
}

/** The tallest run of rows that hold white ink in a region: the height of the text there, in pixels. */
function inkHeight({ px, w }: { px: Buffer; w: number }, [x0, y0, x1, y1]: number[]): number {
  let best = 0, run = 0;
  for (let y = y0!; y < y1!; y++) {
    let ink = false;
    for (let x = x0!; x < x1! && !ink; x++) {
      const i = (y * w + x) * 3;
      ink = px[i]! > 225 && px[i + 1]! > 225 && px[i + 2]! > 225;
    }
    run = ink ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

describe.skipIf(!CHROMIUM)("the conductor's view", () => {
  let browser: Browser, context: BrowserContext, preview: RunningPreview, desk: Page, conductor: Page;
  const frameOf = (p: Page) => p.evaluate(() => (window as any).sprocketPreview.frame as number);
  beforeAll(async () => {
    await sharedNumberedReference(join(dir, "ref.mp4"), 45);
    writeFileSync(join(dir, "cue.yaml"), CUE);
    [browser, preview] = await Promise.all([launchChromium(), startPreview([join(dir, "cue.yaml")], { SPROCKET_CACHE: join(dir, "cache") })]);
    await pictureReady(preview);
    context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    desk = await context.newPage();
    await desk.goto(`${preview.url}&cue=M1&at=01:00:05:00`);
    await desk.waitForFunction(() => (window as any).sprocketPreview?.ready === true, null, { timeout: 60_000 });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await preview?.stop();
  });

  it("opens from the desk's pop-out button in its own window, and shows where the desk is within a second", async () => {
    const [popped] = await Promise.all([context.waitForEvent("page"), desk.click("#popOut")]);
    conductor = popped;
    expect(new URL(conductor.url()).searchParams.get("view")).toBe("conductor");
    await conductor.waitForFunction(() => (window as any).sprocketPreview?.ready === true, null, { timeout: 60_000 });
    await conductor.setViewportSize({ width: 1920, height: 1080 });
    const deskFrame = await frameOf(desk);
    await conductor.waitForFunction((f) => (window as any).sprocketPreview.frame === f, deskFrame, { timeout: 1_000 });
    // A seek on the desk (a locate) is followed, picture and overlay.
    await desk.evaluate(() => (window as any).sprocketPreview.seekFrame(200));
    await conductor.waitForFunction(() => (window as any).sprocketPreview.frame === 200, null, { timeout: 1_000 });
    await conductor.waitForFunction(() => Math.floor((document.getElementById("video") as HTMLVideoElement).currentTime * 24000 / 1001 + 1e-6) === 200, null, { timeout: 2_000 });
  });

  it("follows the desk while it plays, within a frame, and stops with it", async () => {
    await desk.evaluate(() => (document.activeElement as HTMLElement | null)?.blur()); // a space on the pop-out button would press it again
    await desk.keyboard.press(" ");
    const apart: number[] = [];
    for (let i = 0; i < 15; i++) {
      await desk.waitForTimeout(150);
      const [a, b] = await Promise.all([frameOf(desk), frameOf(conductor)]);
      apart.push(Math.abs(a - b));
    }
    await desk.keyboard.press(" ");
    expect(Math.max(...apart)).toBeLessThanOrEqual(1);
    expect(await frameOf(desk)).toBeGreaterThan(230);
    await conductor.waitForFunction(() => (document.getElementById("video") as HTMLVideoElement).paused, null, { timeout: 2_000 });
    const stopped = await frameOf(desk);
    await conductor.waitForFunction((f) => (window as any).sprocketPreview.frame === f, stopped, { timeout: 1_000 });
  });

  it("at 1920x1080 shows the picture and its overlay only: no controls, bar|beat and timecode over 6% of the picture's height", async () => {
    // A frame with no streamer crossing the top (bar 1 at 96 has passed, the slam's streamer starts at 192).
    await desk.evaluate(() => (window as any).sprocketPreview.seekFrame(130));
    await conductor.waitForFunction(() => (window as any).sprocketPreview.frame === 130, null, { timeout: 1_000 });
    expect(await conductor.locator("button:visible, select:visible, input:visible").count()).toBe(0);
    const box = (await conductor.locator("#picture").boundingBox())!;
    expect([Math.round(box.width), Math.round(box.height)]).toEqual([1920, 1080]);
    const shot = await screenshotPixels(conductor);
    // Where the layout puts the two windows (in the picture's pixels, 360 lines shown on 1080).
    const L = await conductor.evaluate(() => (window as any).sprocketPreview.overlay.layout as { height: number; position: { y: number; size: number }; timecode: { bottom: number; size: number } });
    const k = 1080 / L.height;
    const barBeat = inkHeight(shot, [0, Math.round(L.position.y * k), 960, Math.round((L.position.y + 1.4 * L.position.size) * k)]);
    const timecode = inkHeight(shot, [480, Math.round((L.timecode.bottom - 1.4 * L.timecode.size) * k), 1440, 1080]);
    console.info(`conductor's view at 1920x1080: bar|beat ${barBeat} px (${((barBeat / 1080) * 100).toFixed(1)}%), timecode ${timecode} px (${((timecode / 1080) * 100).toFixed(1)}%)`);
    expect(barBeat / 1080).toBeGreaterThanOrEqual(0.06);
    expect(timecode / 1080).toBeGreaterThanOrEqual(0.06);
    // The countdown to the next hit (the slam, frame 240) in the last three seconds: 3, 2, 1, big in the middle.
    const counted: number[] = [];
    for (const f of [130, 180, 200, 230]) {
      await desk.evaluate((k) => (window as any).sprocketPreview.seekFrame(k), f);
      await conductor.waitForFunction((k) => (window as any).sprocketPreview.frame === k, f, { timeout: 1_000 });
      counted.push(await conductor.evaluate(() => (window as any).sprocketPreview.countdown as number));
    }
    expect(counted).toEqual([0, 3, 2, 1]);
    expect(inkHeight(await screenshotPixels(conductor), [864, 150, 1056, 500])).toBeGreaterThan(150);
    // The desk's own overlay keeps its size.
    expect(await desk.evaluate(() => (window as any).sprocketPreview.overlay.layout.position.size)).toBeLessThan(await conductor.evaluate(() => (window as any).sprocketPreview.overlay.layout.position.size));
  });

  it("each window has its own overlay: &flash=1&feet=1 on one conductor's screen, not on the desk", async () => {
    const players = await context.newPage();
    await players.goto(`${preview.url}&view=conductor&flash=1&feet=1`);
    await players.waitForFunction(() => (window as any).sprocketPreview?.ready === true, null, { timeout: 60_000 });
    const gauge = (p: Page) => p.evaluate(() => (window as any).sprocketPreview.overlay.gauge ?? null);
    expect([await gauge(players), await gauge(desk)]).toEqual([expect.any(String), null]);
    // It follows the desk too.
    await desk.evaluate(() => (window as any).sprocketPreview.seekFrame(150));
    await players.waitForFunction(() => (window as any).sprocketPreview.frame === 150, null, { timeout: 1_000 });
    await players.close();
  });

  it("a remote on the token plays, locates and pauses the desk (and so the conductor's screen); a bad command or no token is refused", async () => {
    const command = (body: string, token = preview.token) => rawRequest(preview.port, `/api/control?token=${token}`, { "Content-Type": "application/json", Host: `127.0.0.1:${preview.port}` }, "POST", body);
    const locate = await command(JSON.stringify({ action: "locate", at: "01:00:12:00", cue: "M1" }));
    expect([locate.status, JSON.parse(String(locate.body)).heardBy]).toEqual([200, 1]); // the desk; the conductor follows the desk
    await desk.waitForFunction(() => (window as any).sprocketPreview.frame === 288, null, { timeout: 1_000 });
    await conductor.waitForFunction(() => (window as any).sprocketPreview.frame === 288, null, { timeout: 1_000 });
    expect((await command('{"action":"play"}')).status).toBe(200);
    await desk.waitForFunction(() => !(document.getElementById("video") as HTMLVideoElement).paused, null, { timeout: 1_000 });
    expect((await command('{"action":"pause"}')).status).toBe(200);
    await desk.waitForFunction(() => (document.getElementById("video") as HTMLVideoElement).paused, null, { timeout: 1_000 });
    const bad = await command('{"action":"locate","at":"01:00:12;00"}');
    expect([bad.status, JSON.parse(String(bad.body)).error]).toEqual([400, expect.stringContaining("drop-frame label")]);
    expect((await command('{"action":"play"}', "wrong")).status).toBe(403);
  });
});
