import type { FrameRate } from "../engine/frame-rate.js";
import { Findings, splitLines } from "./findings.js";
import { labelFrame } from "./label-counting.js";
import type { Timeline, TimelineMarker } from "./model.js";

/**
 * Premiere Pro's marker export (File > Export > Markers, as text): UTF-16 LE with a byte-order mark,
 * tab-separated, CRLF, a tab after the last column, and a header line in the user's language
 * ("Marker Name", "Markername", "マーカー名"...). Columns are read by position: name, description,
 * in, out, duration, type. Drop-frame timecodes are written with `;` throughout (`00;00;05;12`).
 */
const TC = /^\d{1,2}[:;]\d{2}[:;]\d{2}[:;]\d{2}$/;

/** Decodes the file's bytes: UTF-16 LE (or BE) by its byte-order mark, else UTF-8. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  return new TextDecoder("utf-8").decode(bytes).replace(/^\uFEFF/, "");
}

/** True for text shaped like Premiere's marker list: tab-separated rows whose third and fourth fields are timecodes. */
export function looksLikePremiereMarkers(text: string): boolean {
  const rows = splitLines(text).filter((l) => l.trim()).map((l) => l.split("\t"));
  const body = rows.length > 1 && !TC.test(rows[0]![2]?.trim() ?? "") ? rows.slice(1) : rows;
  return body.length > 0 && rows[0]!.length >= 6 && body.every((r) => r.length >= 5 && TC.test(r[2]!.trim()) && TC.test(r[3]!.trim()));
}

export function readPremiereMarkers(text: string, file: string, rate: FrameRate): Timeline {
  const found = new Findings(file);
  const markers: TimelineMarker[] = [];
  const lines = splitLines(text);
  const header = lines[0]?.split("\t") ?? [];
  const hasHeader = !TC.test(header[2]?.trim() ?? "");
  lines.forEach((line, i) => {
    const no = i + 1;
    if (!line.trim() || (hasHeader && i === 0)) return;
    const fields = line.split("\t");
    const column = (k: number) => fields.slice(0, k).reduce((n, f) => n + f.length + 1, 1);
    if (fields.length < 5) {
      found.error({ message: `This row has ${fields.length} tab-separated field${fields.length === 1 ? "" : "s"}; a Premiere marker row has six.`, expected: "name, description, in, out, duration, type (tab-separated)", received: JSON.stringify(line) }, no, 1);
      return;
    }
    const [name, description, inText, outText] = fields.map((f) => f.trim()) as [string, string, string, string];
    const frame = found.attempt(() => labelFrame(inText, rate, undefined), "in", no, column(2));
    const out = found.attempt(() => labelFrame(outText, rate, undefined), "out", no, column(3));
    if (frame === undefined || out === undefined) return;
    if (out < frame) {
      found.error({ message: "The marker's out comes before its in.", field: "out", expected: `a timecode from ${inText}`, received: JSON.stringify(outText) }, no, column(3));
      return;
    }
    markers.push({ frame, duration: out - frame, name, comment: description, location: found.at(no, 1) });
  });
  found.throwIfAny();
  return { format: "Premiere Pro marker list", file, rate, events: [], audioEvents: [], markers, warnings: found.warnings };
}
