import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import midiFile from "midi-file";
import { parse } from "yaml";
import { fixture, readFixture, renderMidi, sprocket, sprocketJson } from "./helpers.js";

interface Expected { countIn: { seconds: number }; hits: { label: string; seconds: number }[]; beats: { bar: number; beat: number; seconds: string; ticks: number }[] }
const cases = readFixture<Record<string, Expected>>("cues.json");
const tmp = () => mkdtempSync(join(tmpdir(), "sprocket-import-"));

function importMidi(path: string, args: string[] = []) {
  const out = join(tmp(), "imported.yaml");
  const r = sprocket(["import", path, "-o", out, ...args]);
  return { ...r, out, yaml: r.status === 0 ? parse(readFileSync(out, "utf8")) : undefined };
}

describe("export -> import -> export keeps every beat and hit", () => {
  for (const [name, exp] of Object.entries(cases)) {
    it(`${name}: the imported cue checks, and its MIDI agrees with the first within 1 ms`, () => {
      const first = renderMidi(fixture(`cues/${name}.yaml`));
      const imported = importMidi(first.path);
      expect(imported.status, imported.stderr).toBe(0);
      expect(sprocket(["check", imported.out]).status).toBe(0);
      const second = renderMidi(imported.out);
      const lastHit = Math.max(...exp.hits.map((h) => h.seconds));
      for (const b of exp.beats) {
        if (Number(b.seconds) > lastHit && b.bar > 1) continue;
        const a = first.midi.header.ticksToSeconds(b.ticks);
        const c = second.midi.header.ticksToSeconds(b.ticks);
        expect(Math.abs(a - c), `${b.bar}|${b.beat}`).toBeLessThan(0.001);
      }
      const markers = (m: typeof first.midi) => m.header.meta.filter((x) => x.type === "marker" && x.ticks > 0).map((x) => [x.text, m.header.ticksToSeconds(x.ticks)] as const);
      const before = markers(first.midi);
      const after = markers(second.midi);
      expect(after.map(([t]) => t)).toEqual(before.map(([t]) => t));
      after.forEach(([text, s], i) => expect(Math.abs(s - before[i]![1]), text).toBeLessThan(0.001));
      expect(second.bytes.subarray(0, 64).includes(Buffer.from([0xff, 0x54, 5]))).toBe(true);
    });
  }
  it("gives back the tempo map as written: frame click, ramp, 6/8 in two, a musically placed hit", () => {
    const { yaml } = importMidi(renderMidi(fixture("cues/night-train-23976.yaml")).path);
    const cue = yaml.cues[0];
    expect(cue).toMatchObject({ id: "night-train-23976", start: "01:02:10:05", end: "01:03:02:00", countIn: 2 });
    expect(cue.tempo).toEqual([
      { bar: 1, meter: "4/4", bpm: 120 },
      { bar: 9, click: "14-0" },
      { bar: 13, bpm: 96, ramp: true },
      { bar: 17, meter: "6/8", pulse: "3/8", bpm: 60 },
    ]);
    expect(cue.hits).toContainEqual({ bar: 21, beat: 1, label: "train" });
    expect(cue.hits).toContainEqual({ bar: 14, beat: 2.5, label: "mid-ramp" });
  });
});

/** A DAW-like export written independently: 480 PPQ, 25 fps SMPTE offset, a ramp as sixteenth-note steps. */
function dawFile(options: { smpte?: boolean; tempo?: boolean; rateCode?: number } = {}) {
  const ppq = 480;
  const events: { tick: number; e: Record<string, unknown> }[] = [];
  if (options.smpte !== false) events.push({ tick: 0, e: { type: "smpteOffset", frameRate: options.rateCode ?? 25, hour: 1, min: 0, sec: 0, frame: 0, subFrame: 0 } });
  events.push({ tick: 0, e: { type: "timeSignature", numerator: 4, denominator: 4, metronome: 24, thirtyseconds: 8 } });
  if (options.tempo !== false) {
    events.push({ tick: 0, e: { type: "setTempo", microsecondsPerBeat: 600000 } }); // 100 BPM
    // Bars 5-7: 100 -> 80 BPM, linear in beats, one step a sixteenth (average tempo over each step).
    const from = 4 * 4 * ppq, to = 6 * 4 * ppq, step = ppq / 4;
    for (let t = from; t < to; t += step) {
      const bpmAt = (x: number) => 100 + ((80 - 100) * (x - from)) / (to - from);
      const seconds = ((60 / ((80 - 100) / ((to - from) / ppq))) * Math.log(bpmAt(t + step) / bpmAt(t)));
      events.push({ tick: t, e: { type: "setTempo", microsecondsPerBeat: Math.round((seconds * 1e6 * ppq) / step) } });
    }
    events.push({ tick: to, e: { type: "setTempo", microsecondsPerBeat: 750000 } }); // 80 BPM
  }
  events.push({ tick: 8 * 4 * ppq, e: { type: "timeSignature", numerator: 3, denominator: 4, metronome: 24, thirtyseconds: 8 } });
  events.push({ tick: 3 * ppq, e: { type: "marker", text: "Explosion" } });
  events.push({ tick: 9 * 4 * ppq, e: { type: "cuePoint", text: "Cut: to the car" } });
  events.sort((a, b) => a.tick - b.tick);
  let prev = 0;
  const track: Record<string, unknown>[] = events.map(({ tick, e }) => {
    const deltaTime = tick - prev;
    prev = tick;
    return { deltaTime, meta: true, ...e };
  });
  track.push({ deltaTime: 0, meta: true, type: "endOfTrack" });
  const path = join(tmp(), "daw.mid");
  writeFileSync(path, Buffer.from(midiFile.writeMidi({ header: { format: 1, numTracks: 1, ticksPerBeat: ppq }, tracks: [track] } as never)));
  return path;
}

describe("importing a DAW's tempo map", () => {
  it("collapses a stepped ramp, keys meters and tempos by bar, reads the rate and start from the SMPTE offset", () => {
    const r = importMidi(dawFile());
    expect(r.status, r.stderr).toBe(0);
    const cue = r.yaml.cues[0];
    expect(r.yaml.fps).toBe("25");
    expect(cue.start).toBe("01:00:00:00");
    expect(cue.tempo).toEqual([{ bar: 1, meter: "4/4", bpm: 100 }, { bar: 5, bpm: 100 }, { bar: 7, bpm: 80, ramp: true }, { bar: 9, meter: "3/4" }]);
    // Explosion: 3 beats at 100 BPM = 1.8 s = 45 frames at 25; the cut: 16 beats at 100, the ramp's 8 beats, 12 at 80.
    const rampSeconds = 8 * (60 / (80 - 100)) * Math.log(80 / 100);
    const cutFrames = Math.round((16 * 0.6 + rampSeconds + 12 * 0.75) * 25);
    expect(cue.hits).toEqual([
      { at: "01:00:01:20", label: "Explosion" },
      { at: `01:00:${String(Math.floor(cutFrames / 25)).padStart(2, "0")}:${String(cutFrames % 25).padStart(2, "0")}`, label: "Cut: to the car" },
    ]);
  });
  it("--start, --fps and --id override the file", () => {
    const r = importMidi(dawFile(), ["--start", "02:00:00:00", "--fps", "24", "--id", "5M3"]);
    expect(r.yaml.cues[0]).toMatchObject({ id: "5M3", start: "02:00:00:00" });
    expect(r.yaml.fps).toBe("24");
  });
  it("refuses what cannot be a tempo map, saying what to do", () => {
    const first = (args: string[]) => {
      const r = sprocket(args);
      return [r.status, r.stderr.split("\n").find((l) => l.startsWith("error:") || l.includes("hint:"))];
    };
    const noTempo = dawFile({ tempo: false });
    // No tempo event: the Standard MIDI File default, 120 quarters a minute, said in a warning.
    const dflt = sprocketJson(["import", noTempo, "-o", join(tmp(), "d.yaml")]);
    expect(dflt.warnings).toEqual([expect.stringContaining("the Standard MIDI File default, 120 quarters a minute, is used")]);
    expect(sprocketJson(["import", noTempo, "--bpm", "90", "-o", join(tmp(), "x.yaml")])).toMatchObject({ tempoEvents: 2, ramps: 0 });
    expect(first(["import", dawFile({ smpte: false }), "--fps", "25"])).toEqual([2, expect.stringContaining("has no SMPTE offset")]);
    expect(first(["import", dawFile({ rateCode: 24 })])).toEqual([2, expect.stringContaining("MIDI time code cannot tell 23.976 from 24")]);
    const smpteDivision = join(tmp(), "smpte.mid");
    writeFileSync(smpteDivision, Buffer.from(midiFile.writeMidi({ header: { format: 0, numTracks: 1, framesPerSecond: 25, ticksPerFrame: 40 }, tracks: [[{ deltaTime: 0, meta: true, type: "endOfTrack" }]] } as never)));
    expect(first(["import", smpteDivision])).toEqual([2, expect.stringContaining("counts time in SMPTE frames, not beats")]);
    const junk = join(tmp(), "junk.mid");
    writeFileSync(junk, "not a midi file at all");
    expect(first(["import", junk])).toEqual([2, expect.stringContaining("is not a Standard MIDI File")]);
  });
});
