import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { fixture, readFixture, sprocket, sprocketJson } from "./helpers.js";

/**
 * `sprocket where` against the oracle (test/oracle/where_oracle.py): every beat and half beat of a
 * 29.97 DF cue (7/8, 6/8 in two, a frame-click section, a ramp, across minute 1) and a 59.94 DF cue
 * (across the ten-minute mark and minute 11), and a rubato map of 120 decimal tempos (whose exact sums
 * pass a double's range), to its frame, and frames around those marks back to bar,
 * beat and nearest click.
 */
type Where = { musical: { input: string; timecode: string; frames: number; seconds: number; offsetFrames: number }[]; timecodes: { input: string; inside: boolean; bar?: number; beat?: number; offsetFrames?: number; nearestClick?: { bar: number; beat: number } }[] };
const oracle = readFixture<Record<string, Where>>("where.json");

describe("where, both ways, against the oracle", () => {
  for (const [name, want] of Object.entries(oracle)) {
    it(`${name}: every beat to its frame`, () => {
      const got = sprocketJson(["where", fixture(`cues/${name}.yaml`), ...want.musical.map((m) => m.input)]).results;
      want.musical.forEach((m, i) => {
        const r = got[i];
        expect([m.input, r.timecode, r.frames]).toEqual([m.input, m.timecode, m.frames]);
        expect(Math.abs(r.seconds - m.seconds)).toBeLessThan(1e-6);
        expect(Math.abs(r.offsetFrames - m.offsetFrames)).toBeLessThan(1e-3);
      });
    });
    it(`${name}: frames to cue, bar, beat and nearest click`, () => {
      const got = sprocketJson(["where", fixture(`cues/${name}.yaml`), ...want.timecodes.map((t) => t.input)]).results;
      want.timecodes.forEach((t, i) => {
        const r = got[i];
        if (!t.inside) return expect([t.input, r.cue, r.between]).toEqual([t.input, null, true]);
        expect([t.input, r.cue, r.bar, r.nearestClick]).toEqual([t.input, name, t.bar, t.nearestClick]);
        expect(Math.abs(r.beat - t.beat!)).toBeLessThan(1e-3);
        expect(Math.abs(r.offsetFrames - t.offsetFrames!)).toBeLessThan(1e-3);
      });
    });
  }

  it('"12|3 -6f": the frame six earlier, and a ramp that puts the beat there (checked by writing it in)', () => {
    const cueFile = fixture("cues/night-train-23976.yaml");
    const r = sprocketJson(["where", cueFile, "12|3", "-6f"]).results[0];
    expect(r.nudged.frames).toBe(-6);
    expect(r.nudged.timecode).toBe(sprocketJson(["tc", String(r.frames - 6), "--fps", "23.976"]).timecode);
    const doc = parse(readFileSync(cueFile, "utf8"));
    const tempo = doc.cues[0].tempo.filter((e: any) => !(e.bar > r.ramp.fromBar && e.bar <= 12 && (e.bpm || e.click) && !e.meter));
    for (const line of r.ramp.cueLines) {
      const ev = parse(line.replace(/^- /, ""));
      const same = tempo.findIndex((e: any) => e.bar === ev.bar && (e.beat ?? 1) === (ev.beat ?? 1));
      if (same >= 0) tempo[same] = { ...tempo[same], bpm: undefined, click: undefined, ...ev }; // the line's tempo (bpm or click) replaces the event's
      else tempo.push(ev);
    }
    doc.cues[0].tempo = tempo.sort((a: any, b: any) => a.bar - b.bar || (a.beat ?? 1) - (b.beat ?? 1)).map((e: any) => Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)));
    const dir = mkdtempSync(join(tmpdir(), "sprocket-where-"));
    writeFileSync(join(dir, "c.yaml"), stringify(doc));
    expect(sprocketJson(["where", join(dir, "c.yaml"), "12|3"]).results[0].timecode).toBe(r.nudged.timecode);
  });

  it("feet+frames count from bar 1; a bad place, a beat past the bar, and a bare nudge are refused", () => {
    const f = fixture("cues/night-train-23976.yaml");
    expect(sprocketJson(["where", f, "0+00"]).results[0]).toMatchObject({ bar: 1, beat: 1, timecode: "01:02:10:05" });
    expect(sprocket(["where", f, "21|7"]).stderr).toContain("Bar 21 of cue night-train-23976 has 2 beats");
    expect(sprocket(["where", f, "soon"]).stderr).toContain('"soon" is not a place Sprocket reads');
    expect(sprocket(["where", f, "-6f"]).stderr).toContain("nudges a bar and beat, but none comes before it");
  });
});
