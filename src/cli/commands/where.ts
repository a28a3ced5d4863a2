import { readCueFile } from "../../cue/read-cue-file.js";
import { whereIs } from "../../app/where.js";
import { printJson, defineCommand } from "../command.js";
import { landingWords } from "./ramp.js";

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
    const results = whereIs(readCueFile(path!), inputs, values.cue !== undefined ? { cue: values.cue } : {});
    if (values.json) return printJson({ results });
    const out: string[] = [];
    for (const r of results) {
      if ("nudged" in r && r.nudged && r.ramp) {
        out.push(`${r.input}: ${r.cue} ${r.bar}|${r.beat} is ${r.timecode}; ${r.nudged.frames > 0 ? "+" : ""}${r.nudged.frames} frames is ${r.nudged.timecode}`);
        const ramp = r.ramp;
        if ("unreachable" in ramp) out.push(`  no ramp puts the beat there: ${ramp.unreachable}`);
        else {
          const bars = ramp.replacesTempoEventsAtBars;
          const replaced = bars.length ? `\n  (this replaces the tempo events at bar${bars.length > 1 ? "s" : ""} ${bars.join(", ")} inside the ramp)` : "";
          out.push(`  to put the beat there: ramp from ${ramp.fromBpm} BPM at bar ${ramp.fromBar} to ${ramp.toBpm} BPM (the beat lands ${landingWords(ramp.landsFramesAsWritten)} of the nudged frame with the tempos as written)\n${ramp.cueLines.map((l) => `      ${l}`).join("\n")}${replaced}`);
        }
      } else if (!("nearestClick" in r) && !("between" in r)) {
        out.push(`${r.input}: ${r.cue} bar ${r.bar} beat ${r.beat} is ${r.timecode} (the beat ${Math.abs(r.offsetFrames!) < 0.0005 ? "on the frame" : `${r.offsetFrames! > 0 ? "+" : ""}${r.offsetFrames} frames, ${r.offsetMs} ms, from it`}), ${r.seconds} s from bar 1, ${r.feetFrames}`);
      } else if ("nearestClick" in r && r.nearestClick) {
        out.push(`${r.input}: in ${r.cue}, bar ${r.bar} beat ${r.beat}; nearest click ${r.nearestClick.bar}|${r.nearestClick.beat}, ${r.offsetFrames! > 0 ? "+" : ""}${r.offsetFrames} frames (${r.offsetMs} ms); ${r.feetFrames} from bar 1`);
      } else out.push(`${r.input}: between cues (nearest: ${"nearest" in r ? r.nearest : ""})`);
    }
    process.stdout.write(out.join("\n") + "\n");
  },
});
