import { describe, expect, it } from "vitest";
import { parseCueFile } from "../src/cue/read-cue-file.js";
import { bandAt, feetText, overlayAt, overlayLayout, type Overlay } from "../src/engine/overlay-model.js";
import { picturePlan } from "../src/engine/picture-plan.js";
import { pictureGraph } from "../src/render/picture-graph.js";

/**
 * The overlay model without pixels: where each shape is on each frame, worked out by hand here, and
 * the filter graph built from it drawing the same sections, streamers and punches.
 */
const file = parseCueFile(`fps: 24\ncues:\n  - id: "1M1"\n    title: One\n    start: "01:00:02:00"\n    end: "01:00:06:00"\n    countIn: 1\n    tempo: [{ bar: 1, bpm: 120 }]\n    hits: [{ at: "01:00:04:00", label: a, flutter: 3 }]\n  - id: "1M2"\n    start: "01:00:10:00"\n    end: "01:00:12:00"\n    countIn: 0\n    tempo: [{ bar: 1, bpm: 120 }]\n`, "m.yaml");
const colors = { warning: "yellow", downbeat: "green", end: "red", hit: "white" };
const start = 3600 * 24; // 01:00:00:00
const layout = overlayLayout(1920, 1080, 0.0125);
const overlay = (sections: Overlay["sections"], extra: Partial<Overlay> = {}): Overlay => ({ layout, rate: file.rate, startFrame: start, sections, ...extra });
const one = overlay([{ plan: picturePlan(file.cues[0]!, file.rate, start, 300, colors, { flash: true }), label: "1M1  One", from: 0, to: 299 }], { gauge: "35mm-4perf" });

describe("the overlay model", () => {
  it("a streamer's band: its right edge at W (n - from)/(sync - from), from max(0, from) to sync", () => {
    const s = { from: 48, sync: 96 };
    expect(bandAt(layout, s, 47)).toBeUndefined();
    expect(bandAt(layout, s, 48)!.x).toBe(-24);
    expect(bandAt(layout, s, 72)!.x).toBe(960 - 24);
    expect(bandAt(layout, s, 96)!.x).toBe(1920 - 24);
    expect(bandAt(layout, s, 97)).toBeUndefined();
    expect(bandAt(layout, { from: -10, sync: 30 }, 0)!.x).toBe((1920 * 10) / 40 - 24);
  });
  it("on each frame: bands into the hit (frame 96), the punch and flutter (92, 94, 96, 97), bar|beat, the flash, footage, the timecode", () => {
    const at = (n: number) => overlayAt(one, n);
    const kinds = (n: number) => at(n).map((s) => (s.kind === "text" ? s.role : s.kind));
    // frame 72 is 01:00:03:00: the hit's 2 s streamer (from 48) halfway; bar 1 beat 3 (bar 1 at 48, 12 frames a beat)
    expect(at(72).find((s) => s.kind === "band")).toMatchObject({ x: 960 - 24, color: "white", label: "a" });
    expect(at(72).find((s) => s.kind === "text" && s.role === "position")).toMatchObject({ text: "1|3" });
    expect(at(72).find((s) => s.kind === "text" && s.role === "timecode")).toMatchObject({ text: "01:00:03:00" });
    expect(at(72).find((s) => s.kind === "text" && s.role === "feet")).toMatchObject({ text: "0001+08" });
    expect([91, 92, 93, 94, 95, 96, 97, 98].map((n) => kinds(n).includes("punch"))).toEqual([false, true, false, true, false, true, true, false]);
    expect([47, 48, 49, 50, 60].map((n) => kinds(n).includes("flash"))).toEqual([false, true, true, false, true]);
    expect(kinds(47).includes("feet")).toBe(false);
    expect(feetText(17, "35mm-4perf")).toBe("0001+01");
  });
  it("a reel: each cue's label and bar|beat only in its own section, the timecode throughout", () => {
    const p1 = picturePlan(file.cues[0]!, file.rate, start, 400, colors), p2 = picturePlan(file.cues[1]!, file.rate, start, 400, colors);
    const reel = overlay([{ plan: p1, label: "1M1  One", from: 0, to: 150 }, { plan: p2, label: "1M2", from: 200, to: 350 }]);
    const label = (n: number) => (overlayAt(reel, n).find((s) => s.kind === "text" && s.role === "cue") as { text: string } | undefined)?.text;
    expect([0, 150, 151, 199, 200, 350, 351].map(label)).toEqual(["1M1  One", "1M1  One", undefined, undefined, "1M2", "1M2", undefined]);
    expect(overlayAt(reel, 175).map((s) => (s.kind === "text" ? s.role : s.kind))).toEqual(["timecode"]);
    // The graph draws the same: one label per section, enabled in its frames; the punch frames of both.
    const { graph } = pictureGraph({ overlay: reel, punchInput: 1 });
    expect(graph).toContain("textfile=cue-0.txt:expansion=none:fontsize=40:fontcolor=white:box=1:boxcolor=black:boxborderw=10:x=24:y=24:enable='between(n,0,150)'");
    expect(graph).toContain("textfile=cue-1.txt:expansion=none:fontsize=40:fontcolor=white:box=1:boxcolor=black:boxborderw=10:x=24:y=24:enable='between(n,200,350)'");
    expect(graph).toContain("enable='between(n,92,92)+between(n,94,94)+between(n,96,97)'");
  });
});
