// `npm run bench` (part 9): pictures at reel scale. A 2-minute 1080p 23.976 reel with 4 cues (about
// 30 s each): one picture a cue (the default: each cue's span) against plain transcodes of the same
// spans with the same encoder settings; and --reel (one picture carrying every cue) against one plain
// transcode of the reel; side by side in one run, in BENCH_RUNS rounds (3 unless told), each render
// followed at once by its plain transcodes: the ratio of each round, their median and range (this
// machine's speed moves by several percent within minutes, as much as the goals' margins). Goals
// (issue 25): per-cue <= 1.05x, --reel <= 1.02x (issue 14 asked 1.15x and 1.1x).
// (Before spans, each cue's picture was the whole reel: 4 cues took 4.4x a transcode of the reel.)
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median, root } from "./bench-kit.js";

const require = createRequire(import.meta.url);
const ffmpeg = require("@ffmpeg-installer/ffmpeg").path;
const dir = mkdtempSync(join(tmpdir(), "sprocket-reel-bench-"));
const ref = join(dir, "reel.mov");
execFileSync(ffmpeg, ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=1920x1080:r=24000/1001:d=120", "-f", "lavfi", "-i", "sine=f=440:d=120",
  "-c:v", "libx264", "-preset", "ultrafast", "-g", "48", "-pix_fmt", "yuv420p", "-c:a", "pcm_s16le", "-timecode", "01:00:00:00", ref]);
// Four cues, bar 1 at 0:12, 0:42, 1:12, 1:38, each about 20 s, one bar of count-in: with 5 s pre-roll and 3 s tail, spans of about 30 s.
const starts = [12, 42, 72, 98];
const lines = ["fps: 23.976", `video: ${JSON.stringify(ref)}`, "cues:"];
starts.forEach((s, i) => {
  const tc = (sec) => `01:${String(Math.floor(sec / 60)).padStart(2, "0")}:${String(sec % 60).padStart(2, "0")}:00`;
  lines.push(`  - { id: "R${i + 1}", start: "${tc(s)}", end: "${tc(s + 20)}", countIn: 1, tempo: [{ bar: 1, bpm: 108 }], hits: [{ at: "${tc(s + 7)}", label: a }, { at: "${tc(s + 15)}", label: b, flutter: 3 }] }`);
});
const cue = join(dir, "reel.yaml");
writeFileSync(cue, lines.join("\n") + "\n");

const time = (cmd, args) => {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
  return [Number(process.hrtime.bigint() - t0) / 1e9, r.stdout];
};
const sprocket = (args) => time(process.execPath, [join(root, "bin/sprocket.js"), ...args]);
const x264 = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p"];

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const rounds = [];
for (let i = 0; i < RUNS; i++) {
  const [perCue, manifestText] = sprocket(["render", cue, "--only", "video", "--preroll", "5", "--tail", "3", "--jobs", "1", "--out", join(dir, "cues"), "-q", "--json"]);
  // The same spans, transcoded plainly: seek as Sprocket does, the same frames, the same encoder.
  let plainSpans = 0;
  for (const o of JSON.parse(manifestText).outputs) {
    const probe = execFileSync(require("@ffprobe-installer/ffprobe").path, ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=nb_frames", "-of", "csv=p=0", o.path], { encoding: "utf8" }).trim();
    const [h, m, s, f] = o.start.split(/[:;]/).map(Number);
    const seek = ((h - 1) * 3600 + m * 60 + s) * 24 + f;
    plainSpans += time(ffmpeg, ["-hide_banner", "-loglevel", "error", "-y", "-ss", ((seek * 1001) / 24000).toFixed(6), "-i", ref, "-frames:v", probe, ...x264, "-c:a", "pcm_s24le", "-t", ((Number(probe) * 1001) / 24000).toFixed(6), join(dir, "plain-span.mov")])[0];
  }
  const [reel] = sprocket(["render", cue, "--only", "video", "--reel", "--out", join(dir, "reel-out"), "-q"]);
  const [plainReel] = time(ffmpeg, ["-hide_banner", "-loglevel", "error", "-y", "-i", ref, ...x264, "-c:a", "copy", join(dir, "plain-reel.mov")]);
  rounds.push({ perCue, plainSpans, reel, plainReel });
}
rmSync(dir, { recursive: true, force: true });
const figures = (pick, base) => {
  const ratios = rounds.map((r) => r[pick] / r[base]);
  return { ours: median(rounds.map((r) => r[pick])), plain: median(rounds.map((r) => r[base])), ratio: median(ratios), range: `${Math.min(...ratios).toFixed(3)}-${Math.max(...ratios).toFixed(3)}` };
};
const cues = figures("perCue", "plainSpans"), whole = figures("reel", "plainReel");
console.log(`reel benchmark: a 2-minute 1080p 23.976 reel, 4 cues of about 30 s with their pre-roll and tail; libx264 veryfast crf 18; median of ${RUNS} rounds`);
console.log(`  per-cue pictures (4 files)            ${cues.ours.toFixed(1)} s   plain transcodes of the same spans ${cues.plain.toFixed(1)} s   ratio ${cues.ratio.toFixed(3)}x (rounds ${cues.range}; goal <= 1.05x, issue 25): ${cues.ratio <= 1.05 ? "met" : "NOT met"}`);
console.log(`  --reel (one picture, 4 cues)          ${whole.ours.toFixed(1)} s   one plain transcode of the reel ${whole.plain.toFixed(1)} s   ratio ${whole.ratio.toFixed(3)}x (rounds ${whole.range}; goal <= 1.02x, issue 25): ${whole.ratio <= 1.02 ? "met" : "NOT met"}`);
console.log(`  per-cue pictures against a whole-reel transcode: ${(cues.ours / whole.plain).toFixed(2)}x (measured in issue 14 before spans, one whole-reel picture a cue: 4.4x)`);
