import { readCueFile } from "../../cue/read-cue-file.js";
import { looksLikeFeetFrames, parseFeetFrames } from "../../engine/feet-frames.js";
import { rampEndTempo } from "../../engine/fit-ramp.js";
import { formatTimecode, looksLikeTimecode, parseTimecode } from "../../engine/timecode.js";
import { beatToFrame, frameToCue, parseMusicalPlace, parseNudge } from "../../engine/where.js";
import { UserError } from "../../errors.js";
import { printJson, defineCommand } from "../command.js";
import { pickCue } from "./cue-args.js";
import { landingWords } from "./ramp.js";
import { writtenRamp } from "../../engine/written-ramp.js";

const round = (x: number, d = 3) => Number(x.toFixed(d));

export const whereCommand = defineCommand({
  name: "where",
  positionals: [2, 1000],
  options: {
    cue: { type: "string" },
    json: { type: "boolean" },
  },
  help: `Usage: sprocket where CUEFILE POSITION... [--cue ID] [--json]

Answers notes like "bar 12, beat 3 (01:24:38:14)" both ways, exactly. POSITION is:
  12|3, 12|3.5, 12    a bar and beat of a cue (12: its downbeat); gives its timecode (the nearest
                      frame, and how far the beat is from that frame), seconds from bar 1, footage
  01:24:38:14         a timecode; gives the cue it falls in (from its first warning click to its end;
                      or "between cues", naming the nearest), its bar and fractional beat, the nearest
                      click and how far from it
  12+04               feet+frames from the cue's bar 1 (its gauge); answered as a timecode
A place followed by a nudge, "12|3 -6f" (or 12|3 -6f as two arguments; -40ms works too), answers what
is 6 frames earlier, and the ramp that would put the beat there.

Options:
  --cue ID   the cue, for musical places and feet (needed when the file has several)
  --json     { results: [{ input, cue, bar, beat, timecode, frames, seconds, feetFrames, offsetFrames,
             offsetMs, ... }] }`,
  run(values, [path, ...inputs]) {
    const file = readCueFile(path!);
    const rate = file.rate;
    const fps = rate.fps.toNumber();
    // "12|3 -6f" as one argument, or as two.
    const notes: { text: string; place: string; nudge?: number }[] = [];
    for (const raw of inputs) {
      const [first, second] = raw.trim().split(/\s+/, 2) as [string, string | undefined];
      const nudge = parseNudge(second ?? first, rate);
      if (second === undefined && nudge !== undefined) {
        const prev = notes[notes.length - 1];
        if (!prev || prev.nudge !== undefined || !parseMusicalPlace(prev.place)) throw new UserError({ message: `"${raw}" nudges a bar and beat, but none comes before it.`, expected: "12|3 -6f" });
        prev.nudge = nudge;
        prev.text += ` ${raw}`;
        continue;
      }
      notes.push({ text: raw, place: first, ...(second !== undefined ? { nudge: parseNudge(second, rate) ?? NaN } : {}) });
    }
    const results = notes.map((n) => {
      if (n.nudge !== undefined && Number.isNaN(n.nudge)) throw new UserError({ message: `"${n.text}" ends in something that is not a nudge.`, expected: "a nudge such as -6f, +2f or -40ms" });
      const place = parseMusicalPlace(n.place);
      if (place) {
        const { cue } = pickCue(file, values.cue);
        const a = beatToFrame(cue, place, rate, file.gauge);
        const result = {
          input: n.text, cue: cue.id, bar: place.bar, beat: place.beat.toNumber(), timecode: formatTimecode(a.frame, rate), frames: a.frame,
          seconds: round(a.seconds, 6), feetFrames: a.feetFrames, offsetFrames: round(a.offsetFrames), offsetMs: round((a.offsetFrames / fps) * 1000),
        };
        if (n.nudge === undefined) return result;
        // The nudged note, and the ramp over the bars before it that puts the beat there.
        const target = a.frame + Math.round(n.nudge);
        const q = cue.map.quartersAt(place.bar, place.beat).toNumber();
        // From the last tempo event in a bar before the beat's (at most four bars back), as `ramp --from` would.
        const fromBar = Math.max(1, Math.min(place.bar - 1, Math.max(place.bar - 4, ...cue.tempo.filter((e) => e.bar < place.bar).map((e) => e.bar))));
        const fromQ = cue.map.quartersAt(fromBar).toNumber();
        const samePulse = cue.map.meterAt(fromQ).pulse.eq(cue.map.meterAt(q - 1e-9).pulse);
        const ramp = !samePulse ? { unreachable: "the beat is in a meter with another pulse than the bar the ramp would start at" } : fromQ < q ? rampEndTempo(cue.map, fromQ, q, (target - cue.start) / fps) : undefined;
        const written = ramp && !("unreachable" in ramp) ? writtenRamp(cue, rate, ramp, (target - cue.start) / fps) : undefined;
        return {
          ...result,
          nudged: { frames: Math.round(n.nudge), timecode: formatTimecode(target, rate) },
          ramp: written
            ? { fromBar, fromBpm: written.from.bpm, toBpm: written.to.bpm, landsFramesAsWritten: round(written.landingFrames, 6), replacesTempoEventsAtBars: written.replaces, cueLines: written.lines }
            : { unreachable: ramp && "unreachable" in ramp ? ramp.unreachable : "the beat comes before any bar a ramp could start at" },
        };
      }
      let frame: number;
      let only;
      if (looksLikeTimecode(n.place)) frame = parseTimecode(n.place, rate);
      else if (looksLikeFeetFrames(n.place)) {
        only = pickCue(file, values.cue).cue;
        frame = only.start + parseFeetFrames(n.place, file.gauge);
      } else throw new UserError({ message: `"${n.text}" is not a place Sprocket reads.`, expected: "a bar and beat (12|3), a timecode (01:24:38:14) or feet+frames from bar 1 (12+04)" });
      const a = frameToCue(only ? [only] : values.cue ? [pickCue(file, values.cue).cue] : file.cues, frame, rate, file.gauge);
      return {
        input: n.text, cue: a.inside ? a.cue.id : null, ...(a.inside ? {} : { between: true, nearest: a.cue.id }), bar: a.inside ? a.bar : null, beat: a.inside ? round(a.beat, 4) : null,
        timecode: formatTimecode(a.frame, rate), frames: a.frame, seconds: round(a.seconds, 6), feetFrames: a.feetFrames,
        offsetFrames: a.inside ? round(a.offsetFrames) : null, offsetMs: a.inside ? round((a.offsetFrames / fps) * 1000) : null, ...(a.inside ? { nearestClick: a.nearestClick } : {}),
      };
    });
    if (values.json) return printJson({ results });
    const out: string[] = [];
    for (const r of results) {
      if ("nudged" in r && r.nudged) {
        out.push(`${r.input}: ${r.cue} ${r.bar}|${r.beat} is ${r.timecode}; ${r.nudged.frames > 0 ? "+" : ""}${r.nudged.frames} frames is ${r.nudged.timecode}`);
        const ramp = r.ramp as { fromBar?: number; fromBpm?: number; toBpm?: number; landsFramesAsWritten?: number; cueLines?: string[]; unreachable?: string; replacesTempoEventsAtBars?: number[] };
        const replaced = ramp.replacesTempoEventsAtBars?.length ? `\n  (this replaces the tempo events at bar${ramp.replacesTempoEventsAtBars.length > 1 ? "s" : ""} ${ramp.replacesTempoEventsAtBars.join(", ")} inside the ramp)` : "";
        out.push(ramp.cueLines ? `  to put the beat there: ramp from ${ramp.fromBpm} BPM at bar ${ramp.fromBar} to ${ramp.toBpm} BPM (the beat lands ${landingWords(ramp.landsFramesAsWritten!)} of the nudged frame with the tempos as written)\n${ramp.cueLines.map((l) => `      ${l}`).join("\n")}${replaced}` : `  no ramp puts the beat there: ${ramp.unreachable}`);
      } else if (typeof r.bar === "number" && !("between" in r)) {
        const musical = parseMusicalPlace(r.input) !== undefined;
        out.push(musical
          ? `${r.input}: ${r.cue} bar ${r.bar} beat ${r.beat} is ${r.timecode} (the beat ${Math.abs(r.offsetFrames!) < 0.0005 ? "on the frame" : `${r.offsetFrames! > 0 ? "+" : ""}${r.offsetFrames} frames, ${r.offsetMs} ms, from it`}), ${r.seconds} s from bar 1, ${r.feetFrames}`
          : `${r.input}: in ${r.cue}, bar ${r.bar} beat ${r.beat}; nearest click ${(r as { nearestClick: { bar: number; beat: number } }).nearestClick.bar}|${(r as { nearestClick: { bar: number; beat: number } }).nearestClick.beat}, ${r.offsetFrames! > 0 ? "+" : ""}${r.offsetFrames} frames (${r.offsetMs} ms); ${r.feetFrames} from bar 1`);
      } else out.push(`${r.input}: between cues (nearest: ${(r as { nearest?: string }).nearest})`);
    }
    process.stdout.write(out.join("\n") + "\n");
  },
});
