import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchChromium, pictureReady, sharedNumberedReference, startPreview, type RunningPreview } from "./preview-helpers.js";

/**
 * The cue the live preview's Chromium files play (test/preview.test.ts, test/preview-click.test.ts),
 * on a numbered reference. Frames counted by hand at 23.976 (24 labels a second from 01:00:00:00;
 * media time t is frame x 1001 / 24000 s): bar 1 at 01:00:04:00 = 96; one bar of count-in at 120 BPM
 * starts 2 s before it, 01:00:02:00 = 48; the hit "slam" at 01:00:10:00 = 240; a 2 s streamer is
 * round(2 x 24000/1001) = 48 frames, so the slam's starts at 192 and at frame n its right edge is at
 * 640 (n - 192) / 48.
 */
export const NIGHT_TRAIN = `# Night train, reel 2
fps: 23.976
video: ref.mp4
streamerStyle: wide
cues:
  - id: M1
    title: "Door"   # the slam
    start: "01:00:04:00"
    end: "01:01:06:00"
    countIn: 1
    tempo: [{ bar: 1, bpm: 120 }]
    hits:
      - { at: "01:00:10:00", label: slam }   # keep this comment
      - { at: "01:00:20:12", label: cut }
`;
export const SLAM = 240, STREAMER_FROM = 192, BAR_1_MEDIA = (96 * 1001) / 24000;

/** `sprocket preview` of the night-train cue written to `dir/name`, and a Chromium page (not yet opened on it). */
export interface NightTrainPreview {
  browser: Browser;
  preview: RunningPreview;
  page: Page;
  cueFile: string;
  /** Opens the page at the preview's URL plus `query`, and waits until it says it is ready. */
  open: (query?: string) => Promise<void>;
  close: () => Promise<void>;
}

export async function nightTrainPreview(dir: string, name: string, args: string[] = []): Promise<NightTrainPreview> {
  const cueFile = join(dir, name);
  // 61 s of play from 01:00:01:00 is the longest any of these files needs
  if (!existsSync(join(dir, "ref.mp4"))) await sharedNumberedReference(join(dir, "ref.mp4"), 70);
  writeFileSync(cueFile, NIGHT_TRAIN);
  const started = await Promise.allSettled([launchChromium(), startPreview([cueFile, ...args], { SPROCKET_CACHE: join(dir, "cache") })] as const);
  const [b, p] = started;
  const close = async () => void (await Promise.all([b.status === "fulfilled" && b.value.close(), p.status === "fulfilled" && p.value.stop()]));
  if (b.status === "rejected" || p.status === "rejected") {
    await close();
    throw b.status === "rejected" ? b.reason : (p as PromiseRejectedResult).reason;
  }
  const browser = b.value, preview = p.value;
  try {
    await pictureReady(preview);
  } catch (e) {
    await close();
    throw e;
  }
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  const open = async (query = "") => {
    await page.goto(`${preview.url}${query}`);
    await page.waitForFunction(() => (window as any).sprocketPreview?.ready === true, null, { timeout: 60_000 });
  };
  return { browser, preview, page, cueFile, open, close };
}
