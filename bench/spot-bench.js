// `npm run bench`: `sprocket spot`'s accuracy on references with known shot changes, and its speed on a
// 2-minute 1080p reference. Accuracy: eight references (the first four were looked at while tuning
// the finder, the other four not; the last two have film grain over every shot) (640x360, 24 fps, about 40 shots each, made by
// ffmpeg from its test sources, bench/spot-references.js) with hard cuts between different sources and
// between one source seen another way (mirrored, closer, brighter), dissolves and fades, and flashes
// inside shots; every hard cut must be found on its exact frame. Goals (issue 23): >= 95% of hard cuts
// on the exact frame, < 10% of proposals false (a proposal inside a dissolve or a fade is not false), a
// 2-minute 1080p reference scanned in less than its running time. The speed is also given as a ratio
// to a bare decode of the same file (ffmpeg -f null), measured in the same run.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeReference, score } from "./spot-references.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const { toolPath } = await import(join(root, "dist/system/ffmpeg.js"));
const ffmpeg = toolPath("ffmpeg").path;
const dir = mkdtempSync(join(tmpdir(), "sprocket-spot-bench-"));

/** A seeded list of shots: sources and looks, lengths 24-72 frames, the changes between them. */
function shotList(seed, count) {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const shots = [];
  for (let i = 0; i < count; i++) {
    const prev = shots[i - 1];
    const similar = prev && rand() < 0.25;
    let source = similar ? prev.source : Math.floor(rand() * 7);
    if (!similar && prev && source === prev.source) source = (source + 1) % 7;
    let look = similar ? (prev.look + 1 + Math.floor(rand() * 3)) % 4 : 0;
    const frames = 24 + Math.floor(rand() * 49);
    const r = rand();
    const then = r < 0.12 ? "dissolve" : r < 0.22 ? "fade" : "cut";
    const flashAt = rand() < 0.15 && frames >= 40 ? 16 + Math.floor(rand() * (frames - 32)) : undefined;
    shots.push({ source, look, frames, then, ...(flashAt !== undefined ? { flashAt } : {}) });
  }
  return shots;
}

function spot(path) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [join(root, "bin/sprocket.js"), "spot", path, "--json"], { encoding: "utf8", maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`spot ${path} failed:\n${r.stderr}`);
  return { seconds, ...JSON.parse(r.stdout) };
}

const rows = [];
let total = { cuts: 0, exact: 0, proposals: 0, falses: 0, soft: 0, softFound: 0 };
for (const [seed, grain] of [[11, false], [23, false], [37, false], [51, false], [64, false], [79, false], [91, true], [97, true]]) {
  const path = join(dir, `ref-${seed}.mp4`);
  const answer = makeReference(ffmpeg, path, shotList(seed, 40), { width: 640, height: 360, grain });
  const found = spot(path).cuts.map((c) => c.frame);
  const s = score(answer, found);
  rows.push({ seed: `${seed}${grain ? " grain" : ""}`, frames: answer.frames, flashes: answer.flashes.length, ...s });
  for (const k of Object.keys(total)) total[k] += s[k];
}

// Speed: a 2-minute 1080p reference (H.264, as references come), scanned by spot and decoded bare.
const big = join(dir, "two-minutes-1080p.mp4");
const shots = [];
for (let f = 0, i = 0; f < 2880; i++) {
  const frames = Math.min(48 + ((i * 37) % 60), 2880 - f);
  shots.push({ source: [0, 1, 4, 6][i % 4], look: i % 3 === 2 ? 1 : 0, frames, then: "cut" });
  f += frames;
}
makeReference(ffmpeg, big, shots, { width: 1920, height: 1080, codec: ["-c:v", "libx264", "-preset", "ultrafast", "-crf", "20", "-pix_fmt", "yuv420p"] });
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const spotTimes = [], decodeTimes = [];
for (let k = 0; k < RUNS; k++) {
  spotTimes.push(spot(big).seconds);
  const t0 = process.hrtime.bigint();
  spawnSync(ffmpeg, ["-v", "error", "-nostdin", "-i", big, "-map", "0:v:0", "-f", "null", "-"]);
  decodeTimes.push(Number(process.hrtime.bigint() - t0) / 1e9);
}
rmSync(dir, { recursive: true, force: true });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const pct = (a, b) => (b ? ((100 * a) / b).toFixed(1) : "0.0");
console.log("Spot benchmark: shot changes in references with known cuts (640x360, 24 fps)");
console.log("  seed       frames  hard cuts  on the frame  soft changes found  flashes  proposals  false");
for (const r of rows) console.log(`  ${String(r.seed).padEnd(9)} ${String(r.frames).padStart(6)}  ${String(r.cuts).padStart(9)}  ${String(r.exact).padStart(12)}  ${`${r.softFound} of ${r.soft}`.padStart(18)}  ${String(r.flashes).padStart(7)}  ${String(r.proposals).padStart(9)}  ${String(r.falses).padStart(5)}${r.falses ? `  (at ${r.falseAt.join(", ")})` : ""}`);
const exactPct = (100 * total.exact) / total.cuts, falsePct = (100 * total.falses) / Math.max(1, total.proposals);
console.log(`  all: ${total.exact} of ${total.cuts} hard cuts on the exact frame (${pct(total.exact, total.cuts)}%, goal >= 95%: ${exactPct >= 95 ? "met" : "NOT met"}); ${total.falses} of ${total.proposals} proposals false (${pct(total.falses, total.proposals)}%, goal < 10%: ${falsePct < 10 ? "met" : "NOT met"})`);
const sp = median(spotTimes), dec = median(decodeTimes);
console.log(`  2-minute 1080p H.264 reference: spot ${sp.toFixed(1)} s (${(sp / 120).toFixed(2)}x its running time, goal < 1x: ${sp < 120 ? "met" : "NOT met"}); a bare decode ${dec.toFixed(1)} s (spot ${(sp / dec).toFixed(2)}x it), median of ${RUNS}`);
