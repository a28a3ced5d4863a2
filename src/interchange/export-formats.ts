import type { ExportModel } from "./export-model.js";
import { avidMarkerList, premiereMarkerList, resolveMarkerEdl } from "./write-marker-lists.js";
import { musicEdl } from "./write-music-edl.js";
import { otioTimeline } from "./write-otio.js";

/**
 * The formats `sprocket export` writes the cues and hits in, one row each: adding one is a writer
 * (the export model in, the file's text or bytes out) and a row here; the command, its help and its
 * refusals follow from the table.
 */
export interface ExportFormat {
  id: string;
  /** The file's usual extension. */
  ext: string;
  /** What it is, in the command's report. */
  what: string;
  /** One line for the command's help. */
  help: string;
  write(model: ExportModel): string | Buffer;
}

export const EXPORT_FORMATS: readonly ExportFormat[] = [
  { id: "resolve-edl", ext: "edl", write: resolveMarkerEdl, what: "DaVinci Resolve marker EDL", help: "DaVinci Resolve marker EDL (Timeline > Import > Timeline Markers from EDL)" },
  { id: "avid-markers", ext: "txt", write: avidMarkerList, what: "Avid Media Composer marker list", help: "Avid Media Composer marker list (Markers window > Import Markers), tab-separated" },
  { id: "premiere-markers", ext: "txt", write: premiereMarkerList, what: "Premiere Pro marker list", help: "Premiere Pro marker list: UTF-16, tab-separated, like Premiere's own export" },
  { id: "otio", ext: "otio", write: otioTimeline, what: "OpenTimelineIO timeline", help: "OpenTimelineIO: the cues as clips on a music track, the hits as their markers" },
  { id: "edl", ext: "edl", write: musicEdl, what: "music EDL (CMX 3600)", help: "a music EDL (CMX 3600): one audio event per cue, hits as * LOC: markers" },
];

export const exportFormat = (id: string): ExportFormat | undefined => EXPORT_FORMATS.find((f) => f.id === id);
