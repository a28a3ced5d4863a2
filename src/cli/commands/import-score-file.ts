import { importScore } from "../../app/import-score.js";
import { UserError } from "../../errors.js";
import type { ImportValues } from "./import-flags.js";
import { printJson } from "../command.js";
import { numberFlag } from "./cue-args.js";

/** `import SCORE.musicxml|.mxl`: a notation program's bars, meters and tempos as a cue. */
export async function importScoreFile(path: string, values: ImportValues): Promise<void> {
  for (const flag of ["sequence", "lenient", "end", "bpm", "cue", "cuts", "track"] as const) {
    if (values[flag] !== undefined) throw new UserError({ message: `--${flag} is not for a score; ${path} is a MusicXML score.`, hint: "See `sprocket import --help`." });
  }
  const r = await importScore({
    file: path,
    ...(values.fps ? { fps: values.fps } : {}),
    ...(values.start ? { start: values.start } : {}),
    ...(values["count-in"] !== undefined ? { countIn: numberFlag(values, "count-in", 2, 0, 16) } : {}),
    ...(values.id ? { id: values.id } : {}),
    ...(values.title !== undefined ? { title: values.title } : {}),
    ...(values.into ? { into: values.into } : {}),
    ...(values.output ? { output: values.output } : {}),
  });
  if (!values.json) for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
  const { text: _text, ...summary } = r;
  if (values.json) printJson(summary);
  else if (r.path) process.stdout.write(`wrote ${r.path}: cue ${r.id}, ${r.measures} bars played (${r.parts} part${r.parts === 1 ? "" : "s"}, the first read), ${r.tempoEvents} tempo events (${r.ramps} ramp${r.ramps === 1 ? "" : "s"}), ${r.hits} hits, end ${r.end}\n`);
  else process.stdout.write(r.text);
}
