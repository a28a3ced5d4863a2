import { writeFile } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { BugError, UserError } from "../../errors.js";
import { midiToCue } from "../../cue/import-midi.js";
import { parseCueFile } from "../../cue/read-cue-file.js";
import { readMidiTempoData } from "../../cue/read-midi-file.js";
import { cueFileYaml, cueYaml, type DraftCue } from "../../cue/write-cue-yaml.js";
import { spottingToCues } from "../../cue/import-spotting.js";
import { readFileSync } from "node:fs";
import { writeAtomically } from "../../render/atomic-file.js";
import { printJson, type Command } from "../command.js";

export const importCommand: Command = {
  name: "import",
  positionals: [1, 1],
  options: {
    output: { type: "string", short: "o" },
    fps: { type: "string" },
    start: { type: "string" },
    "count-in": { type: "string" },
    bpm: { type: "string" },
    id: { type: "string" },
    title: { type: "string" },
    json: { type: "boolean" },
  },
  help: `Usage: sprocket import FILE.mid [--fps RATE] [--start TC] [--count-in BARS] [--bpm BPM] [--id ID] [-o CUE.yaml] [--json]
       sprocket import SPOTTING.csv [--fps RATE] [--title TITLE] [-o CUE.yaml] [--json]

A .csv (or .tsv) file is read as spotting notes, as a spreadsheet exports them: one cue per row, the
columns found by their names (Cue / Cue # / No., Title / Name, In / TC In / Start, Out / TC Out / End,
Notes / Comments), drop frame recognised from a ; in the timecodes. Each cue gets a placeholder tempo
(120 BPM, marked in a comment) to set with \`sprocket fit\` once its hits are spotted.

Reads a DAW's tempo map (a Standard MIDI File) and writes a cue file that \`sprocket check\` accepts:
tempo events and meters keyed by bar and beat (a 6/8 whose metronome clicks dotted quarters gets
pulse 3/8), runs of stepped tempos on a straight line collapsed back into ramps, markers and cue
points as hits, and the SMPTE offset as the cue's start. Tempos are written as the simplest BPM or
frame click that matches. Files Sprocket wrote come back exactly (count-in, bar 1, start).

Options:
  -o, --output FILE  where to write the cue file (default: print it)
  --fps RATE         the picture rate (needed unless the file says it: MIDI time code cannot tell
                     23.976 from 24, or 29.97 from 30)
  --start TC         bar 1's timecode, instead of the file's SMPTE offset
  --count-in BARS    warning bars before bar 1 (default: what the file says, else 2)
  --bpm BPM          the tempo for a file with no tempo events
  --id ID            the cue id (default: from the file, else its name)
  --json             print a summary: { path, id, tempoEvents, ramps, hits, warnings }`,
  async run(values, [path]) {
    if (/\.(csv|tsv|txt)$/i.test(path!)) return importSpotting(path!, values);
    const countIn = values["count-in"] === undefined ? undefined : Number(values["count-in"]);
    if (countIn !== undefined && !(Number.isInteger(countIn) && countIn >= 0 && countIn <= 16)) throw new UserError({ message: "--count-in must be a whole number of bars from 0 to 16.", received: String(values["count-in"]) });
    const bpm = values.bpm === undefined ? undefined : Number(values.bpm);
    if (bpm !== undefined && !(bpm > 0 && bpm <= 2000)) throw new UserError({ message: "--bpm must be a tempo above 0.", received: String(values.bpm) });
    const data = readMidiTempoData(path!);
    const { draft, warnings, ramps } = midiToCue(data, {
      file: path!,
      ...(values.fps ? { fps: values.fps as string } : {}),
      ...(values.start ? { start: values.start as string } : {}),
      ...(countIn !== undefined ? { countIn } : {}),
      ...(bpm !== undefined ? { bpm } : {}),
      ...(values.id ? { id: values.id as string } : {}),
    });
    const text = cueYaml(draft, `Imported by sprocket import from ${relative(process.cwd(), resolve(path!))}`);
    try {
      parseCueFile(text, "(imported cue)");
    } catch (e) {
      if (e instanceof UserError) throw new BugError(`sprocket import wrote a cue file that does not check: ${e.message}\n${text}`);
      throw e;
    }
    for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
    const out = values.output as string | undefined;
    if (out) await writeAtomically(resolve(out), (fh) => writeFile(fh, text));
    else if (!values.json) process.stdout.write(text);
    const summary = { path: out ? resolve(out) : null, id: draft.cue.id, tempoEvents: draft.cue.tempo.length, ramps, hits: draft.cue.hits.length, warnings };
    if (values.json) printJson(summary);
    else if (out) process.stdout.write(`wrote ${out}: cue ${draft.cue.id}, ${summary.tempoEvents} tempo events (${ramps} ramp${ramps === 1 ? "" : "s"}), ${summary.hits} hits\n`);
  },
};

/** Spotting notes (CSV) to a cue file with one cue per row. */
async function importSpotting(path: string, values: Record<string, unknown>): Promise<void> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new UserError({ message: `Cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? e}).`, location: { file: path } });
  }
  const spotted = spottingToCues(text, path, values.fps as string | undefined);
  const cues: DraftCue[] = spotted.cues.map((c) => ({
    ...c,
    countIn: 2,
    tempoComment: "a placeholder tempo: set it, e.g. with sprocket fit, once the hits are spotted",
    tempo: [{ bar: 1, bpm: 120 }],
    hits: [],
  }));
  const yaml = cueFileYaml({ title: (values.title as string | undefined) ?? spotted.title, fps: spotted.rate.name, cues }, `Imported by sprocket import from ${relative(process.cwd(), resolve(path))}`);
  try {
    parseCueFile(yaml, "(imported cue file)");
  } catch (e) {
    if (e instanceof UserError) throw new BugError(`sprocket import wrote a cue file that does not check: ${e.message}\n${yaml}`);
    throw e;
  }
  const out = values.output as string | undefined;
  if (out) await writeAtomically(resolve(out), (fh) => writeFile(fh, yaml));
  else if (!values.json) process.stdout.write(yaml);
  if (values.json) printJson({ path: out ? resolve(out) : null, fps: spotted.rate.name, cues: cues.map((c) => c.id) });
  else if (out) process.stdout.write(`wrote ${out}: ${cues.length} cue${cues.length === 1 ? "" : "s"} at ${spotted.rate.name}\n`);
}
