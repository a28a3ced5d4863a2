// `npm run bench` (part 2): `sprocket fit` on 200 hits over 40-240 BPM, the whole command and the
// search alone. Goal (issue 6): well under a second. Hits are spotted to frames from a 16th-note grid
// at 93.7 BPM with a little jitter, at 24 fps, across ten minutes.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const { fitConstantTempo } = await import(join(root, "dist/engine/fit-tempo.js"));
const { formatTimecode } = await import(join(root, "dist/engine/timecode.js"));
const { parseFrameRate } = await import(join(root, "dist/engine/frame-rate.js"));

let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const rate = parseFrameRate("24");
const start = 86400;
const bpm = 93.7;
const hits = Array.from({ length: 200 }, (_, i) => {
  const sixteenths = Math.floor((i + random()) * 15);
  const seconds = (sixteenths / 4) * (60 / bpm) + (random() - 0.5) / 48;
  return { label: `hit ${i + 1}`, frame: start + Math.round(seconds * 24) };
});
const dir = mkdtempSync(join(tmpdir(), "sprocket-fit-bench-"));
const file = join(dir, "cue.yaml");
writeFileSync(file, `fps: 24\ncues:\n  - id: FIT\n    start: "01:00:00:00"\n    tempo: [{ bar: 1, bpm: 100 }]\n    hits:\n${hits.map((h) => `      - { at: "${formatTimecode(h.frame, rate)}", label: "${h.label}" }`).join("\n")}\n`);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const runs = [];
for (let i = 0; i < 5; i++) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [join(root, "bin/sprocket.js"), "fit", file, "--grid", "16th", "--min", "40", "--max", "240", "--json"], { encoding: "utf8" });
  runs.push(Number(process.hrtime.bigint() - t0) / 1e9);
  if (r.status !== 0) throw new Error(r.stderr);
  if (i === 0) var top = JSON.parse(r.stdout).candidates[0];
}
const baseline = [];
for (let i = 0; i < 5; i++) {
  const t0 = process.hrtime.bigint();
  spawnSync(process.execPath, [join(root, "bin/sprocket.js"), "--version"]);
  baseline.push(Number(process.hrtime.bigint() - t0) / 1e9);
}
const engine = [];
const input = hits.map((h) => ({ label: h.label, seconds: (h.frame - start) / 24, weight: 1, important: false }));
for (let i = 0; i < 5; i++) {
  const t0 = process.hrtime.bigint();
  fitConstantTempo(input, { minBpm: 40, maxBpm: 240, toleranceSeconds: 1 / 24, grid: 0.25, maxCandidates: 5 });
  engine.push(Number(process.hrtime.bigint() - t0) / 1e9);
}
rmSync(dir, { recursive: true, force: true });
console.log(`fit benchmark: 200 hits over ten minutes, 16th grid, ±1 frame at 24 fps, 40-240 BPM, median of 5`);
console.log(`  sprocket fit (whole command)  ${median(runs).toFixed(3)} s   (node start-up with sprocket --version: ${median(baseline).toFixed(3)} s)`);
console.log(`  the search alone              ${median(engine).toFixed(3)} s`);
console.log(`  best: ${top.bpm} BPM landing ${top.landed}/200 (hits were spotted from ${bpm} BPM); goal well under 1 s: ${median(runs) < 0.5 ? "met" : "NOT met"}`);
