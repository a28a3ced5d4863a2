import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import tonejs from "@tonejs/midi";
import { fixture, readFixture, sprocket } from "./helpers.js";
import { parse, structureProblems, walkMeasures, wordsOf } from "./musicxml-checks.js";

/**
 * The score export, read by programs Sprocket did not write: MuseScore 3 (Debian's musescore3, run
 * headless) converts every fixture cue's MusicXML to MIDI, and the bar lines of that MIDI (read by
 * @tonejs/midi) are compared with the oracle's (test/oracle/tempo_oracle.py, exact fractions); the
 * MusicXML is checked against the MusicXML 4.0 rules for every element used (test/musicxml-checks.ts).
 */
interface Expected {
  countIn: { seconds: number };
  hits: { label: string; timecode: string; seconds: number }[];
  beats: { bar: number; beat: number; seconds: string }[];
}
const cases = readFixture<Record<string, Expected>>("cues.json");
const hasMuseScore = spawnSync("mscore3", ["--version"], { env: { ...process.env, QT_QPA_PLATFORM: "offscreen" } }).status === 0;
const dir = mkdtempSync(join(tmpdir(), "sprocket-score-"));

/** MuseScore 3 converts a score (its own reading of it) to `out` (.mid, .mscx); its messages are returned. */
function museScore(score: string, out: string): string {
  const r = spawnSync("mscore3", ["-o", out, score], { encoding: "utf8", env: { ...process.env, QT_QPA_PLATFORM: "offscreen", XDG_RUNTIME_DIR: dir } });
  if (r.status !== 0 || !existsSync(out)) throw new Error(`mscore3 could not convert ${score}: ${r.stderr}`);
  return r.stderr;
}

const exportScore = (name: string, extra: string[] = []) => {
  const out = join(dir, `${name}${extra.join("")}.${extra.includes("--compressed") ? "mxl" : "musicxml"}`);
  const r = sprocket(["export", fixture(`cues/${name}.yaml`), "--format", "musicxml", "-o", out, ...extra]);
  expect(r.status, r.stderr).toBe(0);
  return out;
};

/** Bar lines of a MIDI file in seconds from its start, from its own time signatures and tempos. */
function midiBars(midi: InstanceType<typeof tonejs.Midi>, count: number): number[] {
  const ts = midi.header.timeSignatures.map((t) => ({ ticks: t.ticks, n: t.timeSignature[0]!, d: t.timeSignature[1]! }));
  const bars: number[] = [];
  for (let tick = 0, i = 0; bars.length < count; ) {
    while (i + 1 < ts.length && ts[i + 1]!.ticks <= tick) i++;
    bars.push(midi.header.ticksToSeconds(tick));
    tick += (ts[i]!.n * 4 * midi.header.ppq) / ts[i]!.d;
  }
  return bars;
}

describe("MusicXML export, structure (the MusicXML 4.0 rules for every element written)", () => {
  for (const name of Object.keys(cases)) {
    it(`${name}: every element where the schema allows it; bars filled to their meter; count-in bars implicit; a hit text for every hit`, () => {
      for (const extra of [[], ["--clicks"]]) {
        const root = parse(readFileSync(exportScore(name, extra), "utf8"));
        expect(structureProblems(root)).toEqual([]);
        const { measures, placed, problems } = walkMeasures(root);
        expect(problems).toEqual([]);
        const exp = cases[name]!;
        const countIn = exp.beats.filter((b) => b.bar < 1 && b.beat === 1).length;
        expect(measures.slice(0, countIn + 1).map((m) => [m.number, m.implicit])).toEqual([...Array.from({ length: countIn }, (_, k) => [String(k + 1 - countIn), true]), ["1", false]]);
        for (const h of exp.hits) expect(placed.filter((p) => wordsOf(p.el).startsWith(`${h.label} ${h.timecode} (`)).length, h.label).toBe(1);
      }
    });
  }
});

describe.skipIf(!hasMuseScore)("MusicXML export read by MuseScore 3", () => {
  for (const [name, exp] of Object.entries(cases)) {
    it(`${name}: MuseScore converts it without error; its MIDI has every bar line within 1 ms of the oracle's, every hit within its 1/64 note`, () => {
      const score = exportScore(name);
      const messages = museScore(score, join(dir, `${name}.mid`));
      // MuseScore validates what it imports against the MusicXML schema it carries (3.1: Sprocket writes
      // no newer element) and says "not a valid MusicXML file" when it does not validate
      expect(messages).not.toMatch(/not a valid|error/i);
      const midi = new tonejs.Midi(readFileSync(join(dir, `${name}.mid`)));
      const bars = exp.beats.filter((b) => b.beat === 1);
      const { measures, placed } = walkMeasures(parse(readFileSync(score, "utf8")));
      const theirs = midiBars(midi, measures.length);
      const first = Number(bars[0]!.seconds);
      // the oracle's bars as far as the score goes (the oracle walks on past the cue's end)
      const worst = Math.max(...bars.slice(0, measures.length).map((b, k) => Math.abs(theirs[k]! - (Number(b.seconds) - first))));
      console.info(`${name}: ${Math.min(bars.length, measures.length)} bar lines as MuseScore plays them, worst ${(worst * 1000).toFixed(4)} ms from the oracle's`);
      expect(worst).toBeLessThan(0.001);
      // each hit's text stands at its place to the nearest 1/64 note: as MuseScore times that place,
      // within half a sixty-fourth (1/32 of a quarter) of the hit
      for (const h of exp.hits) {
        const p = placed.find((x) => wordsOf(x.el).startsWith(`${h.label} ${h.timecode} (`))!;
        const at = (q: number) => midi.header.ticksToSeconds(Math.round(q * midi.header.ppq));
        const half = at(p.q + 1 / 32) - at(p.q);
        expect(Math.abs(at(p.q) - (h.seconds - first)), h.label).toBeLessThanOrEqual(half + 1e-4);
      }
    });
  }

  it("MuseScore's schema check is heard: the same score with one element out of place is called not valid", () => {
    const score = readFileSync(exportScore("simple-30"), "utf8").replace("<clef>", "<staff-details><staff-lines>1</staff-lines></staff-details><clef>");
    writeFileSync(join(dir, "out-of-place.musicxml"), score);
    expect(museScore(join(dir, "out-of-place.musicxml"), join(dir, "out-of-place.mid"))).toMatch(/not a valid MusicXML file/);
  });

  it("--clicks: MuseScore plays a note on every click of the oracle's, each within 1 ms", () => {
    for (const name of ["night-train-23976", "odd-meters-2997df", "compound-25"]) {
      const exp = cases[name]!;
      const score = exportScore(name, ["--clicks"]);
      expect(museScore(score, join(dir, `${name}-clicks.mid`))).not.toMatch(/not a valid|error|unmapped/i);
      const midi = new tonejs.Midi(readFileSync(join(dir, `${name}-clicks.mid`)));
      const notes = midi.tracks.flatMap((t) => t.notes).map((n) => n.time).sort((a, b) => a - b);
      const first = Number(exp.beats[0]!.seconds);
      // the oracle's clicks (it also lists a point half a beat in, in every bar)
      const beats = exp.beats.filter((b) => Number.isInteger(b.beat)).map((b) => Number(b.seconds) - first);
      // the score runs to the end of the cue's last bar, the oracle to the cue's end or a little past
      const heard = notes.filter((t) => t <= beats[beats.length - 1]! + 1e-3);
      expect(notes.length, name).toBeGreaterThanOrEqual(heard.length);
      expect(heard.length, name).toBe(beats.filter((t) => t <= notes[notes.length - 1]! + 1e-3).length);
      expect(heard.length, name).toBeGreaterThan(beats.length * 0.9);
      const worst = Math.max(...beats.slice(0, heard.length).map((t, k) => Math.abs(heard[k]! - t)));
      expect(worst, name).toBeLessThan(0.001);
    }
  });

  it("--compressed writes a .mxl that an independent unzip and MuseScore read: mimetype first and stored, the container pointing at the same score", () => {
    const name = "odd-meters-2997df";
    const mxl = exportScore(name, ["--compressed"]);
    const py = spawnSync("python3", ["-c", `import zipfile,sys,json
z=zipfile.ZipFile(sys.argv[1]); i=z.infolist()
print(json.dumps({"first":i[0].filename,"stored":i[0].compress_type==0,"mime":z.read("mimetype").decode(),"container":z.read("META-INF/container.xml").decode(),"names":[x.filename for x in i],"bad":z.testzip()}))`, mxl], { encoding: "utf8" });
    const z = JSON.parse(py.stdout) as { first: string; stored: boolean; mime: string; container: string; names: string[]; bad: string | null };
    expect([z.first, z.stored, z.mime, z.bad]).toEqual(["mimetype", true, "application/vnd.recordare.musicxml", null]);
    const root = /full-path="([^"]+)"/.exec(z.container)![1]!;
    expect(z.names).toContain(root);
    const inside = spawnSync("python3", ["-c", "import zipfile,sys; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())", mxl, root], { encoding: "utf8" }).stdout;
    expect(inside).toBe(readFileSync(exportScore(name), "utf8"));
    expect(museScore(mxl, join(dir, "from-mxl.mid"))).not.toMatch(/not a valid|error/i);
    const a = new tonejs.Midi(readFileSync(join(dir, "from-mxl.mid")));
    museScore(exportScore(name), join(dir, "from-xml.mid"));
    const b = new tonejs.Midi(readFileSync(join(dir, "from-xml.mid")));
    expect(a.header.tempos).toEqual(b.header.tempos);
  });
});

describe("MusicXML export on the command line", () => {
  it("several cues go to a folder, one file a cue; without -o the command says so; --clicks and --compressed are for musicxml only", () => {
    const demo = join(fixture("cues"), "..", "..", "..", "examples", "night-train.yaml");
    const multi = join(dir, "two-cues.yaml");
    writeFileSync(multi, `title: Two\nfps: 25\ncues:\n  - id: 1M1\n    start: "01:00:00:00"\n    tempo: [{ bar: 1, bpm: 100 }]\n  - id: "1M2/alt"\n    start: "01:01:00:00"\n    tempo: [{ bar: 1, bpm: 90, meter: "3/4" }]\n`);
    const cues = 2;
    const out = join(dir, "folder");
    const r = sprocket(["export", multi, "--format", "musicxml", "-o", out, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const scores = JSON.parse(r.stdout).scores as { path: string }[];
    expect(scores.length).toBe(cues);
    expect(readdirSync(out).sort()).toEqual(scores.map((s) => s.path.split(/[\\/]/).pop()).sort());
    expect(readdirSync(out).sort()).toEqual(["1M1.musicxml", "1M2-alt.musicxml"]);
    const bare = sprocket(["export", multi, "--format", "musicxml"]);
    expect([bare.status, bare.stderr]).toEqual([2, expect.stringMatching(/one cue a file.*-o FOLDER/s)]);
    const one = sprocket(["export", demo, "--format", "musicxml"]);
    expect(one.status).toBe(0);
    expect(one.stdout).toMatch(/^<\?xml/);
    const wrong = sprocket(["export", demo, "--format", "otio", "--clicks"]);
    expect([wrong.status, wrong.stderr]).toEqual([2, expect.stringMatching(/--clicks is for --format musicxml only/)]);
    const packed = sprocket(["export", demo, "--format", "musicxml", "--compressed"]);
    expect([packed.status, packed.stderr]).toEqual([2, expect.stringMatching(/\.mxl\) is a file: say where with -o/)]);
  });
});
