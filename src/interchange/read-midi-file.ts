import midiFile from "midi-file";
import { UserError } from "../errors.js";
import { isRmid } from "./detect-format.js";
import { readBytes } from "./read-timeline-file.js";

/**
 * The parts of a Standard MIDI File that make a tempo map, at absolute ticks. Format 0 and 1 files
 * are one sequence (all tracks merged, since DAWs put tempo and markers in other tracks than the
 * first); a format 2 file holds independent sequences, one a track, and one of them is read.
 */
export interface MidiTempoData {
  ppq: number;
  format: number;
  /** Sequences in the file (format 2: its tracks; else 1), and the one read (1-based). */
  sequences: number;
  sequence: number;
  tempos: { tick: number; usPerQuarter: number }[];
  /** `thirtyseconds`: notated 32nd notes in a MIDI quarter note (24 clocks); 8 almost always. */
  meters: { tick: number; numerator: number; denominator: number; clocksPerClick: number; thirtyseconds: number }[];
  markers: { tick: number; text: string }[];
  cuePoints: { tick: number; text: string }[];
  texts: { tick: number; text: string }[];
  trackName?: string;
  smpte?: { frameRate: 24 | 25 | 29 | 30; hour: number; min: number; sec: number; frame: number; subFrame: number };
  /** The last tick with anything in it: a note's end, any event, or End of Track. */
  lastTick: number;
}

type AnyEvent = { deltaTime: number; type: string; [k: string]: unknown };

/** Parses a file's bytes as a Standard MIDI File; `sequence` picks a format 2 file's sequence (1-based). */
export function readMidiTempoData(path: string, sequence = 1, raw: Buffer = readBytes(path)): MidiTempoData {
  const bytes = unwrapRmid(raw, path);
  checkChunks(bytes, path, raw.length - bytes.length);
  let parsed: { header: { format: number; ticksPerBeat?: number; framesPerSecond?: number }; tracks: AnyEvent[][] };
  try {
    parsed = midiFile.parseMidi(bytes) as never;
  } catch (e) {
    // midi-file throws strings for malformed data.
    const why = typeof e === "string" ? e : e instanceof Error ? e.message : String(e);
    throw new UserError({ message: `${path} is not a Standard MIDI File Sprocket can read: ${why}.`, location: { file: path }, expected: "a .mid file exported from a DAW or notation program" });
  }
  if (!parsed.header.ticksPerBeat) {
    throw new UserError({
      message: `${path} counts time in SMPTE frames, not beats, so it holds no tempo map.`,
      location: { file: path },
      hint: "Export the tempo map from your DAW with a ticks-per-quarter (PPQ) resolution, e.g. 960.",
    });
  }
  const format = parsed.header.format;
  const sequences = format === 2 ? parsed.tracks.length : 1;
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > Math.max(1, sequences)) {
    throw new UserError({ message: `${path} holds ${sequences} sequence${sequences === 1 ? "" : "s"}: there is no sequence ${sequence}.`, expected: `--sequence from 1 to ${Math.max(1, sequences)}` });
  }
  const tracks = format === 2 ? parsed.tracks.slice(sequence - 1, sequence) : parsed.tracks;
  const data: MidiTempoData = { ppq: parsed.header.ticksPerBeat, format, sequences, sequence, tempos: [], meters: [], markers: [], cuePoints: [], texts: [], lastTick: 0 };
  for (const [trackIndex, track] of tracks.entries()) {
    let tick = 0;
    for (const e of track) {
      tick += e.deltaTime;
      data.lastTick = Math.max(data.lastTick, tick);
      if (e.type === "setTempo") data.tempos.push({ tick, usPerQuarter: e.microsecondsPerBeat as number });
      else if (e.type === "timeSignature") data.meters.push({ tick, numerator: e.numerator as number, denominator: e.denominator as number, clocksPerClick: e.metronome as number, thirtyseconds: (e.thirtyseconds as number) || 8 });
      else if (e.type === "marker") data.markers.push({ tick, text: metaText(e.text) });
      else if (e.type === "cuePoint") data.cuePoints.push({ tick, text: metaText(e.text) });
      else if (e.type === "text") data.texts.push({ tick, text: metaText(e.text) });
      else if (e.type === "trackName" && trackIndex === 0 && data.trackName === undefined) data.trackName = metaText(e.text);
      else if (e.type === "smpteOffset" && !data.smpte) data.smpte = e as never;
    }
  }
  // Events a tempo map cannot hold: said with their tick, never carried into arithmetic.
  const broken = data.tempos.find((t) => !(t.usPerQuarter > 0)) ? "a tempo of 0 microseconds a quarter" : data.meters.find((m) => !(m.numerator >= 1 && m.denominator >= 1 && m.denominator <= 64)) ? "a time signature that is not one (a numerator of 0, or a denominator past 64)" : undefined;
  if (broken) {
    const at = data.tempos.find((t) => !(t.usPerQuarter > 0))?.tick ?? data.meters.find((m) => !(m.numerator >= 1 && m.denominator >= 1 && m.denominator <= 64))!.tick;
    throw new UserError({ message: `${path} has ${broken} at tick ${at}.`, location: { file: path }, hint: "Correct it in the program that made the file and export again." });
  }
  const byTick = <T extends { tick: number }>(xs: T[]) => xs.sort((a, b) => a.tick - b.tick);
  // Where two tempos or meters share a tick, the later one in the file holds.
  const lastPerTick = <T extends { tick: number }>(xs: T[]) => byTick(xs).filter((x, i, all) => all[i + 1]?.tick !== x.tick);
  data.tempos = lastPerTick(data.tempos);
  data.meters = lastPerTick(data.meters);
  byTick(data.markers);
  byTick(data.cuePoints);
  return data;
}

/**
 * A text event's words: the parser hands over one character a byte; the bytes are read as UTF-8
 * where they are valid UTF-8 (Sprocket and current DAWs write it), else as Latin-1 (older writers).
 */
function metaText(text: unknown): string {
  const bytes = Buffer.from(String(text), "latin1");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return String(text);
  }
}

const fourcc = (b: Buffer, at: number) => b.toString("latin1", at, at + 4);

/** The Standard MIDI File inside an RMID file's `data` chunk; any other file as it is. */
function unwrapRmid(bytes: Buffer, path: string): Buffer {
  if (!isRmid(bytes)) return bytes;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const size = bytes.readUInt32LE(at + 4);
    if (fourcc(bytes, at) === "data") return bytes.subarray(at + 8, Math.min(bytes.length, at + 8 + size));
    at += 8 + size + (size % 2);
  }
  throw new UserError({ message: `${path} is a RIFF MIDI file (RMID) with no "data" chunk, so it holds no Standard MIDI File.`, location: { file: path }, hint: "Export the tempo map again as a Standard MIDI File (.mid)." });
}

/**
 * Walks the file's chunks (MThd, then MTrk...) before any event is read, so a file cut short is said
 * as one, with the byte where it ends, instead of being read as the part that is there.
 */
function checkChunks(bytes: Buffer, path: string, offset: number): void {
  const cut = (what: string) => new UserError({ message: `${path} is cut short: ${what}, but the file ends at byte ${bytes.length + offset}.`, location: { file: path }, hint: "The file was not copied or downloaded whole: copy it again, or export it again from the program that made it." });
  if (bytes.length < 14 || fourcc(bytes, 0) !== "MThd") {
    if (bytes.length >= 4 && fourcc(bytes, 0) === "MThd") throw cut("its header chunk (MThd) needs 14 bytes");
    return; // not a MIDI file at all: the parser says so
  }
  const declared = bytes.readUInt16BE(10);
  let tracks = 0;
  let at = 8 + bytes.readUInt32BE(4);
  while (at < bytes.length) {
    if (at + 8 > bytes.length) throw cut(`a chunk header begins at byte ${at + offset} and needs 8 bytes`);
    const size = bytes.readUInt32BE(at + 4);
    const id = fourcc(bytes, at);
    if (at + 8 + size > bytes.length) throw cut(`its ${id === "MTrk" ? `track ${tracks + 1}` : `"${id}" chunk`} at byte ${at + offset} says it holds ${size} bytes (to byte ${at + 8 + size + offset})`);
    if (id === "MTrk") tracks++;
    at += 8 + size;
  }
  if (tracks < declared) throw cut(`its header says ${declared} track${declared === 1 ? "" : "s"} and ${tracks} ${tracks === 1 ? "is" : "are"} there`);
}
