import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { CueFile } from "../engine/cue-model.js";
import { UserError } from "../errors.js";
import { selectCues } from "../cue/select-cues.js";
import { EXPORT_FORMATS, exportFormat, type ExportFormat } from "../interchange/export-formats.js";
import { exportModel } from "../interchange/export-model.js";
import { writeAtomically } from "../system/atomic-file.js";

export interface ExportMarkersOptions {
  /** One of the export formats' ids: resolve-edl, avid-markers, premiere-markers, otio, edl. */
  format: string;
  /** Only these cues, by id (default: every cue). */
  cues?: readonly string[];
  /** Where to write the file (atomically); without it, nothing is written and the data is returned. */
  output?: string;
}

export interface ExportMarkersResult {
  format: ExportFormat;
  /** The file's contents, as written. */
  data: string | Buffer;
  /** The file written (absolute), if any. */
  path: string | null;
  cues: number;
  hits: number;
}

/** The use case behind `sprocket export`: the cues as ranges and the hits as markers, for the picture editor's program. */
export async function exportMarkers(file: CueFile, options: ExportMarkersOptions): Promise<ExportMarkersResult> {
  const format = exportFormat(options.format);
  if (!format) throw new UserError({ message: `Unknown export format "${options.format}".`, expected: EXPORT_FORMATS.map((x) => x.id).join(", "), received: options.format });
  selectCues(file, options.cues);
  const model = exportModel(file, options.cues?.length ? [...options.cues] : undefined);
  const data = format.write(model);
  if (options.output !== undefined) await writeAtomically(resolve(options.output), (fh) => writeFile(fh, data));
  return { format, data, path: options.output !== undefined ? resolve(options.output) : null, cues: model.cues.length, hits: model.hits.length };
}
