import { isDropFrame } from "../engine/frame-rate.js";
import { formatTimecode } from "../engine/timecode.js";
import type { ExportModel } from "./export-model.js";
import { avidColourOf, resolveColourOf } from "./marker-colours.js";
import { formatResolveMarkerNote } from "./resolve-marker-note.js";
import { cueMarkerText } from "./sprocket-tags.js";

/**
 * The marker formats the editing programs import: a DaVinci Resolve marker EDL, an Avid Media
 * Composer marker list, a Premiere Pro marker list. Each cue is a marker as long as the cue (bar 1 to
 * its end) tagged `Sprocket cue ID: title`; each hit a one-frame marker named for it.
 */

interface Marker {
  frame: number;
  duration: number;
  name: string;
  note: string;
  colour?: string;
}

/** Cues (as range markers) and hits, in frame order. */
function markersOf(m: ExportModel): Marker[] {
  const cues: Marker[] = m.cues.map((c) => ({ frame: c.from, duration: c.to - c.from, name: `${c.id}${c.title ? ` ${c.title}` : ""}`, note: cueMarkerText(c.id, c.title), colour: "green" }));
  const hits: Marker[] = m.hits.map((h) => ({ frame: h.frame, duration: 1, name: h.label, note: h.note ?? `${h.cue} bar ${h.bar} beat ${h.beat}`, ...(h.colour ? { colour: h.colour } : {}) }));
  return [...cues, ...hits].sort((a, b) => a.frame - b.frame || b.duration - a.duration);
}

/** DaVinci Resolve's marker EDL (Timeline > Import > Timeline Markers from EDL). */
export function resolveMarkerEdl(m: ExportModel): string {
  const df = isDropFrame(m.rate);
  const tc = (f: number) => formatTimecode(f, m.rate);
  const lines = [`TITLE: ${m.title || "Sprocket"} markers`, `FCM: ${df ? "DROP FRAME" : "NON-DROP FRAME"}`, ""];
  markersOf(m).forEach((k, i) => {
    const n = String(i + 1).padStart(3, "0");
    lines.push(`${n}  001      V     C        ${tc(k.frame)} ${tc(k.frame + 1)} ${tc(k.frame)} ${tc(k.frame + 1)}  `);
    lines.push(formatResolveMarkerNote({ note: k.note, colour: resolveColourOf(k.colour), name: k.name, duration: k.duration }));
    lines.push("");
  });
  return lines.join("\n");
}

/** Media Composer's marker list (Markers window > Import Markers): user, timecode, track, colour, comment, duration. */
export function avidMarkerList(m: ExportModel): string {
  return markersOf(m).map((k) => ["Sprocket", formatTimecode(k.frame, m.rate), "V1", avidColourOf(k.colour), k.duration > 1 ? k.note : k.name, String(k.duration)].join("\t") + "\n").join("");
}

/** Premiere Pro's marker list: UTF-16 LE with a byte-order mark, tab-separated, CRLF, a tab after each row. */
export function premiereMarkerList(m: ExportModel): Buffer {
  // Premiere writes drop-frame timecode with ";" throughout.
  const tc = (f: number) => (isDropFrame(m.rate) ? formatTimecode(f, m.rate).replace(/:/g, ";") : formatTimecode(f, m.rate));
  const rows = [["Marker Name", "Description", "In", "Out", "Duration", "Marker Type"]];
  for (const k of markersOf(m)) {
    const length = k.duration > 1 ? k.duration : 0;
    rows.push([k.name, k.note, tc(k.frame), tc(k.frame + length), tc(length), "Comment"]);
  }
  const text = rows.map((r) => r.join("\t") + "\t\r\n").join("");
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
}
