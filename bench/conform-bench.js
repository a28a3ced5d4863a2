// `npm run bench` (part 5): `sprocket conform` of a 100-cue film (5 hits a cue) from a 2,000-event EDL
// to a new version with 40 changes (trims, inserts, deletions, moved shots), the whole command against
// Node's start-up in the same run, and the mapping alone in-process. Goal (issue 25): under 0.3 s.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { load, median, seeded, sprocket, time } from "./bench-kit.js";

const { formatTimecode } = await load("engine/timecode.js");
const { parseFrameRate } = await load("engine/frame-rate.js");
const { parseCueFile } = await load("cue/read-cue-file.js");
const { readTimelineFile } = await load("interchange/read-timeline-file.js");
const { segmentsOf } = await load("conform/segments.js");
const { CutMap } = await load("conform/cut-map.js");
const { conformCueFile } = await load("conform/conform-cues.js");

const random = seeded(5);
const rate = parseFrameRate("23.976");
const tc = (f) => formatTimecode(f, rate);
const start = 86400;
const shots = Array.from({ length: 2000 }, (_, i) => ({ name: `SH${String(i).padStart(4, "0")}`, src: 864000 + i * 1000, len: 48 + Math.floor(random() * 120) }));
const edl = (list) => {
  const lines = ["TITLE: BENCH", "FCM: NON-DROP FRAME", ""];
  let at = start;
  list.forEach((s, i) => {
    lines.push(`${String(i + 1).padStart(4, "0")}  ${s.name}   V     C        ${tc(s.src)} ${tc(s.src + s.len)} ${tc(at)} ${tc(at + s.len)}`, `* FROM CLIP NAME:  ${s.name}`);
    at += s.len;
  });
  return { text: lines.join("\n") + "\n", end: at };
};
const old = edl(shots);
// 40 changes: head trims, inserts, deletions and moved shots, spread over the film.
const changed = shots.map((s) => ({ ...s }));
for (let k = 0; k < 40; k++) {
  const i = 20 + k * 48;
  const kind = k % 4;
  if (kind === 0) changed[i] = { ...changed[i], src: changed[i].src + 6, len: changed[i].len - 6 };
  if (kind === 1) changed.splice(i, 0, { name: `INS${k}`, src: 5000000 + k * 1000, len: 24 });
  if (kind === 2) changed.splice(i, 1);
  if (kind === 3) changed.splice(i + 10, 0, changed.splice(i, 1)[0]);
}
const neu = edl(changed);
const dir = mkdtempSync(join(tmpdir(), "sprocket-conform-bench-"));
writeFileSync(join(dir, "old.edl"), old.text);
writeFileSync(join(dir, "new.edl"), neu.text);
const span = Math.floor((old.end - start) / 100);
const cues = Array.from({ length: 100 }, (_, i) => {
  const s = start + i * span + 200;
  const hits = Array.from({ length: 5 }, (_, k) => `      - { at: "${tc(s + 60 + k * Math.floor((span - 400) / 5))}", label: "hit ${k + 1}" }`);
  return `  - id: "${i + 1}M1"\n    start: "${tc(s)}"\n    end: "${tc(s + span - 300)}"\n    tempo:\n      - { bar: 1, bpm: 120 }\n    hits:\n${hits.join("\n")}`;
});
writeFileSync(join(dir, "film.yaml"), `fps: 23.976\ncues:\n${cues.join("\n")}\n`);

const runs = [], baseline = [];
let report;
for (let i = 0; i < 5; i++) {
  const [s, r] = time(() => sprocket(["conform", join(dir, "film.yaml"), "--from", join(dir, "old.edl"), "--to", join(dir, "new.edl"), "-o", join(dir, "new.yaml"), "--accept", "--json"]));
  if (r.status !== 0) throw new Error(r.stderr);
  report = JSON.parse(r.stdout);
  runs.push(s);
  baseline.push(time(() => sprocket(["--version"]))[0]);
}
const file = parseCueFile(readFileSync(join(dir, "film.yaml"), "utf8"), "film.yaml");
const oldT = readTimelineFile(join(dir, "old.edl"), rate), newT = readTimelineFile(join(dir, "new.edl"), rate);
const alone = median(Array.from({ length: 5 }, () => time(() => conformCueFile(file, new CutMap(segmentsOf(oldT), segmentsOf(newT))))[0]));
if (process.env.KEEP) console.log(dir); else rmSync(dir, { recursive: true, force: true });
const cueStatus = report.cues.reduce((m, c) => ({ ...m, [c.status]: (m[c.status] ?? 0) + 1 }), {});
console.log(`conform benchmark: 100 cues (500 hits) from a 2,000-event EDL to a version with 40 changes, median of 5`);
console.log(`  sprocket conform -o (whole command)  ${median(runs).toFixed(3)} s   = ${(median(runs) / median(baseline)).toFixed(2)}x node start-up (sprocket --version: ${median(baseline).toFixed(3)} s)`);
console.log(`  the mapping and the music alone      ${(alone * 1000).toFixed(1)} ms`);
console.log(`  cues: ${JSON.stringify(cueStatus)}; sync points: ${JSON.stringify(report.summary)}`);
console.log(`  goal (issue 25) under 0.3 s whole command: ${median(runs) < 0.3 ? "met" : "NOT met"}`);
