// `npm run bench` (part 11): a rubato tempo map of 77,000 bars, each with a tempo of 6 decimals (exact
// sums of such tempos pass a double's range after about 85 events), built and asked for every bar's
// time; against the same map with whole-number tempos (whose exact sums stay small), in the same run.
// Then `sprocket check` of that map as a cue file, against the `yaml` package's parse of the same text.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { load, median, seeded, sprocket, time } from "./bench-kit.js";

const { TempoMap } = await load("engine/tempo-map.js");
const { Rational } = await load("engine/rational.js");
const { makeMeter } = await load("engine/meter.js");

const BARS = 77_000;
const random = seeded(11);
const decimals = Array.from({ length: BARS }, () => (60 + random() * 80).toFixed(6));
const whole = decimals.map((d) => String(Math.round(Number(d))));
const events = (bpms) => bpms.map((b, i) => ({ bar: i + 1, bpm: Rational.parse(b), ...(i === 0 ? { meter: makeMeter("4/4") } : {}) }));

function run(bpms) {
  const evs = events(bpms);
  const [seconds, last] = time(() => {
    const { map } = TempoMap.build(evs);
    let t = 0;
    for (let bar = 1; bar <= BARS; bar++) t = map.seconds(map.quartersAt(bar));
    return t;
  });
  if (!Number.isFinite(last)) throw new Error(`bar ${BARS} is at ${last} s`);
  return seconds;
}
const rubato = [], plain = [];
for (let i = 0; i < 3; i++) {
  rubato.push(run(decimals));
  plain.push(run(whole));
}

const dir = mkdtempSync(join(tmpdir(), "sprocket-tempo-bench-"));
const file = join(dir, "rubato.yaml");
writeFileSync(file, `fps: 24\ncues:\n  - id: R1\n    start: "01:00:00:00"\n    countIn: 1\n    tempo:\n${decimals.map((b, i) => `      - { bar: ${i + 1}, bpm: ${b} }`).join("\n")}\n`);
const check = [], yamlOnly = [];
for (let i = 0; i < 3; i++) {
  const [s, r] = time(() => sprocket(["check", file, "--json"]));
  if (r.status !== 0) throw new Error(r.stderr);
  check.push(s);
  yamlOnly.push(time(() => parse(readFileSync(file, "utf8")))[0]);
}
rmSync(dir, { recursive: true, force: true });
const ratio = median(rubato) / median(plain);
console.log(`tempo map benchmark: ${BARS.toLocaleString("en")} bars, a tempo on each, median of 3`);
console.log(`  build and every bar's time, 6-decimal tempos  ${median(rubato).toFixed(3)} s   whole-number tempos ${median(plain).toFixed(3)} s   (${ratio.toFixed(2)}x)`);
console.log(`  sprocket check of the cue file                ${median(check).toFixed(2)} s   the yaml package's parse alone ${median(yamlOnly).toFixed(2)} s   (${(median(check) / median(yamlOnly)).toFixed(2)}x)`);
// Whole-number tempos keep their sums exact all the way (their denominators stay under 256 bits);
// decimal ones leave exact sums once they pass it and go on in doubles.
console.log(`  goal: decimal tempos no slower than 2x whole ones (exact sums bounded): ${ratio < 2 ? "met" : "NOT met"}`);
