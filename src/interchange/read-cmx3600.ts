import { Rational } from "../engine/rational.js";
import type { FrameRate } from "../engine/frame-rate.js";
import { framesPerDay } from "../engine/timecode.js";
import { UserError } from "../errors.js";
import { Findings, splitLines, tokensWithColumns } from "./findings.js";
import { labelFrame, type LabelCounting } from "./label-counting.js";
import type { EditEvent, SourceRef, Timeline, TimelineMarker, Transition } from "./model.js";
import { parseResolveMarkerNote } from "./resolve-marker-note.js";

/**
 * A CMX 3600 edit decision list, as Avid, Premiere, Resolve, Nucoda and others write it:
 *
 *   001  ZZ100_50 V     C        01:00:04:05 01:00:05:12 00:59:53:11 00:59:54:18
 *   * FROM CLIP NAME:  take_1
 *   005  AX       V     D    070 00:59:58:21 01:00:05:14 00:01:54:17 00:02:01:10
 *   M2   Z682_156       000.0                01:00:10:21
 *   * LOC: 01:00:01:14 RED     ANIM FIX NEEDED
 *
 * Event numbers of 1 to 6 digits; reels of any length; tabs or spaces; `;` labels. The FCM line
 * before the first event says how the sequence (record side) counts; an FCM line between events is
 * how Avid says the next sources' tapes count differently, so it changes the source timecodes after
 * it and never the record side (OTIO's adapter and other readers agree). A source timecode that is no
 * label at the project's rate (a 30 fps recorder in a 23.976 list) is a warning: import reads the
 * record side only, and conform refuses that event. dissolves `D nnn`, wipes `Wnnn nnn`, keys;
 * M2 speed lines (000.0 is a freeze, negative reversed); source identity from FROM CLIP NAME,
 * SOURCE FILE, FROM CLIP, FROM FILE comments, else the reel (widened by an Avid `>>> SOURCE` table);
 * Avid `* LOC:` markers at record timecode, or Avid's marker table after the events (a "Marker
 * Metadata" heading, then a row a marker); DaVinci Resolve's marker EDL (one-frame events with a
 * `note |C:ResolveColorBlue |M:name |D:1` line). Audio-only events are kept apart from the picture.
 * Comment lines it does not know are kept as comments. The file has no frame rate: `rate` gives it.
 */

interface EventLine {
  line: number;
  number: string;
  reel: string;
  channels: string;
  code: string;
  frames?: number;
  srcIn: number;
  srcOut: number;
  recIn: number;
  recOut: number;
  /** Why the source timecodes did not read at the project's rate. */
  unread?: string;
}

interface Group {
  number: string;
  lines: EventLine[];
  comments: { line: number; text: string }[];
  /** entry: the source frame the M2 line enters at (undefined where its label does not read at this rate). */
  m2: { line: number; reel: string; speed: Rational; entry: number | undefined }[];
}

const TC = /^\d{1,2}[:;]\d{2}[:;]\d{2}[:;]\d{2}$/;
const CHANNELS = /^(V\d*|B|NONE|(A\d*|AA)(\/V)?|V\/(A\d*|AA)|A\d*V)$/i;
const isVideo = (channels: string) => /V|^B$/i.test(channels);
const BLACK_REELS = /^(BL|BLK|BLACK)$/i;
/** Colours that Avid, Resolve and Premiere write after a LOC timecode. */
const LOC_COLOURS = /^(red|green|blue|cyan|magenta|yellow|black|white|pink|purple|orange|fuchsia|rose|lavender|sky|mint|lemon|sand|cocoa|cream|violet|brown|gray|grey)$/i;

export function readCmx3600(text: string, file: string, rate: FrameRate): Timeline {
  const found = new Findings(file);
  const events: EditEvent[] = [];
  const audioEvents: EditEvent[] = [];
  const markers: TimelineMarker[] = [];
  const sourceTable = new Map<string, string>();
  let title: string | undefined;
  /** The sequence's counting (the FCM before the first event), and the sources' (the latest FCM). */
  let recordCounting: LabelCounting;
  let sourceCounting: LabelCounting;
  let seenEvent = false;
  let markerTable = false;
  let tableHasDuration = false;
  let group: Group | undefined;
  const day = framesPerDay(rate);

  const tc = (label: string, field: string, line: number, column: number) => found.attempt(() => labelFrame(label, rate, recordCounting), field, line, column);
  const sourceTc: SourceTc = (label) => {
    try {
      return { frame: labelFrame(label, rate, sourceCounting) };
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      return { why: e.problems[0]!.message };
    }
  };

  const close = () => {
    if (group) closeGroup(group, found, events, audioEvents, markers, rate);
    group = undefined;
  };

  splitLines(text).forEach((raw, i) => {
    const no = i + 1;
    const line = raw.trimEnd();
    const trimmed = line.trim();
    if (!trimmed) return;
    const upper = trimmed.toUpperCase();
    if (upper.startsWith("TITLE:")) {
      if (title === undefined) title = trimmed.slice(6).trim();
      return;
    }
    if (upper.startsWith("FCM:")) {
      const value = upper.slice(4).trim().replace(/\s+/g, " ");
      const set = (c: LabelCounting) => {
        sourceCounting = c;
        if (!seenEvent) recordCounting = c;
      };
      if (/^(DROP FRAME|DF|DROP)$/.test(value)) {
        set("df");
        found.attempt(() => labelFrame("00:00:00;02", rate, "df"), "FCM", no, 1);
      } else if (/^(NON[- ]?DROP FRAME|NDF|NON[- ]?DROP)$/.test(value)) set("ndf");
      else found.error({ message: `Unknown frame code mode "${trimmed.slice(4).trim()}".`, field: "FCM", expected: "FCM: DROP FRAME or FCM: NON-DROP FRAME", received: JSON.stringify(trimmed) }, no, 1);
      return;
    }
    if (upper.startsWith(">>>")) {
      const m = /^>>>\s*SOURCE\s+(\S+)\s+(\S+)/i.exec(trimmed);
      if (m) sourceTable.set(m[1]!, m[2]!);
      return;
    }
    if (/^\d+\s/.test(trimmed) || /^\d+$/.test(trimmed)) {
      seenEvent = true;
      const ev = readEventLine(line, no, found, tc, sourceTc);
      if (!ev) return;
      if (group && group.number === ev.number) group.lines.push(ev);
      else {
        close();
        group = { number: ev.number, lines: [ev], comments: [], m2: [] };
      }
      return;
    }
    if (/^M2\s/i.test(trimmed)) {
      const toks = tokensWithColumns(line);
      const speedAt = toks.length - 2;
      const entry = toks[toks.length - 1];
      const speedText = toks[speedAt]?.text ?? "";
      if (toks.length < 4 || !TC.test(entry!.text) || !/^[+-]?\d+(\.\d+)?$/.test(speedText)) {
        found.error({ message: "This M2 (speed) line does not read.", field: "M2", expected: "M2 REEL SPEED ENTRY-TIMECODE, e.g. M2   A001C003       048.0    01:00:10:00", received: JSON.stringify(trimmed) }, no, 1);
        return;
      }
      if (!group) {
        found.error({ message: "An M2 (speed) line comes before any event.", field: "M2", expected: "the M2 line after the event it changes" }, no, 1);
        return;
      }
      const at = sourceTc(entry!.text).frame;
      const reel = toks.slice(1, speedAt).map((t) => t.text).join(" ");
      const speed = Rational.parse(speedText)!.div(rate.nominal);
      group.m2.push({ line: no, reel, speed, entry: at });
      return;
    }
    // Avid can write its markers as a table at the end of the list (a "Marker Metadata" heading, then
    // a row a marker) instead of LOC lines: each row read as user, timecode, track, colour, comment.
    if (/^\W*MARKERS?\s+(METADATA|LIST)\b/i.test(trimmed)) {
      close();
      markerTable = true;
      return;
    }
    if (markerTable) {
      const row = markerTableRow(line, tableHasDuration);
      if (row === "header") {
        tableHasDuration ||= /\bDURATION\b/i.test(line);
        return;
      }
      if (!row) {
        found.warn(`This line of the marker table has no timecode; it is left out.`, no, 1);
        return;
      }
      const frame = tc(row.tc, "marker timecode", no, row.column);
      if (frame !== undefined) markers.push({ frame, duration: row.duration, name: "", comment: row.comment, ...(row.user ? { user: row.user } : {}), ...(row.colour ? { colour: row.colour } : {}), location: found.at(no, 1) });
      return;
    }
    const loc = /^\*\s*LOC:\s*(\S+)\s*(.*)$/i.exec(trimmed);
    if (loc) {
      const frame = tc(loc[1]!, "LOC timecode", no, line.indexOf(loc[1]!) + 1);
      const rest = loc[2]!.trim();
      const first = rest.split(/\s+/)[0] ?? "";
      const colour = LOC_COLOURS.test(first) ? first : undefined;
      const comment = (colour ? rest.slice(first.length) : rest).trim();
      if (frame !== undefined) markers.push({ frame, duration: 0, name: "", comment, ...(colour ? { colour } : {}), location: found.at(no, 1) });
      return;
    }
    // Anything else is a comment: on the event it follows, or on the file.
    if (group) group.comments.push({ line: no, text: trimmed.replace(/^\*\s?/, "").trim() });
  });
  close();
  found.throwIfAny();
  // An Avid source table (usually at the end) gives each 8-character reel its full name.
  for (const e of [...events, ...audioEvents]) if (e.source.reel && sourceTable.has(e.source.reel)) e.source.reel = sourceTable.get(e.source.reel);
  for (const e of [...events, ...audioEvents]) {
    // A record out before its in crossed midnight (23:59:59:00 to 00:00:01:00): count on into the next day.
    if (e.recordOut < e.recordIn) e.recordOut += day;
  }
  return { format: "CMX 3600 EDL", file, ...(title !== undefined ? { title } : {}), rate, events, audioEvents, markers, warnings: found.warnings };
}

type SourceTc = (label: string) => { frame?: number; why?: string };

/**
 * A row of Avid's marker table: the user (what comes before the timecode), the timecode, a track
 * (V1, A2...), a colour, the comment, and a duration in frames when the row ends with a number.
 * Columns may be tabs or runs of spaces. "header" for the table's own column names.
 */
function markerTableRow(line: string, hasDuration: boolean): { user: string; tc: string; column: number; colour?: string; comment: string; duration: number } | "header" | undefined {
  const tcMatch = /\d{1,2}[:;]\d{2}[:;]\d{2}[:;]\d{2}/.exec(line);
  if (!tcMatch) return /\b(NAME|TIMECODE|TC|COLOU?R|COMMENT)\b/i.test(line) || /^[\s*=-]*$/.test(line) ? "header" : undefined;
  const user = line.slice(0, tcMatch.index).replace(/^[\s*]+/, "").trim();
  const rest = line.slice(tcMatch.index + tcMatch[0].length).split(/\t|\s{2,}/).map((x) => x.trim()).filter(Boolean);
  if (rest[0] && /^(V|A)\d*$/i.test(rest[0])) rest.shift(); // the track the marker is on
  const colour = rest[0] && LOC_COLOURS.test(rest[0]) ? rest.shift() : undefined;
  // The last column is the duration where the header names one (else where a number follows the comment).
  const duration = (hasDuration || rest.length > 1) && /^\d+$/.test(rest[rest.length - 1] ?? "") ? Number(rest.pop()) : 1;
  return { user, tc: tcMatch[0], column: tcMatch.index + 1, ...(colour ? { colour } : {}), comment: rest.join(" "), duration };
}

/** An EDL event line: an event number, a reel, a track, a transition, four timecodes (how an EDL is recognised). */
export function isEventLine(line: string): boolean {
  const t = line.trim().split(/\s+/);
  return t.length >= 8 && /^\d{1,6}$/.test(t[0]!) && t.slice(-4).every((x) => TC.test(x));
}

function readEventLine(line: string, no: number, found: Findings, tc: (label: string, field: string, line: number, column: number) => number | undefined, sourceTc: SourceTc): EventLine | undefined {
  const toks = tokensWithColumns(line);
  const bad = (why: string, column = 1) =>
    found.error({ message: `This event line ${why}.`, field: "event", expected: "EVENT REEL CHANNELS TRANSITION SOURCE-IN SOURCE-OUT RECORD-IN RECORD-OUT, e.g. 001  A001C003 V     C        01:00:10:00 01:00:12:00 01:00:00:00 01:00:02:00", received: JSON.stringify(line.trim()) }, no, column);
  if (toks.length < 8) return bad("has too few fields");
  const times = toks.slice(-4);
  const notTc = times.find((t) => !TC.test(t.text));
  if (notTc) return bad(`does not end with four timecodes ("${notTc.text}" is not one)`, notTc.column);
  if (!/^\d{1,6}$/.test(toks[0]!.text)) return bad(`has an event number of ${toks[0]!.text.length} digits (1 to 6 are read)`);
  // The transition, read from the right: C | D nnn | Wnnn nnn | K[B|O] [nnn].
  let t = toks.length - 5;
  let frames: number | undefined;
  if (/^\d{1,4}$/.test(toks[t]!.text) && t >= 4) {
    frames = Number(toks[t]!.text);
    t--;
  }
  let code = toks[t]!.text.toUpperCase();
  if (code === "B" && toks[t - 1]?.text.toUpperCase() === "K" && t - 1 >= 3) {
    code = "KB";
    t--;
  }
  if (!/^(C|D|W\d{3}|K|KB|KO)$/.test(code)) return bad(`has no transition where one belongs ("${toks[t]!.text}"; expected C, D, Wnnn or K)`, toks[t]!.column);
  if (code === "C" && frames !== undefined) return bad(`gives a cut a length (${frames})`, toks[t + 1]!.column);
  if (code !== "C" && code[0] !== "K" && frames === undefined) return bad(`has a ${code === "D" ? "dissolve" : "wipe"} without its length in frames`, toks[t]!.column);
  const channels = toks[t - 1]!;
  if (t - 1 < 2 || !CHANNELS.test(channels.text)) return bad(`has no track where one belongs ("${channels.text}"; expected V, A, A2, AA, B...)`, channels.column);
  const reel = toks.slice(1, t - 1).map((x) => x.text).join(" ");
  const [recIn, recOut] = [tc(times[2]!.text, "record in", no, times[2]!.column), tc(times[3]!.text, "record out", no, times[3]!.column)];
  // The source side only matters to conform: a source label that does not exist here is said, not refused.
  const [src0, src1] = [sourceTc(times[0]!.text), sourceTc(times[1]!.text)];
  const unread = src0.why ? `source in ${times[0]!.text}: ${src0.why}` : src1.why ? `source out ${times[1]!.text}: ${src1.why}` : undefined;
  if (unread) found.warn(`Event ${toks[0]!.text}: its ${unread.replace(/\.$/, "")} (a source recorded at another rate?). Its record side is read; conform cannot follow it.`, no, (src0.why ? times[0] : times[1])!.column);
  if (recIn === undefined || recOut === undefined) return undefined;
  const srcIn = src0.frame ?? 0;
  const srcOut = src1.frame ?? srcIn + (recOut - recIn);
  return { line: no, number: toks[0]!.text, reel, channels: channels.text.toUpperCase(), code, ...(frames !== undefined ? { frames } : {}), srcIn, srcOut, recIn, recOut, ...(unread ? { unread } : {}) };
}

const keyed = (text: string, key: string) => (text.length >= key.length && text.slice(0, key.length).toUpperCase() === key ? text.slice(key.length).trim() : undefined);

/** Turns one event number's lines and comments into events (or into a Resolve marker). */
function closeGroup(g: Group, found: Findings, events: EditEvent[], audioEvents: EditEvent[], markers: TimelineMarker[], rate: FrameRate): void {
  const resolve = g.comments.map((c) => ({ c, note: parseResolveMarkerNote(c.text) })).find((x) => x.note);
  if (resolve?.note) {
    const first = g.lines[0]!;
    const n = resolve.note;
    markers.push({ frame: first.recIn, duration: n.duration, name: n.name, comment: n.note, ...(n.colour ? { colour: n.colour } : {}), location: found.at(first.line, 1) });
    return;
  }
  const fromNames = g.comments.map((c) => keyed(c.text, "FROM CLIP NAME:")).filter((x): x is string => !!x);
  const toNames = g.comments.map((c) => keyed(c.text, "TO CLIP NAME:")).filter((x): x is string => !!x);
  const files = g.comments.map((c) => keyed(c.text, "SOURCE FILE:") ?? keyed(c.text, "FROM FILE:") ?? keyed(c.text, "FROM CLIP:")).filter((x): x is string => !!x);
  const comments = g.comments.filter((c) => !/^(FROM CLIP NAME|TO CLIP NAME|SOURCE FILE|FROM FILE|FROM CLIP):/i.test(c.text)).map((c) => c.text);
  const pair = g.lines.length === 2 && g.lines[1]!.code !== "C";
  // Each M2 line goes to the line of its reel, in order; the outgoing side of a transition takes one
  // too (its speed through the mix). Where both sides share a reel and one M2 names it, it is the incoming side's.
  const m2Of = new Map<number, number>();
  g.lines.forEach((l, k) => {
    const mine = g.m2.map((_, i) => i).filter((i) => g.m2[i]!.reel === l.reel && ![...m2Of.values()].includes(i));
    const later = g.lines.slice(k + 1).some((x) => x.reel === l.reel);
    if (mine.length && !(later && mine.length === 1)) m2Of.set(k, mine[0]!);
  });
  const usedM2 = new Set(m2Of.values());
  g.lines.forEach((l, k) => {
    const toSide = pair && k === 1;
    const zero = l.recIn === l.recOut;
    if (zero && l.code === "C") return; // the outgoing side of a transition, already on screen from the event before
    // FROM CLIP NAME names the first line's shot, TO CLIP NAME the incoming one. Files go in order:
    // one to every line where each line has its own (Avid writes a SOURCE FILE after each line of a
    // dissolve pair), else to the lines that are events (a zero-length outgoing side is not one).
    const clip = toSide ? toNames[0] : fromNames[0];
    const eventLines = g.lines.filter((x) => !(x.recIn === x.recOut && x.code === "C"));
    const file = files.length === g.lines.length ? files[k] : files[eventLines.indexOf(l)];
    const source: SourceRef = { reel: l.reel };
    if (clip) source.clip = clip;
    if (file) source.file = file;
    if (BLACK_REELS.test(l.reel)) source.black = true;
    const m2i = m2Of.get(k);
    const m2 = m2i !== undefined ? g.m2[m2i] : undefined;
    const recFrames = l.recOut - l.recIn;
    // Avid marks a source shot at another rate (and played at it, with no M2) with a comment such as "48FPS".
    const fpsNote = m2 || l.unread ? undefined : g.comments.map((c) => c.text).map((c) => /(?:^|[^\w.])(\d{2,3}(?:\.\d+)?)\s*FPS\b/i.exec(c)?.[1]).find(Boolean);
    const noted = fpsNote ? Rational.parse(fpsNote)!.div(rate.nominal) : undefined;
    let speed: Rational | null = m2 ? m2.speed : Rational.ONE;
    if (noted && !noted.eq(1) && isVideo(l.channels)) {
      if (Rational.of(recFrames).mul(noted).round() === BigInt(l.srcOut - l.srcIn)) speed = noted;
      else found.warn(`Event ${l.number}: a comment says ${fpsNote} FPS, but the source lasts ${l.srcOut - l.srcIn} frames for ${recFrames} recorded (not ${noted.toDecimal(3)} times as many); it is read at speed 1.`, l.line, 1);
    }
    if (!m2 && speed === Rational.ONE && l.srcOut - l.srcIn !== recFrames && isVideo(l.channels) && !source.black) {
      found.warn(`Event ${l.number}: the source lasts ${l.srcOut - l.srcIn} frames and the record ${recFrames}, with no M2 speed line. Sprocket follows the record side from the source in point.`, l.line, 1);
    }
    if (m2 && m2.entry !== undefined && !l.unread && m2.entry !== l.srcIn) found.warn(`Event ${l.number}: the M2 line enters the source at another frame than the event's source in; the source in is used.`, m2.line, 1);
    let transition: Transition | undefined;
    if (l.code !== "C") {
      const frames = l.frames ?? 0;
      transition = { kind: l.code === "D" ? "dissolve" : l.code[0] === "W" ? "wipe" : "key", from: l.recIn, to: l.recIn + Math.min(frames, recFrames), code: l.code };
      if (frames > recFrames) found.warn(`Event ${l.number}: the ${transition.kind} lasts ${frames} frames, longer than the event (${recFrames}).`, l.line, 1);
    }
    const event: EditEvent = {
      id: l.number,
      track: isVideo(l.channels) ? "V" : l.channels,
      recordIn: l.recIn,
      recordOut: l.recOut,
      source,
      sourceIn: l.srcIn,
      sourceOut: l.srcOut,
      ...(l.unread ? { sourceUnread: `its ${l.unread.replace(/\.$/, "")}` } : {}),
      speed,
      ...(transition ? { transition } : {}),
      comments,
      location: found.at(l.line, 1),
    };
    (isVideo(l.channels) ? events : audioEvents).push(event);
  });
  g.m2.forEach((m, i) => {
    if (!usedM2.has(i)) found.error({ message: `This M2 line names reel "${m.reel}", but event ${g.number} has ${g.lines.map((l) => `"${l.reel}"`).join(" and ")}.`, field: "M2", expected: "the reel of the event it changes" }, m.line, 1);
  });
}
