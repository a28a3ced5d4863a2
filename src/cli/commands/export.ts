import { readCueFile } from "../../cue/read-cue-file.js";
import { UserError } from "../../errors.js";
import { exportMarkers } from "../../app/export-markers.js";
import { exportScores } from "../../app/export-score.js";
import { EXPORT_FORMATS, exportFormat } from "../../interchange/export-formats.js";
import { printJson, defineCommand } from "../command.js";
import { cueList } from "./cue-args.js";


export const exportCommand = defineCommand({
  name: "export",
  positionals: [1, 1],
  options: {
    format: { type: "string", short: "f" },
    cue: { type: "string", multiple: true },
    output: { type: "string", short: "o" },
    json: { type: "boolean" },
    compressed: { type: "boolean" },
    clicks: { type: "boolean" },
  },
  help: `Usage: sprocket export CUEFILE --format ${EXPORT_FORMATS.map((f) => f.id).join("|")} [--cue ID ...] [-o OUT] [--json]
       sprocket export CUEFILE --format musicxml [--cue ID ...] [-o OUT] [--compressed] [--clicks] [--json]

Gives the picture editor the cues and hits, as markers in their editing program: every cue as a
range from bar 1 to its end (tagged "Sprocket cue ID: title"), every hit as a marker on its frame
with its label and colour (a hit placed by bar and beat: the frame nearest its beat). What Sprocket
writes, \`sprocket import\` reads back to the same frames.

Formats:
${EXPORT_FORMATS.map((f) => `  ${f.id.padEnd(18)}${f.help}`).join("\n")}

For the copyist and the conductor's score, --format musicxml writes each cue as a MusicXML 4.0
score skeleton (Dorico, Sibelius, Finale, MuseScore open it): a "Click" part of whole-bar rests with
every meter, a tempo mark at every tempo event (the exact tempo as its playback tempo), "accel."
and "rit." over ramps, every hit as text above its place in the bar with its timecode, and the
count-in bars before bar 1. One file a cue: with several cues, -o names a folder.

Options:
  -f, --format F     the format (required)
  --cue ID           only this cue (repeatable); default every cue
  -o, --output FILE  where to write (default: print it); a folder for several MusicXML cues
  --compressed       musicxml: write compressed MusicXML (.mxl) instead of .musicxml
  --clicks           musicxml: a note on every click (the bar's first accented), not whole-bar rests
  --json             print { path, format, cues, hits } (with -o); for musicxml, { format, scores: [...] }`,
  async run(values, [path]) {
    const format = values.format;
    // The format is checked before the cue file is read.
    if (format === undefined || (!exportFormat(format) && format !== "musicxml")) {
      throw new UserError({ message: format ? `Unknown export format "${format}".` : "--format is required.", expected: [...EXPORT_FORMATS.map((x) => x.id), "musicxml"].join(", "), ...(format ? { received: format } : {}) });
    }
    if (format !== "musicxml" && (values.compressed || values.clicks)) {
      throw new UserError({ message: `--${values.compressed ? "compressed" : "clicks"} is for --format musicxml only.`, received: `--format ${format}` });
    }
    const file = readCueFile(path!);
    const only = cueList(values);
    if (format === "musicxml") {
      const scores = await exportScores(file, { ...(only ? { cues: only } : {}), ...(values.output !== undefined ? { output: values.output } : {}), ...(values.compressed ? { compressed: true } : {}), ...(values.clicks ? { clicks: true } : {}) });
      if (values.json) printJson({ format, scores: scores.map(({ data: _data, ...s }) => s) });
      else if (values.output === undefined) process.stdout.write(scores[0]!.data);
      else for (const s of scores) process.stdout.write(`wrote ${s.path}: cue ${s.cue}, ${s.bars} bars, ${s.tempoMarks} tempo mark${s.tempoMarks === 1 ? "" : "s"}, ${s.hits} hit${s.hits === 1 ? "" : "s"}\n`);
      return;
    }
    const r = await exportMarkers(file, { format, ...(only ? { cues: only } : {}), ...(values.output !== undefined ? { output: values.output } : {}) });
    if (!values.output && !values.json) process.stdout.write(r.data);
    if (values.json) printJson({ path: r.path, format, cues: r.cues, hits: r.hits });
    else if (values.output) process.stdout.write(`wrote ${values.output}: ${r.format.what}, ${r.cues} cue${r.cues === 1 ? "" : "s"}, ${r.hits} hit${r.hits === 1 ? "" : "s"}\n`);
  },
});
