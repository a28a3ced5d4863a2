import type { FrameRate } from "../engine/frame-rate.js";
import { Findings, splitLines } from "./findings.js";
import { labelFrame } from "./label-counting.js";
import type { Timeline, TimelineMarker } from "./model.js";

/**
 * Avid Media Composer's marker export (Markers window > Export Markers): a text file, one marker a
 * line, tab-separated, no header:
 *
 *   user <TAB> 01:02:30:00 <TAB> V1 <TAB> red <TAB> door opens <TAB> 1
 *
 * The first column is the marker's Name, which Media Composer fills with the user who made it, so
 * the comment (what the editor wrote) is the marker's text, and the first column is kept as its user. Newer versions add columns after the duration (read past).
 */
export const AVID_COLOURS = ["red", "green", "blue", "cyan", "magenta", "yellow", "black", "white"] as const;

const TC = /^\d{1,2}[:;]\d{2}[:;]\d{2}[:;]\d{2}$/;

/** True when every non-empty line has the shape of an Avid marker line (how the format is recognised). */
export function looksLikeAvidMarkers(text: string): boolean {
  const lines = splitLines(text).filter((l) => l.trim());
  return lines.length > 0 && lines.every((l) => {
    const f = l.split("\t");
    return f.length >= 5 && TC.test(f[1]!.trim());
  });
}

export function readAvidMarkers(text: string, file: string, rate: FrameRate): Timeline {
  const found = new Findings(file);
  const markers: TimelineMarker[] = [];
  splitLines(text).forEach((line, i) => {
    const no = i + 1;
    if (!line.trim()) return;
    const fields = line.split("\t");
    const column = (k: number) => fields.slice(0, k).reduce((n, f) => n + f.length + 1, 1);
    if (fields.length < 5) {
      found.error({ message: `This line has ${fields.length} tab-separated field${fields.length === 1 ? "" : "s"}; an Avid marker line has six.`, expected: "user, timecode, track, colour, comment, duration (tab-separated)", received: JSON.stringify(line) }, no, 1);
      return;
    }
    const [user, tc, , colour, comment, duration] = fields.map((f) => f.trim()) as [string, string, string, string, string, string | undefined];
    const frame = found.attempt(() => labelFrame(tc, rate, undefined), "timecode", no, column(1));
    if (colour && !(AVID_COLOURS as readonly string[]).includes(colour.toLowerCase())) {
      found.warn(`Marker colour "${colour}" is not one of Media Composer's (${AVID_COLOURS.join(", ")}); it is kept as written.`, no, column(3));
    }
    let frames = 1;
    if (duration !== undefined && duration !== "") {
      if (!/^\d+$/.test(duration)) found.error({ message: "The marker's duration is not a whole number of frames.", field: "duration", expected: "frames, e.g. 1", received: JSON.stringify(duration) }, no, column(5));
      else frames = Number(duration);
    }
    if (frame === undefined) return;
    markers.push({ frame, duration: frames, name: "", comment, user, ...(colour ? { colour } : {}), location: found.at(no, 1) });
  });
  found.throwIfAny();
  return { format: "Avid marker list", file, rate, events: [], audioEvents: [], markers, warnings: found.warnings };
}
