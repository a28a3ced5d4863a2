import { readInputFile } from "../system/read-input-file.js";
import type { FrameRate } from "../engine/frame-rate.js";
import { UserError } from "../errors.js";
import { detectFormat, FORMAT_NAMES, type Detected, type FormatId } from "./detect-format.js";
import { EDITORIAL_FORMATS, editorialFormat, type ReadOptions } from "./formats.js";
import type { Timeline } from "./model.js";
import { decodeText } from "./read-premiere-markers.js";

/** The editorial formats' ids: the ones that hold a cut or markers (not a tempo map or spotting notes). */
export const EDITORIAL: readonly FormatId[] = EDITORIAL_FORMATS.map((f) => f.id);

/** Reads a file's bytes, or says in words why it cannot. */
export function readBytes(path: string): Buffer {
  return readInputFile(path, "file");
}

/** The format of a file Sprocket can import, or a refusal that lists what it reads. */
export function detectOrRefuse(bytes: Buffer, path: string): Detected {
  if (!bytes.length || !/\S/.test(decodeText(bytes).replace(/[\uFEFF\0]/g, ""))) {
    throw new UserError({ message: `${path} is empty${bytes.length ? " (only blank space)" : " (0 bytes)"}: there is nothing to import.`, location: { file: path }, hint: "Export the markers or the cut again; the program may have stopped before writing." });
  }
  const found = detectFormat(bytes, path);
  if (found) return found;
  const midi = /\.(mid|midi|smf)$/i.test(path);
  throw new UserError({
    message: midi ? `${path} is not a Standard MIDI File: it does not begin with an MThd header.` : `${path} is not a file Sprocket reads: its content is none of the formats below.`,
    expected: Object.values(FORMAT_NAMES).join("; "),
    hint: "Export markers or a cut from the editing program in one of these formats.",
  });
}

/**
 * Reads an editorial file (EDL, marker list, OTIO, FCPXML, Pro Tools session text) into the shared
 * timeline model. `rate` is the project's; OTIO, FCPXML and Pro Tools state their own and are refused
 * when it differs. EDLs and marker lists need it.
 */
export function readTimelineFile(path: string, rate: FrameRate | undefined): Timeline {
  const detected = detectOrRefuse(readBytes(path), path);
  return readTimelineText(detected, path, rate);
}

/** `track`: for a Pro Tools session text, the track whose clips are read as markers too. */
export function readTimelineText(detected: Detected, path: string, rate: FrameRate | undefined, options: ReadOptions = {}): Timeline {
  const { id, text } = detected;
  const format = editorialFormat(id);
  if (!format) {
    throw new UserError({ message: `${path} is a ${FORMAT_NAMES[id]}, not a cut or a marker list.`, location: { file: path }, expected: EDITORIAL_FORMATS.map((f) => f.name).join("; ") });
  }
  if (options.track !== undefined && id !== "protools-text") throw new UserError({ message: `--track is for a Pro Tools session text; ${path} is a ${FORMAT_NAMES[id]}.`, location: { file: path } });
  if (!format.statesRate && !rate) {
    throw new UserError({
      message: `${path} (${FORMAT_NAMES[id]}) does not say its frame rate.`,
      location: { file: path },
      hint: `Give it with --fps, e.g. --fps 23.976${id === "cmx3600" && /FCM:\s*DROP/i.test(text) ? " (the EDL says DROP FRAME: 29.97df or 59.94df)" : ""}, or import into a cue file with --into.`,
    });
  }
  return format.read(text, path, rate, options);
}
