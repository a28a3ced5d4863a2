import { UserError } from "../../errors.js";
import { readCueFile } from "../../cue/read-cue-file.js";
import { hitTiming } from "../../engine/cue-timing.js";
import { rampEndTempo, rampStart, qpmToBpm, type RampFit } from "../../engine/fit-ramp.js";
import { barQuarters } from "../../engine/meter.js";
import { Rational } from "../../engine/rational.js";
import { printJson, defineCommand } from "../command.js";
import { writtenRamp } from "../../engine/written-ramp.js";
import { numberFlag, pickCue } from "./cue-args.js";

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
    const { cue } = pickCue(file, values.cue);
    const label = values["to-hit"];
    if (!label) throw new UserError({ message: "--to-hit is required: the label of the hit to land.", expected: cue.hits.map((h) => h.label).join(", ") });
    const matches = cue.hits.filter((h) => h.label === label);
    if (matches.length !== 1) throw new UserError({ message: matches.length ? `${matches.length} hits are labelled "${label}": give them distinct labels.` : `Cue ${cue.id} has no hit "${label}".`, expected: cue.hits.map((h) => h.label).join(", ") });
    const map = cue.map;
    const fps = file.rate.fps.toNumber();
    const hit = hitTiming(matches[0]!, cue, file.rate);
    const toQ = values["at-bar"] !== undefined
      ? map.quartersAt(numberFlag(values, "at-bar", 1, 1, 1e6), Rational.fromNumber(numberFlag(values, "at-beat", 1, 1, 64))).toNumber()
      : map.nearestPulse(hit.seconds).q;
    const endBpm = values["end-bpm"] === undefined ? undefined : numberFlag(values, "end-bpm", 0, 1, 2000);
    if (values.from === undefined && endBpm === undefined) throw new UserError({ message: "--from is required: the bar where the ramp starts.", hint: "Or give --end-bpm to find where it must start." });
    const fromBar = numberFlag(values, "from", 1, 1, 1e6);
    const fromQ = map.quartersAt(fromBar).toNumber();
    const meter = map.meterAt(fromQ);
    if (!map.meterAt(toQ - 1e-9).pulse.eq(meter.pulse)) throw new UserError("The beat is in a meter with another pulse than the ramp's start: a ramp cannot span a change of pulse.");
    const pulseQ = meter.pulse.mul(4).toNumber();
    const fit: RampFit | { unreachable: string } = endBpm === undefined ? rampEndTempo(map, fromQ, toQ, hit.seconds) : rampStart(map, fromQ, toQ, endBpm * pulseQ, hit.seconds);
    if ("unreachable" in fit) throw new UserError({ message: `No ramp lands it: ${fit.unreachable}.`, hint: "Start the ramp earlier (--from), or aim for another beat (--at-bar, --at-beat)." });
    const startBpm = qpmToBpm(map, fit.fromQ, fit.fromQpm);
    const endTempo = fit.toQpm / pulseQ;
    const bars = (fit.toQ - fit.fromQ) / barQuarters(meter).toNumber();
    const change = endTempo - startBpm;
    const from = map.positionAt(fit.fromQ);
    const to = map.positionAt(fit.toQ);
    const shiftFrames = (hit.seconds - map.seconds(toQ)) * fps;
    // The tempos as the cue file will hold them, and where the beat lands with exactly those.
    const written = writtenRamp(cue, file.rate, fit, hit.seconds);
    const replaced = written.replaces;
    const report = {
      cue: cue.id,
      hit: { label: hit.label, timecode: hit.timecode },
      from: { bar: from.bar, beat: round(from.beat, 4), bpm: written.from.bpm, written: written.from.text },
      to: { bar: to.bar, beat: round(to.beat, 4), bpm: written.to.bpm, written: written.to.text },
      landsFramesAsWritten: round(written.landingFrames, 6),
      bars: round(bars, 4),
      shiftFrames: round(shiftFrames, 3),
      change: { bpm: round(change, 4), percent: round((change / startBpm) * 100, 3) },
      perBar: { bpm: round(change / bars, 4), percent: round((change / bars / startBpm) * 100, 3) },
      cueLines: written.lines,
      replacesTempoEventsAtBars: replaced,
    };
    if (values.json) return printJson(report);
    const sign = (x: number, d: number) => (x > 0 ? "+" : "") + x.toFixed(d);
    process.stdout.write([
      `ramp in cue ${cue.id} to "${hit.label}" (${hit.timecode}): ${from.bar}|${round(from.beat, 3)} to ${to.bar}|${round(to.beat, 3)}, ${round(bars, 3)} bars`,
      `  from ${written.from.text.replace(/^bpm: (.*)$/, "$1 BPM").replace(/^click: (.*)$/, "the $1 click")} to ${written.to.bpm} BPM: the beat lands ${Math.abs(round(shiftFrames, 2))} frames ${shiftFrames >= 0 ? "later" : "earlier"} than now, on the hit (${landingWords(written.landingFrames)} with the tempos as written)`,
      `  change ${sign(change, 3)} BPM (${sign(report.change.percent, 2)}%), ${sign(report.perBar.bpm, 3)} BPM (${sign(report.perBar.percent, 2)}%) a bar`,
      `  in the cue file:`,
      ...report.cueLines.map((l) => `      ${l}`),
      ...(replaced.length ? [`  (this replaces the tempo events at bar${replaced.length > 1 ? "s" : ""} ${replaced.join(", ")} inside the ramp)`] : []),
      ...(endBpm !== undefined && Math.abs(from.beat - Math.round(from.beat)) > 1e-6 ? [`  the exact start falls between beats; on a beat, use --from ${from.bar} without --end-bpm to get the end tempo for it`] : []),
    ].join("\n") + "\n");
  },
});
