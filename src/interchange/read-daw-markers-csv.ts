import type { FrameRate } from "../engine/frame-rate.js";
import { Rational } from "../engine/rational.js";
import { UserError } from "../errors.js";
import { parseCsv, type Cell } from "./csv.js";
import { Findings } from "./findings.js";
import { labelFrame } from "./label-counting.js";
import type { Timeline, TimelineMarker } from "./model.js";

/**
 * Marker lists a DAW exports as CSV, the columns found by their names:
 *
 *   REAPER (Region/Marker Manager > Export):  #,Name,Start,End,Length
 *                                             M1,door slam,01:00:10:12,,
 *                                             R1,3M2 chase,01:01:00:00,01:01:45:00,00:00:45:00
 *   Cubase / Nuendo (Markers window export):  a "Position" column (and End, Length), a Name or
 *                                             Description column, an ID or # column
 *
 * Times follow the program's time display: timecode (HH:MM:SS:FF, `;` for drop frame, subframes after
 * a `.` ignored) or minutes and seconds (H:MM:SS.mmm, M:SS.mmm, as the ruler shows them: seconds from
 * 00:00:00:00), placed on the frame that holds that instant. Bars and beats, and bare numbers
 * (samples or seconds?), have no frame without more of the project: refused, saying how to export.
 * A region (an end, or an R id) becomes a marker with a length. The file states no frame rate.
 */
const COLUMNS = {
  id: /^(#|id|no|number|marker#|markerid)$/,
  name: /^(name|description|marker|markername|label|text)$/,
  start: /^(start|position|time|location|in|startposition)$/,
  end: /^(end|endposition|out)$/,
} as const;

const normal = (h: string) => h.toLowerCase().replace(/[^a-z0-9#]/g, "");

/** The header's columns, or undefined when it is not a DAW marker list. */
function columnsOf(header: Cell[]): Partial<Record<keyof typeof COLUMNS, number>> | undefined {
  const index: Partial<Record<keyof typeof COLUMNS, number>> = {};
  header.forEach((cell, i) => {
    const key = (Object.keys(COLUMNS) as (keyof typeof COLUMNS)[]).find((k) => COLUMNS[k].test(normal(cell.text)));
    if (key && index[key] === undefined) index[key] = i;
  });
  const names = header.map((c) => normal(c.text));
  // REAPER's header, or a header with a Position column (Cubase's word; spotting notes say In or Start).
  const reaper = names.slice(0, 5).join(",") === "#,name,start,end,length";
  return (reaper || names.includes("position")) && index.start !== undefined && index.name !== undefined ? index : undefined;
}

export function looksLikeDawMarkers(text: string): boolean {
  const firstLine = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  return /[,;\t]/.test(firstLine) && columnsOf(parseCsv(firstLine)[0] ?? []) !== undefined;
}

/** The frame holding a time as the DAW displays it, or a refusal that says how to export instead. */
function frameOf(text: string, rate: FrameRate): number {
  const t = text.trim();
  const tc = /^(\d{1,2}[:;]\d{2}[:;]\d{2}[:;]\d{2})(?:\.\d+)?$/.exec(t);
  if (tc) return labelFrame(tc[1]!, rate, undefined);
  const clock = /^(?:(\d+):)?(\d{1,2}):(\d{2}(?:\.\d+)?)$/.exec(t);
  const seconds = clock ? Rational.parse(clock[3]!)!.add(Number(clock[2]) * 60).add(Number(clock[1] ?? 0) * 3600) : /^\d+\.\d+$/.test(t) ? Rational.parse(t)! : undefined;
  if (seconds) return Number(seconds.mul(rate.fps).floor());
  const musical = /^\d+\s*\.\s*\d+\s*\.\s*\d+/.test(t) || /\|/.test(t);
  throw new UserError({
    message: musical ? `"${t}" is a musical position (bars and beats): it has no frame without the project's tempo map.` : `"${t}" is not a time Sprocket can place on a frame${/^\d+$/.test(t) ? " (a bare number: samples or seconds?)" : ""}.`,
    expected: "timecode (01:00:10:12) or minutes and seconds (1:00:10.500)",
    hint: "Set the program's time display to Timecode (or Minutes:Seconds) and export the markers again.",
  });
}

export function readDawMarkersCsv(text: string, file: string, rate: FrameRate): Timeline {
  const found = new Findings(file);
  const rows = parseCsv(text);
  const index = columnsOf(rows[0] ?? []);
  if (!index) throw new UserError({ message: `${file} is not a DAW marker list: its header names no start (or position) and name columns.`, location: { file, line: 1 } });
  const markers: TimelineMarker[] = [];
  const cell = (row: Cell[], k: keyof typeof COLUMNS) => (index[k] === undefined ? undefined : row[index[k]!]);
  for (const row of rows.slice(1)) {
    const start = cell(row, "start");
    if (!start?.text) {
      found.error({ message: "This marker has no start.", field: "Start", expected: "a timecode such as 01:00:10:12" }, row[0]?.line, 1);
      continue;
    }
    const from = found.attempt(() => frameOf(start.text, rate), "Start", start.line, start.column);
    const endCell = cell(row, "end");
    const to = endCell?.text ? found.attempt(() => frameOf(endCell.text, rate), "End", endCell.line, endCell.column) : undefined;
    if (from === undefined) continue;
    if (to !== undefined && to < from) found.warn(`The region "${cell(row, "name")?.text ?? ""}" ends before it starts; it is read as a point.`, endCell!.line, endCell!.column);
    markers.push({ frame: from, duration: to !== undefined && to > from ? to - from : 0, name: cell(row, "name")?.text ?? "", comment: "", location: found.at(start.line, 1) });
  }
  found.throwIfAny();
  return { format: "DAW marker list (CSV)", file, rate, events: [], audioEvents: [], markers, warnings: found.warnings };
}
