import { createServer } from "node:http";
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sprocket, sprocketJson } from "./helpers.js";
import { NIGHT_TRAIN, SLAM, STREAMER_FROM, nightTrainPreview, type NightTrainPreview } from "./night-train-preview.js";
import { CHROMIUM, H, W, fileFrame, frameNumber, launchChromium, numberedReference, pagePixels, pictureReady, rawRequest, startPreview, type RunningPreview } from "./preview-helpers.js";

/**
 * `sprocket preview` in a real Chromium (Debian's), on a real reference whose frame number is in its
 * pixels, with the real audio clock: the night-train cue (test/night-train-preview.ts, where its frames
 * are counted by hand). The click's 60 s playback is test/preview-click.test.ts, which runs alone.
 */
const dir = mkdtempSync(join(tmpdir(), "sprocket-preview-"));

const white = (px: Uint8Array, i: number, ch: number) => px[i * ch]! > 225 && px[i * ch + 1]! > 225 && px[i * ch + 2]! > 225;
const black = (px: Uint8Array, i: number, ch: number) => px[i * ch]! < 24 && px[i * ch + 1]! < 24 && px[i * ch + 2]! < 24;
/** Bounding box [x0, y0, x1, y1] of the pixels in a region that pass a test, or undefined. */
function box(px: Uint8Array, ch: number, test: typeof white, [rx0, ry0, rx1, ry1]: number[]): number[] | undefined {
  let b: number[] | undefined;
  for (let y = ry0!; y < ry1!; y++) for (let x = rx0!; x < rx1!; x++) {
    if (!test(px, y * W + x, ch)) continue;
    b = b ? [Math.min(b[0]!, x), Math.min(b[1]!, y), Math.max(b[2]!, x), Math.max(b[3]!, y)] : [x, y, x, y];
  }
  return b;
}
/** The overlay's shapes in a frame's pixels: the streamer (white band above the punch), the punch (white disc), the text boxes (black) and their letters (white; right of the streamer, which is left of 240 in the frames compared). */
const shapes = (px: Uint8Array, ch: number) => ({
  streamer: box(px, ch, white, [0, 60, W, 110]),
  punch: box(px, ch, white, [200, 110, 440, 250]),
  labels: box(px, ch, black, [0, 0, W / 2, 100]),
  timecode: box(px, ch, black, [200, 290, 440, H]),
  timecodeDigits: box(px, ch, white, [240, 290, 440, H]),
  feet: box(px, ch, black, [440, 290, W, H]),
  feetDigits: box(px, ch, white, [440, 290, W, H]),
  flash: box(px, ch, white, [560, 0, W, 60]),
  labelLetters: box(px, ch, white, [0, 0, 200, 100]),
});

describe.skipIf(!CHROMIUM)("the live preview in Chromium", () => {
  let preview: RunningPreview, page: Page, open: NightTrainPreview["open"], cueFile: string;
  let close: () => Promise<void> = async () => {};
  beforeAll(async () => {
    ({ preview, page, open, cueFile, close } = await nightTrainPreview(dir, "cue.yaml"));
  });
  afterAll(() => close());

  it("serves the H.264 reference as it is, with byte ranges, and makes no copy", async () => {
    expect(preview.stderr()).toContain(`Playing ${join(dir, "ref.mp4")}.`);
    const cookie = `sprocket_token_${preview.port}=${preview.token}`;
    const r = await rawRequest(preview.port, "/video", { Cookie: cookie, Range: "bytes=100-199" });
    expect([r.status, r.headers["content-range"], r.body.equals(readFileSync(join(dir, "ref.mp4")).subarray(100, 200))]).toEqual([206, `bytes 100-199/${statSync(join(dir, "ref.mp4")).size}`, true]);
  });

  it("opened at ?cue=M1&at= the slam: paused on its decoded frame, the punch drawn", async () => {
    await open("&cue=M1&at=01:00:10:00");
    const video = await pagePixels(page, false), seen = await pagePixels(page, true);
    const state = await page.evaluate(() => ({ frame: (window as any).sprocketPreview.frame, paused: (document.getElementById("video") as HTMLVideoElement).paused }));
    expect([frameNumber(video), state.frame, state.paused]).toEqual([SLAM, SLAM, true]);
    expect(shapes(video, 4).punch).toBeUndefined(); // the reference has none: the page draws it
    const punch = shapes(seen, 4).punch!;
    // diameter 0.3 x 360 = 108 around the middle (320, 180)
    for (const [got, want] of [[punch[0], 266], [punch[1], 126], [punch[2], 374], [punch[3], 234]]) expect(Math.abs(got! - want!)).toBeLessThanOrEqual(1);
  });

  it("10 frames earlier the streamer's edge is where the overlay model puts it", async () => {
    await open("&cue=M1&at=01:00:09:14"); // 240 - 10
    const seen = await pagePixels(page, true);
    const model = await page.evaluate(() => (window as any).sprocketPreview.shapes.find((s: { kind: string }) => s.kind === "band"));
    const right = (W * (SLAM - 10 - STREAMER_FROM)) / (SLAM - STREAMER_FROM); // 506.67
    expect(frameNumber(seen)).toBe(SLAM - 10);
    expect(Math.abs(model.x + model.width - right)).toBeLessThan(1e-9);
    const band = shapes(seen, 4).streamer!;
    expect(Math.abs(band[2]! + 1 - right)).toBeLessThanOrEqual(1);
    expect(Math.abs(band[0]! - model.x)).toBeLessThanOrEqual(1);
    expect(shapes(seen, 4).punch).toBeUndefined();
  });

  it("shows the same shapes, within 2 px, as the picture `render --only video` exports, with and without --flash --feet", async () => {
    await open("&cue=M1");
    const compare = async (out: string, frames: number[]) => {
      for (const n of frames) {
        await page.evaluate((f) => (window as any).sprocketPreview.seekFrame(f), n);
        const seen = await pagePixels(page, true), exported = fileFrame(out, n - 48); // the exported picture starts on the first warning click, 48
        expect([n, frameNumber(seen), frameNumber(exported, 3)]).toEqual([n, n, n]);
        const a = shapes(seen, 4), b = shapes(exported, 3);
        for (const key of Object.keys(a) as (keyof typeof a)[]) {
          expect([n, key, a[key] === undefined]).toEqual([n, key, b[key] === undefined]);
          a[key]?.forEach((v, i) => expect([n, key, i, Math.abs(v - b[key]![i]!) <= 2]).toEqual([n, key, i, true]));
        }
      }
    };
    const render = (name: string, flags: string[]) => sprocketJson(["render", cueFile, "--only", "video", "--out", join(dir, name), "-q", "--preroll", "0", "--tail", "0", ...flags]).outputs[0].path as string;
    await compare(render("render", []), [SLAM - 30, SLAM - 10, SLAM, SLAM + 1]);
    // the flash and the footage counter, turned on in the page (F, E) as --flash --feet turn them on in the render;
    // beat 11 after bar 1 is at 96 + 11 x 11.988 = 227.9: its flash is on two of the frames 226-230
    await page.locator("body").focus();
    await page.keyboard.press("f");
    await page.keyboard.press("e");
    const flashes: boolean[] = [];
    await compare(render("render-flash", ["--flash", "--feet"]), [226, 227, 228, 229, 230, SLAM]);
    for (const n of [226, 227, 228, 229, 230]) {
      await page.evaluate((f) => (window as any).sprocketPreview.seekFrame(f), n);
      flashes.push(await page.evaluate(() => (window as any).sprocketPreview.shapes.some((s: { role?: string }) => s.role === "flash")));
    }
    expect(flashes.filter(Boolean).length).toBe(2);
    const n = 226 + flashes.indexOf(true);
    await page.evaluate((f) => (window as any).sprocketPreview.seekFrame(f), n);
    const seen = shapes(await pagePixels(page, true), 4);
    expect([seen.flash !== undefined, seen.feet !== undefined, seen.feetDigits !== undefined]).toEqual([true, true, true]);
  });

  it("at double speed the clicks come twice as close; a loop plays its range again and again", async () => {
    await open("&cue=M1&at=01:00:04:00&tap=1");
    await page.selectOption("#rate", "2");
    await page.keyboard.press(" ");
    await page.waitForFunction(() => (window as any).sprocketPreview.onsets.length >= 12, null, { timeout: 30_000 });
    await page.keyboard.press(" ");
    await page.waitForTimeout(300);
    const r = await page.evaluate(() => {
      const p = (window as any).sprocketPreview;
      return { rate: p.player.ctx.sampleRate as number, heard: (p.player.scheduled as { media: number; when: number; dropped?: boolean }[]).filter((s) => !s.dropped), onsets: (p.onsets as { frame: number }[]).map((o) => o.frame) };
    });
    expect(r.onsets.length).toBe(r.heard.length);
    // beats 0.5 s apart in the picture, 0.25 s apart on the audio clock, give or take 1% (2.5 ms): the
    // click follows the picture's pace, whose clock in headless Chromium runs apart from the audio's, most
    // in the first second of play, while the anchor's second of frames fills (1.4 ms seen on a busy 2-core
    // run); the median, as a re-anchoring may move one. 1.5x or 3x would be 33% or 50% off.
    const gaps = r.onsets.slice(1).map((o, i) => o - r.onsets[i]!).sort((a, b) => a - b);
    expect(Math.abs(gaps[Math.floor(gaps.length / 2)]! - 0.25 * r.rate)).toBeLessThanOrEqual(0.01 * 0.25 * r.rate);
    r.heard.forEach((s, i) => expect([i, r.onsets[i]! - s.when * r.rate >= -1e-6 && r.onsets[i]! - s.when * r.rate < 1]).toEqual([i, true]));

    const seek = (f: number) => page.evaluate((k) => (window as any).sprocketPreview.seekFrame(k), f);
    await seek(324);
    await page.keyboard.press("o");
    await seek(300);
    await page.keyboard.press("i");
    await page.keyboard.press("l");
    const from = await page.evaluate(() => (window as any).sprocketPreview.frames.length);
    await page.keyboard.press(" ");
    // the 24-frame loop played three times over (a second and a half at twice the speed; longer on a busy machine)
    await page.waitForFunction((k) => (window as any).sprocketPreview.frames.slice(k).filter((f: { frame: number }, i: number, a: { frame: number }[]) => i > 0 && f.frame < a[i - 1]!.frame).length >= 3, from, { timeout: 30_000 });
    await page.keyboard.press(" ");
    const shown: number[] = await page.evaluate((k) => (window as any).sprocketPreview.frames.slice(k).map((f: { frame: number }) => f.frame), from);
    expect(Math.min(...shown)).toBeGreaterThanOrEqual(300);
    expect(Math.max(...shown)).toBeLessThanOrEqual(324 + 3); // a frame or two may show while the seek back is on its way
    expect(shown.filter((n, i) => i > 0 && n < shown[i - 1]!).length).toBeGreaterThanOrEqual(3);
  });
});

describe.skipIf(!CHROMIUM)("editing in the preview", () => {
  let preview: RunningPreview, page: Page, cueFile: string;
  let close: () => Promise<void> = async () => {};
  beforeAll(async () => {
    let open: NightTrainPreview["open"];
    ({ preview, page, open, cueFile, close } = await nightTrainPreview(dir, "edit.yaml", ["--cue", "M1"]));
    await open();
  });
  afterAll(() => close());

  it("nudges the slam +3 frames, saves, and `sprocket check` reports 01:00:10:03 with the comments intact", async () => {
    await page.locator("#hits button").first().click();
    // The click's sounds were made once, on load; edits do not make them again. Its scheduler ticks on a Worker.
    const made = () => page.evaluate(() => (window as any).sprocketPreview.player.synthesized as number);
    const before = await made();
    expect(before).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as any).sprocketPreview.player.clock)).toBe("worker");
    for (let i = 0; i < 3; i++) await page.keyboard.press("Alt+ArrowRight");
    await page.waitForFunction(() => document.getElementById("save")!.textContent!.startsWith("Save 1 change"));
    // The punch shows once the seek to the moved hit has landed (a busy machine takes a while).
    await page.waitForFunction(() => (window as any).sprocketPreview.shapes.some((s: { kind: string }) => s.kind === "punch"));
    expect(await made()).toBe(before);
    await page.click("#save");
    await page.waitForFunction(() => document.getElementById("message")!.textContent!.startsWith("Saved"));
    const hit = sprocketJson(["check", cueFile]).cues[0].hits[0];
    expect([hit.label, hit.timecode]).toEqual(["slam", "01:00:10:03"]);
    expect(readFileSync(cueFile, "utf8")).toBe(NIGHT_TRAIN.replace(`at: "01:00:10:00"`, `at: "01:00:10:03"`));
  });

  it("reloads a cue file changed on disk when nothing is unsaved", async () => {
    writeFileSync(cueFile, readFileSync(cueFile, "utf8").replace(`at: "01:00:20:12"`, `at: "01:00:20:00"`));
    await page.waitForFunction(() => document.getElementById("message")!.textContent!.includes("reloaded"), null, { timeout: 10_000 });
    expect(await page.locator("#hits .tc").allTextContents()).toEqual(["01:00:10:03", "01:00:20:00"]);
    // by keyboard: Home (the first warning click), then ] ] to the second hit, which becomes the selected one
    await page.locator("body").focus();
    for (const key of ["Home", "]", "]"]) await page.keyboard.press(key);
    await page.waitForFunction(() => (window as any).sprocketPreview.frame === 480);
    expect(await page.locator("#hits button").evaluateAll((bs) => bs.map((b) => b.getAttribute("aria-current")))).toEqual(["false", "true"]);
  });

  it("a tempo typed in moves every hit's bar|beat at once, and Save writes only that value", async () => {
    const before = readFileSync(cueFile, "utf8");
    const beatOf = async () => (await page.locator("#hits li button span:nth-child(3)").allTextContents());
    // 01:00:10:03 (frame 243) is 147 x 1001/24000 = 6.131 s after bar 1 (96): at 120 BPM 12.26 beats in, bar 4 beat 1.26;
    // 01:00:20:00 (480) is 16.016 s: 32.03 beats, bar 9 beat 1.03
    expect(await beatOf()).toEqual(["4|1.26", "9|1.03"]);
    await page.locator("#tempo input").fill("96");
    await page.locator("#tempo input").dispatchEvent("change");
    await page.waitForFunction(() => document.getElementById("save")!.textContent!.startsWith("Save 1 change"));
    // at 96 BPM a beat is 0.625 s: 6.131 s is 9.81 beats in, bar 3 beat 2.81; 16.016 s is 25.63 beats, bar 7 beat 2.63
    expect(await beatOf()).toEqual(["3|2.81", "7|2.63"]);
    await page.click("#save");
    await page.waitForFunction(() => document.getElementById("message")!.textContent!.startsWith("Saved"));
    expect(readFileSync(cueFile, "utf8")).toBe(before.replace("bpm: 120", "bpm: 96"));
    expect(sprocketJson(["check", cueFile]).cues[0].hits.map((h: { bar: number }) => h.bar)).toEqual([3, 7]);
  });

  it("never overwrites a cue file changed on disk meanwhile: the conflict is shown, the edits listed", async () => {
    await page.locator("#hits button").first().click();
    await page.keyboard.press("Alt+ArrowLeft");
    const changed = readFileSync(cueFile, "utf8") + "# a note added in the editor\n";
    writeFileSync(cueFile, changed);
    await page.click("#save");
    await page.waitForFunction(() => document.getElementById("message")!.className === "conflict");
    expect(await page.locator("#message").textContent()).toMatch(/changed on disk.*slam to 01:00:10:02/);
    expect(readFileSync(cueFile, "utf8")).toBe(changed);
  });

  it("refuses every request without the token, from another Host, or from another site", async () => {
    const cookie = `sprocket_token_${preview.port}=${preview.token}`;
    const host = `127.0.0.1:${preview.port}`;
    const status = async (path: string, headers: Record<string, string>, method = "GET") => (await rawRequest(preview.port, path, headers, method, method === "POST" ? "{}" : undefined)).status;
    expect(await status("/", {})).toBe(403);
    expect(await status("/?token=not-the-token", {})).toBe(403);
    expect(await status("/api/state", {})).toBe(403);
    expect(await status("/video", { Cookie: `sprocket_token_${preview.port}=guess` })).toBe(403);
    expect(await status("/api/save", {}, "POST")).toBe(403);
    expect(await status(`/?token=${preview.token}`, { Host: `evil.example:${preview.port}` })).toBe(403);
    expect(await status("/api/save", { Cookie: cookie, Host: host, Origin: "http://evil.example" }, "POST")).toBe(403);
    expect(await status("/api/state", { Cookie: cookie, Host: host })).toBe(200);
    expect(await status("/api/state", { Cookie: `sprocket_token_1=${preview.token}`, Host: host })).toBe(403); // another port's cookie
    expect((await rawRequest(preview.port, "/api/save", { Cookie: cookie, Host: host }, "POST", "{ not json")).status).toBe(400);
    expect((await rawRequest(preview.port, "/api/save", { Cookie: cookie, Host: host }, "POST", `{"hash": 1}`)).status).toBe(400);
    expect(await status("/app/../../package.json", { Cookie: cookie, Host: host })).toBe(404);
    expect(await status("/app/cli/main.js", { Cookie: cookie, Host: host })).toBe(404);
  });
});

describe.skipIf(!CHROMIUM)("a reference the browser cannot play", () => {
  it("is copied once to a cached H.264 proxy (with progress) that shows the same frames", async () => {
    const proxies = join(dir, "prores-cache");
    const ref = numberedReference(join(dir, "ref-prores.mov"), 4, "prores");
    const cueFile = join(dir, "prores.yaml");
    writeFileSync(cueFile, `fps: 23.976\nvideo: ref-prores.mov\ncues:\n  - id: P1\n    start: "01:00:02:00"\n    countIn: 1\n    tempo: [{ bar: 1, bpm: 120 }]\n    hits: [{ at: "01:00:03:00", label: hit }]\n`);
    const first = await startPreview([cueFile], { SPROCKET_CACHE: proxies });
    await pictureReady(first);
    await first.stop();
    expect(first.stderr()).toMatch(/Making a copy the browser can play: 100%/);
    expect(first.stderr()).toContain(`Playing ${ref} through a browser copy.`);
    const made = readdirSync(join(proxies, "proxies")).filter((f) => f.endsWith(".mp4"));
    expect(made.length).toBe(1);
    const mtime = statSync(join(proxies, "proxies", made[0]!)).mtimeMs;

    const again = await startPreview([cueFile, "--cue", "P1"], { SPROCKET_CACHE: proxies });
    const browser = await launchChromium();
    try {
      await pictureReady(again);
      expect(again.stderr()).not.toContain("Making a copy");
      expect(statSync(join(proxies, "proxies", made[0]!)).mtimeMs).toBe(mtime);
      const page = await browser.newPage();
      await page.goto(`${again.url}&at=01:00:03:00`);
      await page.waitForFunction(() => (window as any).sprocketPreview?.ready === true, null, { timeout: 60_000 });
      const seen = await pagePixels(page, true);
      expect([frameNumber(seen), shapes(seen, 4).punch !== undefined]).toEqual([72, true]);
    } finally {
      await browser.close();
      await again.stop();
    }
  });
});

describe.skipIf(!CHROMIUM)("no reference", () => {
  it("plays a generated slate over the cue's span, with the overlay on the right frames", async () => {
    const cueFile = join(dir, "slate.yaml");
    writeFileSync(cueFile, `fps: 23.976\ncues:\n  - id: S1\n    start: "01:00:20:00"\n    countIn: 1\n    tempo: [{ bar: 1, bpm: 120 }]\n    hits: [{ at: "01:00:24:00", label: hit }]\n`);
    const p = await startPreview([cueFile, "--preroll", "4", "--tail", "1"], { SPROCKET_CACHE: join(dir, "slate-cache") });
    const browser = await launchChromium();
    try {
      expect(await pictureReady(p)).toContain("Playing a slate (no reference video).");
      const page = await browser.newPage();
      // the first warning click: bar 1 (01:00:20:00, 86400 + 480) less 2 s (47.952 frames): frame 86832, 01:00:18:00
      await page.goto(`${p.url}&at=01:00:18:00`);
      await page.waitForFunction(() => (window as any).sprocketPreview?.ready === true, null, { timeout: 60_000 });
      const seen = await page.evaluate(() => {
        const v = (window as any).sprocketPreview;
        return { at: v.overlay.startFrame + v.frame, first: v.overlay.startFrame, band: v.shapes.find((s: { kind: string }) => s.kind === "band"), width: v.overlay.layout.width };
      });
      expect(seen.at).toBe(86832);
      // 4 s of pre-roll is 95.9 frames: the slate starts at or before 86832 - 95
      expect(seen.first).toBeLessThanOrEqual(86832 - 95);
      expect(seen.band.x + seen.band.width).toBe(seen.width); // the yellow streamer arrives on the first warning click
      expect(seen.band.color).toBe("yellow");
    } finally {
      await browser.close();
      await p.stop();
    }
  });
});

describe("what preview cannot do, said in words", () => {
  it("a cue file that does not check, an unknown cue, a missing reference, a bad or busy port: exit 2, said in words", async () => {
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "fps: 23.976\ncues:\n  - id: X\n    start: \"01:00:00:00\"\n    tempo: [{ bar: 1, bpm: -3 }]\n");
    const missing = join(dir, "missing.yaml");
    writeFileSync(missing, `fps: 23.976\nvideo: nowhere.mov\ncues:\n  - id: X\n    start: "01:00:04:00"\n    tempo: [{ bar: 1, bpm: 120 }]\n`);
    const good = join(dir, "good.yaml");
    writeFileSync(good, `fps: 23.976\ncues:\n  - id: X\n    start: "01:00:04:00"\n    tempo: [{ bar: 1, bpm: 120 }]\n`);
    const busy = createServer().listen(0, "127.0.0.1");
    await new Promise((r) => busy.once("listening", r));
    const cases: [string[], RegExp][] = [
      [[bad], /bad\.yaml:5:\d+: cues\[0\]\.tempo\[0\]\.bpm/],
      [[good, "--cue", "M9"], /No cue "M9"[\s\S]*expected: X/],
      [[missing], /nowhere\.mov/],
      [[good, "--port", "http"], /--port must be a number from 0 to 65535[\s\S]*received: http/],
      [[good, "--port", "80.5"], /--port must be a whole number/],
      [[good, "--port", String((busy.address() as { port: number }).port)], /Port \d+ is in use/],
    ];
    try {
      for (const [args, message] of cases) {
        const r = sprocket(["preview", "--no-open", ...args]);
        expect([args.join(" "), r.status, r.stdout]).toEqual([args.join(" "), 2, ""]);
        expect(r.stderr).toMatch(message);
        expect(r.stderr).not.toMatch(/\n\s+at /);
      }
    } finally {
      busy.close();
    }
  });

  it("a picture it cannot make (the cache is a file) is said in words, not as a bug, and the server keeps running", async () => {
    const cueFile = join(dir, "cache-file.yaml");
    writeFileSync(cueFile, `fps: 23.976\ncues:\n  - id: X\n    start: "01:00:04:00"\n    tempo: [{ bar: 1, bpm: 120 }]\n`);
    writeFileSync(join(dir, "not-a-folder"), "");
    const p = await startPreview([cueFile], { SPROCKET_CACHE: join(dir, "not-a-folder") });
    try {
      expect(await pictureReady(p)).toMatch(/The picture cannot be played: .*not-a-folder.* is a file, where Sprocket needs a folder/);
      expect(p.stderr()).not.toMatch(/bug/i);
      const state = JSON.parse((await rawRequest(p.port, "/api/state", { Cookie: `sprocket_token_${p.port}=${p.token}` })).body.toString());
      expect(state.videoError).toMatch(/is a file, where Sprocket needs a folder/);
    } finally {
      await p.stop();
    }
  });
});
