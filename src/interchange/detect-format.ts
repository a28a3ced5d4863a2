import { EDITORIAL_FORMATS, type EditorialId } from "./formats.js";
import { decodeText } from "./read-premiere-markers.js";

/**
 * Which of the formats Sprocket reads a file is, from its content (the name's extension is only a
 * tie-breaker): a MIDI file by its `MThd` chunk (or an RMID wrapper), the editorial formats by their
 * own `looksLike`, in the registry's order (formats.ts: OTIO by its JSON schema names, FCPXML by its
 * root element, a Pro Tools session text by its header, an EDL by its TITLE/FCM/event lines, Avid,
 * Premiere and DAW marker lists by their columns), spotting notes by a header with a cue and a
 * timecode-in column.
 */
export type FormatId = "midi" | "musicxml" | EditorialId | "spotting-csv";

export const FORMAT_NAMES: Record<FormatId, string> = {
  midi: "Standard MIDI File (.mid: a DAW's tempo map)",
  musicxml: "MusicXML score (.musicxml, .xml or compressed .mxl: a notation program's bars and tempos)",
  ...(Object.fromEntries(EDITORIAL_FORMATS.map((f) => [f.id, f.name])) as Record<EditorialId, string>),
  "spotting-csv": "spotting notes (.csv / .tsv with Cue and In columns)",
};

const SPOTTING_CUE = /^(cue|cueno|cuenumber|cueid|cuenum|id|no|number|num|m)$/;
const SPOTTING_IN = /^(in|tcin|timecodein|start|starttc|starttimecode|begin|from|cuein)$/;

export interface Detected {
  id: FormatId;
  /** The file as text (decoded from UTF-16 where it was), for every format but MIDI. */
  text: string;
}

/** True for a RIFF MIDI file (RMID: Windows' wrapper, a Standard MIDI File in its `data` chunk). */
export function isRmid(bytes: Uint8Array): boolean {
  const text = (from: number) => String.fromCharCode(...bytes.subarray(from, from + 4));
  return bytes.length >= 12 && text(0) === "RIFF" && text(8) === "RMID";
}

export function detectFormat(bytes: Uint8Array, path: string): Detected | undefined {
  if ((bytes.length >= 4 && String.fromCharCode(...bytes.subarray(0, 4)) === "MThd") || isRmid(bytes)) return { id: "midi", text: "" };
  // A ZIP archive: a compressed MusicXML score is the only one Sprocket reads (checked as it is read).
  if (bytes.length >= 4 && String.fromCharCode(...bytes.subarray(0, 4)) === "PK\u0003\u0004") return { id: "musicxml", text: "" };
  const text = decodeText(bytes);
  if (/\u0000/.test(text.slice(0, 4096))) return undefined;
  if (/<score-(partwise|timewise)[\s>]/.test(text.slice(0, 16384))) return { id: "musicxml", text };
  const found = EDITORIAL_FORMATS.find((f) => f.looksLike(text));
  if (found) return { id: found.id, text };
  // JSON or XML that is not OTIO or FCPXML is none of the formats (not spotting notes either).
  if (/^\s*[{<]/.test(text)) return undefined;
  const header = (text.split(/\r\n|\r|\n/, 1)[0] ?? "").split(/[,;\t]/).map((h) => h.toLowerCase().replace(/[^a-z0-9]/g, ""));
  if (header.some((h) => SPOTTING_CUE.test(h)) && header.some((h) => SPOTTING_IN.test(h))) return { id: "spotting-csv", text };
  if (/\.(csv|tsv)$/i.test(path)) return { id: "spotting-csv", text };
  return undefined;
}
