// `npm run bench` (part 6): `sprocket import` of a MIDI tempo map with 1,500 tempo events (rubato at
// uneven ticks, and 16th-note stepped ramps, through meter changes), the whole command against Node's
// start-up in the same run. Goal (issue 12): well under a second, every beat within 1 ms of the file.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import midiFile from "midi-file";
import { median, seeded, sprocket, time } from "./bench-kit.js";

const random = seeded(17);
const ppq = 960;
const events = [{ tick: 0, e: { type: "smpteOffset", frameRate: 25, hour: 1, min: 0, sec: 0, frame: 0, subFrame: 0 } }, { tick: 0, e: { type: "timeSignature", numerator: 4, denominator: 4, metronome: 24, thirtyseconds: 8 } }];
let tick = 0, bpm = 100, count = 0, bar = 0;
while (count < 1500) {
  if (random() < 0.3) {
    // A stepped ramp over two bars, a step a 16th.
    const target = 70 + random() * 80;
    for (let k = 0; k < 32 && count < 1500; k++, count++) events.push({ tick: tick + k * (ppq / 4), e: { type: "setTempo", microsecondsPerBeat: Math.round(60e6 / (bpm + ((target - bpm) * k) / 32)) } });
    bpm = target;
    tick += 8 * ppq;
  } else {
    // A bar of rubato: tempo events at uneven ticks.
    for (let k = 0; k < 5 && count < 1500; k++, count++) events.push({ tick: tick + Math.floor(random() * 4 * ppq), e: { type: "setTempo", microsecondsPerBeat: Math.round(60e6 / (bpm * (0.9 + random() * 0.2))) } });
    tick += 4 * ppq;
  }
  if (++bar % 16 === 0) events.push({ tick, e: { type: "marker", text: `section ${bar / 16}` } });
}
events.push({ tick: tick + 4 * ppq, e: { type: "endOfTrack" } });
events.sort((a, b) => a.tick - b.tick);
let prev = 0;
const track = events.map(({ tick: t, e }) => { const d = t - prev; prev = t; return { deltaTime: d, meta: true, ...e }; });
const dir = mkdtempSync(join(tmpdir(), "sprocket-midi-bench-"));
const file = join(dir, "rubato.mid");
writeFileSync(file, Buffer.from(midiFile.writeMidi({ header: { format: 1, numTracks: 1, ticksPerBeat: ppq }, tracks: [track] })));

const runs = [], baseline = [];
let summary;
for (let i = 0; i < 5; i++) {
  const [s, r] = time(() => sprocket(["import", file, "-o", join(dir, "cue.yaml"), "--json"]));
  if (r.status !== 0) throw new Error(r.stdout + r.stderr);
  summary = JSON.parse(r.stdout);
  runs.push(s);
  baseline.push(time(() => sprocket(["--version"]))[0]);
}
if (process.env.KEEP) console.log(dir); else rmSync(dir, { recursive: true, force: true });
console.log(`MIDI import benchmark: 1,500 tempo events (rubato and stepped ramps), median of 5`);
console.log(`  sprocket import (whole command)  ${median(runs).toFixed(3)} s   = ${(median(runs) / median(baseline)).toFixed(2)}x node start-up (sprocket --version: ${median(baseline).toFixed(3)} s)`);
console.log(`  ${summary.tempoEvents} tempo events written (${summary.ramps} ramps), every beat within ${summary.maxDriftMs} ms of the file`);
console.log(`  goal well under 1 s: ${median(runs) < 0.75 ? "met" : "NOT met"}`);
