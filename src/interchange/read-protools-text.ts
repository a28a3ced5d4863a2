import { FRAME_RATES, type FrameRate } from "../engine/frame-rate.js";
import { Rational } from "../engine/rational.js";
import { driftWords } from "../engine/rate-match.js";
import { UserError } from "../errors.js";
import { Findings, splitLines } from "./findings.js";
import { labelFrame } from "./label-counting.js";
import type { Timeline, TimelineMarker } from "./model.js";

/**
 * Pro Tools' "Export Session Info as Text" (File > Export > Session Info as Text), tab-separated:
 *
 *   SESSION NAME:           Robin Hood Spotting
 *   SAMPLE RATE:            48000.000000
 *   SESSION START TIMECODE: 01:00:00;00          (subframes may follow: 01:00:00;00.00)
 *   TIMECODE FORMAT:        29.97 Drop Frame     (23.976 Frame, 24 Frame, 25 Frame, 29.97 Frame...)
 *   ...
 *   T R A C K  L I S T I N G
 *   TRACK NAME:  Hits
 *   CHANNEL  EVENT  CLIP NAME  START TIME  END TIME  DURATION  [TIMESTAMP]  STATE
 *   1        1      door slam  01:00:08:00 ...
 *   M A R K E R S  L I S T I N G
 *   #  LOCATION  TIME REFERENCE  UNITS  NAME  [TRACK NAME  TRACK TYPE]  COMMENTS
 *   1  01:00:00:00  0  Samples  {Title=...}  {Supv=...}
 *
 * LOCATION and the clips' times follow the session's main counter: timecode, min:secs (whole
 * seconds), samples, feet+frames or bars|beats. TIME REFERENCE is the marker's place in samples from
 * the session start (UNITS Samples; Ticks for a marker kept in bars and beats). A marker is placed by
 * its timecode LOCATION when it has one, else by its sample reference, exactly, on the frame that
 * holds that sample (what Pro Tools shows). Ruler and track markers (the newer TRACK NAME and TRACK
 * TYPE columns) are all read. With `track`, the clips of that track (a "Hits" track) are read as
 * markers too, at their start. The session states its rate: a project at another rate is refused.
 */

/** TIMECODE FORMAT's words, as Sprocket's rate names. */
const FORMATS: Record<string, string> = {
  "23.976": "23.976", "24": "24", "25": "25", "29.97": "29.97", "29.97 drop": "29.97df", "30": "30",
  "48": "48", "50": "50", "59.94": "59.94", "59.94 drop": "59.94df", "60": "60",
};

const TC = /^\d{1,2}[:;]\d{2}[:;]\d{2}[:;]\d{2}$/;
const SECTION = /^([A-Z#] )+ ?[A-Z]( [A-Z])*\s*$/;

interface Row {
  line: number;
  cells: Record<string, string>;
}

/** True when the text is a Pro Tools session text export (how the format is recognised). */
export function looksLikeProToolsText(text: string): boolean {
  const head = text.replace(/^\uFEFF/, "").slice(0, 4096);
  return /^SESSION NAME:\t/m.test(head) && /^TIMECODE FORMAT:\t/m.test(head);
}

/** A tab-separated table: its header row's names (trimmed, upper case) over each row until a blank line. */
function table(lines: string[], headerAt: number): Row[] {
  const names = lines[headerAt]!.split("\t").map((h) => h.trim().toUpperCase());
  const rows: Row[] = [];
  for (let i = headerAt + 1; i < lines.length && lines[i]!.trim(); i++) {
    const cells = lines[i]!.split("\t");
    rows.push({ line: i + 1, cells: Object.fromEntries(names.map((n, k) => [n, (cells[k] ?? "").trim()])) });
  }
  return rows;
}

export function readProToolsText(text: string, file: string, projectRate?: FrameRate, options: { track?: string } = {}): Timeline {
  const found = new Findings(file);
  const lines = splitLines(text);
  const header = new Map<string, { value: string; line: number }>();
  for (const [i, l] of lines.entries()) {
    if (!l.trim()) break;
    const m = /^([^:\t]+):\t?(.*)$/.exec(l);
    if (m) header.set(m[1]!.trim().toUpperCase(), { value: m[2]!.trim(), line: i + 1 });
  }
  const need = (key: string, example: string) => {
    const h = header.get(key);
    if (h) return h;
    throw new UserError({ message: `${file} has no ${key} line in its header.`, location: { file, line: 1 }, expected: `${key}:<TAB>${example}`, hint: "Export it again with File > Export > Session Info as Text." });
  };
  const format = need("TIMECODE FORMAT", "25 Frame");
  const fm = /^(\d+(?:\.\d+)?)\s*(Drop\s*)?Frame$/i.exec(format.value);
  const rateName = fm ? FORMATS[`${fm[1]}${fm[2] ? " drop" : ""}`] : undefined;
  if (!rateName) {
    throw new UserError({ message: `${file}'s TIMECODE FORMAT "${format.value}" is not a rate Sprocket works at${/^30\s*Drop/i.test(format.value) ? " (30 fps drop frame labels a pulled-up 29.97: set the session to 29.97 Drop Frame)" : ""}.`, location: { file, line: format.line }, expected: "23.976 Frame, 24 Frame, 25 Frame, 29.97 Frame, 29.97 Drop Frame, 30 Frame, 50, 59.94 (Drop) or 60 Frame" });
  }
  const fileRate = FRAME_RATES.find((r) => r.name === rateName)!;
  const rate = projectRate ?? fileRate;
  if (!rate.fps.eq(fileRate.fps)) {
    throw new UserError({
      message: `${file} is a ${fileRate.name} session, but the project is at ${rate.name}: their frames ${driftWords(fileRate.fps, rate)}.`,
      location: { file, line: format.line },
      expected: `TIMECODE FORMAT at ${rate.name}`,
      received: format.value,
      hint: "Check the project's rate (--fps, or fps in the cue file), or the session's (Setup > Session).",
    });
  }
  // The session's labels count as its TIMECODE FORMAT says (a 29.97 NDF session in a 29.97 DF project has the same frames).
  const counting = fileRate.dropPerMinute ? "df" : "ndf";
  const sampleRateText = need("SAMPLE RATE", "48000.000000");
  const sampleRate = Rational.parse(sampleRateText.value);
  if (!sampleRate || !sampleRate.gt(0)) throw new UserError({ message: `${file}'s SAMPLE RATE is not a number of samples a second.`, location: { file, line: sampleRateText.line }, expected: "48000.000000", received: JSON.stringify(sampleRateText.value) });
  // The session start, with hundredths of a frame where they are written (01:00:00;00.00).
  const startText = need("SESSION START TIMECODE", "01:00:00:00");
  const sm = /^(\d{1,2}[:;]\d{2}[:;]\d{2}[:;]\d{2})(?:\.(\d{1,2}))?$/.exec(startText.value);
  const startLabel = sm ? found.attempt(() => labelFrame(sm[1]!, rate, counting), "SESSION START TIMECODE", startText.line, 1) : undefined;
  if (!sm) found.error({ message: "The session start is not a timecode.", field: "SESSION START TIMECODE", expected: "HH:MM:SS:FF, e.g. 01:00:00:00", received: JSON.stringify(startText.value) }, startText.line, 1);
  found.throwIfAny();
  const start = Rational.of(startLabel!).add(Rational.of(Number(sm![2] ?? 0), 100));
  /** The frame that holds a sample (counted from the session start): exact, then floored. */
  const sampleFrame = (samples: Rational) => Number(start.add(samples.div(sampleRate).mul(rate.fps)).floor());
  const section = (title: string) => lines.findIndex((l) => SECTION.test(l) && l.replace(/ (?=\S)/g, "").replace(/\s+/g, " ").trim() === title);

  const markers: TimelineMarker[] = [];
  const markersAt = section("MARKERS LISTING");
  if (markersAt >= 0 && lines[markersAt + 1]?.startsWith("#")) {
    for (const row of table(lines, markersAt + 1)) {
      const c = row.cells;
      const location = c.LOCATION ?? "";
      const units = (c.UNITS ?? "").toLowerCase();
      const reference = /^\d+$/.test(c["TIME REFERENCE"] ?? "") ? Rational.of(BigInt(c["TIME REFERENCE"]!)) : undefined;
      let frame: number | undefined;
      if (TC.test(location)) {
        frame = found.attempt(() => labelFrame(location, rate, counting), "LOCATION", row.line, 1);
        if (frame !== undefined && reference && units === "samples" && sampleFrame(reference) !== frame) {
          found.warn(`Marker ${c["#"]} "${c.NAME}": its LOCATION ${location} and its TIME REFERENCE (${reference} samples, frame ${sampleFrame(reference) - frame > 0 ? "+" : ""}${sampleFrame(reference) - frame}) disagree; the LOCATION is used.`, row.line, 1);
        }
      } else if (reference && units === "samples") frame = sampleFrame(reference);
      else {
        found.error({ message: `Marker ${c["#"]} "${c.NAME}" has no timecode or sample position (LOCATION ${JSON.stringify(location)}, TIME REFERENCE in ${c.UNITS || "no units"}).`, field: "LOCATION", expected: "a timecode LOCATION, or a TIME REFERENCE in Samples", hint: "A marker kept in bars and beats has no fixed time without the tempo map: export with the main counter in timecode." }, row.line, 1);
      }
      if (frame !== undefined) markers.push({ frame, duration: 0, name: c.NAME ?? "", comment: c.COMMENTS ?? "", location: found.at(row.line, 1) });
    }
  }
  if (options.track !== undefined) markers.push(...trackClips(lines, options.track, file, found, (t) => clipFrame(t, rate, counting, sampleFrame)));
  found.throwIfAny();
  const title = header.get("SESSION NAME")?.value;
  return { format: "Pro Tools session text", file, ...(title ? { title } : {}), rate, fileRate: fileRate.fps, events: [], audioEvents: [], markers, warnings: found.warnings };
}

/** A clip's START TIME in the session's main counter: a timecode or samples, exactly; other counters are refused, saying why. */
function clipFrame(text: string, rate: FrameRate, counting: "df" | "ndf", sampleFrame: (s: Rational) => number): number {
  if (TC.test(text)) return labelFrame(text, rate, counting);
  if (/^\d+$/.test(text)) return sampleFrame(Rational.of(BigInt(text)));
  const counter = /^\d+:\d{2}(\.\d+)?$/.test(text) ? "min:secs, which gives whole seconds" : /\+/.test(text) ? "feet+frames" : /\|/.test(text) ? "bars|beats" : "a counter Sprocket does not read";
  throw new UserError({ message: `The clip's start ${JSON.stringify(text)} is in ${counter}: no exact frame.`, expected: "START TIME as timecode or samples", hint: "Set the main counter to Timecode (or Samples) and export the session text again." });
}

/** The clips of one track (TRACK LISTING), each a marker at its start named by the clip. */
function trackClips(lines: string[], name: string, file: string, found: Findings, frameOf: (t: string) => number): TimelineMarker[] {
  const tracks = lines.flatMap((l, i) => (/^TRACK NAME:\t/.test(l) ? [{ name: l.slice(l.indexOf("\t") + 1).trim(), line: i }] : []));
  const track = tracks.find((t) => t.name === name) ?? tracks.find((t) => t.name.toLowerCase() === name.toLowerCase());
  if (!track) throw new UserError({ message: `${file} has no track named "${name}".`, location: { file }, expected: `one of its tracks: ${tracks.map((t) => t.name).join(", ") || "(it lists none)"}` });
  const headerAt = lines.findIndex((l, i) => i > track.line && /^CHANNEL\s*\tEVENT/.test(l));
  if (headerAt < 0) return [];
  return table(lines, headerAt).flatMap((row) => {
    const frame = found.attempt(() => frameOf(row.cells["START TIME"] ?? ""), "START TIME", row.line, 1);
    return frame === undefined ? [] : [{ frame, duration: 0, name: row.cells["CLIP NAME"] ?? "", comment: "", location: found.at(row.line, 1) }];
  });
}
