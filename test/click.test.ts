import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import wavefile from "wavefile";
import { SaxesParser } from "saxes";
import ffprobe from "@ffprobe-installer/ffprobe";
import { fixture, readFixture, ROOT, sprocketJson } from "./helpers.js";

type Click = [number, "accent" | "beat" | "sub" | "beep", number | null, number | null];
interface Expected { start: string; timeReference: number; endSample: number; clicks: Click[] }
const oracle = readFixture<Record<string, Record<string, Expected>>>("clicks.json");

/** Sound lengths in samples, read from the preset data (not from the engine). */
function lengths(sampleRate: number): Record<Click[1], number> {
  const preset = JSON.parse(readFileSync(`${ROOT}presets/clicks/urei.json`, "utf8"));
  const adr = JSON.parse(readFileSync(`${ROOT}presets/adr-beep.json`, "utf8"));
  const n = (s: { length: number }) => Math.round(s.length * sampleRate);
  return { accent: n(preset.accent), beat: n(preset.beat), sub: n(preset.sub), beep: n(adr.sound) };
}

function render(cueFile: string, args: string[] = []) {
  const out = mkdtempSync(join(tmpdir(), "sprocket-click-"));
  const manifest = sprocketJson(["render", cueFile, "--only", "click", "--out", out, ...args]);
  expect(manifest.outputs).toHaveLength(1);
  const path: string = manifest.outputs[0].path;
  const wav = new wavefile.WaveFile(readFileSync(path));
  return { path, out, manifest, wav, samples: wav.getSamples(false, Float64Array) as unknown as Float64Array };
}

/** Sample indices where sound starts after at least `gap` silent samples. */
function onsets(samples: Float64Array, gap = 8): number[] {
  const found: number[] = [];
  let silent = gap;
  for (let i = 0; i < samples.length; i++) {
    if (samples[i] !== 0) {
      if (silent >= gap) found.push(i);
      silent = 0;
    } else silent++;
  }
  return found;
}

/** The oracle's clicks that start in silence (no earlier sound still ringing), which detection must find exactly. */
function clearOnsets(clicks: Click[], len: Record<Click[1], number>): Click[] {
  let ringingUntil = -1;
  const clear: Click[] = [];
  for (const c of clicks) {
    if (c[0] >= ringingUntil + 8) clear.push(c);
    ringingUntil = Math.max(ringingUntil, c[0] + len[c[1]]);
  }
  return clear;
}

function checkAgainstOracle(name: string, sampleRate: number, args: string[] = []) {
  const exp = oracle[name]![String(sampleRate)]!;
  const { wav, samples, manifest } = render(fixture(`cues/${name}.yaml`), args);
  expect(manifest.outputs[0].start).toBe(exp.start);
  expect((wav.fmt as { sampleRate: number }).sampleRate).toBe(sampleRate);
  const bext = wav.bext as { timeReference: [number, number] };
  expect(bext.timeReference[0] + bext.timeReference[1] * 2 ** 32).toBe(exp.timeReference);
  const clear = clearOnsets(exp.clicks, lengths(sampleRate));
  expect(clear.length).toBeGreaterThan(exp.clicks.length * 0.8);
  const detected = onsets(samples);
  const expectedSet = new Set(exp.clicks.map((c) => c[0]));
  // Every detected onset is an expected click, and every click starting in silence is detected, to the sample.
  expect(detected.filter((d) => !expectedSet.has(d))).toEqual([]);
  expect(clear.map((c) => c[0]).filter((o) => !detected.includes(o))).toEqual([]);
  // Clicks of one kind start alike; accent, beat, sub and beep differ (a beep on a click's very sample sums with it: left out).
  const shared = new Set(exp.clicks.filter((c, i) => exp.clicks.some((d, j) => j !== i && d[0] === c[0])).map((c) => c[0]));
  const firstByKind = new Map<string, Set<number>>();
  for (const c of clear.filter((c) => !shared.has(c[0]))) firstByKind.set(c[1], (firstByKind.get(c[1]) ?? new Set()).add(samples[c[0]]!));
  for (const [kind, values] of firstByKind) expect([kind, values.size]).toEqual([kind, 1]);
  const firsts = [...firstByKind.values()].map((v) => [...v][0]);
  expect(new Set(firsts).size).toBe(firstByKind.size);
  // The file runs to the cue's end, with room for the last click to ring.
  expect(samples.length).toBeGreaterThanOrEqual(exp.endSample);
  return { samples, exp, firstByKind };
}

describe("click track against the oracle: every onset on its exact sample", () => {
  it("23.976: count-in, subdivisions, tacet bars, a frame-click section, a ramp, 6/8 in two", () => {
    const { firstByKind } = checkAgainstOracle("night-train-23976", 48000);
    expect([...firstByKind.keys()].sort()).toEqual(["accent", "beat", "sub"]);
    const accent = [...firstByKind.get("accent")!][0]!, beat = [...firstByKind.get("beat")!][0]!, sub = [...firstByKind.get("sub")!][0]!;
    expect(accent).toBeGreaterThan(beat);
    expect(beat).toBeGreaterThan(sub);
  });
  it("29.97 DF: 7/8, 6/8 in two, frame clicks, a ramp, meter-only changes, ADR beeps into hits", () => {
    const { firstByKind } = checkAgainstOracle("odd-meters-2997df", 48000);
    expect(firstByKind.has("beep")).toBe(true);
  });
  it("25, 24 across midnight, 59.94 DF, 30, and a 64-bar ramp at 29.97", () => {
    for (const name of ["compound-25", "midnight-24", "fast-5994df", "simple-30", "long-ramp-2997"]) checkAgainstOracle(name, 48000);
  });
  it("44.1 kHz 16-bit, with its own time reference and onsets", () => {
    const { samples } = checkAgainstOracle("night-train-23976", 44100, ["--sample-rate", "44100", "--bit-depth", "16"]);
    expect(samples.length).toBeGreaterThan(0);
  });
  it("32-bit float at 29.97 DF", () => {
    const { wav } = render(fixture("cues/odd-meters-2997df.yaml"), ["--bit-depth", "32f"]);
    const fmt = wav.fmt as { audioFormat: number; bitsPerSample: number };
    expect([fmt.audioFormat, fmt.bitsPerSample]).toEqual([3, 32]);
    checkAgainstOracle("odd-meters-2997df", 48000, ["--bit-depth", "32f"]);
  });
});

describe("the Broadcast WAV as other tools read it", () => {
  it("ffprobe reads 48 kHz 24-bit PCM mono with the time stamp, description and coding history", () => {
    const { path } = render(fixture("cues/night-train-23976.yaml"));
    const r = spawnSync(ffprobe.path, ["-v", "error", "-show_streams", "-show_format", "-of", "json", path], { encoding: "utf8" });
    expect(r.status).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info.streams[0]).toMatchObject({ codec_name: "pcm_s24le", sample_rate: "48000", channels: 1, bits_per_sample: 24 });
    expect(info.format.tags).toMatchObject({
      time_reference: String(oracle["night-train-23976"]!["48000"]!.timeReference),
      encoded_by: "Sprocket",
      coding_history: expect.stringMatching(/^A=PCM,F=48000,W=24,M=mono,T=Sprocket /),
    });
    expect(info.format.tags.comment).toContain('Cue night-train-23976');
  });
  it("carries an iXML SPEED block with the picture rate, drop-frame flag and time stamp, and an EBU R 99 originator reference", () => {
    for (const [name, rate, flag] of [["odd-meters-2997df", "30000/1001", "DF"], ["night-train-23976", "24000/1001", "NDF"]] as const) {
      const { wav } = render(fixture(`cues/${name}.yaml`));
      const xml = (wav as unknown as { getiXML(): string }).getiXML();
      const parser = new SaxesParser();
      parser.write(xml).close(); // throws if the XML is not well-formed
      const field = (tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];
      expect([field("TIMECODE_RATE"), field("TIMECODE_FLAG"), field("TIMESTAMP_SAMPLE_RATE"), field("FILE_SAMPLE_RATE"), field("AUDIO_BIT_DEPTH")]).toEqual([rate, flag, "48000", "48000", "24"]);
      const stamp = Number(field("TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI")) * 2 ** 32 + Number(field("TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO"));
      expect(stamp).toBe(oracle[name]!["48000"]!.timeReference);
      const bext = wav.bext as { originatorReference: string; originationTime: string };
      // Country, organisation, 12-character serial, origination time HHMMSS, 9-digit number.
      expect(bext.originatorReference).toMatch(/^ZZSPR[0-9A-F]{12}\d{15}$/);
      expect(bext.originatorReference.slice(17, 23)).toBe(bext.originationTime.replace(/:/g, ""));
    }
  });
  it("names the file for the cue and its first sample's timecode, and leaves no temporary file", () => {
    const { path, out } = render(fixture("cues/odd-meters-2997df.yaml"));
    expect(path.endsWith("/odd-meters-2997df_click_00-00-55-20.wav")).toBe(true);
    expect(readdirSync(out)).toEqual(["odd-meters-2997df_click_00-00-55-20.wav"]);
  });
  it("plays the user's own samples for accent and beat (resampled when their rate differs)", () => {
    const dir = mkdtempSync(join(tmpdir(), "sprocket-samples-"));
    const write = (name: string, rate: number, value: number, channels = 1) => {
      const w = new wavefile.WaveFile();
      const n = Math.round(rate * 0.01);
      const data = Array.from({ length: channels }, () => new Array(n).fill(Math.round(value * 32767)));
      w.fromScratch(channels, rate, "16", channels === 1 ? data[0]! : data);
      writeFileSync(join(dir, name), w.toBuffer());
    };
    write("acc.wav", 48000, 0.5);
    write("beat.wav", 96000, 0.25, 2);
    const cue = readFileSync(fixture("cues/midnight-24.yaml"), "utf8").replace("countIn: 2", 'countIn: 2\n    click: { accent: "acc.wav", beat: "beat.wav" }');
    writeFileSync(join(dir, "cue.yaml"), cue);
    const { samples } = render(join(dir, "cue.yaml"));
    const exp = oracle["midnight-24"]!["48000"]!;
    const accent = exp.clicks.find((c) => c[1] === "accent")![0];
    const beat = exp.clicks.find((c) => c[1] === "beat")![0];
    expect(samples[accent]).toBe(Math.round(0.5 * 32767) * 256);
    expect(Math.abs(samples[beat + 240]! - 0.25 * 32767 * 256)).toBeLessThan(0.25 * 32767 * 256 * 0.02); // mid-sample, past the resampler's edge
  });
});
