import { describe, expect, it } from "vitest";
import { parseCueFile } from "../src/cue/read-cue-file.js";
import { UserError, type Problem } from "../src/errors.js";

/** Every problem reported for a cue file's text, as `line:column field: message`. */
function problems(text: string): Problem[] {
  try {
    parseCueFile(text, "cue.yaml");
  } catch (e) {
    if (e instanceof UserError) return e.problems;
    throw e;
  }
  throw new Error("the cue file was accepted");
}
const brief = (p: Problem) => `${p.location?.line}:${p.location?.column} ${p.field}: ${p.message}`;

const GOOD = `fps: 24
cues:
  - id: 1M1
    start: "01:00:00:00"
    tempo:
      - { bar: 1, bpm: 120 }
    hits:
      - { at: "01:00:04:00", label: door }
`;

describe("cue file errors", () => {
  it("accepts a good file", () => {
    expect(parseCueFile(GOOD, "cue.yaml").cues[0]!.hits[0]!.at).toBe(86400 + 96);
  });

  it("reports every problem at once, in file order, with line, column, field, expected and received", () => {
    const text = `fps: 23.976
cues:
  - id: 1M1
    start: "01:00:00:24"
    countIn: -1
    tempo:
      - { bar: 1, bpm: 14-4 }
      - { bar: 5, bmp: 100 }
    hits:
      - { at: "01:00:10:00", lable: door }
`;
    const list = problems(text);
    expect(list.map(brief)).toEqual([
      `4:12 cues[0].start: Frame 24 in "01:00:00:24" is past the last frame of a second at 23.976 (23).`,
      `5:14 cues[0].countIn: "countIn" must be a whole number from 0 to 16.`,
      `7:24 cues[0].tempo[0].bpm: "bpm" must be a tempo in BPM, e.g. 120.`,
      `8:19 cues[0].tempo[1].bmp: Unknown field "bmp". Did you mean "bpm"?`,
      `10:9 cues[0].hits[0].label: Missing field "label" in cues[0].hits[0].`,
      `10:30 cues[0].hits[0].lable: Unknown field "lable". Did you mean "label"?`,
    ]);
    expect(list[0]).toMatchObject({ received: '"01:00:00:24"', hint: "The nearest labels are 01:00:00:23 and 01:00:01:00." });
    expect(list[2]).toMatchObject({ expected: "a tempo in BPM, e.g. 120", received: '"14-4"', hint: 'Frame clicks go in "click:" (click: 14-4).' });
    expect(list.every((p) => p.location?.file === "cue.yaml")).toBe(true);
  });

  it("says where YAML itself is broken", () => {
    expect(problems('fps: 24\ncues:\n  - id: "a\n').map(brief)[0]).toMatch(/^\d+:\d+ undefined: The file is not valid YAML: /);
  });

  it("refuses a hit outside its cue, saying what to do", () => {
    const list = problems(GOOD.replace('"01:00:04:00"', '"00:59:50:00"'));
    expect(list[0]).toMatchObject({
      message: 'The hit "door" (00:59:50:00) comes before the cue\'s first warning click (00:59:56:00).',
      hint: "Move the cue's start earlier, or give it more count-in bars.",
    });
    const after = problems(GOOD.replace('start: "01:00:00:00"', 'start: "01:00:00:00"\n    end: "01:00:03:00"'));
    expect(after[0]!.message).toBe('The hit "door" (01:00:04:00) comes after the cue\'s end (01:00:03:00).');
  });

  it("refuses duplicate cue ids, a missing fps, tempo and place, and a ramp with nothing to start from", () => {
    expect(problems("cues: []\n").map(brief)).toEqual([`1:1 fps: Missing field "fps".`, `1:7 cues: The file has no cues.`]);
    const text = `fps: 25
cues:
  - id: A
    start: "01:00:00:00"
    tempo: [{ bar: 1, bpm: 100, ramp: true }]
    hits: [{ label: nowhere }]
  - id: B
    start: "01:00:00:00"
`;
    expect(problems(text).map(brief)).toEqual([
      `5:39 cues[0].tempo[0].ramp: A ramp needs an earlier tempo to start from.`,
      `6:12 cues[0].hits[0].at: A hit needs a place: a timecode (at) or a bar (and beat).`,
      `7:5 cues[1].tempo: Missing field "tempo" in cues[1].`,
    ]);
    const dup = GOOD + GOOD.split("\n").slice(2).join("\n");
    expect(problems(dup).map(brief)).toEqual([`9:9 cues[1].id: Two cues have the id "1M1" (the other is cues[0]).`]);
  });

  it("reads fps as a number or a name, and refuses unknown rates with the list", () => {
    expect(parseCueFile(GOOD.replace("fps: 24", "fps: 23.976"), "c").rate.name).toBe("23.976");
    expect(parseCueFile(GOOD.replace("fps: 24", 'fps: "29.97df"'), "c").rate.name).toBe("29.97df");
    expect(problems(GOOD.replace("fps: 24", "fps: 23.5"))[0]).toMatchObject({ field: "fps", message: 'Unknown frame rate "23.5".' });
  });

  it("reads streamer lengths in seconds or frames, punches and flutters", () => {
    const text = GOOD.replace("label: door }", "label: door, streamer: 3s, punch: 4, flutter: 3, color: Red }").replace("start:", 'streamer: "48f"\n    start:');
    const cue = parseCueFile(text, "c").cues[0]!;
    expect(cue.streamerFrames).toBe(48);
    expect(cue.hits[0]).toMatchObject({ streamerFrames: 72, punchFrames: 4, flutter: 3, color: "red" });
    expect(problems(text.replace("3s", "3 seconds"))[0]!.message).toBe('"3 seconds" is not a streamer length.');
  });
});

describe("meters and pulses in the cue file", () => {
  const withEvent = (event: string) => GOOD.replace("- { bar: 1, bpm: 120 }", `- { bar: 1, bpm: 120 }\n      - ${event}`);
  it("locates a pulse problem at the pulse, and a meter problem at the meter, once each", () => {
    expect(problems(withEvent("{ bar: 2, meter: 5/8, pulse: 1/4 }")).map(brief)).toEqual([
      "7:38 cues[0].tempo[1].pulse: A pulse of 1/4 does not divide a bar of 5/8 into whole clicks (2.5 a bar).",
    ]);
    expect(problems(withEvent("{ bar: 2, meter: 5/6 }")).map(brief)).toEqual(['7:26 cues[0].tempo[1].meter: "5/6" is not a meter.']);
    expect(problems(withEvent("{ bar: 2, pulse: 3/8 }")).map(brief)).toEqual(["7:26 cues[0].tempo[1].pulse: A pulse needs the meter beside it."]);
  });
  it("reports a bpm that is not a number once", () => {
    expect(problems(withEvent("{ bar: 2, bpm: { x: 1 } }")).map(brief)).toEqual(['7:24 cues[0].tempo[1].bpm: "bpm" must be a tempo in BPM, e.g. 120.']);
  });
});

describe("click settings in the cue file", () => {
  const withClick = (project: string, cue = "") =>
    GOOD.replace("fps: 24", `fps: 24\n${project}`).replace('start: "01:00:00:00"', `start: "01:00:00:00"${cue ? `\n    ${cue}` : ""}`);
  it("merges the project's click settings with the cue's, field by field", () => {
    const cue = parseCueFile(withClick("click: { sound: beep, beeps: true, subdivide: 2 }", "click: { beeps: false, tacet: [{ from: 3, to: 4 }, { from: 7 }] }"), "c").cues[0]!;
    expect(cue.click).toMatchObject({ sound: "beep", subdivide: 2, beeps: undefined, tacet: [{ from: 3, to: 4 }, { from: 7, to: 7 }], sampleRate: 48000, bitDepth: 24 });
  });
  it("names a misspelt sound, a backwards tacet range, a missing sample and a bad format", () => {
    const list = problems(withClick('click: { sound: urie, tacet: [{ from: 5, to: 2 }], accent: "nope.wav", sampleRate: 22050, bitDepth: 20 }'));
    expect(list.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'click.sound: There is no click sound "urie". Did you mean "urei"?',
      "click.tacet[0].to: The range ends (bar 2) before it starts (bar 5).",
      expect.stringMatching(/^click\.accent: The sample nope\.wav does not exist \(looked for .*nope\.wav\)\.$/),
      "click.sampleRate: A click is written at 44100, 48000, 88200, 96000 Hz.",
      "click.bitDepth: The bit depth is 16, 24 or 32f (32-bit float).",
    ]);
  });
});

describe("streamer styles in the cue file", () => {
  it("names a style that does not exist, with the likely one", () => {
    expect(problems(GOOD.replace("fps: 24", "fps: 24\nstreamerStyle: wdie")).map(brief)).toEqual([`2:16 streamerStyle: There is no streamer style "wdie". Did you mean "wide"?`]);
    expect(parseCueFile(GOOD.replace("fps: 24", "fps: 24\nstreamerStyle: wide"), "c").cues[0]!.streamerStyle).toBe("wide");
  });
});
