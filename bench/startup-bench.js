// `npm run bench` (part 13): what a command costs before it does anything, as a user types it. Bare
// Node (`node -e 0`) and each command, interleaved run by run so the machine's drift hits all alike;
// medians. Goals (issue 25): tc, tempo and --help <= 1.15x bare Node; check of the demo <= 1.3x; a
// 100-cue file checked in less than 150 ms above bare Node. Also the unbundled entry
// (dist/cli/main.js: ES modules loaded one by one) for comparison with the bundles the launcher runs.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median, root } from "./bench-kit.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const dir = mkdtempSync(join(tmpdir(), "sprocket-startup-bench-"));
const tc = (f) => `01:${String(Math.floor(f / 60) % 60).padStart(2, "0")}:${String(f % 60).padStart(2, "0")}:00`;
// 100 cues of five hits each, one field a line and one-line tempo events and hits, as people write them.
const cues = Array.from({ length: 100 }, (_, i) => {
  const s = 10 + i * 35;
  const hits = Array.from({ length: 5 }, (_, k) => `      - { at: "${tc(s + 2 + k * 5)}", label: "hit ${k + 1}" }  # spotted`);
  return `  - id: "${i + 1}M1"\n    title: Cue ${i + 1}\n    start: "${tc(s)}"\n    end: "${tc(s + 30)}"\n    tempo:\n      - { bar: 1, bpm: ${90 + (i % 40)} }\n      - { bar: 5, meter: 7/8 }\n    hits:\n${hits.join("\n")}`;
});
const film = join(dir, "film.yaml");
writeFileSync(film, `title: Bench\nfps: 24\ncues:\n${cues.join("\n")}\n`);

const bin = join(root, "bin/sprocket.js");
const unbundled = join(root, "dist/cli/main.js");
const demo = join(root, "examples/night-train.yaml");
const cases = [
  { name: "node -e 0 (bare Node)", args: ["-e", "0"] },
  { name: "sprocket --help", args: [bin, "--help"], goal: 1.15 },
  { name: "sprocket tc 01:00:00:00 --fps 24", args: [bin, "tc", "01:00:00:00", "--fps", "24"], goal: 1.15 },
  { name: "sprocket tempo 120 --fps 24", args: [bin, "tempo", "120", "--fps", "24"], goal: 1.15 },
  { name: "sprocket check (the demo)", args: [bin, "check", demo], goal: 1.3 },
  { name: "sprocket check (100 cues, 500 hits)", args: [bin, "check", film], goalAboveMs: 150 },
  // The cue file's first parse, in a fresh process: the yaml package (loaded and parsing, as every
  // command did before) against the fast reader that now answers for files written like this one.
  { name: "yaml package: load, parse 100 cues", args: ["-e", `const y = require(${JSON.stringify(join(root, "node_modules/yaml"))}); y.parseDocument(require("fs").readFileSync(${JSON.stringify(film)}, "utf8"))`] },
  { name: "fast reader: load, read 100 cues", args: ["--input-type=module", "-e", `import { readSimpleYaml } from ${JSON.stringify(join(root, "dist/cue/yaml-fast.js"))}; import { readFileSync } from "node:fs"; if (!readSimpleYaml(readFileSync(${JSON.stringify(film)}, "utf8"))) throw new Error("declined")`] },
  { name: "unbundled: tc", args: [unbundled, "tc", "01:00:00:00", "--fps", "24"] },
  { name: "unbundled: check (the demo)", args: [unbundled, "check", demo] },
];
const times = cases.map(() => []);
for (let run = 0; run < RUNS; run++) {
  cases.forEach((c, i) => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, c.args, { encoding: "utf8" });
    times[i].push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.status !== 0) throw new Error(`${c.name} failed:\n${r.stderr}`);
  });
}
rmSync(dir, { recursive: true, force: true });
const bare = median(times[0]);
console.log(`start-up benchmark: median of ${RUNS}, each run all cases in turn`);
cases.forEach((c, i) => {
  const ms = median(times[i]);
  const goal = c.goal ? `goal <= ${c.goal}x: ${ms / bare <= c.goal ? "met" : "NOT met"}` : c.goalAboveMs ? `goal < ${c.goalAboveMs} ms above bare Node: ${ms - bare < c.goalAboveMs ? "met" : "NOT met"}` : "";
  console.log(`  ${c.name.padEnd(38)} ${ms.toFixed(1).padStart(6)} ms  ${(ms / bare).toFixed(2)}x  +${(ms - bare).toFixed(0).padStart(3)} ms  ${goal}`);
});
