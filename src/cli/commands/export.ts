import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { readCueFile } from "../../cue/read-cue-file.js";
import { UserError } from "../../errors.js";
import { exportModel } from "../../interchange/export-model.js";
import { EXPORT_FORMATS, exportFormat } from "../../interchange/export-formats.js";
import { writeAtomically } from "../../system/atomic-file.js";
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
    const f = format === undefined ? undefined : exportFormat(format);
    if (!f) {
      throw new UserError({ message: format ? `Unknown export format "${format}".` : "--format is required.", expected: EXPORT_FORMATS.map((x) => x.id).join(", "), ...(format ? { received: format } : {}) });
    }
    const file = readCueFile(path!);
    const only = cueList(values, file);
    const model = exportModel(file, only);
    const data = f.write(model);
    const out = values.output;
    if (out) await writeAtomically(resolve(out), (fh) => writeFile(fh, data));
    else if (!values.json) process.stdout.write(data);
    if (values.json) printJson({ path: out ? resolve(out) : null, format, cues: model.cues.length, hits: model.hits.length });
    else if (out) process.stdout.write(`wrote ${out}: ${f.what}, ${model.cues.length} cue${model.cues.length === 1 ? "" : "s"}, ${model.hits.length} hit${model.hits.length === 1 ? "" : "s"}\n`);
  },
});
