import { UserError } from "../../errors.js";
import { DEFAULT_GAUGE, formatFeetFrames, parseGauge } from "../../engine/feet-frames.js";
import { parseFrameRate } from "../../engine/frame-rate.js";
import { Rational } from "../../engine/rational.js";
import { bpmToFramesPerBeat, nearestFrameClick, parseTempo } from "../../engine/tempo-value.js";
import { formatTimecode, parseTimecode } from "../../engine/timecode.js";
import { printJson, requireFlag, defineCommand } from "../command.js";
import { numberFlag } from "./cue-args.js";

/** A CSV field, quoted when it holds a comma, quote or line break. */
const csv = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

export const clickbookCommand = defineCommand({
  name: "clickbook",
  positionals: [1, 1],
  options: { fps: { type: "string" }, beats: { type: "string" }, start: { type: "string" }, gauge: { type: "string" }, json: { type: "boolean" }, csv: { type: "boolean" } },
  help: `Usage: sprocket clickbook CLICK --fps RATE [--beats N] [--start TC] [--gauge GAUGE] [--json|--csv]

Prints a click book, as Knudson's printed books do: for a tempo (a frame click 14-4, BPM 102.9, or
frames a beat 14f), each beat's elapsed time in seconds, frames (exact, with the fraction), the
timecode of its nearest frame counted from --start, and its footage. Beat 1 is at 0.

Options:
  --fps RATE      picture rate (the frames a frame click counts)
  --beats N       how many beats (default 64)
  --start TC      timecode of beat 1 (default 00:00:00:00)
  --gauge GAUGE   footage gauge: 35mm-4perf (default), 35mm-3perf, 16mm
  --json          { tempo, rows: [{ beat, seconds, frames, timecode, feetFrames }] }
  --csv           the rows as CSV with a header line`,
  run(values, [click]) {
    const rate = parseFrameRate(requireFlag(values, "fps", "24"));
    if (values.json && values.csv) throw new UserError("Choose one of --json and --csv.");
    const { bpm } = parseTempo(click!, rate);
    const beats = numberFlag(values, "beats", 64, 1, 100000);
    if (!Number.isInteger(beats)) throw new UserError({ message: "--beats must be a whole number.", received: String(values.beats) });
    const start = values.start ? parseTimecode(values.start, rate) : 0;
    const gauge = values.gauge ? parseGauge(values.gauge) : DEFAULT_GAUGE;
    const framesPerBeat = bpmToFramesPerBeat(bpm, rate);
    const rows = Array.from({ length: beats }, (_, i) => {
      const frames = framesPerBeat.mul(i);
      const seconds = Rational.of(60 * i).div(bpm);
      const nearest = Number(frames.round());
      return { beat: i + 1, seconds: Number(seconds.toNumber().toFixed(6)), frames: Number(frames.toNumber().toFixed(4)), timecode: formatTimecode(start + nearest, rate), feetFrames: formatFeetFrames(nearest, gauge) };
    });
    const tempo = { bpm: Number(bpm.toNumber().toFixed(6)), framesPerBeat: Number(framesPerBeat.toNumber().toFixed(6)), frameClick: nearestFrameClick(bpm, rate).text, fps: rate.name };
    if (values.json) return printJson({ tempo, rows });
    if (values.csv) {
      process.stdout.write(["beat,seconds,frames,timecode,feetFrames", ...rows.map((r) => [r.beat, r.seconds, r.frames, r.timecode, r.feetFrames].map(csv).join(","))].join("\n") + "\n");
      return;
    }
    process.stdout.write(
      [
        `click book: ${bpm.toDecimal(6)} BPM, ${framesPerBeat.toDecimal(6)} frames a beat (frame click ${tempo.frameClick}${framesPerBeat.mul(8).isInteger() ? "" : ", nearest"}) at ${rate.name}, beat 1 at ${formatTimecode(start, rate)}`,
        `(… marks a value cut at the digits shown; seconds and frames below are rounded to 3 decimals, timecodes are each beat's nearest frame)`,
        "",
        "  beat   seconds       frames       timecode     feet+frames",
        ...rows.map((r) => `  ${String(r.beat).padStart(4)}  ${r.seconds.toFixed(3).padStart(9)}  ${r.frames.toFixed(3).padStart(11)}  ${r.timecode}  ${r.feetFrames.padStart(9)}`),
      ].join("\n") + "\n",
    );
  },
});
