import { importMidi } from "../../app/import-midi.js";
import type { ImportValues } from "./import-flags.js";
import { printJson } from "../command.js";
import { numberFlag } from "./cue-args.js";

/** `import FILE.mid`: a DAW's tempo map as a cue, checked beat by beat against the file before it is written. */
export async function importMidiFile(path: string, values: ImportValues): Promise<void> {
  const r = await importMidi({
    file: path,
    ...(values.output ? { output: values.output } : {}),
    ...(values.fps ? { fps: values.fps } : {}),
    ...(values.start ? { start: values.start } : {}),
    ...(values.end ? { end: values.end } : {}),
    ...(values["count-in"] !== undefined ? { countIn: numberFlag(values, "count-in", 2, 0, 16) } : {}),
    ...(values.bpm !== undefined ? { bpm: numberFlag(values, "bpm", 120, 0, 2000) } : {}),
    ...(values.id ? { id: values.id } : {}),
    ...(values.sequence !== undefined ? { sequence: Number(values.sequence) } : {}),
    lenient: !!values.lenient,
  });
  const out = values.output;
  if (!values.json) for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
  if (!out && !values.json) process.stdout.write(r.text);
  const summary = { path: r.path, id: r.id, tempoEvents: r.tempoEvents, ramps: r.ramps, hits: r.hits, end: r.end, maxDriftMs: r.maxDriftMs, sequences: r.sequences, warnings: r.warnings };
  if (values.json) printJson(summary);
  else if (out) process.stdout.write(`wrote ${out}: cue ${r.id}, ${r.tempoEvents} tempo events (${r.ramps} ramp${r.ramps === 1 ? "" : "s"}), ${r.hits} hits; every beat within ${Math.max(r.maxDriftMs, 0.001).toFixed(3)} ms of the file\n`);
}
