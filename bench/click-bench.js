// `npm run bench`: renders a 120-minute click track and, in the same run, writes a silent WAV of the
// same size (the floor: the same bytes to the same disk). Reports medians of several runs as a ratio,
// and each process's peak memory. Goals (issue 3): within 1.5x of the silent write, under 150 MB.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const dir = mkdtempSync(join(tmpdir(), "sprocket-bench-"));

/** A two-hour cue with tempo changes every 16 bars, ramps, 7/8 and 6/8 in two, and hits. */
function twoHourCue(end = "03:00:00:00") {
  const tempo = [];
  const meters = [["4/4"], ["7/8"], ["6/8", "3/8"], ["3/4"]];
  for (let bar = 1, i = 0; bar < 2000; bar += 16, i++) {
    const [meter, pulse] = meters[i % meters.length];
    const bpm = 96 + ((i * 37) % 60);
    const event = { bar, meter, bpm };
    if (pulse) event.pulse = pulse;
    tempo.push(event);
    if (i % 5 === 4) tempo.push({ bar: bar + 8, bpm: bpm + 12, ramp: true });
  }
  const lines = tempo.map((e) => `      - { ${Object.entries(e).map(([k, v]) => `${k}: ${v}`).join(", ")} }`);
  return `fps: 23.976
cues:
  - id: BENCH
    title: Two hours
    start: "01:00:00:00"
    end: "${end}"
    click: { subdivide: 2, beeps: true }
    tempo:
${lines.join("\n")}
    hits:
${Array.from({ length: 100 }, (_, i) => `      - { at: "${String(1 + Math.floor((i + 1) * 1.19 / 60)).padStart(2, "0")}:${String(Math.floor(((i + 1) * 1.19) % 60)).padStart(2, "0")}:10:00", label: hit ${i + 1} }`).join("\n")}
`;
}

function timed(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--import", join(root, "bench/report-usage.js"), ...args], { encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${args.join(" ")} failed:\n${r.stderr}`);
  const usage = JSON.parse(/BENCH (.*)/.exec(r.stderr)[1]);
  return { seconds, ...usage };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const cueFile = join(dir, "two-hours.yaml");
writeFileSync(cueFile, twoHourCue());
const out = join(dir, "out");
const click = [], silent = [];
let bytes = 0;
for (let run = 0; run < RUNS; run++) {
  rmSync(out, { recursive: true, force: true });
  click.push(timed([join(root, "bin/sprocket.js"), "render", cueFile, "--only", "click", "--out", out]));
  const wav = join(out, readdirSync(out)[0]);
  bytes = statSync(wav).size;
  rmSync(out, { recursive: true, force: true });
  silent.push(timed([join(root, "bench/silent-wav.js"), join(dir, "silent.wav"), String(bytes)]));
  rmSync(join(dir, "silent.wav"), { force: true });
}
// Memory must not grow with length: the same cue cut to 10 minutes, for comparison.
const shortFile = join(dir, "ten-minutes.yaml");
writeFileSync(shortFile, twoHourCue("01:10:00:00").replace(/\n {6}- \{ at: "0[2-9].*$/gm, "").replace(/\n {6}- \{ at: "01:(1[0-9]|[2-5][0-9]).*$/gm, ""));
const short = timed([join(root, "bin/sprocket.js"), "render", shortFile, "--only", "click", "--out", out]);
rmSync(dir, { recursive: true, force: true });

const c = median(click.map((r) => r.seconds)), s = median(silent.map((r) => r.seconds));
const mem = Math.max(...click.map((r) => r.maxRssMB)), memSilent = Math.max(...silent.map((r) => r.maxRssMB));
const ratio = c / s;
console.log(`click benchmark: 120-minute cue at 23.976, 48 kHz 24-bit, subdivisions and beeps, ${(bytes / 2 ** 20).toFixed(0)} MiB WAV, median of ${RUNS}`);
console.log(`  silent WAV of the same size  ${s.toFixed(2)} s   peak ${memSilent.toFixed(0)} MB`);
console.log(`  sprocket render --only click ${c.toFixed(2)} s   peak ${mem.toFixed(0)} MB`);
console.log(`  the same cue cut to 10 minutes: peak ${short.maxRssMB.toFixed(0)} MB (memory does not grow with length)`);
console.log(`  ratio ${ratio.toFixed(2)}x (goal <= 1.5x): ${ratio <= 1.5 ? "met" : "NOT met"}; memory goal < 150 MB: ${mem < 150 ? "met" : "NOT met"}`);
