import { selectCues } from "../../cue/select-cues.js";
import { formatFeetFrames } from "../../engine/feet-frames.js";
import { cuePlan } from "../../engine/cue-plan.js";
import { formatTimecode } from "../../engine/timecode.js";
import { readCueFile } from "../../cue/read-cue-file.js";
import type { CueFile } from "../../engine/cue-model.js";
import { printJson, defineCommand } from "../command.js";

const round = (x: number, digits: number) => Number(x.toFixed(digits)) + 0; // + 0 turns -0 into 0

/** The report `check` prints: per cue, its landmarks and where each hit falls. */
export function checkReport(file: CueFile, only?: string[]) {
  const rate = file.rate;
  const cues = selectCues(file, only);
  return {
    file: file.file,
    title: file.title,
    fps: rate.name,
    cues: cues.map((cue) => {
      const t = cuePlan(cue, rate).timing;
      return {
        id: cue.id,
        title: cue.title,
        start: formatTimecode(cue.start, rate),
        countIn: { bars: cue.countIn, timecode: formatTimecode(t.countInFrame, rate), seconds: round(t.countInSeconds, 6) },
        end: { timecode: formatTimecode(t.endFrame, rate), derived: t.endFrom === "derived", seconds: round(t.endSeconds, 6) },
        ...(cue.deliveryStart !== undefined ? { deliveryStart: formatTimecode(cue.deliveryStart, rate) } : {}),
        hits: t.hits.map((h) => ({
          label: h.label,
          timecode: h.timecode,
          feetFrames: formatFeetFrames(h.frame - cue.start, file.gauge),
          seconds: round(h.seconds, 6),
          bar: h.bar,
          beat: round(h.beat, 4),
          offsetFrames: round(h.offsetFrames, 3),
          offsetMs: round(h.offsetMs, 2),
          nearestClick: h.nearestClick,
        })),
      };
    }),
  };
}

export const checkCommand = defineCommand({
  name: "check",
  positionals: [1, 1],
  options: { json: { type: "boolean" }, cue: { type: "string", multiple: true } },
  help: `Usage: sprocket check FILE [--cue ID ...] [--json]

Validates a cue file (every problem at once, with file:line:column) and shows, for each cue, its
count-in, start and end, and for each hit its timecode, footage from the cue's start, bar and beat,
and its distance from the nearest click in frames and milliseconds (+ after the click, - before).

Options:
  --cue ID   only this cue (repeatable)
  --json     print JSON: { cues: [{ id, start, countIn, end, deliveryStart?, hits: [{ label, timecode, bar, beat, offsetFrames, offsetMs }] }] }`,
  run(values, [path]) {
    const report = checkReport(readCueFile(path!), values.cue);
    if (values.json) return printJson(report);
    const out: string[] = [`${report.file}: ${report.title ? `${report.title}, ` : ""}${report.fps} fps, ${report.cues.length} cue${report.cues.length === 1 ? "" : "s"}, OK`];
    for (const c of report.cues) {
      out.push("", `${c.id}${c.title ? ` ${c.title}` : ""}`);
      out.push(`  count-in  ${c.countIn.timecode}  (${c.countIn.bars} bar${c.countIn.bars === 1 ? "" : "s"}, ${round(-c.countIn.seconds, 3)} s before bar 1)`);
      if (c.deliveryStart) out.push(`  delivery  ${c.deliveryStart}  (where the delivered audio starts)`);
      out.push(`  bar 1     ${c.start}`);
      out.push(`  end       ${c.end.timecode}${c.end.derived ? "  (one bar past the last hit or tempo change)" : ""}`);
      if (c.hits.length) {
        const w = Math.max(5, ...c.hits.map((h) => h.label.length));
        out.push("", `  ${"hit".padEnd(w)}  timecode     feet+fr  bar|beat      off frames   off ms`);
        for (const h of c.hits) {
          const pos = `${h.bar}|${h.beat}`;
          const sign = (x: number, d: number) => (x > 0 ? "+" : "") + x.toFixed(d);
          out.push(`  ${h.label.padEnd(w)}  ${h.timecode}  ${h.feetFrames.padStart(7)}  ${pos.padEnd(12)}  ${sign(h.offsetFrames, 2).padStart(10)}  ${sign(h.offsetMs, 1).padStart(7)}`);
        }
      }
    }
    process.stdout.write(out.join("\n") + "\n");
  },
});
