import { parseFrameRate } from "../../engine/frame-rate.js";
import { Rational } from "../../engine/rational.js";
import { bpmToFramesPerBeat, frameClickToBpm, nearestFrameClick, parseTempo } from "../../engine/tempo-value.js";
import { printJson, requireFlag, defineCommand } from "../command.js";

export const tempoCommand = defineCommand({
  name: "tempo",
  positionals: [1, 1],
  options: { fps: { type: "string" }, json: { type: "boolean" } },
  help: `Usage: sprocket tempo VALUE --fps RATE [--json]

Converts a tempo among BPM, frames per beat and frame clicks at a picture rate.

VALUE is one of:
  102.9   beats (clicks) a minute
  14-4    a frame click: 14 frames and 4 eighths of a frame a beat
  14f     frames a beat (fractions allowed: 14.5f)

Frame clicks count frames at the picture's real rate (30000/1001 at 29.97): BPM = 60 x fps / (F + e/8).
The frame click shown is the nearest at eighth-frame resolution, with its own BPM.

Options:
  --fps RATE   picture rate: 23.976, 24, 25, 29.97, 29.97df, 30, 48, 50, 59.94, 59.94df, 60
  --json       print JSON: bpm, framesPerBeat, frameClick, frameClickBpm, secondsPerBeat

Examples:
  sprocket tempo 120 --fps 24      12 frames a beat, frame click 12-0
  sprocket tempo 14-4 --fps 24     99.3103… BPM (2880/29 exactly)`,
  run(values, [value]) {
    const rate = parseFrameRate(requireFlag(values, "fps", "24"));
    const { bpm, notation } = parseTempo(value!, rate);
    const framesPerBeat = bpmToFramesPerBeat(bpm, rate);
    const click = nearestFrameClick(bpm, rate);
    const clickBpm = frameClickToBpm(click.frames, click.eighths, rate);
    const result = {
      fps: rate.name,
      input: notation,
      bpm: bpm.toNumber(),
      framesPerBeat: framesPerBeat.toNumber(),
      frameClick: click.text,
      frameClickBpm: clickBpm.toNumber(),
      frameClickExact: clickBpm.eq(bpm),
      secondsPerBeat: 60 / bpm.toNumber(),
    };
    if (values.json) return printJson(result);
    // Exact where the decimal ends; else cut at the digits shown and marked "…", with the fraction.
    const shown = (x: Rational, d: number) => {
      const text = x.toDecimal(d);
      return text.endsWith("…") ? `${text} (${x.toString()} exactly)` : text;
    };
    process.stdout.write(
      [
        `bpm              ${shown(bpm, 4)}`,
        `frames per beat  ${shown(framesPerBeat, 4)}  at ${rate.name}`,
        `frame click      ${click.text}${result.frameClickExact ? "" : `  (nearest; ${clickBpm.toDecimal(4)} BPM)`}`,
        `seconds per beat ${shown(Rational.of(60).div(bpm), 6)}`,
      ].join("\n") + "\n",
    );
  },
});
