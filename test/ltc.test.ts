import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import wavefile from "wavefile";
import { ROOT, sprocket, sprocketJson } from "./helpers.js";
import { labels } from "./timecode-walk.js";

/**
 * `render --only ltc`, read back two ways: by libltc's decoder (Debian's libltc-dev, through the small C
 * reader in test/ltc/, compiled here), and by this file's own oracle, which knows nothing of Sprocket's
 * code: the rates as exact fractions, labels found by counting frames up from midnight (dropping ;00
 * and ;01 at each minute not a multiple of ten), each 80-bit word packed from SMPTE 12M's table, and
 * every transition's time in exact fractions, compared with the WAV's zero crossings.
 */
const dir = mkdtempSync(join(tmpdir(), "sprocket-ltc-"));
const SR = 48000;

type Rate = { num: bigint; den: bigint; nominal: number; df: boolean };
const RATES: Record<string, Rate> = {
  "23.976": { num: 24000n, den: 1001n, nominal: 24, df: false },
  "24": { num: 24n, den: 1n, nominal: 24, df: false },
  "25": { num: 25n, den: 1n, nominal: 25, df: false },
  "29.97": { num: 30000n, den: 1001n, nominal: 30, df: false },
  "29.97df": { num: 30000n, den: 1001n, nominal: 30, df: true },
  "30": { num: 30n, den: 1n, nominal: 30, df: false },
};

/** SMPTE 12M's word: BCD fields least significant bit first, flags, user bits, sync word, polarity bit. */
function word([h, m, s, f]: number[], rate: Rate, user: number): number[] {
  const bits = new Array<number>(80).fill(0);
  const put = (at: number, n: number, v: number) => { for (let i = 0; i < n; i++) bits[at + i] = (v >> i) & 1; };
  put(0, 4, f! % 10); put(8, 2, Math.floor(f! / 10)); bits[10] = rate.df ? 1 : 0;
  put(16, 4, s! % 10); put(24, 3, Math.floor(s! / 10));
  put(32, 4, m! % 10); put(40, 3, Math.floor(m! / 10));
  put(48, 4, h! % 10); put(56, 2, Math.floor(h! / 10));
  [4, 12, 20, 28, 36, 44, 52, 60].forEach((at, g) => put(at, 4, (user >>> (4 * g)) & 15));
  "0011111111111101".split("").forEach((b, i) => (bits[64 + i] = Number(b)));
  const zeros = bits.filter((b) => b === 0).length;
  if (zeros % 2) bits[rate.nominal === 25 ? 59 : 27] = 1;
  return bits;
}

const reader = join(dir, "ltc-read");
const haveLibltc = spawnSync("cc", [join(ROOT, "test/ltc/ltc-read.c"), "-lltc", "-o", reader]).status === 0;

/** The samples of a 24-bit WAV, as -1 to 1. */
const samplesOf = (wav: InstanceType<typeof wavefile.WaveFile>) => Float64Array.from(wav.getSamples(false, Float64Array) as unknown as Float64Array, (x) => x / 2 ** 23);

function render(name: string, start: string, end: string, args: string[] = []) {
  const cue = join(dir, `${name}.yaml`);
  writeFileSync(cue, `title: LTC\nfps: ${name}\ncues:\n  - id: L1\n    start: "${start}"\n    end: "${end}"\n    countIn: 0\n    tempo: [{ bar: 1, bpm: 120 }]\n`);
  const out = sprocketJson(["render", cue, "--only", "ltc", "--preroll", "1", "--tail", "1", "--out", join(dir, `out-${name}`), ...args]).outputs;
  expect(out.map((o: { kind: string }) => o.kind)).toEqual(["ltc"]);
  const wav = new wavefile.WaveFile(readFileSync(out[0].path));
  const stamp = (wav.bext as { timeReference: [number, number] }).timeReference;
  return { path: out[0].path as string, samples: samplesOf(wav), timeReference: BigInt(stamp[0] + stamp[1] * 2 ** 32), fmt: wav.fmt as { sampleRate: number; bitsPerSample: number } };
}

describe("LTC out (render --only ltc)", () => {
  for (const [name, rate] of Object.entries(RATES)) {
    // 29.97 DF across a dropped minute (01:01:00;00 and ;01 do not exist), the others across an hour.
    const [start, end] = rate.df ? ["01:00:59;20", "01:01:01;20"] : ["00:59:59:10", "01:00:01:10"];
    it(`${name}: every transition where the oracle's words put it, every word libltc reads labelled with its frame's timecode`, () => {
      const r = render(name, start, end, ["--ltc-user-bits", "1A2B3C4D"]);
      expect([r.fmt.sampleRate, r.fmt.bitsPerSample]).toEqual([SR, 24]);
      // The first frame: bar 1 less a second of pre-roll (count-in 0), from the label counted up.
      const all = labels(rate, 0, 3 * 3600 * rate.nominal);
      const want = start.split(/[:;]/).map(Number);
      const bar1 = all.findIndex((l) => l.every((x, i) => x === want[i]));
      const first = bar1 - rate.nominal; // round(1 s x fps) = nominal at every rate here
      // The time stamp: that frame's start in samples since midnight, rounded (halves up).
      const exact = (n: number) => [BigInt(n) * BigInt(SR) * rate.den, rate.num] as const;
      const [tn, td] = exact(first);
      expect(r.timeReference).toBe((2n * tn + td) / (2n * td));
      // Every transition of every word, in samples from the file's start (exact, then as a double).
      const frames = Math.round(((r.samples.length * Number(rate.num)) / Number(rate.den)) / SR);
      const expected: number[] = [];
      const frameLabels = labels(rate, first, first + frames);
      for (let k = 0; k < frames; k++) {
        const bits = word(frameLabels[k]!, rate, 0x1a2b3c4d);
        const [n0, d0] = exact(first + k);
        const start0 = Number(n0 - r.timeReference * d0) / Number(d0);
        const bit = (SR * Number(rate.den)) / Number(rate.num) / 80;
        bits.forEach((b, i) => {
          expected.push(start0 + i * bit);
          if (b) expected.push(start0 + (i + 0.5) * bit);
        });
      }
      // The WAV's zero crossings (the edges are straight lines centred on their transition).
      const v = r.samples;
      const crossings: number[] = [];
      for (let i = 0; i + 1 < v.length; i++) if ((v[i]! < 0) !== (v[i + 1]! < 0)) crossings.push(i + v[i]! / (v[i]! - v[i + 1]!));
      const inside = expected.filter((t) => t > 2 && t < v.length - 3);
      const found = crossings.filter((t) => t > 2 && t < v.length - 3);
      expect(found.length).toBe(inside.length);
      const worst = Math.max(...inside.map((t, i) => Math.abs(found[i]! - t)));
      expect(worst).toBeLessThan(0.01);
      // Polarity: every word starts on the same level (the correction bit keeps the count of zeros even).
      const levels = new Set(Array.from({ length: frames - 1 }, (_, k) => {
        const [n0, d0] = exact(first + k);
        return Math.sign(v[Math.ceil(Number(n0 - r.timeReference * d0) / Number(d0)) + 3]!);
      }));
      expect(levels.size).toBe(1);
      // The level: -18 dBFS peak by default.
      expect(Math.max(...v.slice(0, 5000).map(Math.abs))).toBeCloseTo(10 ** (-18 / 20), 3);

      if (!haveLibltc) return console.warn("libltc-dev or a C compiler is missing: the libltc half of the LTC test is skipped");
      const raw = join(dir, `${name}.f32`);
      writeFileSync(raw, Buffer.from(Float32Array.from(v).buffer));
      const spf = (SR * Number(rate.den)) / Number(rate.num);
      const out = spawnSync(reader, [raw, String(Math.round(spf))], { encoding: "utf8" });
      expect(out.status, out.stderr).toBe(0);
      const words = out.stdout.trim().split("\n").map((l) => l.split(" "));
      expect(words.length).toBeGreaterThanOrEqual(frames - 2);
      const two = (x: number) => String(x).padStart(2, "0");
      for (const [label, from, to, reverse, user] of words) {
        const k = Math.floor((Number(from) + Number(to)) / 2 / spf);
        const [h, m, s, f] = frameLabels[k]!;
        expect([label, reverse, Number(user)]).toEqual([`${two(h!)}:${two(m!)}:${two(s!)}${rate.df ? ";" : ":"}${two(f!)}`, "0", 0x1a2b3c4d]);
      }
      if (rate.df) expect(words.map((w) => w[0])).not.toContain("01:01:00;00");
    });
  }

  it("--ltc adds the LTC to the usual outputs; --reel makes one LTC over the reel; --ltc-level sets its level", () => {
    const cue = join(dir, "reel.yaml");
    writeFileSync(cue, 'title: Reel Two\nfps: 24\ncues:\n  - id: A\n    start: "01:00:02:00"\n    end: "01:00:03:00"\n    countIn: 0\n    tempo: [{ bar: 1, bpm: 120 }]\n  - id: B\n    start: "01:00:06:00"\n    end: "01:00:07:00"\n    countIn: 0\n    tempo: [{ bar: 1, bpm: 120 }]\n');
    const both = sprocketJson(["render", cue, "--only", "click", "--ltc", "--preroll", "1", "--tail", "1", "--out", join(dir, "out-both")]).outputs;
    expect(both.map((o: { kind: string; cue: string }) => `${o.kind} ${o.cue}`)).toEqual(["click A", "ltc A", "click B", "ltc B"]);
    // `verify` of that folder leaves the LTC aside: timecode, not a delivery of music.
    const verify = sprocket(["verify", cue, join(dir, "out-both"), "--json"]);
    const report = JSON.parse(verify.stdout);
    expect([report.files.length, report.ignored.map((p: string) => p.split(/[\\/]/).pop())]).toEqual([2, both.filter((o: { kind: string }) => o.kind === "ltc").map((o: { path: string }) => o.path.split(/[\\/]/).pop())]);
    const reel = sprocketJson(["render", cue, "--only", "ltc", "--reel", "--preroll", "1", "--tail", "1", "--ltc-level", "-12", "--out", join(dir, "out-reel")]).outputs;
    // From A's pre-roll (01:00:01:00) to B's tail (01:00:08:00, inclusive): 7 s and a frame.
    expect(reel.map((o: { kind: string; cue: string; start: string; duration: number; path: string }) => [o.kind, o.cue, o.start, o.duration, o.path.split(/[\\/]/).pop()])).toEqual([["ltc", "A,B", "01:00:01:00", 7 + 1 / 24, "Reel-Two_ltc_01-00-01-00.wav"]]);
    const samples = samplesOf(new wavefile.WaveFile(readFileSync(reel[0].path)));
    expect(Math.max(...samples.slice(0, 5000).map(Math.abs))).toBeCloseTo(10 ** (-12 / 20), 3);
  });

  it("refuses what LTC cannot carry, and bad flags, in words", () => {
    const cue = join(dir, "sixty.yaml");
    writeFileSync(cue, 'fps: 59.94df\ncues:\n  - id: S\n    start: "01:00:02;00"\n    end: "01:00:03;00"\n    tempo: [{ bar: 1, bpm: 120 }]\n');
    const sixty = sprocket(["render", cue, "--only", "ltc", "--out", join(dir, "out-sixty")]);
    expect([sixty.status, sixty.stderr]).toEqual([2, expect.stringContaining("LTC carries at most 30 frames a second")]);
    const bits = sprocket(["render", join(dir, "reel.yaml"), "--only", "ltc", "--ltc-user-bits", "XYZ", "--out", join(dir, "out-x")]);
    expect([bits.status, bits.stderr]).toEqual([2, expect.stringContaining("--ltc-user-bits must be up to 8 hexadecimal digits")]);
    const level = sprocket(["render", join(dir, "reel.yaml"), "--only", "ltc", "--ltc-level", "3", "--out", join(dir, "out-x")]);
    expect([level.status, level.stderr]).toEqual([2, expect.stringContaining("--ltc-level must be a number from -60 to 0")]);
  });
});
