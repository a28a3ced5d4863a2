import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importScore } from "../src/app/import-score.js";
import { readCueFile } from "../src/cue/read-cue-file.js";
import { cuePlan } from "../src/engine/cue-plan.js";
import { parseTimecode } from "../src/engine/timecode.js";
import { UserError } from "../src/errors.js";
import { exactTempo } from "../src/cue/import-score.js";
import { decimal } from "../src/interchange/write-musicxml.js";
import { parseFrameRate } from "../src/engine/frame-rate.js";
import { parseTempo } from "../src/engine/tempo-value.js";
import { Rational } from "../src/engine/rational.js";
import { fixture, readFixture, sprocket } from "./helpers.js";

/**
 * `sprocket import SCORE`: scores written by MuseScore 3 (its own exports of test scores made with
 * mscore3) and files of the Unofficial MusicXML Test Suite, each against an independent reading of
 * its measures and tempos (test/oracle/score_oracle.py, exact fractions); Sprocket's own exports
 * come back as the same tempo map, exactly, and the same hits; damaged files are said in words.
 */
interface Expected {
  bars: { bar: number; seconds: string }[];
  hits: { label: string; seconds: string; timecode?: string }[];
}
const scores = readFixture<Record<string, Expected>>("scores/expected.json");
/** The test-suite files with no tempo at all. */
const UNTIMED = ["lilypond/11a-TimeSignatures.xml", "lilypond/45b-RepeatWithAlternatives.xml"];
const cues = Object.keys(readFixture<Record<string, unknown>>("cues.json"));
const dir = mkdtempSync(join(tmpdir(), "sprocket-score-import-"));
const seconds = (s: string) => {
  const [n, d] = s.split("/");
  return Number(n) / Number(d ?? 1);
};

describe("import of scores other programs wrote, against the oracle's reading", () => {
  for (const [name, exp] of Object.entries(scores)) {
    it(`${name}: every bar line within 1 ms, every hit where the score has it`, () => {
      const out = join(dir, `${name.replace(/\W/g, "-")}.yaml`);
      const r = sprocket(["import", fixture(`scores/${name}`), "--fps", "25", "--start", "01:00:00:00", "-o", out, "--json"]);
      expect(r.status, r.stderr).toBe(0);
      const summary = JSON.parse(r.stdout) as { warnings: string[] };
      const cue = readCueFile(out).cues[0]!;
      const worst = Math.max(...exp.bars.map((b) => Math.abs(cue.map.seconds(cue.map.quartersAt(b.bar)) - seconds(b.seconds))));
      expect(worst, `${name}: ${exp.bars.length} bar lines`).toBeLessThan(0.001);
      const timing = cuePlan(cue, readCueFile(out).rate).timing;
      expect(timing.hits.map((h) => h.label).sort()).toEqual(exp.hits.map((h) => h.label).sort());
      for (const h of exp.hits) {
        const mine = timing.hits.find((x) => x.label === h.label)!;
        if (h.timecode) expect(mine.timecode, h.label).toBe(h.timecode);
        else expect(Math.abs(mine.seconds - seconds(h.seconds)), h.label).toBeLessThan(0.001);
      }
      // a score with no tempo says so; one with tempos does not
      expect(summary.warnings.some((w) => /has no tempo/.test(w))).toBe(UNTIMED.includes(name));
    });
  }

  it("reads a pick-up as the end of the bar before bar 1, 2+2+3/8 as 7/8 in eighths, 6/8 under a dotted-quarter mark in two", () => {
    const out = join(dir, "film.yaml");
    expect(sprocket(["import", fixture("scores/musescore/film-cue.musicxml"), "--fps", "25", "--start", "01:00:00:00", "-o", out]).status).toBe(0);
    const cue = readCueFile(out).cues[0]!;
    expect(cue.countIn).toBe(2);
    expect(cue.map.regions.map((r) => [r.bar, r.meter.text])).toEqual([[1, "4/4"], [5, "7/8"], [7, "6/8 (pulse 3/8)"], [9, "4/4"]]);
    expect(cue.tempo.map((e) => [e.bar, e.beat?.toNumber() ?? 1, e.bpm?.toNumber()])).toEqual([[1, 1, 96], [5, 1, 240], [7, 1, 72], [8, 2, 80], [9, 1, 117.5]]);
  });
});

describe("export -> import gives back the cue", () => {
  for (const name of cues) {
    it(`${name}: the same tempo map, exactly, and the same hits`, async () => {
      const original = readCueFile(fixture(`cues/${name}.yaml`));
      for (const compressed of [false, true]) {
        const score = join(dir, `${name}.${compressed ? "mxl" : "musicxml"}`);
        const r = sprocket(["export", fixture(`cues/${name}.yaml`), "--format", "musicxml", "-o", score, ...(compressed ? ["--compressed"] : [])]);
        expect(r.status, r.stderr).toBe(0);
        const back = await importScore({ file: score, output: join(dir, `${name}-back.yaml`) });
        const file = readCueFile(back.path!);
        const [a, b] = [original.cues[0]!, file.cues[0]!];
        expect(file.rate.name).toBe(original.rate.name);
        expect([b.id, b.title, b.start, b.end, b.countIn]).toEqual([a.id, a.title, a.start, cuePlan(a, original.rate).timing.endFrame, a.countIn]);
        expect(b.map.regions.map((x) => [x.bar, x.q.toString(), x.meter.text])).toEqual(a.map.regions.map((x) => [x.bar, x.q.toString(), x.meter.text]));
        expect(b.map.tempoSegments().map((s) => [s.q0.toString(), s.qpm0.toString(), s.ramp])).toEqual(a.map.tempoSegments().map((s) => [s.q0.toString(), s.qpm0.toString(), s.ramp]));
        const hits = (c: typeof a, rate: typeof original.rate) => cuePlan(c, rate).timing.hits.map((h) => [h.label.replace(/\s+/g, " ").trim(), h.frame]).sort();
        expect(hits(b, file.rate)).toEqual(hits(a, original.rate));
        // hits placed by bar and beat stay so
        expect(b.hits.filter((h) => h.bar !== undefined).map((h) => [h.label, h.bar, h.beat?.toString()]).sort()).toEqual(a.hits.filter((h) => h.bar !== undefined).map((h) => [h.label, h.bar, h.beat?.toString()]).sort());
      }
    });
  }

  it("a tempo written to 12 decimals comes back as it was written: frame clicks, frames a beat, decimals, in any pulse", () => {
    for (const fps of ["23.976", "24", "25", "29.97df", "30"]) {
      const rate = parseFrameRate(fps);
      for (const written of ["14-4", "9-7", "21-0", "14.5f", "13.25f", "117.551", "96", "60.000001"]) {
        for (const pulse of [Rational.of(1, 4), Rational.of(3, 8), Rational.of(1, 8), Rational.of(1, 2)]) {
          const bpm = parseTempo(written, rate).bpm;
          const qpm = Rational.parse(decimal(bpm.mul(pulse.mul(4)), 12))!; // as the score carries it
          const back = exactTempo(qpm, pulse.mul(4), rate);
          const value = parseTempo(back.bpm !== undefined ? back.bpm : typeof back.click === "number" ? `${back.click}f` : back.click!, rate).bpm;
          expect([fps, written, pulse.toString(), value.eq(bpm)]).toEqual([fps, written, pulse.toString(), true]);
        }
      }
    }
  });

  it("--into adds the cue at the end of a cue file's cues, the rest of the file as it was", () => {
    const target = join(dir, "into.yaml");
    const before = `# the reel\ntitle: Reel 2\nfps: 23.976\ncues:\n  - id: 2M1 # first\n    start: "01:00:10:00"\n    tempo:\n      - { bar: 1, bpm: 100 }\n`;
    writeFileSync(target, before);
    const score = join(dir, "for-into.musicxml");
    expect(sprocket(["export", fixture("cues/night-train-23976.yaml"), "--format", "musicxml", "-o", score]).status).toBe(0);
    const r = sprocket(["import", score, "--into", target, "--id", "2M2", "--start", "01:01:00:00"]);
    expect(r.status, r.stderr).toBe(0);
    const after = readFileSync(target, "utf8");
    expect(after.startsWith(before)).toBe(true);
    const file = readCueFile(target);
    expect(file.cues.map((c) => c.id)).toEqual(["2M1", "2M2"]);
    expect(file.cues[1]!.start).toBe(parseTimecode("01:01:00:00", file.rate));
    const again = sprocket(["import", score, "--into", target, "--id", "2M2"]);
    expect([again.status, again.stderr]).toEqual([2, expect.stringMatching(/already has a cue "2M2"/)]);
    const otherRate = sprocket(["import", score, "--into", target, "--id", "2M3", "--fps", "25"]);
    expect([otherRate.status, otherRate.stderr]).toEqual([2, expect.stringMatching(/--fps 25 is not .*rate \(23\.976\)/)]);
  });
});

describe("damaged scores are said in words, nothing written", () => {
  const good = readFileSync(fixture("scores/musescore/film-cue.musicxml"), "utf8");
  const goodMxl = readFileSync(fixture("scores/musescore/film-cue.mxl"));
  /** Imports the bytes; a damaged file must be a UserError (never another error) and leave nothing at the output. */
  const attempt = async (bytes: Buffer | string, ext: string) => {
    const file = join(dir, `damaged.${ext}`);
    const out = join(dir, "damaged-out.yaml");
    writeFileSync(file, bytes);
    rmSync(out, { force: true });
    try {
      await importScore({ file, fps: "25", start: "01:00:00:00", output: out });
      return "read";
    } catch (e) {
      expect(e, String(e)).toBeInstanceOf(UserError);
      expect(existsSync(out)).toBe(false);
      return (e as UserError).message;
    }
  };

  it("cut short anywhere, or with an element or a value broken: a UserError naming the file, or read whole", async () => {
    let random = 7;
    const next = () => (random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const said: string[] = [];
    for (let k = 0; k < 40; k++) said.push(await attempt(good.slice(0, Math.floor(next() * good.length)), "musicxml"));
    const breaks: [RegExp, string][] = [
      [/<divisions>\d+<\/divisions>/, "<divisions>zero</divisions>"],
      [/<duration>\d+<\/duration>/, "<duration>-4</duration>"],
      [/<beats>2\+2\+3<\/beats>/, "<beats>2+x</beats>"],
      [/<beat-type>8<\/beat-type>/, ""],
      [/<sound tempo="96"\/>/, '<sound tempo="fast"/>'],
      [/<sound tempo="96"\/>/, '<sound tempo="0"/>'],
      [/<time>/, "<time><senza-misura/>"],
      [/<sound tempo="120"\/>/, '<sound dacapo="yes"/>'],
      [/<words relative-y="20.00">door slams/, '<words relative-y="20.00">D.S. al fine'],
      [/<measure [\s\S]*<\/part>/, "</part>"],
    ];
    for (const [find, put] of breaks) said.push(await attempt(good.replace(find, put), "musicxml"));
    said.push(await attempt(good.replace(/<score-partwise[^>]*>/, "<score-timewise>").replace("</score-partwise>", "</score-timewise>"), "musicxml"));
    expect(said.filter((s) => s === "read").length).toBeLessThan(said.length / 2);
    for (const s of said.filter((x) => x !== "read")) expect(s).toMatch(/damaged\.musicxml/);
    expect(said.slice(40)).toEqual(expect.arrayContaining([expect.stringMatching(/senza misura/), expect.stringMatching(/jump/), expect.stringMatching(/timewise/), expect.stringMatching(/not a tempo/), expect.stringMatching(/no measures/)]));
    expect(said.slice(40).filter((s) => s === "read")).toEqual([]);
  });

  it("a .mxl with bytes flipped, cut short, or without its score: a UserError naming the file, or read whole", async () => {
    const said: string[] = [];
    for (let at = 0; at < goodMxl.length; at += Math.max(1, Math.floor(goodMxl.length / 50))) {
      const flipped = Buffer.from(goodMxl);
      flipped[at] = flipped[at]! ^ 0x5a;
      said.push(await attempt(flipped, "mxl"));
      said.push(await attempt(goodMxl.subarray(0, at), "mxl"));
    }
    for (const s of said.filter((x) => x !== "read")) expect(s).toMatch(/damaged\.mxl/);
    expect(said.filter((s) => /CRC|does not inflate|cut short|central directory|ZIP|not a/.test(s)).length).toBeGreaterThan(said.length / 2);
    writeFileSync(join(dir, "short.mxl"), goodMxl.subarray(0, goodMxl.length - 30));
    const r = sprocket(["import", join(dir, "short.mxl"), "--fps", "25", "-o", join(dir, "never.yaml")]);
    expect([r.status, r.stderr.includes("    at "), existsSync(join(dir, "never.yaml"))]).toEqual([2, false, false]);
  });
});
