import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import midiFile from "midi-file";
import { parseCueFile } from "../src/cue/read-cue-file.js";
import { ROOT, sprocket } from "./helpers.js";

/**
 * MIDI files other programs wrote (Sibelius exports, rubato sequences, format 2, odd PPQ, broken
 * offsets), from public test suites, in ../shared/interop/midi (see SOURCES.md). Where that folder is
 * (CI), every file is imported and each bar line of the cue compared with the file's own timing,
 * worked out here from the raw events (not by Sprocket's code): within 1 ms, or a refusal that says
 * why. Elsewhere the check is skipped with a message.
 */
const DIR = process.env.SPROCKET_INTEROP ? join(process.env.SPROCKET_INTEROP, "midi") : join(ROOT, "..", "shared", "interop", "midi");
const present = existsSync(DIR);
if (!present) console.log(`interop MIDI check skipped: ${DIR} is not here`);

/** Seconds from tick 0 at every bar line up to `lastTick`, from the file's tempo and time signature events. */
function fileBars(bytes: Buffer): number[] {
  const midi = midiFile.parseMidi(bytes) as unknown as { header: { format: number; ticksPerBeat: number }; tracks: { deltaTime: number; type: string; [k: string]: any }[][] };
  const ppq = midi.header.ticksPerBeat;
  const tempos: [number, number][] = [], meters: [number, number, number, number][] = [];
  let last = 0;
  for (const track of midi.header.format === 2 ? midi.tracks.slice(0, 1) : midi.tracks) {
    let tick = 0;
    for (const e of track) {
      tick += e.deltaTime;
      last = Math.max(last, tick);
      if (e.type === "setTempo") tempos.push([tick, e.microsecondsPerBeat]);
      if (e.type === "timeSignature") meters.push([tick, e.numerator, e.denominator, e.thirtyseconds || 8]);
    }
  }
  const byTick = <T extends [number, ...number[]]>(xs: T[]) => xs.sort((a, b) => a[0] - b[0]).filter((x, i, all) => all[i + 1]?.[0] !== x[0]);
  const t = byTick(tempos), m = byTick(meters);
  if (!m.length || m[0]![0] > 0) m.unshift([0, 4, 4, 8]);
  const seconds = (tick: number) => {
    let s = 0, at = 0, us = 500000;
    for (const [tk, u] of t) {
      if (tk >= tick) break;
      s += ((tk - at) * us) / ppq / 1e6;
      [at, us] = [tk, u];
    }
    return s + ((tick - at) * us) / ppq / 1e6;
  };
  const out: number[] = [];
  let k = 0;
  for (let tick = 0; ; ) {
    while (m[k + 1] && m[k + 1]![0] <= tick) k++;
    out.push(seconds(tick));
    if (tick >= last) return out;
    // A bar is numerator x (4 x ppq / denominator) ticks: the 32nds-per-quarter byte does not change it (SMF spec; DryWetMidi, Tone.js, mido).
    const [, n, d] = m[k]!;
    tick += (n / d) * 4 * ppq;
  }
}

describe.skipIf(!present)("interop: MIDI files written by other programs", () => {
  it("every file imports with each bar line within 1 ms of the file's own timing, or is refused with its reason", () => {
    const rows: string[] = [];
    for (const name of readdirSync(DIR).filter((f) => f.endsWith(".mid")).sort()) {
      const out = join(mkdtempSync(join(tmpdir(), "sprocket-interop-midi-")), "cue.yaml");
      const r = sprocket(["import", join(DIR, name), "--fps", "25", "--start", "01:00:00:00", "-o", out, "--json"]);
      if (r.status !== 0) {
        const j = JSON.parse(r.stdout);
        expect([name, r.status, j.error.kind]).toEqual([name, 2, "input"]);
        rows.push(`${name.padEnd(40)} refused: ${j.error.message.slice(0, 100)}`);
        continue;
      }
      const summary = JSON.parse(r.stdout);
      const cue = parseCueFile(readFileSync(out, "utf8"), out).cues[0]!;
      const bars = fileBars(readFileSync(join(DIR, name)));
      let worst = 0;
      bars.forEach((s, i) => { worst = Math.max(worst, Math.abs(cue.map.seconds(cue.map.quartersAt(i + 1)) - (s - bars[0]!)) * 1000); });
      expect([name, worst < 1]).toEqual([name, true]);
      rows.push(`${name.padEnd(40)} ${String(bars.length).padStart(4)} bars, ${String(summary.tempoEvents).padStart(3)} tempo events, ${String(summary.ramps).padStart(2)} ramps, ${summary.hits} hits: worst bar line ${worst.toFixed(3)} ms (Sprocket's own check: ${summary.maxDriftMs} ms)`);
    }
    console.log(rows.join("\n"));
  });
});
