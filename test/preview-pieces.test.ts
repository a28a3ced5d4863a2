import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ffmpeg from "@ffmpeg-installer/ffmpeg";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, launchChromium, pictureReady, rawRequest, startPreview, type RunningPreview } from "./preview-helpers.js";

/**
 * The preview serves its picture in pieces: a range "from here to the end" is answered with at most
 * 512 KiB (a 206 may carry less than was asked; the browser asks again for the rest). Checked on the
 * wire, and in a real Chromium: a reference of noise, about 25 pieces long, plays from its first
 * frame to its last without the picture ever waiting for its bytes. It runs in the page group, whose
 * files get the CPU first: beside ffmpeg's renders at the same priority the player once waited for
 * the CPU, not for bytes.
 */
const PIECE = 512 * 1024;
const dir = mkdtempSync(join(tmpdir(), "sprocket-pieces-"));
const ref = join(dir, "noise.mp4");

describe.skipIf(!CHROMIUM)("the picture served in pieces", () => {
  let browser: Browser, preview: RunningPreview;
  beforeAll(async () => {
    // 4 s of moving noise at 20 Mbit/s: about 10 MB, 20 pieces.
    execFileSync(ffmpeg.path, ["-hide_banner", "-loglevel", "error", "-y",
      "-f", "lavfi", "-i", "color=c=gray:s=640x360:r=24000/1001:d=4,noise=alls=60:allf=t",
      "-f", "lavfi", "-i", "anullsrc=r=48000:cl=stereo", "-t", "4",
      "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "20M", "-g", "12", "-pix_fmt", "yuv420p", "-c:a", "aac", "-timecode", "01:00:00:00", ref]);
    writeFileSync(join(dir, "cue.yaml"), `fps: 23.976\nvideo: noise.mp4\ncues:\n  - { id: M1, start: "01:00:01:00", end: "01:00:03:00", tempo: [{ bar: 1, bpm: 120 }], hits: [{ at: "01:00:02:00", label: hit }] }\n`);
    [browser, preview] = await Promise.all([launchChromium(), startPreview([join(dir, "cue.yaml")], { SPROCKET_CACHE: join(dir, "cache") })]);
    await pictureReady(preview);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await preview?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers an open-ended range with one piece, a closed range and a whole file as asked", async () => {
    const size = statSync(ref).size, bytes = readFileSync(ref);
    expect(size).toBeGreaterThan(16 * PIECE);
    const cookie = `sprocket_token_${preview.port}=${preview.token}`;
    const open = await rawRequest(preview.port, "/video", { Cookie: cookie, Range: "bytes=1000-" });
    expect([open.status, open.headers["content-range"], open.body.equals(bytes.subarray(1000, 1000 + PIECE))]).toEqual([206, `bytes 1000-${1000 + PIECE - 1}/${size}`, true]);
    const tail = await rawRequest(preview.port, "/video", { Cookie: cookie, Range: `bytes=${size - 10}-` });
    expect([tail.status, tail.headers["content-range"], tail.body.equals(bytes.subarray(size - 10))]).toEqual([206, `bytes ${size - 10}-${size - 1}/${size}`, true]);
    const closed = await rawRequest(preview.port, "/video", { Cookie: cookie, Range: `bytes=0-${2 * PIECE}` });
    expect([closed.status, closed.body.length]).toEqual([206, 2 * PIECE + 1]);
    const whole = await rawRequest(preview.port, "/video", { Cookie: cookie });
    expect([whole.status, whole.body.equals(bytes)]).toEqual([200, true]);
  });

  it("plays from the first frame to the last at twice the speed, never waiting for the picture", async () => {
    const page = await browser.newPage();
    await page.goto(`${preview.url}&at=01:00:00:00`);
    await page.waitForFunction(() => (window as any).sprocketPreview?.ready === true, null, { timeout: 60_000 });
    await page.evaluate(() => {
      const video = document.getElementById("video") as HTMLVideoElement;
      (window as any).waited = 0;
      video.addEventListener("waiting", () => (window as any).waited++);
    });
    await page.selectOption("#rate", "2");
    await page.keyboard.press(" ");
    await page.waitForFunction(() => (document.getElementById("video") as HTMLVideoElement).ended, null, { timeout: 60_000, polling: 100 });
    const r = await page.evaluate(() => ({
      waited: (window as any).waited as number,
      pieces: performance.getEntriesByType("resource").filter((e) => new URL(e.name).pathname === "/video").length,
      last: Math.max(...((window as any).sprocketPreview.frames as { frame: number }[]).map((f) => f.frame)),
    }));
    // 4 s at 23.976: frames 0 to 95 (the last presented may be a frame or two short of it on a busy machine)
    expect([r.waited, r.pieces >= 10, r.last >= 90]).toEqual([0, true, true]);
    await page.close();
  }, 90_000);
});
