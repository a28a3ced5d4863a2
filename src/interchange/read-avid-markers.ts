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
 *
 * An editor who pressed Return in a comment leaves the line break inside the field (Media Composer
 * writes it as it is, a CR), so a record is a line that starts with a name and a timecode, plus any
 * lines after it that do not: those are the rest of its comment, read with the break as a space.
 */
export const AVID_COLOURS = ["red", "green", "blue", "cyan", "magenta", "yellow", "black", "white"] as const;

const TC = /^\d{1,2}[:;]\d{2}[:;]\d{2}[:;]\d{2}$/;

/** A marker record: its first line's number and its text (line breaks inside a comment kept as \n). */
interface MarkerRecord {
  line: number;
  text: string;
}

const startsRecord = (line: string) => {
  const f = line.split("\t");
  return f.length >= 3 && TC.test(f[1]!.trim());
};

/** Lines grouped into records: a line that starts with a name and a timecode, and the lines of its comment after it. */
function records(text: string): { records: MarkerRecord[]; stray: MarkerRecord[] } {
  const out: MarkerRecord[] = [];
  const stray: MarkerRecord[] = [];
  splitLines(text).forEach((line, i) => {
    const open = out[out.length - 1];
    if (startsRecord(line)) out.push({ line: i + 1, text: line });
    else if (open) open.text += "\n" + line;
    else if (line.trim()) stray.push({ line: i + 1, text: line });
  });
  return { records: out, stray };
}

/** True when the file is Avid marker records from its first line, each of five fields or more (how the format is recognised). */
export function looksLikeAvidMarkers(text: string): boolean {
  const { records: found, stray } = records(text);
  return found.length > 0 && !stray.length && found.every((r) => r.text.split("\t").length >= 5);
}

export function readAvidMarkers(text: string, file: string, rate: FrameRate): Timeline {
  const found = new Findings(file);
  const markers: TimelineMarker[] = [];
  const { records: grouped, stray } = records(text);
  for (const r of stray) found.error({ message: "This line is not an Avid marker line: it does not start with a name and a timecode.", expected: "user, timecode, track, colour, comment, duration (tab-separated)", received: JSON.stringify(r.text) }, r.line, 1);
  grouped.forEach(({ line, text: record }) => {
    const no = line;
    const fields = record.split("\t").map((f, k) => (k === 4 ? f.replace(/\s*\n\s*/g, " ") : f));
    const column = (k: number) => fields.slice(0, k).reduce((n, f) => n + f.length + 1, 1);
    if (fields.length < 5) {
      found.error({ message: `This line has ${fields.length} tab-separated field${fields.length === 1 ? "" : "s"}; an Avid marker line has six.`, expected: "user, timecode, track, colour, comment, duration (tab-separated)", received: JSON.stringify(record) }, no, 1);
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
