import type { FrameRate } from "../engine/frame-rate.js";
import type { Timeline } from "./model.js";
import { looksLikeAvidMarkers, readAvidMarkers } from "./read-avid-markers.js";
import { isEventLine, readCmx3600 } from "./read-cmx3600.js";
import { looksLikeDawMarkers, readDawMarkersCsv } from "./read-daw-markers-csv.js";
import { readFcpxml } from "./read-fcpxml.js";
import { readOtio } from "./read-otio.js";
import { looksLikePremiereMarkers, readPremiereMarkers } from "./read-premiere-markers.js";
import { looksLikeProToolsText, readProToolsText } from "./read-protools-text.js";

/**
 * The editorial formats Sprocket reads (a cut, markers, or both), one row each, in the order they are
 * recognised: the first whose `looksLike` holds is the file's format. Adding a format is one reader
 * file (text in, the timeline model out) and one row here; detection, `import`, `conform` and the
 * list in every refusal follow from it.
 */
export interface EditorialFormat {
  id: string;
  /** As a refusal lists it: the program, the file's usual extension. */
  name: string;
  /** Recognises the format from the file's text (decoded from UTF-16 where it was). */
  looksLike(text: string): boolean;
  /** Whether the file states its frame rate; if not, the project's is needed to read it. */
  statesRate: boolean;
  read(text: string, file: string, rate: FrameRate | undefined, options: ReadOptions): Timeline;
}

export interface ReadOptions {
  /** A Pro Tools session text: the track whose clips are read as markers too. */
  track?: string;
}

/** A format that does not state its frame rate: read at the project's (its presence is checked before `read` is called). */
function atProjectRate<I extends string>(id: I, name: string, looksLike: (text: string) => boolean, read: (text: string, file: string, rate: FrameRate) => Timeline) {
  return { id, name, looksLike, statesRate: false, read: (text: string, file: string, rate: FrameRate | undefined) => read(text, file, rate!) } satisfies EditorialFormat;
}

export const EDITORIAL_FORMATS = [
  {
    id: "otio",
    name: "OpenTimelineIO (.otio)",
    looksLike: (text) => text.trimStart().startsWith("{") && /"OTIO_SCHEMA"\s*:/.test(text.slice(0, 65536)),
    statesRate: true,
    read: (text, file, rate) => readOtio(text, file, rate),
  },
  {
    id: "fcpxml",
    name: "Final Cut Pro FCPXML (.fcpxml, 1.8 and later)",
    looksLike: (text) => text.trimStart().startsWith("<") && /<(fcpxml|xmeml)[\s>]/.test(text.slice(0, 65536)),
    statesRate: true,
    read: (text, file, rate) => readFcpxml(text, file, rate),
  },
  {
    id: "protools-text",
    name: "Pro Tools session info as text (.txt: File > Export > Session Info as Text)",
    looksLike: looksLikeProToolsText,
    statesRate: true,
    read: (text, file, rate, options) => readProToolsText(text, file, rate, options),
  },
  atProjectRate(
    "cmx3600",
    "CMX 3600 EDL (.edl), with Avid LOC markers, or a DaVinci Resolve marker EDL",
    (text) => /^\s*(TITLE|FCM):/im.test(text.slice(0, 4096)) || text.slice(0, 65536).split(/\r\n|\r|\n/).some(isEventLine),
    readCmx3600,
  ),
  atProjectRate("premiere-markers", "Premiere Pro marker list (.txt / .csv, UTF-16)", looksLikePremiereMarkers, readPremiereMarkers),
  atProjectRate("avid-markers", "Avid Media Composer marker list (.txt)", looksLikeAvidMarkers, readAvidMarkers),
  atProjectRate("daw-markers", "a DAW's marker list as CSV (REAPER's region/marker export, Cubase or Nuendo markers)", looksLikeDawMarkers, readDawMarkersCsv),
] as const satisfies readonly EditorialFormat[];

export type EditorialId = (typeof EDITORIAL_FORMATS)[number]["id"];

export const editorialFormat = (id: string): EditorialFormat | undefined => EDITORIAL_FORMATS.find((f) => f.id === id);
