import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { midiToCue } from "../../cue/import-midi.js";
import { cueYaml } from "../../cue/write-cue-yaml.js";
import { UserError } from "../../errors.js";
import { readMidiTempoData } from "../../interchange/read-midi-file.js";
import { writeAtomically } from "../../system/atomic-file.js";
import type { ImportValues } from "./import-flags.js";
import { printJson } from "../command.js";
import { checkImported, importedFrom } from "../../app/imported-cue-file.js";

/**
 * How far (ms) the imported cue may stray from the file's own timing at any beat before the import is
 * refused: 1 ms (SPROCKET_IMPORT_MAX_DRIFT_MS sets another, for the tests of the refusal itself).
 */
const driftLimitMs = () => Number(process.env.SPROCKET_IMPORT_MAX_DRIFT_MS ?? 1);

/** `import FILE.mid`: a DAW's tempo map as a cue, checked beat by beat against the file before it is written. */
export async function importMidiFile(path: string, values: ImportValues): Promise<void> {
  const countIn = values["count-in"] === undefined ? undefined : Number(values["count-in"]);
  if (countIn !== undefined && !(Number.isInteger(countIn) && countIn >= 0 && countIn <= 16)) throw new UserError({ message: "--count-in must be a whole number of bars from 0 to 16.", received: String(values["count-in"]) });
  const bpm = values.bpm === undefined ? undefined : Number(values.bpm);
  if (bpm !== undefined && !(bpm > 0 && bpm <= 2000)) throw new UserError({ message: "--bpm must be a tempo above 0.", received: String(values.bpm) });
  const sequence = values.sequence === undefined ? 1 : Number(values.sequence);
  const data = readMidiTempoData(path, sequence);
  const { draft, warnings, ramps, reference } = midiToCue(data, {
    file: path,
    ...(values.fps ? { fps: values.fps } : {}),
    ...(values.start ? { start: values.start } : {}),
    ...(values.end ? { end: values.end } : {}),
    ...(countIn !== undefined ? { countIn } : {}),
    ...(bpm !== undefined ? { bpm } : {}),
    ...(values.id ? { id: values.id } : {}),
  });
  const text = cueYaml(draft, importedFrom(path));
  const cue = checkImported(text).cues[0]!;
  // Every beat of the cue against the file's own timing.
  let worst = { ms: 0, bar: 1 };
  for (const r of reference) {
    const ms = Math.abs(cue.map.seconds(r.q) - r.seconds) * 1000;
    if (ms > worst.ms) worst = { ms, bar: r.bar };
  }
  const maxDriftMs = Number(worst.ms.toFixed(4));
  if (worst.ms > driftLimitMs()) {
    const said = `The cue's tempo map strays ${worst.ms.toFixed(2)} ms from the file's own timing (at bar ${worst.bar}), more than ${driftLimitMs()} ms.`;
    if (!values.lenient) throw new UserError({ message: said, location: { file: path }, hint: "This is a limit of the conversion, not of your file: --lenient imports it anyway, with a warning. Please report the file." });
    warnings.push(said);
  }
  const out = values.output;
  if (out) await writeAtomically(resolve(out), (fh) => writeFile(fh, text));
  if (!values.json) for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  if (!out && !values.json) process.stdout.write(text);
  const summary = { path: out ? resolve(out) : null, id: draft.cue.id, tempoEvents: draft.cue.tempo.length, ramps, hits: draft.cue.hits.length, end: draft.cue.end, maxDriftMs, sequences: data.sequences, warnings };
  if (values.json) printJson(summary);
  else if (out) process.stdout.write(`wrote ${out}: cue ${draft.cue.id}, ${summary.tempoEvents} tempo events (${ramps} ramp${ramps === 1 ? "" : "s"}), ${summary.hits} hits; every beat within ${Math.max(maxDriftMs, 0.001).toFixed(3)} ms of the file\n`);
}
