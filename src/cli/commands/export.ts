import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { readCueFile } from "../../cue/read-cue-file.js";
import { UserError } from "../../errors.js";
import { exportModel } from "../../interchange/export-model.js";
import { avidMarkerList, premiereMarkerList, resolveMarkerEdl } from "../../interchange/write-marker-lists.js";
import { musicEdl } from "../../interchange/write-music-edl.js";
import { otioTimeline } from "../../interchange/write-otio.js";
import { writeAtomically } from "../../system/atomic-file.js";
import { printJson, type Command } from "../command.js";
import { cueList } from "./cue-args.js";

const FORMATS = {
  "resolve-edl": { ext: "edl", write: resolveMarkerEdl, what: "DaVinci Resolve marker EDL" },
  "avid-markers": { ext: "txt", write: avidMarkerList, what: "Avid Media Composer marker list" },
  "premiere-markers": { ext: "txt", write: premiereMarkerList, what: "Premiere Pro marker list" },
  otio: { ext: "otio", write: otioTimeline, what: "OpenTimelineIO timeline" },
  edl: { ext: "edl", write: musicEdl, what: "music EDL (CMX 3600)" },
} as const;
type Format = keyof typeof FORMATS;

export const exportCommand: Command = {
  name: "export",
  positionals: [1, 1],
  options: {
    format: { type: "string", short: "f" },
    cue: { type: "string", multiple: true },
    output: { type: "string", short: "o" },
    json: { type: "boolean" },
  },
  help: `Usage: sprocket export CUEFILE --format resolve-edl|avid-markers|premiere-markers|otio|edl [--cue ID ...] [-o OUT] [--json]

Gives the picture editor the cues and hits, as markers in their editing program: every cue as a
range from bar 1 to its end (tagged "Sprocket cue ID: title"), every hit as a marker on its frame
with its label and colour (a hit placed by bar and beat: the frame nearest its beat). What Sprocket
writes, \`sprocket import\` reads back to the same frames.

Formats:
  resolve-edl       DaVinci Resolve marker EDL (Timeline > Import > Timeline Markers from EDL)
  avid-markers      Avid Media Composer marker list (Markers window > Import Markers), tab-separated
  premiere-markers  Premiere Pro marker list: UTF-16, tab-separated, like Premiere's own export
  otio              OpenTimelineIO: the cues as clips on a music track, the hits as their markers
  edl               a music EDL (CMX 3600): one audio event per cue, hits as * LOC: markers

Options:
  -f, --format F     the format (required)
  --cue ID           only this cue (repeatable); default every cue
  -o, --output FILE  where to write (default: print it)
  --json             print { path, format, cues, hits } (with -o)`,
  async run(values, [path]) {
    const format = values.format as string | undefined;
    if (!format || !(format in FORMATS)) {
      throw new UserError({ message: format ? `Unknown export format "${format}".` : "--format is required.", expected: Object.keys(FORMATS).join(", "), ...(format ? { received: format } : {}) });
    }
    const f = FORMATS[format as Format];
    const file = readCueFile(path!);
    const only = cueList(values, file);
    const model = exportModel(file, only);
    const data = f.write(model);
    const out = values.output as string | undefined;
    if (out) await writeAtomically(resolve(out), (fh) => writeFile(fh, data));
    else if (!values.json) process.stdout.write(data);
    if (values.json) printJson({ path: out ? resolve(out) : null, format, cues: model.cues.length, hits: model.hits.length });
    else if (out) process.stdout.write(`wrote ${out}: ${f.what}, ${model.cues.length} cue${model.cues.length === 1 ? "" : "s"}, ${model.hits.length} hit${model.hits.length === 1 ? "" : "s"}\n`);
  },
};
