import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseFrameRate } from "../src/engine/frame-rate.js";
import { detectFormat } from "../src/interchange/detect-format.js";
import { markerLabel } from "../src/interchange/model.js";
import { readTimelineFile } from "../src/interchange/read-timeline-file.js";
import { formatTimecode } from "../src/engine/timecode.js";
import { fixture, problemOf, readFixture, sprocket, sprocketJson } from "./helpers.js";

/**
 * The editorial readers against files the oracle (test/oracle/interchange_oracle.py) wrote from
 * positions designed in frames: every event, transition, speed and marker where the oracle put it.
 */
type Expected = Record<string, any>;
const expected = readFixture<Expected>("interchange/expected.json");
const files = Object.keys(expected).filter((f) => !f.endsWith(".yaml"));
const tmp = () => mkdtempSync(join(tmpdir(), "sprocket-interchange-"));

const FORMAT_IDS: Record<string, string> = { edl: "cmx3600", otio: "otio", fcpxml: "fcpxml" };

describe("editorial readers, against the oracle", () => {
  for (const name of files) {
    it(`${name}: every event, transition, speed and marker on its frame`, () => {
      const exp = expected[name];
      const t = readTimelineFile(fixture(`interchange/${name}`), parseFrameRate(exp.fps));
      expect(t.format).toBe(exp.format);
      if (exp.title !== undefined) expect(t.title).toBe(exp.title);
      const events = t.events.map((e) => ({
        id: e.id, track: e.track, recordIn: e.recordIn, recordOut: e.recordOut, sourceIn: e.sourceIn,
        speed: e.speed === null ? null : [Number(e.speed.n), Number(e.speed.d)],
        source: Object.fromEntries(Object.entries(e.source).filter(([k]) => k !== "black")),
        ...(e.transition ? { transition: { kind: e.transition.kind, from: e.transition.from, to: e.transition.to } } : {}),
        ...(e.sourceUnread ? { sourceUnread: true } : {}),
      }));
      expect(events).toEqual(exp.events.map((e: any) => { const { sourceOut: _, ...rest } = e; return rest; }));
      expect(t.audioEvents.map((e) => [e.id, e.track, e.recordIn, e.recordOut])).toEqual(exp.audioEvents.map((e: any) => [e.id, e.track, e.recordIn, e.recordOut]));
      expect(t.markers.map((m) => ({ frame: m.frame, duration: m.duration, label: markerLabel(m), ...(m.colour ? { colour: m.colour } : {}) }))).toEqual(exp.markers);
      const dropped = t.warnings.filter((w) => /trimmed out/.test(w.message));
      expect(dropped.length).toBe(exp.droppedMarkers ?? 0);
      const hidden = t.warnings.filter((w) => /does not show/.test(w.message));
      expect(hidden.length).toBe(exp.hiddenMarkers ?? 0);
      for (const w of t.warnings) expect(w.location?.file).toContain(name);
      if (exp.warnings) expect(t.warnings.map((w) => w.message)).toEqual(exp.warnings.map((w: string) => expect.stringContaining(w)));
    });
  }

  it("recognises every format by its content, whatever the file is called", () => {
    for (const name of files) {
      const ext = name.split(".").pop()!;
      const want = FORMAT_IDS[ext] ?? (name.startsWith("session") ? "protools-text" : name.includes("avid") ? "avid-markers" : /reaper|cubase/.test(name) ? "daw-markers" : "premiere-markers");
      expect([name, detectFormat(readFileSync(fixture(`interchange/${name}`)), "renamed.dat")?.id]).toEqual([name, want]);
    }
  });
});

describe("refusals name the file, the line, what was expected and what was received", () => {
  const edl = (body: string) => {
    const path = join(tmp(), "bad.edl");
    writeFileSync(path, body);
    return path;
  };
  it("a drop-frame EDL in a 24 fps project, explaining why", () => {
    const p = problemOf(() => readTimelineFile(fixture("interchange/cut-2997df-semicolon.edl"), parseFrameRate("24")));
    expect(p.message).toContain("drop frame exists only at 29.97 and 59.94");
    expect((p as any).location).toMatchObject({ line: 2 });
  });
  it("an FCPXML or OTIO at another rate, naming both rates and the drift", () => {
    const f = problemOf(() => readTimelineFile(fixture("interchange/nested-2997df.fcpxml"), parseFrameRate("25")));
    expect(f.message).toMatch(/runs at 29\.97 fps \(frameDuration 1001\/30000s\), but the project is at 25: their frames drift 19\.\d\d% apart/);
    const o = problemOf(() => readTimelineFile(fixture("interchange/nested-23976.otio"), parseFrameRate("24")));
    expect(o.message).toContain("is a 23.976 fps timeline, but the project is at 24: their frames drift 0.10% apart (0.06 s a minute)");
  });
  it("a broken event line, a bad timecode, an M2 with no event, all at once with line and column", () => {
    const path = edl("TITLE: x\nFCM: NON-DROP FRAME\n001  AX V C 01:00:00:00 01:00:01:00 01:00:00:00\nM2   AX 048.0 01:00:00:00\n002  AX V C 01:00:00:00 01:00:01:00 01:00:00:00 01:00:01:30\n");
    let problems: any[] = [];
    try { readTimelineFile(path, parseFrameRate("25")); } catch (e: any) { problems = e.problems; }
    expect(problems.map((p) => [p.location.line, p.location.column, p.field])).toEqual([[3, 1, "event"], [4, 1, "M2"], [5, 49, "record out"]]);
    expect(problems[0].expected).toContain("EVENT REEL CHANNELS TRANSITION");
    expect(problems[2].message).toContain("Frame 30");
  });
  it("keeps unknown comment lines as comments, and warns of a source and record that disagree", () => {
    const path = edl("TITLE: x\n001  AX V C 01:00:00:00 01:00:02:00 01:00:00:00 01:00:01:00\n* SOMETHING NEW: kept\nANY OTHER LINE\n");
    const t = readTimelineFile(path, parseFrameRate("25"));
    expect(t.events[0]!.comments).toEqual(["SOMETHING NEW: kept", "ANY OTHER LINE"]);
    expect(t.warnings[0]!.message).toContain("the source lasts 50 frames and the record 25");
  });
  it("a file that is none of the formats, listing those Sprocket reads", () => {
    const path = join(tmp(), "notes.txt");
    writeFileSync(path, "just some words\nand more\n");
    const r = sprocket(["import", path, "--into", fixture("interchange/into-2997df.yaml")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("is not a file Sprocket reads");
    expect(r.stderr).toContain("CMX 3600 EDL");
    expect(r.stderr).toContain("OpenTimelineIO");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it("a DAW marker list in bars and beats is refused, saying how to export it", () => {
    const path = join(tmp(), "reaper.csv");
    writeFileSync(path, "#,Name,Start,End,Length\nM1,door,5.1.00,,\nM2,car,7.3.50,,\n");
    const r = sprocket(["import", path, "--fps", "24"]);
    expect([r.status, r.stderr]).toEqual([2, expect.stringContaining('"5.1.00" is a musical position (bars and beats)')]);
    expect(r.stderr).toContain("reaper.csv:2:");
    expect(r.stderr).toContain("Set the program's time display to Timecode");
  });
  it("an EDL without --fps or a cue file says how to give the rate", () => {
    const r = sprocket(["import", fixture("interchange/cut-2997df-semicolon.edl")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("does not say its frame rate");
    expect(r.stderr).toContain("29.97df or 59.94df");
  });
});

describe("import --into: markers become hits of the cue that holds them", () => {
  const exp = expected["into-2997df.yaml"];
  it("adds each marker to its cue (the count-in included), skips what is there, lists what is outside, keeps comments", () => {
    const dir = tmp();
    const cueFile = join(dir, "reel3.yaml");
    copyFileSync(fixture("interchange/into-2997df.yaml"), cueFile);
    const before = readFileSync(cueFile, "utf8");
    const j = sprocketJson(["import", fixture("interchange/cut-2997df-semicolon.edl"), "--into", cueFile]);
    expect(j.added).toEqual(exp.added);
    expect(j.outside.map(({ label, timecode }: any) => ({ label, timecode }))).toEqual(exp.outside);
    expect(j.skipped.map(({ label, timecode }: any) => ({ label, timecode }))).toEqual(exp.skipped);
    const after = readFileSync(cueFile, "utf8");
    expect(after.match(/# a comment that must stay/g)?.length).toBe(2);
    expect(after.startsWith(before.split("\n    tempo:")[0]!)).toBe(true);
    const checked = sprocketJson(["check", cueFile]);
    const hit = checked.cues[0].hits.find((h: any) => h.label === "door slam: hard");
    expect(hit.timecode).toBe(exp.added[0].timecode);
    // Twice is once.
    const again = sprocketJson(["import", fixture("interchange/cut-2997df-semicolon.edl"), "--into", cueFile]);
    expect(again.added).toEqual([]);
    expect(readFileSync(cueFile, "utf8")).toBe(after);
  });
  it("--cuts adds a hit on every cut inside a cue; --cue forces one cue", () => {
    const dir = tmp();
    const out = join(dir, "out.yaml");
    const j = sprocketJson(["import", fixture("interchange/cut-2997df-semicolon.edl"), "--into", fixture("interchange/into-2997df.yaml"), "--cuts", "-o", out]);
    expect(j.added).toEqual(expect.arrayContaining([
      { cue: "3M1", label: "cut to 3-12B", timecode: "01:00:01;10" },
      { cue: "3M2", label: "dissolve (30 frames) to 3-14", timecode: "01:01:01;12" },
    ]));
    const only = sprocketJson(["import", fixture("interchange/cut-2997df-semicolon.edl"), "--into", fixture("interchange/into-2997df.yaml"), "--cue", "3M1", "-o", out]);
    expect(only.added.map((a: any) => a.cue)).toEqual(["3M1"]);
    expect(only.outside.length).toBe(2);
  });
  it("--cuts on an OTIO whose first video track is empty reads the first track with picture, and says so", () => {
    const exp = expected["stack-clips-24.otio"];
    const dir = tmp();
    const cueFile = join(dir, "cues.yaml");
    writeFileSync(cueFile, 'fps: 24\ncues:\n  - id: "1M1"\n    start: "01:00:00:00"\n    end: "01:00:20:00"\n    countIn: 1\n    tempo:\n      - { bar: 1, bpm: 120 }\n');
    const j = sprocketJson(["import", fixture("interchange/stack-clips-24.otio"), "--into", cueFile, "--cuts"]);
    const label = (frame: number) => `${String(Math.floor(frame / 86400)).padStart(2, "0")}:${String(Math.floor(frame / 1440) % 60).padStart(2, "0")}:${String(Math.floor(frame / 24) % 60).padStart(2, "0")}:${String(frame % 24).padStart(2, "0")}`;
    expect(j.added).toEqual([{ cue: "1M1", label: "slate hit", timecode: label(exp.markers[0].frame) }, ...exp.cuts.map((c: any) => ({ cue: "1M1", label: c.label, timecode: label(c.frame) }))]);
    expect(j.warnings).toEqual([expect.stringContaining("first video track holds no shots; --cuts reads the cuts of V2")]);
  });

  it("a Pro Tools session's markers and, with --track, the clips of its Hits track become hits", () => {
    const exp = expected["session-23976-tc.txt"];
    const dir = tmp();
    const cueFile = join(dir, "cues.yaml");
    writeFileSync(cueFile, 'fps: 23.976\ncues:\n  - id: "1M3"\n    start: "01:00:02:00"\n    end: "01:00:20:00"\n    countIn: 1\n    tempo:\n      - { bar: 1, bpm: 120 }\n');
    const tc = (frame: number) => formatTimecode(frame, parseFrameRate("23.976"));
    const j = sprocketJson(["import", fixture("interchange/session-23976-tc.txt"), "--into", cueFile, "--track", "Hits"]);
    // The cue spans 01:00:00:00 (its one bar of count-in) to 01:00:20:00: every marker and Hits clip is inside; the Dialogue clip is not asked for.
    const want = [...exp.markers.map((m: any) => ({ label: m.label, frame: m.frame })), ...exp.clips.Hits].sort((a: any, b: any) => a.frame - b.frame);
    expect([...j.added].sort((a: any, b: any) => a.timecode.localeCompare(b.timecode))).toEqual(want.map((m: any) => ({ cue: "1M3", label: m.label, timecode: tc(m.frame) })));
    const wrong = sprocket(["import", fixture("interchange/session-23976-tc.txt"), "--into", cueFile, "--track", "Hitz"]);
    expect([wrong.status, wrong.stderr]).toEqual([2, expect.stringContaining('has no track named "Hitz"')]);
    expect(wrong.stderr).toContain("Dialogue, Hits");
    const other = sprocket(["import", fixture("interchange/session-23976-tc.txt"), "--fps", "25"]);
    expect([other.status, other.stderr]).toEqual([2, expect.stringContaining("is a 23.976 session, but the project is at 25")]);
  });

  it("an empty file is said to be empty", () => {
    const dir = tmp();
    for (const [name, bytes] of [["empty.edl", Buffer.alloc(0)], ["blank.txt", Buffer.from("\ufeff\r\n  \n", "utf8")]] as const) {
      writeFileSync(join(dir, name), bytes);
      const r = sprocket(["import", join(dir, name), "--fps", "24"]);
      expect([r.status, r.stderr]).toEqual([2, expect.stringContaining(`${name} is empty`)]);
    }
  });

  it("refuses and writes nothing when the cut cannot be read at the cue file's rate", () => {
    const dir = tmp();
    const cueFile = join(dir, "ntsc.yaml");
    writeFileSync(cueFile, 'fps: 24\ncues:\n  - id: "1M1"\n    start: "01:00:00:00"\n    tempo:\n      - { bar: 1, bpm: 120 }\n');
    const out = join(dir, "out.yaml");
    const r = sprocket(["import", fixture("interchange/cut-2997df-semicolon.edl"), "--into", cueFile, "-o", out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("cut-2997df-semicolon.edl:2:1: FCM: The file counts timecode drop frame, but the project runs at 24");
    expect(existsSync(out)).toBe(false);
  });
  it("a Premiere marker list called .csv is not taken for spotting notes", () => {
    const dir = tmp();
    const path = join(dir, "markers.csv");
    copyFileSync(fixture("interchange/markers-premiere-2997df-de.txt"), path);
    const j = sprocketJson(["import", path, "--fps", "29.97df"]);
    expect(j.format).toBe("Premiere Pro marker list");
    expect(j.cues).toEqual([{ id: "3M5", title: "Verfolgung", start: "00:10:00;00", end: "00:10:15;00", hits: 0 }]);
    expect(j.outside.map((o: any) => o.label)).toEqual(["Tür knallt", "nur Beschreibung"]);
  });
  it("without --into, a marker range or a marker named like a cue makes a cue; the other markers its hits", () => {
    const out = join(tmp(), "spotted.yaml");
    const j = sprocketJson(["import", fixture("interchange/markers-resolve-25.edl"), "--fps", "25", "-o", out]);
    expect(j.cues).toEqual([{ id: "3M4", title: "Chase", start: "10:00:10:00", end: "10:00:25:00", hits: 1 }]);
    expect(j.outside.map((o: any) => o.label)).toEqual(["Door | slam", "car horn"]);
    const checked = sprocketJson(["check", out]);
    expect(checked.cues[0].hits).toMatchObject([{ label: "Marker 3", timecode: "10:00:20:00" }]);
  });
});

describe("export, then import: every hit on the same frame, in every format", () => {
  const cues = ["night-train-23976", "odd-meters-2997df", "fast-5994df", "midnight-24", "compound-25"];
  const formats = ["resolve-edl", "avid-markers", "premiere-markers", "otio", "edl"];
  for (const name of cues) {
    it(`${name}`, () => {
      const dir = tmp();
      const source = fixture(`cues/${name}.yaml`);
      const checked = sprocketJson(["check", source]);
      const original = checked.cues[0];
      const want = original.hits.map((h: any) => [h.label, h.timecode]).sort();
      const bare = join(dir, "bare.yaml");
      writeFileSync(bare, readFileSync(source, "utf8").replace(/\n    hits:\n(      - .*\n)+/, "\n"));
      for (const format of formats) {
        const exported = join(dir, `out.${format}`);
        sprocketJson(["export", source, "--format", format, "-o", exported]);
        const back = join(dir, `back-${format}.yaml`);
        const j = sprocketJson(["import", exported, "--into", bare, "-o", back]);
        expect([format, j.outside]).toEqual([format, []]);
        const got = sprocketJson(["check", back]).cues[0].hits.map((h: any) => [h.label, h.timecode]).sort();
        expect([format, got]).toEqual([format, want]);
        // Read back as a new cue file, the cue keeps its start and end.
        const fresh = sprocketJson(["import", exported, "--fps", checked.fps]);
        expect([format, fresh.cues[0].start, fresh.cues[0].end]).toEqual([format, original.start, original.end.timecode]);
      }
    });
  }
});

describe("what export writes is what the editing programs read", () => {
  const source = fixture("cues/odd-meters-2997df.yaml");
  const run = (format: string) => {
    const out = join(tmp(), `x.${format}`);
    sprocketJson(["export", source, "--format", format, "-o", out]);
    return readFileSync(out);
  };
  it("Resolve: FCM DROP FRAME, one-frame events, `note |C:ResolveColor… |M:name |D:n`, the cue as a range", () => {
    const text = run("resolve-edl").toString("utf8");
    expect(text.split("\n").slice(0, 2)).toEqual(["TITLE: odd-meters-2997df markers", "FCM: DROP FRAME"]);
    expect(text).toMatch(/^001  001      V     C        00:00:58;00 00:00:58;01 00:00:58;00 00:00:58;01  \nSprocket cue odd-meters-2997df \|C:ResolveColorGreen \|M:odd-meters-2997df \|D:\d+$/m);
    expect(text).toMatch(/^odd-meters-2997df bar \d+ beat [\d.]+ \|C:ResolveColorCream \|M:first DF label \|D:1$/m);
  });
  it("Avid: six tab-separated fields a line, Media Composer's colour names", () => {
    const lines = run("avid-markers").toString("utf8").trimEnd().split("\n");
    for (const l of lines) expect(l.split("\t")).toHaveLength(6);
    expect(lines.find((l) => l.includes("first DF label"))).toBe("Sprocket\t00:01:00;02\tV1\twhite\tfirst DF label\t1");
  });
  it("Premiere: UTF-16 LE with a byte-order mark, CRLF, a tab after each row, ';' throughout at drop frame", () => {
    const bytes = run("premiere-markers");
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    const text = bytes.subarray(2).toString("utf16le");
    expect(text.startsWith("Marker Name\tDescription\tIn\tOut\tDuration\tMarker Type\t\r\n")).toBe(true);
    expect(text).toContain("first DF label\todd-meters-2997df bar ");
    expect(text).toMatch(/\t00;01;00;02\t00;01;00;02\t00;00;00;00\tComment\t\r\n/);
  });
  it("OTIO: a Timeline whose music track holds the cue as a clip and the hits as its markers", () => {
    const otio = JSON.parse(run("otio").toString("utf8"));
    expect(otio.OTIO_SCHEMA).toBe("Timeline.1");
    const track = otio.tracks.children[0];
    expect([track.OTIO_SCHEMA, track.kind, track.name]).toEqual(["Track.1", "Audio", "Music"]);
    const clip = track.children.find((c: any) => c.OTIO_SCHEMA === "Clip.2");
    expect(clip.markers.map((m: any) => m.name)).toContain("first DF label");
    expect(otio.global_start_time.rate).toBeCloseTo(30000 / 1001, 12);
  });
  it("a hit's colour comes back: white through Resolve's Cream, red through every palette", () => {
    const dir = tmp();
    const cue = join(dir, "c.yaml");
    writeFileSync(cue, 'fps: 25\ncues:\n  - id: "1M1"\n    start: "01:00:00:00"\n    end: "01:00:20:00"\n    tempo:\n      - { bar: 1, bpm: 120 }\n    hits:\n      - { at: "01:00:05:00", label: plain }\n      - { at: "01:00:06:00", label: red, color: red }\n      - { at: "01:00:07:00", label: cyan, color: cyan }\n');
    const bare = join(dir, "bare.yaml");
    writeFileSync(bare, readFileSync(cue, "utf8").replace(/\n    hits:[\s\S]*$/, "\n"));
    for (const format of ["resolve-edl", "avid-markers", "otio", "edl"]) {
      sprocketJson(["export", cue, "--format", format, "-o", join(dir, "x")]);
      sprocketJson(["import", join(dir, "x"), "--into", bare, "-o", join(dir, "back.yaml")]);
      const back = readFileSync(join(dir, "back.yaml"), "utf8");
      expect([format, back.match(/label: "(plain|red|cyan)", color: "(\w+)"/g)]).toEqual([format, ['label: "plain", color: "white"', 'label: "red", color: "red"', 'label: "cyan", color: "cyan"']]);
    }
  });
});
