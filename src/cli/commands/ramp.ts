import { UserError } from "../../errors.js";
import { readCueFile } from "../../cue/read-cue-file.js";
import { pickCue } from "../../cue/select-cues.js";
import { rampToHit } from "../../app/ramp.js";
import { printJson, defineCommand } from "../command.js";
import { numberFlag } from "./cue-args.js";

const round = (x: number, d: number) => Number(x.toFixed(d)) + 0;

/** How far from the hit the beat lands with the written tempos, in words. */
export const landingWords = (frames: number) => (Math.abs(frames) < 5e-5 ? "within 0.0001 frame" : `${Math.abs(frames).toFixed(4)} frame ${frames > 0 ? "late" : "early"}`);

export const rampCommand = defineCommand({
  name: "ramp",
  positionals: [1, 1],
  options: {
    cue: { type: "string" },
    from: { type: "string" },
    "to-hit": { type: "string" },
    "at-bar": { type: "string" },
    "at-beat": { type: "string" },
    "end-bpm": { type: "string" },
    json: { type: "boolean" },
  },
  help: `Usage: sprocket ramp FILE [--cue ID] --from BAR --to-hit LABEL [--at-bar BAR [--at-beat BEAT]] [--end-bpm BPM] [--json]

Computes the ramp that lands a beat exactly on a hit: from the tempo at bar --from, linear in beats,
arriving on the beat (by default the click nearest the hit; or --at-bar/--at-beat) exactly at the
hit's time. Reports the end tempo, how much later (or earlier) the beat lands than now, and how big the
change is, in BPM and percent, in all and per bar, with the tempo events to write in the cue file.

With --end-bpm, the end tempo is fixed instead, and Sprocket finds where the ramp must start (no
earlier than --from, default bar 1), exactly and on the nearest beat.

Options:
  --cue ID            the cue (needed when the file has several)
  --from BAR          the bar where the ramp starts (from the tempo there)
  --to-hit LABEL      the hit to land
  --at-bar, --at-beat the beat that must land on the hit (default: the click nearest it now)
  --end-bpm BPM       fix the end tempo and find the start instead
  --json              { hit, from: { bar, beat, bpm, written }, to: { bar, beat, bpm, written }, landsFramesAsWritten,
                      bars, shiftFrames, change, perBar, cueLines }`,
  run(values, [path]) {
    const file = readCueFile(path!);
    const label = values["to-hit"];
    if (!label) throw new UserError({ message: "--to-hit is required: the label of the hit to land.", expected: pickCue(file, values.cue).cue.hits.map((h) => h.label).join(", ") });
    const endBpm = values["end-bpm"] === undefined ? undefined : numberFlag(values, "end-bpm", 0, 1, 2000);
    if (values.from === undefined && endBpm === undefined) throw new UserError({ message: "--from is required: the bar where the ramp starts.", hint: "Or give --end-bpm to find where it must start." });
    const report = rampToHit(file, {
      ...(values.cue !== undefined ? { cue: values.cue } : {}),
      toHit: label,
      fromBar: numberFlag(values, "from", 1, 1, 1e6),
      ...(values["at-bar"] !== undefined ? { atBar: numberFlag(values, "at-bar", 1, 1, 1e6), atBeat: numberFlag(values, "at-beat", 1, 1, 64) } : {}),
      ...(endBpm !== undefined ? { endBpm } : {}),
    });
    const { from, to, hit, bars, shiftFrames, replacesTempoEventsAtBars: replaced } = report;
    const change = report.change.bpm;
    if (values.json) {
      return printJson({
        ...report,
        from: { ...from, beat: round(from.beat, 4) },
        to: { ...to, beat: round(to.beat, 4) },
        landsFramesAsWritten: round(report.landsFramesAsWritten, 6),
        bars: round(bars, 4),
        shiftFrames: round(shiftFrames, 3),
        change: { bpm: round(change, 4), percent: round(report.change.percent, 3) },
        perBar: { bpm: round(report.perBar.bpm, 4), percent: round(report.perBar.percent, 3) },
      });
    }
    const sign = (x: number, d: number) => (x > 0 ? "+" : "") + x.toFixed(d);
    process.stdout.write([
      `ramp in cue ${report.cue} to "${hit.label}" (${hit.timecode}): ${from.bar}|${round(from.beat, 3)} to ${to.bar}|${round(to.beat, 3)}, ${round(bars, 3)} bars`,
      `  from ${from.written.replace(/^bpm: (.*)$/, "$1 BPM").replace(/^click: (.*)$/, "the $1 click")} to ${to.bpm} BPM: the beat lands ${Math.abs(round(shiftFrames, 2))} frames ${shiftFrames >= 0 ? "later" : "earlier"} than now, on the hit (${landingWords(report.landsFramesAsWritten)} with the tempos as written)`,
      `  change ${sign(change, 3)} BPM (${sign(round(report.change.percent, 3), 2)}%), ${sign(round(report.perBar.bpm, 4), 3)} BPM (${sign(round(report.perBar.percent, 3), 2)}%) a bar`,
      `  in the cue file:`,
      ...report.cueLines.map((l) => `      ${l}`),
      ...(replaced.length ? [`  (this replaces the tempo events at bar${replaced.length > 1 ? "s" : ""} ${replaced.join(", ")} inside the ramp)`] : []),
      ...(endBpm !== undefined && Math.abs(from.beat - Math.round(from.beat)) > 1e-6 ? [`  the exact start falls between beats; on a beat, use --from ${from.bar} without --end-bpm to get the end tempo for it`] : []),
    ].join("\n") + "\n");
  },
});
