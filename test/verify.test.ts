import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import wavefile from "wavefile";
import ffmpeg from "@ffmpeg-installer/ffmpeg";
import { fixture, readFixture, sprocket } from "./helpers.js";

/**
 * `sprocket verify` on a delivery folder written here, with an independent WAV writer (wavefile),
 * from test/oracle/delivery_oracle.py: each file's headers (rate, bits, channels, time stamp in
 * samples, length) and the checks it must fail. The MP3 is a real one (ffmpeg's LAME encoder)
 * renamed .wav; the truncated file is a whole one cut short; the click is Sprocket's own render.
 */
interface Delivery { name: string; cue: string | null; stem: string; sampleRate: number; bits: number; channels: number; stamp: string; samples: number; expect: string[]; ixml?: { rate: string; flag: string }; truncateToBytes?: number; mp3?: boolean; offsetSamples?: number; rename?: string }
const oracle = readFixture<{ cueFile: string; files: Delivery[]; click: { cue: string; name: string; stamp: string }; missing: string[]; labels: Record<string, Record<string, string>> }>("delivery/expected.json");
const cueFile = fixture(`delivery/${oracle.cueFile}`);

function writeWav(path: string, d: Delivery): void {
  const w = new wavefile.WaveFile();
  const channel = () => {
    const a = new Int32Array(d.samples);
    for (let i = 0; i < d.samples; i += 4800) a[i] = 1000; // a tick every 0.1 s: not silence
    return a;
  };
  w.fromScratch(d.channels, d.sampleRate, String(d.bits), d.channels === 1 ? channel() : Array.from({ length: d.channels }, channel));
  const stamp = BigInt(d.stamp);
  Object.assign(w.bext, { chunkId: "bext", description: `${d.stem} stem`, originator: "Test DAW", originationDate: "2026-11-23", originationTime: "10:00:00", timeReference: [Number(stamp & 0xffffffffn), Number(stamp >> 32n)] });
  if (d.ixml) w.setiXML(`<?xml version="1.0" encoding="UTF-8"?><BWFXML><SPEED><TIMECODE_RATE>${d.ixml.rate}</TIMECODE_RATE><TIMECODE_FLAG>${d.ixml.flag}</TIMECODE_FLAG></SPEED></BWFXML>`);
  writeFileSync(path, w.toBuffer());
  if (d.truncateToBytes) truncateSync(path, d.truncateToBytes);
}

let dir = "";
let mp3: Buffer;
function writeFolder(): string {
  const out = mkdtempSync(join(tmpdir(), "sprocket-delivery-"));
  for (const d of oracle.files) {
    if (d.mp3) writeFileSync(join(out, d.name), mp3);
    else writeWav(join(out, d.name), d);
  }
  const click = sprocket(["render", cueFile, "--cue", oracle.click.cue, "--only", "click", "--out", out]);
  expect(click.status).toBe(0);
  writeFileSync(join(out, "notes.txt"), "delivered Tuesday");
  writeFileSync(join(out, "._1M1_Opening-Titles_Strings_01-00-58-11.wav"), Buffer.alloc(4096)); // macOS AppleDouble litter
  return out;
}

function verify(args: string[]) {
  const r = sprocket(["verify", cueFile, ...args, "--json"]);
  return { status: r.status, stderr: r.stderr, json: JSON.parse(r.stdout) };
}

beforeAll(() => {
  const m = join(mkdtempSync(join(tmpdir(), "sprocket-mp3-")), "a.mp3");
  const r = spawnSync(ffmpeg.path, ["-v", "error", "-f", "lavfi", "-i", "sine=d=1", "-c:a", "libmp3lame", m]);
  expect(r.status).toBe(0);
  mp3 = readFileSync(m);
  dir = writeFolder();
});

describe("verify against the oracle's delivery folder", () => {
  it("reports each file with the right reason, Sprocket's own click as a pass, and the cue nobody delivered", () => {
    const { status, json } = verify([dir]);
    expect(status).toBe(3);
    const byName = new Map<string, any>(json.files.map((f: any) => [f.path.split(/[\\/]/).pop(), f]));
    for (const d of oracle.files) {
      const f = byName.get(d.name);
      expect([d.name, f.cue, f.stem, f.problems.map((p: any) => p.check).sort()]).toEqual([d.name, d.cue, d.stem, [...d.expect].sort()]);
      expect(f.status).toBe(d.expect.length ? "fail" : "pass");
      for (const p of f.problems) expect(Object.keys(p).sort()).toEqual(["check", "expected", "message", "received"]);
    }
    const click = byName.get(oracle.click.name);
    expect([click.cue, click.stem, click.status, click.timestamp]).toEqual([oracle.click.cue, "click", "pass", oracle.labels[oracle.click.cue]!.countIn]);
    expect(json.missing).toEqual(oracle.missing);
    expect(json.files).toHaveLength(oracle.files.length + 1);
    expect(json.ignored.map((p: string) => p.split(/[\\/]/).pop()).sort()).toEqual(["._1M1_Opening-Titles_Strings_01-00-58-11.wav", "notes.txt"]);
  });

  it("says each reason in words: rates, bit depth, frames and samples late, lossy audio, the renaming", () => {
    const { json } = verify([dir]);
    const problem = (stem: string, cue: string) => json.files.find((f: any) => f.stem === stem && f.cue === cue).problems[0];
    expect(problem("Percussion", "1M1").message).toBe("sample rate is 44.1 kHz; the delivery spec is 48 kHz");
    expect(problem("Choir", "1M1").message).toBe("is 16-bit PCM; the delivery spec is 24-bit PCM");
    const late = oracle.files.find((d) => d.expect.includes("timestamp"))!;
    expect(problem("Score", "1M2").message).toBe(`starts 1 frame late (${late.offsetSamples!.toLocaleString("en-US")} samples): its time stamp is ${oracle.labels["1M2"]!.delivery!.replace(/;(\d\d)$/, (_, f) => `;${String(Number(f) + 1).padStart(2, "0")}`)}, the cue's delivery start is ${oracle.labels["1M2"]!.delivery}`);
    expect(problem("Alt", "1M2").received).toMatch(/^an MP3 file/);
    expect(problem("FX", "1M1").message).toMatch(/^is cut short: its data chunk says \d+\.\d\d s of audio, the file holds \d+\.\d\d s/);
    expect(problem("Synth", "1M1").message).toMatch(/^is 1\.50 s shorter than its sibling stems/);
    expect(problem("Harp", "1M1").message).toMatch(/^starts 1 sample before its sibling stems/);
    expect(problem("Piano", "1M1")).toMatchObject({ check: "ixmlFlag", expected: "DF", received: "NDF" });
    expect(problem("Celeste", "1M1")).toMatchObject({ check: "channels", expected: "2, like its sibling stems", received: "1" });
    const renamed = oracle.files.find((d) => d.rename)!;
    expect(json.files.find((f: any) => f.path.endsWith(renamed.name)).rename).toBe(renamed.rename);
    expect(problem("Temp_Love_Theme", null as unknown as string).message).toMatch(/^matches no cue/);
  });

  it("prints a table with a line per problem, the missing cue and the summary", () => {
    const r = sprocket(["verify", cueFile, dir]);
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/^file +cue +stem +time stamp +result$/m);
    expect(r.stdout).toMatch(/^1M1_Opening-Titles_Strings_01-00-58-11\.wav +1M1 +Strings +01:00:58;11 +pass$/m);
    expect(r.stdout).toMatch(/^1M1_Opening-Titles_Percussion_01-00-58-11\.wav .* FAIL\n {4}- sample rate is 44\.1 kHz/m);
    expect(r.stdout).toContain('missing cue 1M3 "Farewell" (starting 01:20:00;00): no file');
    const passing = oracle.files.filter((d) => !d.expect.length).length + 1; // and the click
    expect(r.stdout).toMatch(new RegExp(`^${passing} passed, ${oracle.files.length + 1 - passing} failed, 1 cue missing\\.$`, "m"));
    expect(r.stderr).toContain("the delivery is not ready");
  });

  it("passes a delivery spec given by flags: --rate 44100 --bits 16 turns the other files' rate and depth into failures", () => {
    const { json } = verify([dir, "--rate", "44100", "--bits", "16"]);
    const checks = (stem: string) => json.files.find((f: any) => f.stem === stem && f.cue === "1M1").problems.map((p: any) => p.check).sort();
    expect(checks("Strings")).toEqual(["bitDepth", "sampleRate"]);
    expect(checks("Percussion")).toEqual(["bitDepth"]);
    expect(checks("Choir")).toEqual(["sampleRate"]);
  });

  it("--fix-names lists the renames, --apply makes them without overwriting, and the renamed file then passes", () => {
    const own = mkdtempSync(join(tmpdir(), "sprocket-delivery-"));
    cpSync(dir, own, { recursive: true });
    const wrong = oracle.files.find((d) => d.rename)!;
    const dry = verify([own, "--fix-names"]);
    expect(dry.json.renamed).toBeUndefined();
    expect(existsSync(join(own, wrong.name))).toBe(true);
    // A file already at the new name is never overwritten.
    writeFileSync(join(own, wrong.rename!), "in the way");
    const blocked = verify([own, "--fix-names", "--apply"]);
    expect(blocked.json.renamed).toEqual([{ from: join(own, wrong.name), to: join(own, wrong.rename!), done: false, reason: `${join(own, wrong.rename!)} already exists` }]);
    expect(readFileSync(join(own, wrong.rename!), "utf8")).toBe("in the way");
    mkdirSync(join(own, "aside"));
    renameSync(join(own, wrong.rename!), join(own, "aside", "in-the-way.txt"));
    const applied = verify([own, "--fix-names", "--apply"]);
    expect(applied.json.renamed[0].done).toBe(true);
    expect(existsSync(join(own, wrong.name))).toBe(false);
    const again = verify([own]).json.files.find((f: any) => f.path.endsWith(wrong.rename!));
    expect([again.status, again.problems]).toEqual(["pass", []]);
    expect(readdirSync(own).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  it("a single file can be checked, and usage errors say what was expected", () => {
    const one = verify([join(dir, oracle.files[0]!.name)]);
    expect(one.json.files.map((f: any) => f.status)).toEqual(["pass"]);
    expect(one.json.missing).toEqual(["1M2", "1M3"]);
    const bad = sprocket(["verify", cueFile, dir, "--bits", "20"]);
    expect([bad.status, bad.stderr]).toEqual([2, expect.stringContaining("16, 24, 32 (PCM) or 32f (float)")]);
    const apply = sprocket(["verify", cueFile, dir, "--apply"]);
    expect([apply.status, apply.stderr]).toEqual([2, expect.stringContaining("--apply renames files, so it needs --fix-names")]);
    const none = sprocket(["verify", cueFile, join(dir, "nope")]);
    expect([none.status, none.stderr]).toEqual([2, expect.stringContaining("there is no such file or folder")]);
  });
});
