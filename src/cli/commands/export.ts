import { readCueFile } from "../../cue/read-cue-file.js";
import { UserError } from "../../errors.js";
import { exportMarkers } from "../../app/export-markers.js";
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
  },
  help: `Usage: sprocket export CUEFILE --format ${EXPORT_FORMATS.map((f) => f.id).join("|")} [--cue ID ...] [-o OUT] [--json]

Gives the picture editor the cues and hits, as markers in their editing program: every cue as a
range from bar 1 to its end (tagged "Sprocket cue ID: title"), every hit as a marker on its frame
with its label and colour (a hit placed by bar and beat: the frame nearest its beat). What Sprocket
writes, \`sprocket import\` reads back to the same frames.

Formats:
${EXPORT_FORMATS.map((f) => `  ${f.id.padEnd(18)}${f.help}`).join("\n")}

Options:
  -f, --format F     the format (required)
  --cue ID           only this cue (repeatable); default every cue
  -o, --output FILE  where to write (default: print it)
  --json             print { path, format, cues, hits } (with -o)`,
  async run(values, [path]) {
    const format = values.format;
    // The format is checked before the cue file is read.
    if (format === undefined || !exportFormat(format)) {
      throw new UserError({ message: format ? `Unknown export format "${format}".` : "--format is required.", expected: EXPORT_FORMATS.map((x) => x.id).join(", "), ...(format ? { received: format } : {}) });
    }
    const file = readCueFile(path!);
    const only = cueList(values);
    const r = await exportMarkers(file, { format, ...(only ? { cues: only } : {}), ...(values.output !== undefined ? { output: values.output } : {}) });
    if (!values.output && !values.json) process.stdout.write(r.data);
    if (values.json) printJson({ path: r.path, format, cues: r.cues, hits: r.hits });
    else if (values.output) process.stdout.write(`wrote ${values.output}: ${r.format.what}, ${r.cues} cue${r.cues === 1 ? "" : "s"}, ${r.hits} hit${r.hits === 1 ? "" : "s"}\n`);
  },
});
