import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain JavaScript module shared with the benchmark
import { makeReference } from "../bench/spot-references.js";
import { toolPath } from "../src/system/ffmpeg.js";
import { sprocket, sprocketJson } from "./helpers.js";
import { CHROMIUM, launchChromium, pictureReady, startPreview, type RunningPreview } from "./preview-helpers.js";

/**
 * Spotting in the page that is not timed, in a real Chromium: the picture's cuts proposed (K) are what
 * `sprocket spot` finds in the cue's span, but on a hit's frame; Enter accepts, Delete rejects,
 * "accept all" takes the rest. A cue made from the loop (I, O, N), a 7/8 bar added, a ramp into a hit
 * (R), undone twice and redone once: Save writes exactly the hand-written cue. Nothing here is timed,
 * so it runs with the house's tests, not in the page group.
 */
const dir = mkdtempSync(join(tmpdir(), "sprocket-spot-page-"));

describe.skipIf(!CHROMIUM)("spotting in the page, untimed: the picture's cuts, a new cue, its meters and a ramp", () => {
  let browser: Browser, preview: RunningPreview, page: Page;
  const cueFile = join(dir, "cuts.yaml");
  const CUTS_CUE = `fps: 24
video: cuts.mp4
cues:
  - id: 2M1
    start: "01:00:01:00"
    end: "01:00:14:00"
    countIn: 0
    tempo: [{ bar: 1, bpm: 120 }]
    hits:
      - { at: "01:00:03:08", label: "the bars" }   # on the cut out of the bars
`;
  let proposed: { timecode: string; frame: number }[] = [];
  beforeAll(async () => {
    // shots of ffmpeg's test sources with a timecode track from 01:00:00:00; a flash in the third
    makeReference(toolPath("ffmpeg").path, join(dir, "cuts.mp4"), [
      { source: 0, frames: 40 }, { source: 1, frames: 40 }, { source: 2, frames: 50, flashAt: 20 }, { source: 4, frames: 60 },
      { source: 0, look: 1, frames: 50 }, { source: 5, frames: 60 }, { source: 6, frames: 60 },
    ], { codec: ["-c:v", "libx264", "-preset", "ultrafast", "-crf", "18", "-g", "12", "-pix_fmt", "yuv420p", "-timecode", "01:00:00:00"] });
    writeFileSync(cueFile, CUTS_CUE);
    // what `sprocket spot` proposes in the cue's span (01:00:01:00 to 01:00:14:00), but on the frame of "the bars"
    const all = sprocketJson(["spot", join(dir, "cuts.mp4")]).cuts as { timecode: string; frame: number }[];
    proposed = all.map((c, i) => ({ ...c, label: `cut ${i + 1}` })).filter((c) => c.frame >= 24 && c.frame <= 336 && c.timecode !== "01:00:03:08");
    [browser, preview] = await Promise.all([launchChromium(), startPreview([cueFile], { SPROCKET_CACHE: join(dir, "cache") })]);
    await pictureReady(preview);
    page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.goto(`${preview.url}&cue=2M1`);
    await page.waitForFunction(() => (window as any).sprocketPreview?.ready === true, null, { timeout: 60_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await preview?.stop();
  });

  it("K proposes the cuts `spot` finds in the cue; Enter accepts one, Delete rejects one, accept all takes the rest; Save writes them", async () => {
    expect(proposed.length).toBeGreaterThanOrEqual(4);
    expect(proposed.map((p) => p.timecode)).not.toContain("01:00:03:08"); // spot finds it; the page does not propose it again
    expect((sprocketJson(["spot", join(dir, "cuts.mp4")]).cuts as { timecode: string }[]).map((c) => c.timecode)).toContain("01:00:03:08");
    await page.locator("body").focus();
    await page.keyboard.press("k");
    await page.waitForFunction(() => document.querySelectorAll("#proposals li").length > 0, null, { timeout: 30_000 });
    const shown = await page.locator("#proposals button").allTextContents();
    expect(shown).toEqual(proposed.map((p) => `${(p as { label?: string }).label}  ${p.timecode}`));
    // the first is shown (the picture seeks to it): Enter takes it; the second: Delete leaves it out
    await page.locator("body").focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("Delete");
    await page.click("#acceptAll");
    expect(await page.locator("#proposals li").count()).toBe(0);
    await page.locator("body").focus();
    await page.keyboard.press("s");
    await page.waitForFunction(() => document.getElementById("message")!.textContent!.startsWith("Saved"));
    const kept = proposed.filter((_, i) => i !== 1);
    const hits = sprocketJson(["check", cueFile]).cues[0].hits as { label: string; timecode: string }[];
    expect(hits.filter((h) => h.label.startsWith("cut ")).map((h) => [h.label, h.timecode])).toEqual(kept.map((p) => [(p as { label?: string }).label, p.timecode]));
    expect(readFileSync(cueFile, "utf8")).toBe(CUTS_CUE + kept.map((p) => `      - { at: "${p.timecode}", label: "${(p as { label?: string }).label}" }\n`).join(""));
  });

  it("a cue from the loop (I, O, N), a 7/8 bar, a ramp into a hit, undo twice, redo once, Save: the file gains exactly the expected cue, and checks", async () => {
    const before = readFileSync(cueFile, "utf8");
    const go = async (frame: number) => {
      await page.evaluate((f) => (window as any).sprocketPreview.seekFrame(f), frame);
      await page.locator("body").focus();
    };
    await go(48); // 01:00:02:00
    await page.keyboard.press("i");
    await go(240); // 01:00:10:00
    await page.keyboard.press("o");
    await page.keyboard.press("n");
    await page.waitForFunction(() => /A new cue M2/.test(document.getElementById("message")!.textContent!));
    await go(183); // 01:00:07:15: 5.625 s from bar 1; with 7/8 in bar 3 (eighths at 120), its fifth click less a quarter
    await page.keyboard.press("h");
    for (const [bar, meter] of [["3", "7/8"], ["4", "4/4"]]) {
      await page.fill("#addBar", bar!);
      await page.fill("#addMeter", meter!);
      await page.fill("#addBpm", "");
      await page.click("#addTempoButton");
    }
    await page.locator("#hits button", { hasText: "hit 1" }).click();
    await page.locator("body").focus();
    await page.keyboard.press("r");
    await page.waitForFunction(() => /A ramp from bar 3/.test(document.getElementById("message")!.textContent!));
    const tempoShown = () => page.locator("#tempo li").allTextContents();
    expect((await tempoShown()).some((t) => t.includes("ramp"))).toBe(true);
    await page.keyboard.press("Control+z"); // the ramp
    await page.keyboard.press("Control+z"); // the 4/4 at bar 4
    await page.keyboard.press("Control+Shift+z"); // the 4/4 again
    expect((await tempoShown()).some((t) => t.includes("ramp"))).toBe(false);
    await page.keyboard.press("s");
    await page.waitForFunction(() => document.getElementById("message")!.textContent!.startsWith("Saved"));
    const expected = [
      '  - id: "M2"',
      '    start: "01:00:02:00"',
      '    end: "01:00:10:00"',
      "    countIn: 2",
      "    tempo:",
      '      - { bar: 1, meter: "4/4", bpm: 120 }',
      '      - { bar: 3, meter: "7/8" }',
      '      - { bar: 4, meter: "4/4" }',
      "    hits:",
      '      - { at: "01:00:07:15", label: "hit 1" }',
    ].join("\n");
    expect(readFileSync(cueFile, "utf8")).toBe(`${before}${expected}\n`);
    const checked = sprocketJson(["check", cueFile]).cues as { id: string; hits: { label: string; timecode: string }[] }[];
    expect(checked.map((c) => c.id)).toEqual(["2M1", "M2"]);
  });

  it("the selected hit's colour, punch and flutter set beside the list, and placed by bar|beat: Save changes just those pairs, the hit on its frame", async () => {
    const before = readFileSync(cueFile, "utf8");
    await page.selectOption("#cue", "2M1");
    await page.locator("#hits button", { hasText: "the bars" }).click();
    await page.selectOption("#hitColor", "red");
    await page.fill("#hitPunch", "4");
    await page.press("#hitPunch", "Enter");
    await page.selectOption("#hitFlutter", "3");
    await page.selectOption("#hitPlace", "bar");
    expect(await page.locator("#save").textContent()).toBe("Save 1 change to the cue file");
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur()); // leave the field: S is a key of the page
    await page.keyboard.press("s");
    await page.waitForFunction(() => document.getElementById("save")!.textContent === "Save to the cue file");
    // 01:00:03:08 is 2 s and 8 frames after bar 1 at 120 in 4/4: bar 2, beat 1 + 2/3 (to a thousandth)
    expect(readFileSync(cueFile, "utf8")).toBe(before.replace('      - { at: "01:00:03:08", label: "the bars" }', '      - { label: "the bars", color: "red", punch: 4, flutter: 3, bar: 2, beat: 1.667 }'));
    const hit = (sprocketJson(["check", cueFile]).cues[0].hits as { label: string; timecode: string }[]).find((h) => h.label === "the bars")!;
    expect(hit.timecode).toBe("01:00:03:08");
  });

  it("two hits chosen (click, then Shift+]) move together with Alt+arrows, in one step to undo; Save moves just their timecodes", async () => {
    const before = readFileSync(cueFile, "utf8");
    await page.locator("#hits button", { hasText: "cut 4" }).click();
    await page.waitForFunction(() => (window as any).sprocketPreview.frame === 190); // 01:00:07:22
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("Shift+BracketRight");
    expect(await page.locator('#hits button[aria-current="true"]').allTextContents()).toEqual([expect.stringContaining("cut 4"), expect.stringContaining("cut 5")]);
    await page.keyboard.press("Alt+ArrowRight");
    await page.keyboard.press("Alt+ArrowRight");
    await page.keyboard.press("Alt+ArrowRight");
    await page.keyboard.press("Control+z"); // one step: the third nudge
    expect(await page.locator("#save").textContent()).toBe("Save 2 changes to the cue file");
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("s");
    await page.waitForFunction(() => document.getElementById("save")!.textContent === "Save to the cue file");
    expect(readFileSync(cueFile, "utf8")).toBe(before.replace('at: "01:00:07:22", label: "cut 4"', 'at: "01:00:08:00", label: "cut 4"').replace('at: "01:00:10:00", label: "cut 5"', 'at: "01:00:10:02", label: "cut 5"'));
  });

  it("the cue's title, bar 1 and count-in set above the list: Save changes just those lines; then the cue deleted, and saved: its lines are gone", async () => {
    const before = readFileSync(cueFile, "utf8");
    await page.selectOption("#cue", "M2");
    await page.fill("#cueTitle", "Van");
    await page.fill("#cueStart", "01:00:02:12");
    await page.fill("#cueCountIn", "1");
    await page.press("#cueCountIn", "Enter");
    expect(await page.locator("#save").textContent()).toBe("Save 3 changes to the cue file");
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("s");
    await page.waitForFunction(() => document.getElementById("save")!.textContent === "Save to the cue file");
    const set = before.replace('  - id: "M2"\n    start: "01:00:02:00"\n', '  - id: "M2"\n    title: "Van"\n    start: "01:00:02:12"\n').replace("    countIn: 2\n    tempo:\n      - { bar: 1, meter: \"4/4\", bpm: 120 }\n      - { bar: 3, meter: \"7/8\" }", "    countIn: 1\n    tempo:\n      - { bar: 1, meter: \"4/4\", bpm: 120 }\n      - { bar: 3, meter: \"7/8\" }");
    expect(readFileSync(cueFile, "utf8")).toBe(set);
    await page.click("#deleteCue");
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("s");
    await page.waitForFunction(() => /is taken out of/.test(document.getElementById("message")!.textContent!));
    expect(readFileSync(cueFile, "utf8")).toBe(set.slice(0, set.indexOf('  - id: "M2"')));
    expect(await page.locator("#cue option").allTextContents()).toEqual([expect.stringMatching(/^2M1/)]);
  });

  it("a mark outside the cue shown goes to the cue that holds it", async () => {
    writeFileSync(cueFile, `${readFileSync(cueFile, "utf8")}  - id: 2M2\n    start: "01:00:14:06"\n    end: "01:00:14:20"\n    countIn: 0\n    tempo: [{ bar: 1, bpm: 120 }]\n`);
    await page.waitForFunction(() => document.querySelectorAll("#cue option").length === 2, null, { timeout: 10_000 }); // the page reloads the file
    const before = readFileSync(cueFile, "utf8");
    await page.selectOption("#cue", "2M1");
    await page.evaluate(() => (window as any).sprocketPreview.seekFrame(345)); // 01:00:14:09, in 2M2
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("h");
    expect(await page.locator("#cue").inputValue()).toBe("2M2");
    await page.keyboard.press("s");
    await page.waitForFunction(() => document.getElementById("save")!.textContent === "Save to the cue file");
    expect(readFileSync(cueFile, "utf8")).toBe(`${before}    hits:\n      - { at: "01:00:14:09", label: "hit 1" }\n`);
  });

  it("keeps a cue's unsaved change when another cue is chosen: the choice is refused and said; once saved, it goes through", async () => {
    expect(await page.locator("#cue").inputValue()).toBe("2M2"); // the mark took the page there, its hit saved
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("Alt+ArrowRight"); // "hit 1" a frame later
    await page.selectOption("#cue", "2M1");
    expect([await page.locator("#cue").inputValue(), await page.locator("#message").textContent(), await page.locator("#save").isEnabled()]).toEqual(
      ["2M2", "Cue 2M2 has changes not saved (hit 1 to 01:00:14:10): save them (S) or undo them (Ctrl+Z), then choose 2M1.", true]);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("s");
    await page.waitForFunction(() => document.getElementById("message")!.textContent!.startsWith("Saved"));
    expect(readFileSync(cueFile, "utf8")).toContain(`- { at: "01:00:14:10", label: "hit 1" }`);
    await page.selectOption("#cue", "2M1");
    expect(await page.locator("#cue").inputValue()).toBe("2M1");
  });

  it("asks before the page is reloaded or closed with a change not saved; with none, it does not", async () => {
    await page.fill("#cueTitle", "Not yet"); // 2M1's title, not saved
    await page.press("#cueTitle", "Enter");
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    expect(await page.locator("#save").isEnabled()).toBe(true);
    const asked = new Promise<string>((resolve) => {
      page.once("dialog", (d) => { resolve(d.type()); void d.dismiss(); });
      setTimeout(() => resolve("no dialog"), 10_000);
    });
    await page.evaluate(() => { (window as any).stayed = true; location.reload(); });
    expect(await asked).toBe("beforeunload");
    expect([await page.evaluate(() => (window as any).stayed), await page.locator("#save").isEnabled()]).toEqual([true, true]);
    await page.keyboard.press("Control+z");
    expect(await page.locator("#save").isEnabled()).toBe(false);
    let dialogs = 0;
    page.on("dialog", () => dialogs++);
    await page.reload();
    await page.waitForFunction(() => (window as any).sprocketPreview?.ready === true && !(window as any).stayed, null, { timeout: 60_000 });
    expect(dialogs).toBe(0);
  });

  it("preview --new begins a cue file from the reference alone (one cue over it), and never replaces one", async () => {
    const made = join(dir, "begun.yaml");
    const p = await startPreview(["--new", made, "--video", join(dir, "cuts.mp4")], { SPROCKET_CACHE: join(dir, "cache") });
    try {
      expect(p.stderr()).toMatch(/Began .*begun\.yaml: cue M1 over the reference, 01:00:00:00 to 01:00:14:23 at 24/);
      const text = readFileSync(made, "utf8");
      expect(text).toMatch(/^video: "cuts\.mp4"$/m);
      const cue = sprocketJson(["check", made]).cues[0] as { id: string; start: string; end: { timecode: string } };
      expect([cue.id, cue.start, cue.end.timecode]).toEqual(["M1", "01:00:00:00", "01:00:14:23"]);
    } finally {
      await p.stop();
    }
    const again = sprocket(["preview", "--new", made, "--video", join(dir, "cuts.mp4"), "--no-open"]);
    expect([again.status, again.stderr]).toEqual([2, expect.stringMatching(/exists already: --new begins a cue file, it never replaces one/)]);
  });
});
