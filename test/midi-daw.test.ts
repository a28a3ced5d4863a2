import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseCueFile } from "../src/cue/read-cue-file.js";
import { fixture, readFixture, renderMidi, sprocket, sprocketJson } from "./helpers.js";

/**
 * DAW tempo maps that went wrong, written by the oracle (test/oracle/midi_oracle.py) with the file's
 * own bar lines and markers in exact fractions: each imported cue must put every bar line within 1 ms
 * of the file's, every marker on the frame nearest its time, and end on the bar after the music.
 */
type Expect = { fps: string; bars: number[]; hits: { label: string; timecode: string }[]; end: string; sequence2?: Omit<Expect, "fps" | "sequence2"> };
const cases = readFixture<Record<string, Expect>>("midi/expected.json");
const tmp = () => mkdtempSync(join(tmpdir(), "sprocket-daw-"));

function imported(name: string, args: string[] = []) {
  const out = join(tmp(), `${name}.yaml`);
  const summary = sprocketJson(["import", fixture(`midi/${name}.mid`), "-o", out, ...args]);
  const text = readFileSync(out, "utf8");
  return { summary, yaml: parse(text), cue: parseCueFile(text, out).cues[0]! };
}

function expectLike(name: string, want: Omit<Expect, "fps" | "sequence2">, args: string[] = []) {
  const { summary, yaml, cue } = imported(name, args);
  want.bars.forEach((seconds, k) => {
    expect([name, `bar ${k + 1}`, Math.abs(cue.map.seconds(cue.map.quartersAt(k + 1)) - seconds) * 1000 < 1]).toEqual([name, `bar ${k + 1}`, true]);
  });
  expect(yaml.cues[0].hits ?? []).toEqual(want.hits.map((h) => ({ at: h.timecode, label: h.label })));
  expect(yaml.cues[0].end).toBe(want.end);
  expect(summary.maxDriftMs).toBeLessThan(1);
  return { summary, yaml };
}

describe("DAW tempo maps, against the oracle's bar lines and markers", () => {
  for (const name of Object.keys(cases).filter((n) => n !== "broken-smpte")) {
    it(name, () => {
      expectLike(name, cases[name]!);
    });
  }

  it("a meter that changes what a click is worth says the tempo in its new pulse (the quarter keeps its speed)", () => {
    const tempo = (name: string) => imported(name).yaml.cues[0].tempo;
    expect(tempo("meter-quarter-to-half")).toEqual([{ bar: 1, meter: "1/4", bpm: 100 }, { bar: 2, meter: "2/2", bpm: 50 }]);
    expect(tempo("meter-44-to-68-dotted")).toEqual([{ bar: 1, meter: "4/4", bpm: 120 }, { bar: 3, meter: "6/8", pulse: "3/8", bpm: 80 }]);
    expect(tempo("meter-34-to-78")).toEqual([{ bar: 1, meter: "3/4", bpm: 80 }, { bar: 4, meter: "7/8", bpm: 160 }]);
  });

  it("a ritardando in steps stays a ritardando, and the a tempo after it comes back on its bar", () => {
    const tempo = imported("ritardando-a-tempo").yaml.cues[0].tempo;
    const ramps = tempo.filter((e: any) => e.ramp);
    expect(ramps).toHaveLength(1);
    expect(ramps[0].bpm).toBeGreaterThan(90);
    expect(ramps[0].bpm).toBeLessThan(92);
    expect(tempo[tempo.length - 1]).toEqual({ bar: 5, bpm: 120 });
  });

  it("tempo steps across a 2/2 to 6/8 change are split at the change, not refused as a bug", () => {
    const { yaml } = imported("steps-across-pulse-change");
    expect(yaml.cues[0].tempo.find((e: any) => e.bar === 4 && !e.beat)).toMatchObject({ meter: "6/8", pulse: "3/8" });
  });

  it("a time signature whose 32nds-per-quarter byte is 12 keeps 6/8 bars of 1440 ticks at 480 PPQ (said, not applied)", () => {
    const { yaml, summary } = imported("thirtyseconds-12");
    expect(yaml.cues[0].tempo[0]).toMatchObject({ bar: 1, meter: "6/8" });
    expect(yaml.cues[0].hits.map((h: any) => h.label)).toEqual(["bar 4", "bar 26 beat 4"]);
    expect(summary.warnings).toEqual([expect.stringContaining("says 12 notated 32nd notes to a MIDI quarter")]);
  });

  it("a file cut short is said to be, with the byte where it ends; an RMID (RIFF) wrapper is read; a --fps against the SMPTE offset is said", () => {
    const whole = readFileSync(fixture("midi/meter-44-to-68-dotted.mid"));
    const dir = tmp();
    for (const length of [100, whole.length - 1, 20]) {
      const path = join(dir, `cut-${length}.mid`);
      writeFileSync(path, whole.subarray(0, length));
      const r = sprocket(["import", path, "-o", join(dir, "x.yaml")]);
      expect([length, r.status, r.stderr]).toEqual([length, 2, expect.stringMatching(new RegExp(`is cut short: .* but the file ends at byte ${length}\\.`))]);
    }
    // RIFF, size, RMID, then a "data" chunk holding the Standard MIDI File (padded to an even length).
    const data = Buffer.concat([Buffer.from("data"), Buffer.alloc(4), whole, Buffer.alloc(whole.length % 2)]);
    data.writeUInt32LE(whole.length, 4);
    const riff = Buffer.concat([Buffer.from("RIFF"), Buffer.alloc(4), Buffer.from("RMID"), data]);
    riff.writeUInt32LE(riff.length - 8, 4);
    writeFileSync(join(dir, "song.rmi"), riff);
    const out = join(dir, "rmid.yaml");
    const j = sprocketJson(["import", join(dir, "song.rmi"), "-o", out]);
    expect(j.maxDriftMs).toBeLessThan(1);
    expect(parse(readFileSync(out, "utf8")).cues[0].hits).toEqual(cases["meter-44-to-68-dotted"]!.hits.map((h) => ({ at: h.timecode, label: h.label })));
    const other = sprocketJson(["import", fixture("midi/meter-44-to-68-dotted.mid"), "--fps", "24", "-o", join(dir, "24.yaml")]);
    expect(other.warnings).toEqual([expect.stringContaining("SMPTE offset (FF 54) says 25 fps, but --fps 24 was given")]);
  });

  it("a format 2 file: the first sequence, said to be one of two; --sequence 2 reads the second", () => {
    expect(imported("format2-two-sequences").summary.warnings[0]).toContain("holds 2 independent sequences");
    expectLike("format2-two-sequences", cases["format2-two-sequences"]!.sequence2!, ["--sequence", "2"]);
    const r = sprocket(["import", fixture("midi/format2-two-sequences.mid"), "--sequence", "3"]);
    expect([r.status, r.stderr]).toEqual([2, expect.stringContaining("holds 2 sequences: there is no sequence 3")]);
  });

  it("the end comes from the music (12.5 s of notes end on the bar line at 14 s), or from --end", () => {
    expect(imported("constant-12s5").yaml.cues[0].end).toBe("01:00:14:00");
    expect(imported("constant-12s5", ["--end", "01:00:30:00"]).yaml.cues[0].end).toBe("01:00:30:00");
  });

  it("a broken SMPTE offset is said as the file's FF 54 event, with --start as the way out", () => {
    const r = sprocket(["import", fixture("midi/broken-smpte.mid"), "--fps", "30"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("its SMPTE Offset event (FF 54) reads 00:00:00:47.00 at 30 fps, which is not a timecode: frame 47 is past the last frame of a second at 30 (29)");
    expect(r.stderr).toContain("--start");
    expect(sprocket(["import", fixture("midi/broken-smpte.mid"), "--fps", "30", "--start", "01:00:00:00"]).status).toBe(0);
  });

  it("Sprocket's own file gives back a hit placed on bar 1 (only Sprocket's own bar-1 marker is skipped)", () => {
    const dir = tmp();
    const cueFile = join(dir, "c.yaml");
    writeFileSync(cueFile, 'fps: 24\ncues:\n  - id: "1M1"\n    title: Opening\n    start: "01:00:00:00"\n    tempo:\n      - { bar: 1, bpm: 120 }\n    hits:\n      - { at: "01:00:00:00", label: downbeat hit }\n      - { at: "01:00:03:00", label: later }\n');
    const { path } = renderMidi(cueFile);
    const back = parse(sprocket(["import", path]).stdout);
    expect(back.cues[0].hits.map((h: any) => h.label)).toEqual(["downbeat hit", "later"]);
  });

  it("past 1 ms from the file's own timing the import is refused, or with --lenient warned", () => {
    const env = { SPROCKET_IMPORT_MAX_DRIFT_MS: "0.01" };
    const refused = sprocket(["import", fixture("midi/ritardando-a-tempo.mid"), "-o", join(tmp(), "x.yaml")], env);
    expect([refused.status, refused.stderr]).toEqual([2, expect.stringMatching(/strays 0\.\d\d ms from the file's own timing \(at bar \d+\), more than 0\.01 ms/)]);
    const lenient = sprocket(["import", fixture("midi/ritardando-a-tempo.mid"), "-o", join(tmp(), "x.yaml"), "--lenient", "--json"], env);
    expect(lenient.status).toBe(0);
    expect(JSON.parse(lenient.stdout).warnings).toEqual([expect.stringContaining("strays")]);
  });
});

describe("messages that say what is wrong", () => {
  it("with --json, an error is JSON too (kind, message, file, line, field, expected, received, hint), exit status unchanged", () => {
    for (const args of [["tc", "-100", "--fps", "24"], ["check", "missing.yaml"], ["import", fixture("midi/broken-smpte.mid"), "--fps", "30"], ["render", fixture("cues/bad-example.yaml")]]) {
      const r = sprocket([...args, "--json"]);
      expect(r.status).toBe(2);
      const j = JSON.parse(r.stdout);
      expect(j.error.kind).toBe("input");
      expect(typeof j.error.message).toBe("string");
    }
    const bad = JSON.parse(sprocket(["check", fixture("cues/bad-example.yaml"), "--json"]).stdout);
    expect(bad.error).toMatchObject({ file: expect.stringContaining("bad-example.yaml"), line: expect.any(Number), field: expect.any(String) });
    expect(bad.problems.length).toBeGreaterThan(1);
  });
  it("a negative time is a value with a clear message, not an unknown option", () => {
    const r = sprocket(["tc", "-100", "--fps", "24"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('"-100" is negative: timecode counts up from 00:00:00:00');
    expect(r.stderr).not.toContain("Unknown option");
  });
  it("a sample just over 5 s says its length to the sample, not \"5.0 s\"", () => {
    const dir = tmp();
    const samples = 240240; // 5.005 s at 48 kHz
    const wav = Buffer.alloc(44 + samples * 2);
    wav.write("RIFF", 0); wav.writeUInt32LE(36 + samples * 2, 4); wav.write("WAVEfmt ", 8); wav.writeUInt32LE(16, 16);
    wav.writeUInt16LE(1, 20); wav.writeUInt16LE(1, 22); wav.writeUInt32LE(48000, 24); wav.writeUInt32LE(96000, 28); wav.writeUInt16LE(2, 32); wav.writeUInt16LE(16, 34);
    wav.write("data", 36); wav.writeUInt32LE(samples * 2, 40);
    writeFileSync(join(dir, "long.wav"), wav);
    writeFileSync(join(dir, "c.yaml"), 'fps: 24\nclick: { accent: long.wav }\ncues:\n  - id: "1M1"\n    start: "01:00:00:00"\n    tempo:\n      - { bar: 1, bpm: 120 }\n');
    const r = sprocket(["render", join(dir, "c.yaml"), "--only", "click", "--out", join(dir, "out")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("lasts 240240 samples at 48000 Hz (5.00500 s): a click sample may last at most 5 s (240000 samples)");
  });
  it("the --fps hint follows what the file's SMPTE offset says", () => {
    expect(sprocket(["import", fixture("midi/broken-smpte.mid")]).stderr).toContain("--fps 29.97 or --fps 30");
  });
  it("an EDL given to import is read as an EDL, never 'not a Standard MIDI File: undefined'", () => {
    const r = sprocket(["import", fixture("interchange/cut-2997df-semicolon.edl")]);
    expect(r.stderr).toContain("does not say its frame rate");
    expect(r.stderr).not.toContain("undefined");
  });
});
