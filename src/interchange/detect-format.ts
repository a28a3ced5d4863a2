import { looksLikeAvidMarkers } from "./read-avid-markers.js";
import { looksLikeProToolsText } from "./read-protools-text.js";
import { looksLikeDawMarkers } from "./read-daw-markers-csv.js";
import { decodeText, looksLikePremiereMarkers } from "./read-premiere-markers.js";

/**
 * Which of the formats Sprocket reads a file is, from its content (the name's extension is only a
 * tie-breaker): a MIDI file by its `MThd` chunk, OTIO by its JSON schema names, FCPXML by its root
 * element, a Pro Tools session text by its header, an EDL by its TITLE/FCM/event lines, Avid,
 * Premiere and DAW (REAPER, Cubase) marker lists by their columns,
 * spotting notes by a header with a cue and a timecode-in column.
 */
export type FormatId = "midi" | "cmx3600" | "avid-markers" | "premiere-markers" | "otio" | "fcpxml" | "protools-text" | "daw-markers" | "spotting-csv";

export const FORMAT_NAMES: Record<FormatId, string> = {
  midi: "Standard MIDI File (.mid: a DAW's tempo map)",
  cmx3600: "CMX 3600 EDL (.edl), with Avid LOC markers, or a DaVinci Resolve marker EDL",
  "avid-markers": "Avid Media Composer marker list (.txt)",
  "premiere-markers": "Premiere Pro marker list (.txt / .csv, UTF-16)",
  otio: "OpenTimelineIO (.otio)",
  fcpxml: "Final Cut Pro FCPXML (.fcpxml, 1.8 and later)",
  "protools-text": "Pro Tools session info as text (.txt: File > Export > Session Info as Text)",
  "daw-markers": "a DAW's marker list as CSV (REAPER's region/marker export, Cubase or Nuendo markers)",
  "spotting-csv": "spotting notes (.csv / .tsv with Cue and In columns)",
};

const TC = /^\d{1,2}[:;]\d{2}[:;]\d{2}[:;]\d{2}$/;

/** An EDL event line: an event number, a reel, a track, a transition, four timecodes. */
function isEventLine(line: string): boolean {
  const t = line.trim().split(/\s+/);
  return t.length >= 8 && /^\d{1,6}$/.test(t[0]!) && t.slice(-4).every((x) => TC.test(x));
}
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
  const text = decodeText(bytes);
  if (/\u0000/.test(text.slice(0, 4096))) return undefined;
  const head = text.trimStart();
  if (head.startsWith("{")) return /"OTIO_SCHEMA"\s*:/.test(text.slice(0, 65536)) ? { id: "otio", text } : undefined;
  if (head.startsWith("<")) return /<(fcpxml|xmeml)[\s>]/.test(text.slice(0, 65536)) ? { id: "fcpxml", text } : undefined;
  if (looksLikeProToolsText(text)) return { id: "protools-text", text };
  if (/^\s*(TITLE|FCM):/im.test(text.slice(0, 4096)) || text.slice(0, 65536).split(/\r\n|\r|\n/).some(isEventLine)) return { id: "cmx3600", text };
  if (looksLikePremiereMarkers(text)) return { id: "premiere-markers", text };
  if (looksLikeAvidMarkers(text)) return { id: "avid-markers", text };
  if (looksLikeDawMarkers(text)) return { id: "daw-markers", text };
  const header = (text.split(/\r\n|\r|\n/, 1)[0] ?? "").split(/[,;\t]/).map((h) => h.toLowerCase().replace(/[^a-z0-9]/g, ""));
  if (header.some((h) => SPOTTING_CUE.test(h)) && header.some((h) => SPOTTING_IN.test(h))) return { id: "spotting-csv", text };
  if (/\.(csv|tsv)$/i.test(path)) return { id: "spotting-csv", text };
  return undefined;
}
