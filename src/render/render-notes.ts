import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Cue, CueFile } from "../engine/cue-model.js";
import { formatTimecode } from "../engine/timecode.js";
import { writeAtomically } from "../system/atomic-file.js";
import { deliveryName } from "../delivery/delivery-name.js";
import type { RenderedOutput } from "./outputs.js";
import { notesHtml, notesMarkdown, notesSvg, timingNotes } from "./timing-notes.js";

/** A cue's timing notes as files: name, text, what it is. */
export function notesFiles(file: CueFile, cue: Cue) {
  const notes = timingNotes(file, cue);
  const start = formatTimecode(cue.start, file.rate);
  const name = (ext: string, kind = "notes") => deliveryName(cue, kind, start, ext);
  const files: [string, string, string][] = [
    [name("md"), notesMarkdown(notes, name("svg", "tempo-plot")), "Markdown"],
    [name("html"), notesHtml(notes), "HTML"],
    [name("svg", "tempo-plot"), notesSvg(notes), "SVG tempo plot"],
  ];
  return { notes, start, files };
}

/** Writes a cue's timing notes: Markdown, HTML (with the plot inside) and the tempo plot as SVG. */
export async function renderNotes(file: CueFile, cue: Cue, outDir: string): Promise<RenderedOutput[]> {
  const { notes, start, files } = notesFiles(file, cue);
  const out: RenderedOutput[] = [];
  for (const [fileName, text, detail] of files) {
    const path = resolve(join(outDir, fileName));
    await writeAtomically(path, (fh) => writeFile(fh, text), Buffer.byteLength(text));
    out.push({ kind: "notes", cue: cue.id, path, start, duration: notes.lengthSeconds, detail: `timing notes, ${detail}` });
  }
  return out;
}
