// `npm run bench` (part 8): a long run, 200 cues rendered (clicks and MIDI) in one command with
// --jobs, against 50 cues in the same run. Goals (issue 16): memory flat (the parent's peak the same
// for 200 cues as for 50), no file descriptor or child process left at exit, time linear in the cues.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "./bench-kit.js";

const dir = mkdtempSync(join(tmpdir(), "sprocket-long-run-"));
function run(n) {
  const lines = ["title: Long run", "fps: 24", "cues:"];
  for (let i = 0; i < n; i++) {
    const m = 1 + i;
    lines.push(`  - { id: "${i + 1}M1", start: "${String(1 + Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}:00:00", tempo: [{ bar: 1, bpm: 120 }, { bar: 12, bpm: 90, ramp: true }], hits: [{ bar: 16, label: out }] }`);
  }
  const cue = join(dir, `cues-${n}.yaml`);
  writeFileSync(cue, lines.join("\n") + "\n");
  const out = join(dir, `out-${n}`);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--import", join(root, "bench/report-usage.js"), join(root, "bin/sprocket.js"), "render", cue, "--only", "click,midi", "--out", out, "--quiet", "--json"], { encoding: "utf8", maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(r.stderr);
  return { n, seconds, files: readdirSync(out).length, ...JSON.parse(/BENCH (.*)/.exec(r.stderr)[1]) };
}
const few = run(50), many = run(200);
rmSync(dir, { recursive: true, force: true });
console.log(`long-run benchmark: clicks and MIDI for 50 and 200 cues in one command, --jobs ${availableParallelism()}`);
for (const r of [few, many]) console.log(`  ${String(r.n).padStart(3)} cues: ${r.files} files in ${r.seconds.toFixed(1)} s (${((r.seconds / r.n) * 1000).toFixed(0)} ms a cue), parent peak ${r.maxRssMB.toFixed(0)} MB, descriptors ${r.fdsAtStart} at start and ${r.fdsAtExit} at exit, open at exit: ${r.activeAtExit.join(", ") || "nothing"}`);
const flat = many.maxRssMB < few.maxRssMB + 25 && many.fdsAtExit === few.fdsAtExit && !many.activeAtExit.includes("ProcessWrap");
console.log(`  memory flat and nothing leaked: ${flat ? "met" : "NOT met"}; time ratio 200/50 = ${(many.seconds / few.seconds).toFixed(2)} (linear: 4)`);
