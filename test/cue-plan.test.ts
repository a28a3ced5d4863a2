import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCueFile, readCueFile } from "../src/cue/read-cue-file.js";
import { cuePlan } from "../src/engine/cue-plan.js";
import { timingsWorkedOut } from "../src/engine/cue-timing.js";
import { cueToJson, cueFromJson } from "../src/engine/cue-json.js";
import { picturePlan } from "../src/engine/picture-plan.js";
import { plannedOutputs } from "../src/render/planned-outputs.js";
import { renderClick } from "../src/render/render-click.js";
import { renderMidi } from "../src/render/render-midi.js";
import { renderNotes } from "../src/render/render-notes.js";
import { pictureSpan } from "../src/render/render-video.js";
import { referencesProbed } from "../src/system/probe-video.js";
import ffmpeg from "@ffmpeg-installer/ffmpeg";
import { fixture } from "./helpers.js";

/** One plan a cue: reading the cue file works each cue's timing out once, and every output after it uses that plan. */
describe("one plan per cue", () => {
  it("reading a cue file and rendering its click, MIDI, notes and picture plan work its timing out once", async () => {
    const before = timingsWorkedOut();
    const file = readCueFile(fixture("cues/night-train-23976.yaml"));
    const cue = file.cues[0]!;
    // The cue has an end: reading it checks its hits by their frames, and leaves the plan to the outputs.
    expect([cue.end !== undefined, timingsWorkedOut() - before]).toEqual([true, 0]);
    const out = mkdtempSync(join(tmpdir(), "sprocket-plan-"));
    await plannedOutputs(file, [cue], ["click", "midi", "notes"], out, {}, { clickNotes: false, video: {} });
    await renderClick(file, cue, out);
    await renderMidi(file, cue, out);
    await renderNotes(file, cue, out);
    picturePlan(cue, file.rate, cue.start - 240, 2000, { warning: "yellow", downbeat: "green", end: "red", hit: "white" });
    expect(timingsWorkedOut() - before).toBe(1);
    expect(cuePlan(cue, file.rate)).toBe(cuePlan(cue, file.rate));
  });

  it("a cue without an end has it worked out from its plan as it is read, and that plan is the one used after", () => {
    const before = timingsWorkedOut();
    const file = parseCueFile(`fps: 24\ncues:\n  - id: E1\n    start: "01:00:10:00"\n    tempo: [{ bar: 1, bpm: 120 }]\n    hits: [{ at: "01:00:14:00", label: late }]\n`, "no-end.yaml");
    expect(timingsWorkedOut() - before).toBe(1);
    // one bar past the hit (bar 3 beat 1, 4 s after bar 1): bar 4 at 6 s, 144 frames after 01:00:10:00
    expect(cuePlan(file.cues[0]!, file.rate).timing.endFrame - file.cues[0]!.start).toBe(144);
    expect(timingsWorkedOut() - before).toBe(1);
  });

  it("an edited cue (a new object, as the page makes one per edit) gets a plan of its own", () => {
    const file = readCueFile(fixture("cues/night-train-23976.yaml"));
    const cue = file.cues[0]!;
    const json = cueToJson(cue);
    const edited = cueFromJson({ ...json, tempo: json.tempo.map((t, i) => (i === 0 ? { ...t, bpm: "96" } : t)) });
    expect(cuePlan(edited, file.rate).timing.hits.map((h) => h.beat)).not.toEqual(cuePlan(cue, file.rate).timing.hits.map((h) => h.beat));
  });

  it("the reference is probed once, however many times a render plans and makes the picture", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sprocket-probe-"));
    const ref = join(dir, "ref.mov");
    execFileSync(ffmpeg.path, ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=320x180:r=24:d=2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-timecode", "01:00:00:00", ref]);
    const cueFile = join(dir, "cue.yaml");
    writeFileSync(cueFile, `fps: 24\nvideo: ${JSON.stringify(ref)}\ncues:\n  - id: P1\n    start: "01:00:00:12"\n    countIn: 0\n    tempo: [{ bar: 1, bpm: 120 }]\n`);
    const file = readCueFile(cueFile);
    const before = referencesProbed();
    await plannedOutputs(file, file.cues, ["video"], dir, {}, { clickNotes: false, video: {} });
    await pictureSpan(file, file.cues[0]!);
    await pictureSpan(file, file.cues[0]!);
    expect(referencesProbed() - before).toBe(1);
  });
});
