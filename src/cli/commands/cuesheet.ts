import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { readCueFile } from "../../cue/read-cue-file.js";
import type { CueFile } from "../../engine/cue-model.js";
import { cuePlan } from "../../engine/cue-plan.js";
import { Rational } from "../../engine/rational.js";
import { formatTimecode } from "../../engine/timecode.js";
import { writeAtomically } from "../../system/atomic-file.js";
import { printJson, defineCommand } from "../command.js";

/** A CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** One row per cue: music from bar 1 to the cue's end, duration in minutes and seconds (nearest second). */
export function cueSheetRows(file: CueFile) {
  return file.cues.map((cue) => {
    const end = cuePlan(cue, file.rate).timing.endFrame;
    const seconds = Number(Rational.of(end - cue.start).div(file.rate.fps).round());
    return {
      cue: cue.id,
      title: cue.title,
      tcIn: formatTimecode(cue.start, file.rate),
      tcOut: formatTimecode(end, file.rate),
      duration: `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`,
      composer: cue.credits.composer ?? "",
      publisher: cue.credits.publisher ?? "",
      usage: cue.credits.usage,
    };
  });
}

export const cuesheetCommand = defineCommand({
  name: "cuesheet",
  positionals: [1, 1],
  options: { output: { type: "string", short: "o" }, json: { type: "boolean" } },
  help: `Usage: sprocket cuesheet FILE [-o cuesheet.csv] [--json]

Writes the music cue sheet as CSV (to -o, or printed): cue number, title, timecode in (bar 1), out
(the cue's end), duration (minutes:seconds, to the nearest second), composer, publisher, and usage
(original or licensed). Composer, publisher and usage come from each cue, or the project's defaults.`,
  async run(values, [path]) {
    const rows = cueSheetRows(readCueFile(path!));
    if (values.json) return printJson({ rows });
    const header = ["Cue", "Title", "TC In", "TC Out", "Duration", "Composer", "Publisher", "Usage"];
    const text = [header, ...rows.map((r) => [r.cue, r.title, r.tcIn, r.tcOut, r.duration, r.composer, r.publisher, r.usage])].map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
    const out = values.output;
    if (!out) return void process.stdout.write(text);
    await writeAtomically(resolve(out), (fh) => writeFile(fh, text));
    process.stdout.write(`wrote ${out}: ${rows.length} cue${rows.length === 1 ? "" : "s"}\n`);
  },
});
