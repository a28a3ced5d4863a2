import { statSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { CueFile } from "../engine/cue-model.js";
import { UserError } from "../errors.js";
import { selectCues } from "../cue/select-cues.js";
import { slug } from "../delivery/delivery-name.js";
import { scoreModel } from "../interchange/score-model.js";
import { mxlContainer, writeMusicXml } from "../interchange/write-musicxml.js";
import { writeAtomically } from "../system/atomic-file.js";
import { describeSystemFailure } from "../system/system-failure.js";
import { writeZip } from "../system/zip.js";
import { version } from "../version.js";

export interface ExportScoreOptions {
  /** Only these cues, by id (default: every cue). */
  cues?: readonly string[];
  /** A file (one cue) or a folder (one file a cue); without it, one cue's score is returned unwritten. */
  output?: string;
  /** Compressed MusicXML (.mxl) instead of .musicxml. */
  compressed?: boolean;
  /** A note on every click instead of whole-bar rests. */
  clicks?: boolean;
}

export interface ExportedScore {
  cue: string;
  /** Where it was written (absolute), or null. */
  path: string | null;
  bars: number;
  tempoMarks: number;
  hits: number;
  /** The file's contents. */
  data: string | Buffer;
}

/**
 * The use case behind `sprocket export --format musicxml`: each cue as a score skeleton in MusicXML
 * (bars, meters, tempo marks, ramps, hits) for the copyist and the conductor's score. One file a cue:
 * with several cues the output is a folder.
 */
export async function exportScores(file: CueFile, options: ExportScoreOptions = {}): Promise<ExportedScore[]> {
  const cues = selectCues(file, options.cues);
  const ext = options.compressed ? "mxl" : "musicxml";
  const out = options.output !== undefined ? resolve(options.output) : undefined;
  const isFolder = out !== undefined && (cues.length > 1 || /[\\/]$/.test(options.output!) || statSync(out, { throwIfNoEntry: false })?.isDirectory() === true);
  if (out === undefined && (cues.length > 1 || options.compressed)) {
    throw new UserError({
      message: options.compressed ? "A compressed score (.mxl) is a file: say where with -o." : `MusicXML holds one cue a file, and ${file.file} has ${cues.length} cues: give -o FOLDER for one file each, or --cue ID.`,
      expected: options.compressed ? "-o CUE.mxl or -o FOLDER" : "-o FOLDER or --cue ID",
    });
  }
  if (isFolder) {
    try {
      await mkdir(out!, { recursive: true });
    } catch (e) {
      throw describeSystemFailure(e, { path: out!, doing: "create the folder" });
    }
  }
  const results: ExportedScore[] = [];
  for (const cue of cues) {
    const model = scoreModel(cue, file.rate, file.title);
    const xml = writeMusicXml(model, { software: `Sprocket ${version()}`, ...(options.clicks ? { clicks: true } : {}), ...(cue.credits.composer ? { composer: cue.credits.composer } : {}) });
    const name = `${slug(cue.id) || "cue"}.musicxml`;
    const data = options.compressed
      ? writeZip([
          { name: "mimetype", data: Buffer.from("application/vnd.recordare.musicxml"), store: true },
          { name: "META-INF/container.xml", data: Buffer.from(mxlContainer(name)) },
          { name, data: Buffer.from(xml) },
        ])
      : xml;
    const path = out === undefined ? null : isFolder ? join(out, `${slug(cue.id) || "cue"}.${ext}`) : out;
    if (path) await writeAtomically(path, (fh) => writeFile(fh, data));
    const marks = model.measures.flatMap((m) => m.marks);
    results.push({ cue: cue.id, path, bars: model.measures.length, tempoMarks: marks.filter((m) => m.kind === "tempo").length, hits: marks.filter((m) => m.kind === "hit").length, data });
  }
  return results;
}
