import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readCueFile } from "../src/cue/read-cue-file.js";
import { clickSchedule } from "../src/engine/click-schedule.js";
import { cueFromJson, cueToJson } from "../src/engine/cue-json.js";
import { cueTiming } from "../src/engine/cue-timing.js";
import { picturePlan } from "../src/engine/picture-plan.js";
import { fixture } from "./helpers.js";

/**
 * The preview sends each checked cue to the page as JSON and the page rebuilds it: the rebuilt cue
 * must time, click and draw exactly as the one the renderers use, for every fixture cue (ramps, odd
 * meters, drop frame, midnight, beats placed by bar and beat).
 */
const files = readdirSync(fixture("cues")).filter((f) => f.endsWith(".yaml") && !f.startsWith("bad"));
const colors = { warning: "yellow", downbeat: "green", end: "red", hit: "white" };

describe("a cue through JSON and back (what the preview page runs)", () => {
  for (const name of files) {
    it(`${name}: same timing, clicks and picture plan`, () => {
      const file = readCueFile(fixture(`cues/${name}`));
      for (const cue of file.cues) {
        const back = cueFromJson(JSON.parse(JSON.stringify(cueToJson(cue))));
        expect(cueToJson(back)).toEqual(cueToJson(cue)); // every field (notes, credits, click settings...) comes back
        const timing = cueTiming(cue, file.rate);
        expect(cueTiming(back, file.rate)).toEqual(timing);
        expect([...clickSchedule(back, file.rate, back.click, timing.endSeconds)]).toEqual([...clickSchedule(cue, file.rate, cue.click, timing.endSeconds)]);
        expect(picturePlan(back, file.rate, cue.start - 500, 5000, colors)).toEqual(picturePlan(cue, file.rate, cue.start - 500, 5000, colors));
      }
    });
  }
  it("covers ramps, meter changes and beats placed by bar and beat", () => {
    const cues = files.flatMap((n) => readCueFile(fixture(`cues/${n}`)).cues);
    expect(cues.some((c) => c.tempo.some((e) => e.ramp))).toBe(true);
    expect(cues.some((c) => c.tempo.some((e) => e.meter && e.bar > 1))).toBe(true);
    expect(cues.some((c) => c.hits.some((h) => h.at === undefined))).toBe(true);
  });
});
