import { readCueFile } from "../../cue/read-cue-file.js";
import { applyFit, fitTempo, type FitResult } from "../../app/fit.js";
import { printJson, defineCommand } from "../command.js";
import { numberFlag } from "./cue-args.js";

export const fitCommand = defineCommand({
  name: "fit",
  positionals: [1, 1],
  options: {
    cue: { type: "string" },
    min: { type: "string" },
    max: { type: "string" },
    tolerance: { type: "string" },
    grid: { type: "string" },
    "from-bar": { type: "string" },
    "start-free": { type: "string" },
    candidates: { type: "string" },
    downbeats: { type: "boolean" },
    apply: { type: "boolean" },
    pick: { type: "string" },
    json: { type: "boolean" },
  },
  help: `Usage: sprocket fit FILE [--cue ID] [--min BPM] [--max BPM] [--tolerance FRAMES] [--grid beat|8th|16th|triplet|bar]
                    [--from-bar BAR] [--start-free FRAMES] [--candidates N] [--apply [--pick N]] [--json]

Finds the constant tempos that land the most hits on a grid, exactly: every range of tempos that
lands the same hits is found (not sampled), and its best tempo (least weighted error) reported, with
its frame click, the simplest tempo in the range, and for each hit the bar|beat it lands on and how
far off it is (frames, + after the grid). Candidates are ranked by hits landed (by weight), then
error. Hits placed by timecode are fitted; hits with \`important: true\` must land; \`weight: N\` counts
a hit N times.

Options:
  --cue ID              the cue (needed when the file has several)
  --min, --max BPM      the tempos to search (default 40 to 240)
  --tolerance FRAMES    how close counts as landed (default 1 frame)
  --grid G              what a hit may land on: beat (default), 8th, 16th, triplet (a third of a
                        beat), bar (downbeats), in the meter of the fitted bar
  --from-bar BAR        fit a tempo change at this bar, keeping the tempo map before it (default 1)
  --start-free FRAMES   also move the cue's start up to this many frames either way
  --candidates N        how many to show (default 5)
  --downbeats           for candidate 1 (or --pick N), the bars to write between hits so that each
                        lands on a downbeat: whole bars of the meter, then one bar of another meter
  --apply               write candidate 1's simplest tempo (or --pick N's) into the cue file, at
                        --from-bar, and its start if moved, keeping comments and layout
  --json                { candidates: [{ bpm, range, frameClick, simplest, landed, rmsFrames, start, downbeats, hits: [{ label, bar, beat, offsetFrames, landed }] }] }`,
  async run(values, [path]) {
    const file = readCueFile(path!);
    const min = numberFlag(values, "min", 40, 1, 2000);
    const report = fitTempo(file, {
      ...(values.cue !== undefined ? { cue: values.cue } : {}),
      ...(values.grid !== undefined ? { grid: values.grid } : {}),
      min,
      max: numberFlag(values, "max", 240, min, 2000),
      tolerance: numberFlag(values, "tolerance", 1, 0.01, 100),
      fromBar: numberFlag(values, "from-bar", 1, 1, 100000),
      startFree: numberFlag(values, "start-free", 0, 0, 1000),
      candidates: numberFlag(values, "candidates", 5, 1, 100),
    });
    const pick = () => numberFlag(values, "pick", 1, 1, Math.max(1, report.candidates.length));
    if (values.apply) {
      const a = await applyFit(file, report, pick());
      const note = a.laterTempoBars.length ? ` (the tempo events at bar${a.laterTempoBars.length > 1 ? "s" : ""} ${a.laterTempoBars.join(", ")} still follow it)` : "";
      const moved = report.candidates[pick() - 1]!.startShiftFrames;
      if (values.json) printJson({ applied: { cue: a.cue, bar: a.bar, tempo: a.tempo, start: a.start } });
      else process.stdout.write(`wrote ${a.tempo} at bar ${a.bar} of cue ${a.cue}${moved ? `, start ${a.start}` : ""} into ${path}${note}\n`);
      return;
    }
    const { index: _, ...shown } = report;
    if (values.json) return printJson(shown);
    printReport(report, numberFlag(values, "max", 240, min, 2000));
    if (values.downbeats) printDownbeats(report, pick());
  },
});

type Report = FitResult;
function printReport(r: Report, askedMax: number): void {
  const out = [`fit ${r.cue}: ${r.hits} hits on a ${r.grid} grid within ±${r.toleranceFrames} frame${r.toleranceFrames === 1 ? "" : "s"}, ${r.searched.min}-${r.searched.max} BPM from bar ${r.fromBar}`];
  if (r.searched.max < askedMax) out.push(`  (above ${r.searched.max} BPM the ${r.grid} grid is finer than twice the tolerance: every hit would land; not searched)`);
  if (r.skipped.length) out.push(`  (placed by bar and beat, so not fitted: ${r.skipped.join(", ")})`);
  if (!r.candidates.length) out.push("", "No tempo in the range lands the important hits.");
  out.push("", "  #  BPM       lands from-to        click  simplest      hits    rms frames  start");
  r.candidates.forEach((c, i) => {
    out.push(`  ${String(i + 1).padEnd(2)} ${String(c.bpm).padEnd(9)} ${`${c.range[0]}-${c.range[1]}`.padEnd(19)} ${c.frameClick.padEnd(6)} ${c.simplest.yaml.padEnd(13)} ${`${c.landed}/${r.hits}`.padEnd(7)} ${c.rmsFrames.toFixed(3).padEnd(11)} ${c.start}`);
  });
  const first = r.candidates[0];
  if (first) {
    out.push("", `Candidate 1 (${first.bpm} BPM), hit by hit:`);
    const w = Math.max(...first.hits.map((h) => h.label.length));
    for (const h of first.hits) out.push(`  ${h.label.padEnd(w)}  ${`${h.bar}|${h.beat}`.padEnd(9)} ${(h.offsetFrames > 0 ? "+" : "") + h.offsetFrames.toFixed(2)} frames${h.landed ? "" : "  (misses)"}`);
  }
  process.stdout.write(out.join("\n") + "\n");
}

function printDownbeats(r: Report, pick: number): void {
  const c = r.candidates[pick - 1];
  if (!c) return;
  const out = ["", `To put every hit on a downbeat at ${c.bpm} BPM (candidate ${pick}), from bar ${r.fromBar}:`];
  for (const d of c.downbeats) {
    const layout = d.bars.map((b) => `${b.count} x ${b.meter}`).join(" + ") || "no bars";
    out.push(`  ${d.label}: ${layout}${d.onDownbeatAlready ? "  (already on a downbeat)" : ""}`);
  }
  process.stdout.write(out.join("\n") + "\n");
}
