import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCueFile } from "../src/cue/read-cue-file.js";
import { UserError } from "../src/errors.js";
import { cueTiming } from "../src/engine/cue-timing.js";
import { midiBytes } from "../src/render/render-midi.js";
import { picturePlan } from "../src/engine/picture-plan.js";
import { clickSchedule } from "../src/engine/click-schedule.js";
import { timingNotes } from "../src/render/timing-notes.js";
import { fixture, ROOT } from "./helpers.js";
import { parse, stringify } from "yaml";
import { detectFormat } from "../src/interchange/detect-format.js";
import { readTimelineText, EDITORIAL } from "../src/interchange/read-timeline-file.js";
import { decodeText } from "../src/interchange/read-premiere-markers.js";
import { parseFrameRate } from "../src/engine/frame-rate.js";
import { placeMarkers } from "../src/cue/place-markers.js";
import { markersToCues, cueEventsAsMarkers } from "../src/cue/markers-to-cues.js";

/**
 * Thousands of damaged cue files, and random bytes, through everything `check` and `render --only midi`
 * (and the other outputs' pure planning) do: each must either work or end in a UserError that says
 * what is wrong. Anything else is a bug, and the input that caused it is printed.
 */
let seed = 20261121;
const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
const CHARS = [..."0123456789:;-+./{}[],'\"# \n\tabcxyzé", "bar", "bpm", "ramp", "true", "meter", "7/8", "3/8", "-1", "99999", "1e9", "0", "null", "~", "&a", "*a"];
const NUMBERS = ["0", "-1", "1e308", "99999999", "0.0001", "2.5", "NaN", "-0", "1000000", "3"];

function mutate(text: string): string {
  let t = text;
  const edits = 1 + Math.floor(random() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * (t.length + 1));
    const lines = t.split("\n");
    switch (Math.floor(random() * 6)) {
      case 0: t = t.slice(0, at) + t.slice(at + 1 + Math.floor(random() * 5)); break;
      case 1: t = t.slice(0, at) + pick(CHARS) + t.slice(at); break;
      case 2: t = t.replace(/-?\d+(\.\d+)?/g, (m) => (random() < 0.15 ? pick(NUMBERS) : m)); break;
      case 3: { const i = Math.floor(random() * lines.length), j = Math.floor(random() * lines.length); [lines[i], lines[j]] = [lines[j]!, lines[i]!]; t = lines.join("\n"); break; }
      case 4: { const i = Math.floor(random() * lines.length); lines.splice(i, 0, lines[i]!); t = lines.join("\n"); break; }
      default: t = t.replace(/"\d\d:\d\d:\d\d[:;]\d\d"/g, (m) => (random() < 0.3 ? `"${pick(["23:59:59:29", "00:00:00;00", "00:01:00;00", "24:00:00:00", "99:99:99:99", "01:00:00:00"])}"` : m));
    }
  }
  return t;
}

/** Keeps the YAML valid and changes values within and just past their ranges: explores what the planners see. */
function mutateValues(text: string): string {
  const doc = parse(text);
  for (const cue of doc.cues ?? []) {
    if (random() < 0.3) cue.countIn = pick([0, 1, 2, 4, 8]);
    for (const e of cue.tempo ?? []) {
      if (random() < 0.3 && e.bar > 1) e.bar = 2 + Math.floor(random() * 40);
      if (random() < 0.2 && e.bar > 1) e.beat = pick([1, 2, 2.5, 3, 4, 7]);
      if (random() < 0.3) { delete e.click; e.bpm = pick([20, 40, 60.5, 96, 120, 180, 240, 400, 1999]); }
      if (random() < 0.15) { delete e.bpm; e.click = pick(["8-0", "12-2", "14-4", "31-7", "4-1"]); }
      if (random() < 0.2) { e.meter = pick(["4/4", "3/4", "7/8", "6/8", "12/8", "5/4", "2/2", "9/16", "1/4"]); if (random() < 0.5) e.pulse = pick(["3/8", "1/4", "1/8", "3/16"]); else delete e.pulse; }
      if (random() < 0.2 && e.bar > 1) e.ramp = random() < 0.7;
    }
    for (const h of cue.hits ?? []) {
      if (random() < 0.3 && h.bar) h.bar = 1 + Math.floor(random() * 30);
      if (random() < 0.2) { delete h.at; h.bar = 1 + Math.floor(random() * 20); h.beat = pick([1, 1.5, 2, 3.25, 4]); }
      if (random() < 0.2) h.flutter = pick([0, 1, 3, 5, 7]);
      if (random() < 0.2) h.streamer = pick(["1s", "48f", "none", 3, "0.5s"]);
    }
    if (random() < 0.2) delete cue.end;
  }
  return stringify(doc);
}

/** Everything that can run on a checked cue file without files or ffmpeg. */
function exercise(text: string): void {
  const file = parseCueFile(text, "fuzz.yaml");
  for (const cue of file.cues) {
    const t = cueTiming(cue, file.rate);
    if (t.endSeconds - t.countInSeconds > 4 * 3600) continue; // a cue hours long is legal; planning it is not what this test is for
    midiBytes(file, cue, { clickNotes: true }); // what render --only midi writes
    picturePlan(cue, file.rate, t.countInFrame - 48, t.endFrame - t.countInFrame + 96, { warning: "yellow", downbeat: "green", end: "red", hit: "white" });
    let n = 0;
    for (const _ of clickSchedule(cue, file.rate, cue.click, t.endSeconds)) if (++n > 2000) break;
    timingNotes(file, cue);
  }
}

/** Runs `count` inputs from `make` through everything; counts what checks, what is refused, and any bug (with its input). */
function fuzz(count: number, make: () => string) {
  let accepted = 0, refused = 0, slowest = 0;
  const bugs: string[] = [];
  for (let i = 0; i < count; i++) {
    const text = make();
    const started = performance.now();
    try {
      exercise(text);
      accepted++;
    } catch (e) {
      if (e instanceof UserError) refused++;
      else bugs.push(`${(e as Error).stack?.split("\n").slice(0, 3).join(" / ")}\n--- input (JSON) ---\n${JSON.stringify(text)}`);
    }
    // Never a hang: each case in well under the limit (a real hang also fails the test's own timeout).
    const took = performance.now() - started;
    if (took > slowest) slowest = took;
    if (took > CASE_LIMIT_MS) bugs.push(`took ${took.toFixed(0)} ms\n--- input (JSON) ---\n${JSON.stringify(text)}`);
  }
  if (process.env.FUZZ_STATS) console.log(`accepted ${accepted}, refused ${refused}, bugs ${bugs.length} of ${count}, slowest ${slowest.toFixed(1)} ms`);
  return { accepted, refused, bugs };
}

/** Each fuzz case's time limit. */
const CASE_LIMIT_MS = 2000;

describe("fuzzing the cue file", () => {
  const seeds = [...readdirSync(fixture("cues")).map((f) => readFileSync(fixture(`cues/${f}`), "utf8")), readFileSync(`${ROOT}examples/night-train.yaml`, "utf8")];
  it("4000 mutated cue files: each works or is refused with a UserError, never an unexpected exception", () => {
    const r = fuzz(4000, () => mutate(pick(seeds)));
    expect(r.bugs.slice(0, 3)).toEqual([]);
    expect(r.refused).toBeGreaterThan(500); // the mutations do break things
    expect(r.accepted).toBeGreaterThan(150); // and some still check (the value mutations below reach the planners more)
  });
  it("3000 cue files with valid YAML and changed values: the planners never throw anything but a UserError", () => {
    const r = fuzz(3000, () => mutateValues(pick(seeds)));
    expect(r.bugs.slice(0, 3)).toEqual([]);
    expect(r.accepted).toBeGreaterThan(600);
  });
  it("1000 random byte strings: refused cleanly", () => {
    const r = fuzz(1000, () => Buffer.from(Array.from({ length: Math.floor(random() * 300) }, () => Math.floor(random() * 256))).toString("utf8"));
    expect(r.bugs.slice(0, 3)).toEqual([]);
  });
});

/**
 * The editorial readers: every fixture the interchange oracle wrote, its text damaged (and random
 * bytes), through format detection, the reader at the fixture's rate, placing the markers into a
 * cue file and making cues of them. Each must work or be refused with a UserError, and quickly.
 */
describe("fuzzing the editorial readers", () => {
  const expected = JSON.parse(readFileSync(fixture("interchange/expected.json"), "utf8")) as Record<string, { fps?: string }>;
  const inputs = Object.entries(expected).filter(([name]) => !name.endsWith(".yaml")).map(([name, e]) => ({ name, rate: parseFrameRate(e.fps!), text: decodeText(readFileSync(fixture(`interchange/${name}`))) }));
  const cueFile = parseCueFile(readFileSync(fixture("interchange/into-2997df.yaml"), "utf8"), "into.yaml");
  function run(bytes: Uint8Array, rate: ReturnType<typeof parseFrameRate>): "read" | "refused" | "other" {
    const detected = detectFormat(bytes, "fuzz.dat");
    if (!detected || !EDITORIAL.includes(detected.id)) return "other";
    const t = readTimelineText(detected, "fuzz.dat", rate);
    if (t.rate.name === cueFile.rate.name) placeMarkers(cueFile, t.markers);
    try {
      markersToCues([...cueEventsAsMarkers(t), ...t.markers], t.rate, 2);
    } catch (e) {
      if (!(e instanceof UserError)) throw e; // "none of the markers is a cue" is a refusal too
    }
    return "read";
  }
  function fuzzBytes(count: number, make: () => { bytes: Uint8Array; rate: ReturnType<typeof parseFrameRate> }) {
    const tally = { read: 0, refused: 0, other: 0 };
    const bugs: string[] = [];
    let slowest = 0;
    for (let i = 0; i < count; i++) {
      const { bytes, rate } = make();
      const started = performance.now();
      try {
        tally[run(bytes, rate)]++;
      } catch (e) {
        if (e instanceof UserError) tally.refused++;
        else bugs.push(`${(e as Error).stack?.split("\n").slice(0, 3).join(" / ")}\n--- input ---\n${JSON.stringify(Buffer.from(bytes).toString("utf8").slice(0, 2000))}`);
      }
      slowest = Math.max(slowest, performance.now() - started);
    }
    if (process.env.FUZZ_STATS) console.log(tally, `slowest ${slowest.toFixed(1)} ms`);
    return { ...tally, bugs, slowest };
  }
  it("3000 damaged EDLs, marker lists, OTIO and FCPXML files: read or refused with a UserError, each in well under a second", () => {
    const r = fuzzBytes(Number(process.env.FUZZ_N ?? 3000), () => {
      const input = pick(inputs);
      return { bytes: Buffer.from(mutate(input.text), "utf8"), rate: input.rate };
    });
    expect(r.bugs.slice(0, 3)).toEqual([]);
    expect(r.read).toBeGreaterThan(300);
    expect(r.refused).toBeGreaterThan(300);
    expect(r.slowest).toBeLessThan(1000);
  });
  it("1000 random byte strings, some starting like each format: refused cleanly", () => {
    const starts = ["", "TITLE: x\n001  ", "{\"OTIO_SCHEMA\": \"Timeline.1\", ", "<?xml version=\"1.0\"?><fcpxml version=\"1.10\">", "\uFEFFMarker\tIn\t", "x\t01:00:00:00\tV1\tred\t", "SESSION NAME:\tx\nSAMPLE RATE:\t48000\nSESSION START TIMECODE:\t01:00:00:00\nTIMECODE FORMAT:\t25 Frame\n\nM A R K E R S  L I S T I N G\n#\tLOCATION\t"];
    const r = fuzzBytes(1000, () => ({ bytes: Buffer.concat([Buffer.from(pick(starts)), Buffer.from(Array.from({ length: Math.floor(random() * 400) }, () => Math.floor(random() * 256)))]), rate: pick(inputs).rate }));
    expect(r.bugs.slice(0, 3)).toEqual([]);
    expect(r.slowest).toBeLessThan(1000);
  });
});

/** DAW tempo maps: the oracle's MIDI files with bytes changed, through the reader and the importer. */
describe("fuzzing the MIDI importer", () => {
  it("2000 damaged MIDI files: imported or refused with a UserError, each quickly", async () => {
    const { readMidiTempoData } = await import("../src/interchange/read-midi-file.js");
    const { midiToCue } = await import("../src/cue/import-midi.js");
    const files = readdirSync(fixture("midi")).filter((f) => f.endsWith(".mid")).map((f) => readFileSync(fixture(`midi/${f}`)));
    const bugs: string[] = [];
    let imported = 0, slowest = 0;
    for (let i = 0; i < 2000; i++) {
      const bytes = Buffer.from(pick(files));
      for (let k = 0, n = 1 + Math.floor(random() * 4); k < n; k++) bytes[14 + Math.floor(random() * (bytes.length - 14))] = Math.floor(random() * 256);
      const started = performance.now();
      try {
        midiToCue(readMidiTempoData("fuzz.mid", 1, bytes), { file: "fuzz.mid", fps: "25", start: "01:00:00:00" });
        imported++;
      } catch (e) {
        if (!(e instanceof UserError)) bugs.push(`${(e as Error).stack?.split("\n").slice(0, 3).join(" / ")}\n--- bytes ---\n${bytes.toString("hex")}`);
      }
      slowest = Math.max(slowest, performance.now() - started);
    }
    if (process.env.FUZZ_STATS) console.log(`imported ${imported}, slowest ${slowest.toFixed(1)} ms`);
    expect(bugs.slice(0, 3)).toEqual([]);
    expect(imported).toBeGreaterThan(200);
    expect(slowest).toBeLessThan(2000);
  });
});

describe("fuzzing the WAV header reader and the delivery checks", () => {
  it("3000 damaged Broadcast WAVs: read and checked, or refused with a UserError", async () => {
    const { parseWavHeader } = await import("../src/interchange/read-wav-header.js");
    const { checkDeliveries } = await import("../src/delivery/check-deliveries.js");
    const { readCueFile } = await import("../src/cue/read-cue-file.js");
    const wavefile = (await import("wavefile")).default;
    const cues = readCueFile(fixture("delivery/delivery-2997df.yaml"));
    const bases = ["24", "32f", "16"].map((bits, i) => {
      const w = new wavefile.WaveFile();
      w.fromScratch(1 + i, 48000, bits, i ? Array.from({ length: 1 + i }, () => new Float64Array(301)) : new Float64Array(301));
      Object.assign(w.bext, { chunkId: "bext", description: "x", timeReference: [175604229 + i, 0] });
      w.setiXML("<BWFXML><SPEED><TIMECODE_RATE>30000/1001</TIMECODE_RATE><TIMECODE_FLAG>DF</TIMECODE_FLAG><TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI>0</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI><TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO>175604229</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO></SPEED></BWFXML>");
      return Buffer.from(w.toBuffer());
    });
    const bugs: string[] = [];
    let read = 0, slowest = 0;
    for (let i = 0; i < 3000; i++) {
      const started = performance.now();
      const base = pick(bases);
      let bytes = Buffer.from(base);
      for (let k = 0, n = 1 + Math.floor(random() * 6); k < n; k++) bytes[Math.floor(random() * Math.min(bytes.length, 1200))] = pick([0, 0xff, 0x7f, 1, Math.floor(random() * 256)]);
      if (random() < 0.3) bytes = bytes.subarray(0, Math.floor(random() * bytes.length));
      try {
        const header = parseWavHeader((o, n) => Buffer.concat([bytes.subarray(o, o + n), Buffer.alloc(Math.max(0, o + n - Math.max(o, bytes.length)))]), bytes.length, "fuzz.wav");
        read++;
        checkDeliveries(cues, { sampleRate: 48000, bits: 24, float: false }, [{ path: "fuzz.wav", name: "1M1_Strings_01-00-58-11.wav", header }, { path: "b.wav", name: "1M1_Brass_01-00-58-11.wav", header }]);
      } catch (e) {
        if (!(e instanceof UserError)) bugs.push(`${(e as Error).stack?.split("\n").slice(0, 3).join(" / ")}\n--- bytes ---\n${bytes.subarray(0, 1200).toString("hex")}`);
      }
      slowest = Math.max(slowest, performance.now() - started);
    }
    expect(bugs.slice(0, 3)).toEqual([]);
    expect(read).toBeGreaterThan(1000);
    expect(slowest).toBeLessThan(CASE_LIMIT_MS);
  });
});

describe("fuzzing the spotting-notes reader", () => {
  it("2000 damaged spotting CSVs (and random bytes): read into a cue file that checks, or refused with a UserError, each quickly", async () => {
    const { spottingToCues } = await import("../src/cue/import-spotting.js");
    const { cueFileYaml } = await import("../src/cue/write-cue-yaml.js");
    const seeds = [
      'Cue No.,Name,Start,End,Comments\r\n1M1,"Main Title, part 1",01:00:10;00,01:01:12;12,"Opens on the train; ""big"""\r\n1M2,Door,01:03:00;02,,\r\n',
      "Cue\tTitle\tIn\tOut\n2M1\tChase\t02:00:00:00\t02:01:30:00\n2M2\tQuiet\t02:05:10:12\t02:06:00:00\n",
      "cue;timecode in;timecode out;composer\n3M1;10:00:00:00;10:00:45:00;Ann\n3M2;10:02:00:00;;Bo\n",
    ];
    const bugs: string[] = [];
    let read = 0, slowest = 0;
    for (let i = 0; i < 2000; i++) {
      const text = i % 10 === 9 ? Buffer.from(Array.from({ length: Math.floor(random() * 300) }, () => Math.floor(random() * 256))).toString("utf8") : mutate(pick(seeds));
      const started = performance.now();
      try {
        const spotted = spottingToCues(text, "fuzz.csv", pick([undefined, "24", "25", "29.97df"]));
        const yaml = cueFileYaml({ title: spotted.title, fps: spotted.rate.name, cues: spotted.cues.map((c) => ({ ...c, countIn: 2, tempo: [{ bar: 1, bpm: 120 }], hits: [] })) }, "# fuzz");
        parseCueFile(yaml, "fuzz.yaml"); // what import writes must check
        read++;
      } catch (e) {
        if (!(e instanceof UserError)) bugs.push(`${(e as Error).stack?.split("\n").slice(0, 3).join(" / ")}\n--- input (JSON) ---\n${JSON.stringify(text)}`);
      }
      slowest = Math.max(slowest, performance.now() - started);
    }
    expect(bugs.slice(0, 3)).toEqual([]);
    expect(read).toBeGreaterThan(200);
    expect(slowest).toBeLessThan(CASE_LIMIT_MS);
  });
});
