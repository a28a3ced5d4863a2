// `npm run bench`: renders the LTC of a 20-minute reel (29.97 DF, 48 kHz 24-bit: every transition
// placed and shaped sample by sample) and, in the same run, writes a silent WAV of the same size (the
// floor: the same bytes to the same disk, flushed alike). Reports medians as a ratio and each process's
// peak memory. Goal (issue 22): at most 1.2x the silent write.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const dir = mkdtempSync(join(tmpdir(), "sprocket-ltc-bench-"));

function timed(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--import", join(root, "bench/report-usage.js"), ...args], { encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${args.join(" ")} failed:\n${r.stderr}`);
  return { seconds, ...JSON.parse(/BENCH (.*)/.exec(r.stderr)[1]) };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Two cues 20 minutes apart: with --reel and no reference, the LTC runs from the first's pre-roll to the second's tail.
const cueFile = join(dir, "reel.yaml");
writeFileSync(cueFile, `title: Reel\nfps: 29.97df\ncues:\n  - id: A\n    start: "01:00:10;00"\n    end: "01:00:20;00"\n    countIn: 0\n    tempo: [{ bar: 1, bpm: 120 }]\n  - id: B\n    start: "01:19:40;00"\n    end: "01:19:55;00"\n    countIn: 0\n    tempo: [{ bar: 1, bpm: 120 }]\n`);
const out = join(dir, "out");
const ltc = [], silent = [];
let bytes = 0, seconds = 0;
for (let run = 0; run < RUNS; run++) {
  rmSync(out, { recursive: true, force: true });
  ltc.push(timed([join(root, "bin/sprocket.js"), "render", cueFile, "--only", "ltc", "--reel", "--out", out, "--json"]));
  const wav = join(out, readdirSync(out)[0]);
  bytes = statSync(wav).size;
  seconds = (bytes - 1000) / 3 / 48000;
  rmSync(out, { recursive: true, force: true });
  silent.push(timed([join(root, "bench/silent-wav.js"), join(dir, "silent.wav"), String(bytes)]));
  rmSync(join(dir, "silent.wav"), { force: true });
}
rmSync(dir, { recursive: true, force: true });
const l = median(ltc.map((r) => r.seconds)), s = median(silent.map((r) => r.seconds));
const ratio = l / s;
console.log(`LTC benchmark: a ${(seconds / 60).toFixed(1)}-minute reel at 29.97 DF, 48 kHz 24-bit, ${(bytes / 2 ** 20).toFixed(0)} MiB WAV, median of ${RUNS}`);
console.log(`  silent WAV of the same size   ${s.toFixed(2)} s   peak ${Math.max(...silent.map((r) => r.maxRssMB)).toFixed(0)} MB`);
console.log(`  sprocket render --only ltc    ${l.toFixed(2)} s   peak ${Math.max(...ltc.map((r) => r.maxRssMB)).toFixed(0)} MB`);
console.log(`  ratio ${ratio.toFixed(2)}x (goal <= 1.2x): ${ratio <= 1.2 ? "met" : "NOT met"}`);
