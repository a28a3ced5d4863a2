import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseCsv } from "../src/interchange/csv.js";
import { sprocket, sprocketJson } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "sprocket-spot-"));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe("CSV as spreadsheets write it", () => {
  it("quotes, doubled quotes, commas and line breaks in cells; BOM; CRLF; each cell's line and column", () => {
    const rows = parseCsv('\uFEFFCue,Title,In\r\n1M1,"Main, ""title""",01:00:00:00\r\n1M2,"two\nlines",01:02:00:00\n');
    expect(rows.map((r) => r.map((c) => [c.text, c.line, c.column]))).toEqual([
      [["Cue", 1, 1], ["Title", 1, 5], ["In", 1, 11]],
      [["1M1", 2, 1], ['Main, "title"', 2, 5], ["01:00:00:00", 2, 23]],
      [["1M2", 3, 1], ["two\nlines", 3, 5], ["01:02:00:00", 4, 8]],
    ]);
  });
  it("semicolons or tabs when the header uses them", () => {
    expect(parseCsv("Cue;Title\n1M1;Ça va\n").map((r) => r.map((c) => c.text))).toEqual([["Cue", "Title"], ["1M1", "Ça va"]]);
    expect(parseCsv("Cue\tTitle\n1M1\tA, B\n").map((r) => r.map((c) => c.text))).toEqual([["Cue", "Title"], ["1M1", "A, B"]]);
  });
});

describe("sprocket import spotting.csv", () => {
  it("one cue per row, columns matched loosely, drop frame recognised, a cue file that checks", () => {
    const csv = file("spot.csv", 'Cue No.,Name,Start,End,Comments\r\n1M1,"Main Title, part 1",01:00:10;00,01:01:12;12,"Opens on the train; ""big"""\r\n1M2,Door,01:03:00;02,,\r\n');
    const out = join(dir, "film.yaml");
    expect(sprocketJson(["import", csv, "-o", out])).toMatchObject({ fps: "29.97df", cues: ["1M1", "1M2"] });
    const yaml = parse(readFileSync(out, "utf8"));
    expect(yaml.cues.map((c: Record<string, unknown>) => [c.id, c.title, c.start, c.end, c.notes])).toEqual([
      ["1M1", "Main Title, part 1", "01:00:10;00", "01:01:12;12", 'Opens on the train; "big"'],
      ["1M2", "Door", "01:03:00;02", undefined, undefined],
    ]);
    expect(readFileSync(out, "utf8")).toContain("# a placeholder tempo");
    expect(sprocket(["check", out]).status).toBe(0);
  });
  it("needs --fps when the timecodes do not say drop frame; reports every bad cell with line and column", () => {
    const csv = file("bad.csv", "Cue,In\n1M1,01:00:10:30\n1M2,xx\n1M1,01:00:20:00\n");
    expect(sprocket(["import", csv]).stderr).toContain("does not say its frame rate");
    const r = sprocket(["import", csv, "--fps", "24"]);
    expect(r.status).toBe(2);
    expect(r.stderr.split("\n").filter((l) => l.startsWith("error:"))).toEqual([
      `error: ${csv}:2:5: timecode in: Frame 30 in "01:00:10:30" is past the last frame of a second at 24 (23).`,
      `error: ${csv}:3:5: timecode in: "xx" is not a timecode.`,
      `error: ${csv}:4:1: cue: Cue 1M1 is listed twice (also on line 2).`,
    ]);
  });
  it("names the columns it found when it cannot find cue numbers or timecodes", () => {
    const r = sprocket(["import", file("cols.csv", "Reel,Scene,Description\n1,2,x\n"), "--fps", "24"]);
    expect(r.stderr).toContain('has no cue number or timecode in column.');
    expect(r.stderr).toContain('received: "Reel", "Scene", "Description"');
  });
});

describe("sprocket cuesheet", () => {
  it("cue, title, in (bar 1), out (the end), duration to the nearest second, credits; CSV quoting", () => {
    const cues = file("sheet.yaml", 'title: Night Train\nfps: 23.976\ncomposer: "Ana Ruiz"\npublisher: "Sprocket Music, Inc."\ncues:\n  - id: 1M1\n    title: "Main Title, part 1"\n    start: "01:00:10:00"\n    end: "01:01:12:12"\n    tempo: [{ bar: 1, bpm: 120 }]\n  - id: 1M2\n    title: \'Source: "Radio"\'\n    usage: licensed\n    publisher: Other\n    start: "01:03:00:00"\n    tempo: [{ bar: 1, bpm: 100 }]\n    hits: [{ at: "01:03:20:00", label: x }]\n');
    // 1M1: 62 s 12 frames of labels at 23.976 = 62.5625 s -> 1:03. 1M2 ends one bar (2.4 s) past its hit at 20 s: 22.4 s -> 0:22.
    expect(sprocket(["cuesheet", cues]).stdout).toBe(
      "Cue,Title,TC In,TC Out,Duration,Composer,Publisher,Usage\r\n" +
        '1M1,"Main Title, part 1",01:00:10:00,01:01:12:12,1:03,Ana Ruiz,"Sprocket Music, Inc.",original\r\n' +
        '1M2,"Source: ""Radio""",01:03:00:00,01:03:22:10,0:22,Ana Ruiz,Other,licensed\r\n',
    );
    const out = join(dir, "sheet.csv");
    expect(sprocket(["cuesheet", cues, "-o", out]).stdout).toBe(`wrote ${out}: 2 cues\n`);
    expect(readFileSync(out, "utf8").split("\r\n")).toHaveLength(4);
  });
});
