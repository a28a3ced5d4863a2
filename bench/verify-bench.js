// `npm run bench` (part 7): `sprocket verify` on a delivery folder of 100 cues x 4 stems (400 Broadcast
// WAVs of 10 minutes, 48 kHz 24-bit stereo: 69 GB as the files say, written sparse here), the whole
// command against Node's start-up in the same run, and its peak memory against a folder of 25 cues.
// Goals (issue 15): well under a second for 400 files (only headers are read), memory flat as the
// folder grows.
import { spawnSync } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, ftruncateSync, writeSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median, root, sprocket, time } from "./bench-kit.js";

const STEMS = ["Score", "Strings", "Brass", "Percussion"];
const frames = 10 * 60 * 48000;
const dataBytes = frames * 6;

/** A Broadcast WAV header (fmt, bext) and a data chunk of `dataBytes`, the audio left sparse. */
function writeWav(path, stamp) {
  const fmt = Buffer.alloc(24);
  fmt.write("fmt ", 0, "latin1"); fmt.writeUInt32LE(16, 4); fmt.writeUInt16LE(1, 8); fmt.writeUInt16LE(2, 10);
  fmt.writeUInt32LE(48000, 12); fmt.writeUInt32LE(48000 * 6, 16); fmt.writeUInt16LE(6, 20); fmt.writeUInt16LE(24, 22);
  const bext = Buffer.alloc(8 + 602);
  bext.write("bext", 0, "latin1"); bext.writeUInt32LE(602, 4); bext.write("bench", 8, "latin1");
  bext.writeUInt32LE(stamp % 2 ** 32, 8 + 338); bext.writeUInt32LE(Math.floor(stamp / 2 ** 32), 8 + 342);
  const data = Buffer.alloc(8);
  data.write("data", 0, "latin1"); data.writeUInt32LE(dataBytes, 4);
  const head = Buffer.alloc(12);
  head.write("RIFF", 0, "latin1"); head.writeUInt32LE(4 + fmt.length + bext.length + 8 + dataBytes, 4); head.write("WAVE", 8, "latin1");
  const bytes = Buffer.concat([head, fmt, bext, data]);
  const fd = openSync(path, "w");
  writeSync(fd, bytes);
  ftruncateSync(fd, bytes.length + dataBytes);
  closeSync(fd);
}

/** A 24 fps project of `n` cues, a cue every 12 minutes from 01:00:00:00, and its delivery folder. */
function project(dir, n) {
  const lines = ["title: Bench", "fps: 24", "cues:"];
  const folder = join(dir, `delivery-${n}`);
  mkdirSync(folder);
  for (let i = 0; i < n; i++) {
    const frame = (3600 + i * 720) * 24;
    const tc = [Math.floor(frame / 86400), Math.floor(frame / 1440) % 60, Math.floor(frame / 24) % 60, frame % 24].map((x) => String(x).padStart(2, "0"));
    const id = `${Math.floor(i / 10) + 1}M${(i % 10) + 1}`;
    lines.push(`  - { id: "${id}", start: "${tc.join(":")}", end: "${[tc[0], tc[1], String(Number(tc[2]) + 30).padStart(2, "0"), tc[3]].join(":")}", tempo: [{ bar: 1, bpm: 120 }] }`);
    for (const stem of STEMS) writeWav(join(folder, `${id}_${stem}_${tc.join("-")}.wav`), frame * 2000);
  }
  const cue = join(dir, `bench-${n}.yaml`);
  writeFileSync(cue, lines.join("\n") + "\n");
  return { cue, folder };
}

function run(p) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--import", join(root, "bench/report-usage.js"), join(root, "bin/sprocket.js"), "verify", p.cue, p.folder, "--json"], { encoding: "utf8", maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`verify failed (${r.status}):\n${r.stdout.slice(0, 2000)}${r.stderr}`);
  return { seconds, files: JSON.parse(r.stdout).files.length, ...JSON.parse(/BENCH (.*)/.exec(r.stderr)[1]) };
}

const dir = mkdtempSync(join(tmpdir(), "sprocket-verify-bench-"));
const big = project(dir, 100), small = project(dir, 25);
const runs = [], baseline = [];
for (let i = 0; i < 5; i++) {
  runs.push(run(big));
  baseline.push(time(() => sprocket(["--version"]))[0]);
}
const few = run(small);
rmSync(dir, { recursive: true, force: true });
const s = median(runs.map((r) => r.seconds)), b = median(baseline);
const peak = Math.max(...runs.map((r) => r.maxRssMB));
console.log(`verify benchmark: ${runs[0].files} Broadcast WAVs of 10 minutes (48 kHz 24-bit stereo, ${(runs[0].files * dataBytes / 1e9).toFixed(0)} GB of audio), 100 cues, median of 5`);
console.log(`  sprocket verify (whole command)  ${s.toFixed(3)} s   = ${(s / b).toFixed(2)}x node start-up (sprocket --version: ${b.toFixed(3)} s)`);
console.log(`  peak memory ${peak.toFixed(0)} MB; for ${few.files} files ${few.maxRssMB.toFixed(0)} MB (memory flat as the folder grows)`);
console.log(`  goal well under 1 s: ${s < 0.75 ? "met" : "NOT met"}`);
