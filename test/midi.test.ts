import { describe, expect, it } from "vitest";
import { fixture, readFixture, renderMidi } from "./helpers.js";

interface Expected {
  smpteOffset: number[];
  countIn: { seconds: number };
  end: { timecode: string };
  hits: { label: string; timecode: string; seconds: number }[];
  beats: { bar: number; beat: number; seconds: string; ticks: number }[];
}
const cases = readFixture<Record<string, Expected>>("cues.json");
const clicks = readFixture<Record<string, Record<string, { clicks: [number, string, number | null, number | null][] }>>>("clicks.json");

/** Where a meta event's bytes sit in the file (FF type length data...). */
function metaBytes(bytes: Buffer, type: number): number[][] {
  const found: number[][] = [];
  for (let i = 0; i + 2 < bytes.length; i++) {
    if (bytes[i] === 0xff && bytes[i + 1] === type) found.push([...bytes.subarray(i + 3, i + 3 + bytes[i + 2]!)]);
  }
  return found;
}

describe("MIDI tempo map against the oracle, read by an independent parser", () => {
  for (const [name, exp] of Object.entries(cases)) {
    it(`${name}: every beat within 1 ms (in fact 0.05 ms) through ramps and meter changes; markers on the hits`, () => {
      const { midi, bytes } = renderMidi(fixture(`cues/${name}.yaml`));
      expect(midi.header.ppq).toBe(960);
      const endSeconds = Math.max(...exp.hits.map((h) => h.seconds), Number(exp.beats.find((b) => b.ticks > 0)?.seconds ?? 0));
      let worst = 0;
      for (const b of exp.beats) {
        const want = Number(b.seconds) - exp.countIn.seconds;
        if (Number(b.seconds) > endSeconds && b.bar > 1) continue; // past the cue, the last tempo simply holds
        const got = midi.header.ticksToSeconds(b.ticks);
        worst = Math.max(worst, Math.abs(got - want));
      }
      expect(worst).toBeLessThan(0.00005);
      const markers = midi.header.meta.filter((m) => m.type === "marker");
      for (const h of exp.hits) {
        const m = markers.find((x) => x.text === `${h.label} @ ${h.timecode}` || x.text.startsWith(`${h.label} @ ${h.timecode} = `));
        expect(m, h.label).toBeDefined();
        expect(Math.abs(midi.header.ticksToSeconds(m!.ticks) - (h.seconds - exp.countIn.seconds)), h.label).toBeLessThan(0.001);
      }
      expect(markers.find((m) => m.ticks === 0)?.text).toBe("Tick 0: first warning click");
      expect(metaBytes(bytes, 0x54)).toEqual([exp.smpteOffset]);
      const cuePoints = midi.header.meta.filter((m) => m.type === "cuePoint").map((m) => m.text);
      expect(cuePoints[0]).toMatch(/^Count-in: \d bars? from /);
      expect(cuePoints[1]).toBe(`End @ ${exp.end.timecode}`);
    });
  }

  it("SMPTE Offset hour byte: 24 = 00, 25 = 01, 29.97 DF = 10, 30 = 11 (rate bits)", () => {
    const rateBits = (name: string) => metaBytes(renderMidi(fixture(`cues/${name}.yaml`)).bytes, 0x54)[0]![0]! >> 5;
    expect([rateBits("midnight-24"), rateBits("compound-25"), rateBits("odd-meters-2997df"), rateBits("simple-30")]).toEqual([0, 1, 2, 3]);
  });

  it("6/8 in two is written 06 03 24 08; every tempo is a whole number of microseconds", () => {
    const { bytes } = renderMidi(fixture("cues/night-train-23976.yaml"));
    expect(metaBytes(bytes, 0x58)).toEqual([[4, 2, 24, 8], [6, 3, 0x24, 8]]);
    expect(metaBytes(bytes, 0x51).length).toBeGreaterThan(10); // ramps stepped
  });

  it("--click-notes adds the click on GM percussion: Hi Wood Block on beat 1, Low Wood Block on the others, on the oracle's beats", () => {
    const { midi } = renderMidi(fixture("cues/night-train-23976.yaml"), ["--click-notes"]);
    const track = midi.tracks.find((t) => t.name === "Click")!;
    expect(track.channel).toBe(9);
    const exp = clicks["night-train-23976"]!["48000"]!.clicks.filter((c) => c[1] !== "beep");
    expect(track.notes.length).toBe(exp.length);
    expect(track.notes.map((n) => n.midi)).toEqual(exp.map((c) => (c[1] === "accent" ? 76 : 77)));
    const beatTicks = new Map(cases["night-train-23976"]!.beats.map((b) => [`${b.bar}|${b.beat}`, b.ticks]));
    for (const [i, c] of exp.entries()) {
      const want = beatTicks.get(`${c[2]}|${c[3]}`);
      if (want !== undefined) expect(track.notes[i]!.ticks).toBe(want);
    }
  });
});

describe("MIDI text in any language", () => {
  it("titles and hit labels beyond ASCII are written as UTF-8 and read back by import", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const midiFile = (await import("midi-file")).default;
    const { sprocketJson } = await import("./helpers.js");
    const dir = mkdtempSync(join(tmpdir(), "sprocket-midi-text-"));
    const cue = join(dir, "cue.yaml");
    writeFileSync(cue, 'fps: 24\ncues:\n  - id: "1M1"\n    title: "Über den Fluss"\n    start: "01:00:00:00"\n    tempo: [{ bar: 1, bpm: 120 }]\n    hits: [{ at: "01:00:04:00", label: "音楽 — coupe" }]\n');
    const { bytes, path } = renderMidi(cue);
    // midi-file's parser hands over a character a byte; the bytes themselves are UTF-8.
    const markers = (midiFile.parseMidi(bytes).tracks[0] as { type: string; text?: string }[]).filter((e) => e.type === "marker").map((e) => Buffer.from(e.text!, "latin1").toString("utf8"));
    expect(markers).toContain("1M1 Über den Fluss @ 01:00:00:00");
    expect(markers.some((m) => m.startsWith("音楽 — coupe @ 01:00:04:00"))).toBe(true);
    sprocketJson(["import", path, "-o", join(dir, "back.yaml")]);
    const back = sprocketJson(["check", join(dir, "back.yaml")]).cues[0];
    expect([back.title, back.hits.map((h: { label: string }) => h.label)]).toEqual(["Über den Fluss", ["音楽 — coupe"]]);
  });
});
