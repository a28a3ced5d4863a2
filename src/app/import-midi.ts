import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { midiToCue, type ImportOptions } from "../cue/import-midi.js";
import { cueYaml } from "../cue/write-cue-yaml.js";
import { UserError } from "../errors.js";
import { readMidiTempoData } from "../interchange/read-midi-file.js";
import { writeAtomically } from "../system/atomic-file.js";
import { checkImported, importedFrom } from "./imported-cue-file.js";

/**
 * How far (ms) the imported cue may stray from the file's own timing at any beat before the import is
 * refused: 1 ms (SPROCKET_IMPORT_MAX_DRIFT_MS sets another, for the tests of the refusal itself).
 */
const driftLimitMs = () => Number(process.env.SPROCKET_IMPORT_MAX_DRIFT_MS ?? 1);

/**
 * The file, and how to read it (as midiToCue takes them: the picture rate, bar 1's timecode instead
 * of the SMPTE offset, the end, count-in bars, a tempo for a file without one, the cue id), and:
 */
export interface ImportMidiOptions extends ImportOptions {
  /** Where to write the cue file (default: nowhere; the text is returned). */
  output?: string;
  /** Which sequence of a format 2 file (default 1). */
  sequence?: number;
  /** Warn, instead of refusing, when the cue strays over 1 ms from the file. */
  lenient?: boolean;
}

export interface ImportMidiResult {
  /** The cue file's text, and where it was written (null: not written). */
  text: string;
  path: string | null;
  id: string;
  tempoEvents: number;
  ramps: number;
  hits: number;
  end: string | undefined;
  /** The most any beat of the cue strays from the file's own timing, in ms. */
  maxDriftMs: number;
  sequences: number;
  warnings: string[];
}

/**
 * A DAW's tempo map (a Standard MIDI File) as a cue file: the use case behind `import FILE.mid`. Every
 * beat of the cue is checked against the file's own timing before anything is written.
 */
export async function importMidi(options: ImportMidiOptions): Promise<ImportMidiResult> {
  const { countIn, bpm } = options;
  if (countIn !== undefined && !(Number.isInteger(countIn) && countIn >= 0 && countIn <= 16)) throw new UserError({ message: "--count-in must be a whole number of bars from 0 to 16.", received: String(countIn) });
  if (bpm !== undefined && !(bpm > 0 && bpm <= 2000)) throw new UserError({ message: "--bpm must be a tempo above 0.", received: String(bpm) });
  const path = options.file;
  const data = readMidiTempoData(path, options.sequence ?? 1);
  const { output: _o, sequence: _s, lenient: _l, ...reading } = options;
  const { draft, warnings, ramps, reference } = midiToCue(data, reading);
  const text = cueYaml(draft, importedFrom(path));
  const cue = checkImported(text).cues[0]!;
  // Every beat of the cue against the file's own timing.
  let worst = { ms: 0, bar: 1 };
  for (const r of reference) {
    const ms = Math.abs(cue.map.seconds(r.q) - r.seconds) * 1000;
    if (ms > worst.ms) worst = { ms, bar: r.bar };
  }
  if (worst.ms > driftLimitMs()) {
    const said = `The cue's tempo map strays ${worst.ms.toFixed(2)} ms from the file's own timing (at bar ${worst.bar}), more than ${driftLimitMs()} ms.`;
    if (!options.lenient) throw new UserError({ message: said, location: { file: path }, hint: "This is a limit of the conversion, not of your file: --lenient imports it anyway, with a warning. Please report the file." });
    warnings.push(said);
  }
  if (options.output) await writeAtomically(resolve(options.output), (fh) => writeFile(fh, text));
  return {
    text, path: options.output ? resolve(options.output) : null, id: draft.cue.id, tempoEvents: draft.cue.tempo.length, ramps, hits: draft.cue.hits.length,
    end: draft.cue.end, maxDriftMs: Number(worst.ms.toFixed(4)), sequences: data.sequences, warnings,
  };
}
