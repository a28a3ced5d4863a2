import { resolve } from "node:path";
import { spottingToCues } from "../cue/import-spotting.js";
import { cueFileYaml, PLACEHOLDER_TEMPO, type DraftCue } from "../cue/write-cue-yaml.js";
import { readInputText } from "../system/read-input-file.js";
import { checkAndWrite, importedFrom } from "./imported-cue-file.js";

export interface ImportSpottingOptions {
  /** The spotting notes (CSV or TSV: Cue, Title, In, Out, Notes columns, found by their names). */
  file: string;
  /** The picture rate (default: drop frame from a ; in the timecodes, else asked for). */
  fps?: string;
  /** The new cue file's title (default: the notes'). */
  title?: string;
  /** Where to write the cue file (default: nowhere; the text is returned). */
  output?: string;
  /** The notes' text, when already read. */
  text?: string;
}

export interface ImportSpottingResult {
  text: string;
  path: string | null;
  fps: string;
  cues: string[];
}

/** Spotting notes as a new cue file, one cue a row with a placeholder tempo: the use case behind `import SPOTTING.csv`. */
export async function importSpotting(options: ImportSpottingOptions): Promise<ImportSpottingResult> {
  const spotted = spottingToCues(options.text ?? readInputText(options.file, "spotting notes"), options.file, options.fps);
  const cues: DraftCue[] = spotted.cues.map((c) => ({ ...c, countIn: 2, tempoComment: PLACEHOLDER_TEMPO, tempo: [{ bar: 1, bpm: 120 }], hits: [] }));
  const text = cueFileYaml({ title: options.title ?? spotted.title, fps: spotted.rate.name, cues }, importedFrom(options.file));
  await checkAndWrite(text, options.output);
  return { text, path: options.output ? resolve(options.output) : null, fps: spotted.rate.name, cues: cues.map((c) => c.id) };
}
