import { describe, expect, it } from "vitest";
import { appendHits, deleteCue, editHits, rewriteTempoList, setCueFields, setHitFields } from "../src/cue/edit-cue-text.js";
import { parseCueFile } from "../src/cue/read-cue-file.js";
import { problemOf } from "./helpers.js";

/** Hits added to a cue file's text: only new lines appear, whatever shape the hits list had. */
const head = 'fps: 24 # the rate\ncues:\n  - id: "1M1" # first\n    start: "01:00:00:00"\n    tempo:\n      - { bar: 1, bpm: 120 }\n';
const hit = (tc: string, label: string) => `{ at: "${tc}", label: "${label}" }`;
const labels = (text: string) => parseCueFile(text, "t.yaml").cues.map((c) => c.hits.map((h) => h.label));

describe("appendHits", () => {
  it("makes a hits list for a cue that has none, at the cue's indentation", () => {
    const out = appendHits(head, new Map([[0, [hit("01:00:01:00", "a"), hit("01:00:02:00", "b")]]]));
    expect(out).toBe(`${head}    hits:\n      - ${hit("01:00:01:00", "a")}\n      - ${hit("01:00:02:00", "b")}\n`);
    expect(labels(out)).toEqual([["a", "b"]]);
  });
  it("adds after the last hit of a list written one per line, block mappings included, keeping comments", () => {
    const text = `${head}    hits:\n      - at: "01:00:00:12"\n        label: block # keep\n      - { at: "01:00:01:00", label: flow }\n  # next cue\n  - id: "1M2"\n    start: "02:00:00:00"\n    tempo:\n      - { bar: 1, bpm: 90 }\n`;
    const out = appendHits(text, new Map([[0, [hit("01:00:03:00", "new")]], [1, [hit("02:00:01:00", "other")]]]));
    expect(labels(out)).toEqual([["block", "flow", "new"], ["other"]]);
    expect(out).toContain("label: block # keep\n      - { at: \"01:00:01:00\", label: flow }\n      - { at: \"01:00:03:00\", label: \"new\" }\n  # next cue\n");
    // Every line of the file is still there, in order; only the three new ones are added.
    expect(out.split("\n").filter((l) => !/"(new|other)"/.test(l) && l !== "    hits:")).toEqual(text.split("\n").filter((l) => l !== "    hits:"));
    expect(out.split("\n").length).toBe(text.split("\n").length + 3);
  });
  it("turns `hits: []` and an empty `hits:` into a list; keeps CRLF line endings", () => {
    expect(labels(appendHits(`${head}    hits: [] # none yet\n`, new Map([[0, [hit("01:00:01:00", "a")]]])))).toEqual([["a"]]);
    expect(labels(appendHits(`${head}    hits:\n`, new Map([[0, [hit("01:00:01:00", "a")]]])))).toEqual([["a"]]);
    const crlf = appendHits(head.replace(/\n/g, "\r\n"), new Map([[0, [hit("01:00:01:00", "a")]]]));
    expect(crlf.split("\r\n").length - 1).toBe(crlf.split("\n").length - 1);
    expect(labels(crlf)).toEqual([["a"]]);
  });
  it("refuses a hits list written on one line, saying how to write it", () => {
    const p = problemOf(() => appendHits(`${head}    hits: [{ at: "01:00:00:01", label: x }]\n`, new Map([[0, [hit("01:00:01:00", "a")]]])));
    expect(p.message).toContain("written on one line");
    expect(p.hint).toContain("one per line");
  });
});

describe("editHits", () => {
  const text = `${head}    hits:\n      - at: "01:00:00:12"\n        label: block # keep\n      - { at: "01:00:01:00", label: flow }   # its note\n      - { at: "01:00:02:00", label: "third" }\n  # next cue\n  - id: "1M2"\n    start: "02:00:00:00"\n    tempo:\n      - { bar: 1, bpm: 90 }\n`;
  it("renames only a label's characters, and removes a hit's lines with their comment", () => {
    const out = editHits(text, 0, { labels: [{ index: 0, label: 'the "door"' }, { index: 2, label: "gone anyway" }], removed: [1, 2] });
    expect(out).toBe(text.replace("label: block # keep", 'label: "the \\"door\\"" # keep').replace('      - { at: "01:00:01:00", label: flow }   # its note\n', "").replace('      - { at: "01:00:02:00", label: "third" }\n', ""));
    expect(labels(out)).toEqual([['the "door"'], []]);
  });
  it("a list left empty becomes hits: [], and the file still checks; a one-line list is refused in words", () => {
    const out = editHits(text, 0, { labels: [], removed: [0, 1, 2] });
    expect(out).toBe(`${head}    hits: []\n  # next cue\n  - id: "1M2"\n    start: "02:00:00:00"\n    tempo:\n      - { bar: 1, bpm: 90 }\n`);
    expect(labels(out)).toEqual([[], []]);
    const flow = `${head}    hits: [{ at: "01:00:01:00", label: a }]\n`;
    expect(problemOf(() => editHits(flow, 0, { labels: [], removed: [0] })).message).toMatch(/written on one line/);
  });
});

describe("rewriteTempoList", () => {
  it("keeps the events it is told to as written (a frame click, a comment), writes the new ones, in a block list or on one line", () => {
    const block = `${head.replace("      - { bar: 1, bpm: 120 }\n", "      - { bar: 1, click: \"12-0\" } # the opening\n      - { bar: 9, bpm: 90 }\n")}`;
    const out = rewriteTempoList(block, 0, [{ keep: 0 }, { event: '{ bar: 5, meter: "7/8" }' }]);
    expect(out).toBe(block.replace("      - { bar: 9, bpm: 90 }\n", '      - { bar: 5, meter: "7/8" }\n'));
    expect(parseCueFile(out, "t.yaml").cues[0]!.tempo.map((e) => e.bar)).toEqual([1, 5]);
    const flow = head.replace("    tempo:\n      - { bar: 1, bpm: 120 }\n", "    tempo: [{ bar: 1, bpm: 120 }]  # one line\n");
    expect(rewriteTempoList(flow, 0, [{ keep: 0 }, { event: "{ bar: 3, bpm: 100, ramp: true }" }])).toBe(flow.replace("[{ bar: 1, bpm: 120 }]", "[{ bar: 1, bpm: 120 }, { bar: 3, bpm: 100, ramp: true }]"));
  });
});

describe("setHitFields", () => {
  const text = `${head}    hits:\n      - at: "01:00:00:12"\n        label: block # keep\n      - { at: "01:00:01:00", label: flow, color: red }   # its note\n`;
  it("replaces, adds and takes out pairs, on one line and in a block, and moves a hit from timecode to bar", () => {
    const out = setHitFields(text, 0, [
      { index: 0, fields: { color: "green", punch: 4 } },
      { index: 1, fields: { color: null, at: null, bar: 2, beat: 1.5, streamer: "3s" } },
    ]);
    expect(out).toBe(`${head}    hits:\n      - at: "01:00:00:12"\n        label: block # keep\n        color: "green"\n        punch: 4\n      - { label: flow, bar: 2, beat: 1.5, streamer: "3s" }   # its note\n`);
    const hits = parseCueFile(out, "t.yaml").cues[0]!.hits;
    expect(hits.map((h) => [h.label, h.color, h.punchFrames, h.bar, h.beat?.toString(), h.streamerFrames])).toEqual([["block", "green", 4, undefined, undefined, 48], ["flow", undefined, 2, 2, "3/2", 72]]);
  });
});

describe("setCueFields and deleteCue", () => {
  const two = `${head}  # the second\n  - id: "1M2"\n    start: "02:00:00:00"\n    countIn: 2 # two bars\n    tempo:\n      - { bar: 1, bpm: 90 }\n`;
  it("replaces a cue's values in place and adds new fields after its id; takes a cue's lines out, and refuses to take out the only one", () => {
    const out = setCueFields(two, 1, { title: "Van", countIn: 1, start: "02:00:01:00" });
    expect(out).toBe(two.replace('  - id: "1M2"\n    start: "02:00:00:00"\n    countIn: 2 # two bars', '  - id: "1M2"\n    title: "Van"\n    start: "02:00:01:00"\n    countIn: 1 # two bars'));
    expect(parseCueFile(out, "t.yaml").cues[1]!.title).toBe("Van");
    expect(deleteCue(two, 1)).toBe(`${head}  # the second\n`);
    expect(problemOf(() => deleteCue(head, 0)).message).toMatch(/only cue/);
  });
});
