import { UserError } from "../../errors.js";
import { DEFAULT_GAUGE, formatFeetFrames, looksLikeFeetFrames, parseFeetFrames, parseGauge } from "../../engine/feet-frames.js";
import { parseFrameRate, type FrameRate } from "../../engine/frame-rate.js";
import { Rational } from "../../engine/rational.js";
import { convertFrame, frameToSamples, frameToSamplesExact, frameToSeconds, secondsToFrame } from "../../engine/time-convert.js";
import { formatTimecode, framesPerDay, looksLikeTimecode, parseTimecode } from "../../engine/timecode.js";
import { printJson, requireFlag, defineCommand } from "../command.js";

type InputKind = "timecode" | "frames" | "seconds" | "feetFrames";

/** Reads VALUE as a timecode, frame count, seconds (`12.5s`) or feet+frames (`90+00`): a frame index. */
function readValue(value: string, rate: FrameRate, gauge: ReturnType<typeof parseGauge>) {
  const v = value.trim();
  if (v.startsWith("-")) {
    throw new UserError({
      message: `"${value}" is negative: timecode counts up from 00:00:00:00, and a time before it has no label of its own.`,
      expected: "a time from 00:00:00:00 on",
      received: JSON.stringify(value),
      hint: `A time just before midnight is written as its label, e.g. ${formatTimecode(framesPerDay(rate) - rate.nominal, rate)} for one second before 00:00:00:00.`,
    });
  }
  if (looksLikeTimecode(v)) return { kind: "timecode" as InputKind, frame: parseTimecode(v, rate) };
  if (looksLikeFeetFrames(v)) return { kind: "feetFrames" as InputKind, frame: parseFeetFrames(v, gauge) };
  if (/^\d+$/.test(v)) return { kind: "frames" as InputKind, frame: Number(v) };
  const seconds = /^(.*)s$/.exec(v);
  const exact = seconds ? Rational.parse(seconds[1]!) : undefined;
  if (exact && !exact.lt(0)) {
    const r = secondsToFrame(exact, rate);
    return { kind: "seconds" as InputKind, frame: r.value, rounding: r.exact ? undefined : r.residual };
  }
  throw new UserError({
    message: `"${value}" is not a time Sprocket reads.`,
    expected: "a timecode (01:00:00:00, 01:00:00;00 at drop frame), frames (107892), seconds (3599.9964s) or feet+frames (6743+04)",
    received: JSON.stringify(value),
  });
}

const frac = (r: Rational) => r.toDecimal(9);

export const tcCommand = defineCommand({
  name: "tc",
  positionals: [1, 1],
  options: {
    fps: { type: "string" },
    to: { type: "string" },
    gauge: { type: "string" },
    "sample-rate": { type: "string" },
    json: { type: "boolean" },
  },
  help: `Usage: sprocket tc VALUE --fps RATE [--to RATE] [--gauge GAUGE] [--sample-rate HZ] [--json]

Shows one instant as timecode, frame count, seconds, feet+frames and samples.

VALUE is one of:
  01:02:10:05   timecode (drop frame: 01:02:10;05)
  107892        frames since 00:00:00:00
  3599.9964s    seconds since 00:00:00:00 (rounded to the nearest frame, and said so)
  6743+04       feet+frames since 00:00:00:00

Options:
  --fps RATE          picture rate: 23.976, 24, 25, 29.97, 29.97df, 30, 48, 50, 59.94, 59.94df, 60
  --to RATE           also show the same instant at another rate (nearest frame, and how far off)
  --gauge GAUGE       feet+frames gauge: 35mm-4perf (16 frames a foot, default), 35mm-3perf, 16mm
  --sample-rate HZ    sample rate for the sample position (default 48000)
  --json              print JSON: timecode, frames, seconds, secondsExact, feetFrames, samples[, converted]

Examples:
  sprocket tc 107892 --fps 29.97df            01:00:00;00
  sprocket tc 01:00:00:00 --fps 25 --to 23.976`,
  run(values, [value]) {
    const rate = parseFrameRate(requireFlag(values, "fps", "29.97df"));
    const gauge = values.gauge ? parseGauge(values.gauge) : DEFAULT_GAUGE;
    const sampleRate = values["sample-rate"] === undefined ? 48000 : Number(values["sample-rate"]);
    if (!Number.isInteger(sampleRate) || sampleRate < 1000 || sampleRate > 768000) {
      throw new UserError({ message: "--sample-rate must be a whole number of samples a second.", expected: "e.g. 48000", received: String(values["sample-rate"]) });
    }
    const to = values.to ? parseFrameRate(values.to) : undefined;
    const input = readValue(value!, rate, gauge);
    const frame = input.frame;
    const seconds = frameToSeconds(frame, rate);
    const samples = frameToSamples(frame, rate, sampleRate);
    const wrapped = frame >= framesPerDay(rate);
    const converted = to && (() => {
      const c = convertFrame(frame, rate, to);
      const offsetFrames = c.residual.toNumber();
      return { fps: to.name, timecode: formatTimecode(c.value, to), frames: c.value, exact: c.exact, offsetFrames, offsetMs: c.residual.div(to.fps).toNumber() * 1000 };
    })();
    const result = {
      fps: rate.name,
      input: input.kind,
      timecode: formatTimecode(frame, rate),
      frames: frame,
      seconds: seconds.toNumber(),
      secondsExact: seconds.toString(),
      feetFrames: formatFeetFrames(frame, gauge),
      gauge,
      samples: { rate: sampleRate, value: samples.value, exact: samples.exact, exactValue: frac(frameToSamplesExact(frame, rate, sampleRate)) },
      ...(wrapped ? { wrapped: true } : {}),
      ...(input.rounding ? { rounding: { residualFrames: input.rounding.toNumber() } } : {}),
      ...(converted ? { converted } : {}),
    };
    if (values.json) return printJson(result);
    const lines = [
      `timecode     ${result.timecode}  at ${rate.name}${wrapped ? "  (past 24 hours: wrapped)" : ""}`,
      `frames       ${frame}${input.rounding ? `  (rounded to the nearest frame: ${signed(input.rounding.toNumber())} frames)` : ""}`,
      `seconds      ${frac(seconds)}${seconds.isInteger() || !frac(seconds).endsWith("…") ? "" : `  (exactly ${seconds})`}`,
      `feet+frames  ${result.feetFrames}  (${gauge})`,
      `samples      ${samples.value} at ${sampleRate} Hz${samples.exact ? "" : `  (exactly ${result.samples.exactValue}; rounded to the nearest sample)`}`,
    ];
    if (converted) {
      lines.push(`at ${to!.name.padEnd(9)}${converted.timecode}  (frame ${converted.frames}${converted.exact ? ", the same instant" : `, nearest frame: ${signed(converted.offsetFrames)} frames, ${signed(converted.offsetMs)} ms`})`);
    }
    process.stdout.write(lines.join("\n") + "\n");
  },
});

function signed(x: number): string {
  const t = Math.abs(x) < 0.0005 ? "0.000" : x.toFixed(3);
  return x > 0 && t !== "0.000" ? "+" + t : t.replace(/^-0\.000$/, "0.000");
}
