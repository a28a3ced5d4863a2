import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { UserError } from "../errors.js";

/**
 * A WAV file's headers, read without its audio: RIFF, RF64 and BW64 containers; the fmt chunk (PCM,
 * float, WAVE_FORMAT_EXTENSIBLE, or whatever else it says); the Broadcast WAV bext chunk (EBU Tech
 * 3285); the iXML chunk with its SPEED block; the data chunk's size. Chunks in any order, odd sizes
 * padded (or, as some writers do, not), a RIFF size that disagrees with the file (said, not refused),
 * a data chunk the file cuts short (said as truncation). `read` gives bytes at an offset, so the parser
 * itself touches no file.
 */
export interface WavHeader {
  container: "RIFF" | "RF64" | "BW64";
  /** 1 PCM, 3 IEEE float, 0x55 MPEG Layer 3...; for WAVE_FORMAT_EXTENSIBLE, its subformat's. */
  formatTag: number;
  extensible: boolean;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  blockAlign: number;
  /** Bytes of audio the data chunk declares, and how many the file holds. */
  dataBytes: number;
  dataBytesPresent: number;
  /** Sample frames (per channel) the file holds. */
  frames: number;
  bext?: { description: string; originator: string; originatorReference: string; date: string; time: string; timeReference: bigint; version: number };
  ixml?: IxmlSpeed;
  chunks: { id: string; offset: number; size: number }[];
  /** Oddities read past (a RIFF size that is off, an unpadded chunk). */
  notes: string[];
}

/** The iXML SPEED block's timing, where the file has one. */
export interface IxmlSpeed {
  timecodeRate?: string;
  timecodeFlag?: string;
  timestampSampleRate?: number;
  samplesSinceMidnight?: bigint;
  fileSampleRate?: number;
  masterSpeed?: string;
}

export type ByteReader = (offset: number, length: number) => Buffer;

/** What a file that is not a WAV looks like, for the message. */
function sniff(head: Buffer): string {
  if (head.subarray(0, 3).toString("latin1") === "ID3" || (head[0] === 0xff && (head[1]! & 0xe0) === 0xe0)) return "an MP3 file";
  if (head.subarray(0, 4).toString("latin1") === "fLaC") return "a FLAC file";
  if (head.subarray(4, 8).toString("latin1") === "ftyp") return "an MP4/AAC file";
  if (head.subarray(0, 4).toString("latin1") === "FORM") return "an AIFF file";
  return "not a WAV file";
}

const text = (b: Buffer, from: number, length: number) => b.subarray(from, from + length).toString("latin1").replace(/\0.*$/s, "").trim();

function ixmlSpeed(xml: string): IxmlSpeed {
  const speed = /<SPEED>([\s\S]*?)<\/SPEED>/i.exec(xml)?.[1] ?? "";
  const field = (name: string) => new RegExp(`<${name}>\\s*([^<]*?)\\s*</${name}>`, "i").exec(speed)?.[1];
  const out: IxmlSpeed = {};
  const rate = field("TIMECODE_RATE"), flag = field("TIMECODE_FLAG"), tsRate = field("TIMESTAMP_SAMPLE_RATE"), fileRate = field("FILE_SAMPLE_RATE");
  const hi = field("TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI"), lo = field("TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO");
  const master = field("MASTER_SPEED");
  if (master) out.masterSpeed = master;
  if (rate) out.timecodeRate = rate;
  if (flag) out.timecodeFlag = flag.toUpperCase();
  if (tsRate && /^\d+$/.test(tsRate)) out.timestampSampleRate = Number(tsRate);
  if (fileRate && /^\d+$/.test(fileRate)) out.fileSampleRate = Number(fileRate);
  if (hi && lo && /^\d+$/.test(hi) && /^\d+$/.test(lo)) out.samplesSinceMidnight = (BigInt(hi) << 32n) + BigInt(lo);
  return out;
}

/** Chunk ids recorders and DAWs write (EBU, iXML, Pro Tools, Steinberg, RIFF INFO...). */
const KNOWN_CHUNKS = new Set(["fmt ", "data", "bext", "iXML", "LIST", "JUNK", "junk", "ds64", "fact", "cue ", "PAD ", "FLLR", "axml", "umid", "minf", "regn", "elm1", "DGDA", "ID3 ", "id3 ", "smpl", "inst", "acid", "PEAK", "cart", "chna", "_PMX", "levl", "MD5 ", "DISP", "labl", "note", "ltxt", "plst", "afsp"]);

/** How likely a chunk header at `at` is real: 2 a known id, 1 a printable id and a size the file can hold, 0 neither. */
function chunkLikelihood(read: ByteReader, at: number, fileSize: number): number {
  const b = read(at, 8);
  const id = b.subarray(0, 4).toString("latin1");
  if (KNOWN_CHUNKS.has(id)) return 2;
  return /^[\x20-\x7e]{4}$/.test(id) && b.readUInt32LE(4) <= fileSize - at - 8 ? 1 : 0;
}

export function parseWavHeader(read: ByteReader, fileSize: number, path: string): WavHeader {
  const head = read(0, 12);
  const id = head.subarray(0, 4).toString("latin1");
  if (fileSize < 12 || !["RIFF", "RF64", "BW64"].includes(id) || head.subarray(8, 12).toString("latin1") !== "WAVE") {
    const what = fileSize === 0 ? "an empty file" : sniff(head);
    const start = JSON.stringify(head.subarray(0, 4).toString("latin1").replace(/[^\x20-\x7e]/g, "?"));
    const wav = what === "not a WAV file";
    throw new UserError({ message: `${path} is ${wav ? what : `${what}, not a WAV file`}.`, expected: "a RIFF WAVE (or RF64) file", received: wav ? `a file starting ${start}` : fileSize === 0 ? what : `${what} (starting ${start})` });
  }
  const h: Partial<WavHeader> & { chunks: WavHeader["chunks"]; notes: string[] } = { container: id as WavHeader["container"], chunks: [], notes: [] };
  const riffSize = head.readUInt32LE(4);
  if (id === "RIFF" && riffSize + 8 !== fileSize) h.notes.push(`the RIFF size says ${riffSize + 8} bytes, the file has ${fileSize}`);
  let ds64Data: number | undefined;
  let offset = 12;
  while (offset + 8 <= fileSize) {
    const ch = read(offset, 8);
    const cid = ch.subarray(0, 4).toString("latin1");
    let size = ch.readUInt32LE(4);
    if (cid === "data" && size === 0xffffffff && ds64Data !== undefined) size = ds64Data;
    if (!/^[\x20-\x7e]{4}$/.test(cid)) {
      h.notes.push(`unreadable bytes at ${offset}: the chunks end there`);
      break;
    }
    h.chunks.push({ id: cid, offset, size });
    const body = offset + 8;
    if (cid === "fmt ") {
      if (size < 16) throw new UserError({ message: `${path}: its fmt chunk is ${size} bytes, too short to say the format.`, expected: "a fmt chunk of at least 16 bytes", received: `${size} bytes` });
      const f = read(body, Math.min(size, 40));
      h.formatTag = f.readUInt16LE(0);
      h.channels = f.readUInt16LE(2);
      h.sampleRate = f.readUInt32LE(4);
      h.blockAlign = f.readUInt16LE(12);
      h.bitsPerSample = f.readUInt16LE(14);
      h.extensible = h.formatTag === 0xfffe && f.length >= 26;
      if (h.extensible) h.formatTag = f.readUInt16LE(24); // the subformat GUID's first two bytes
    } else if (cid === "ds64" && size >= 16) {
      const d = read(body, Math.min(size, 28));
      ds64Data = Number(d.readBigUInt64LE(8));
    } else if (cid === "bext" && size >= 348) {
      const b = read(body, Math.min(size, 602));
      h.bext = {
        description: text(b, 0, 256), originator: text(b, 256, 32), originatorReference: text(b, 288, 32), date: text(b, 320, 10), time: text(b, 330, 8),
        timeReference: (BigInt(b.readUInt32LE(342)) << 32n) + BigInt(b.readUInt32LE(338)), version: b.readUInt16LE(346),
      };
    } else if (cid === "iXML") {
      h.ixml = ixmlSpeed(read(body, Math.min(size, 1 << 20)).toString("utf8"));
    } else if (cid === "data") {
      h.dataBytes = size;
      h.dataBytesPresent = Math.max(0, Math.min(size, fileSize - body));
    }
    let next = body + size + (size % 2);
    // Some writers leave an odd chunk unpadded: take the next chunk where a plausible one is.
    if (size % 2 && next + 8 <= fileSize && chunkLikelihood(read, next - 1, fileSize) > chunkLikelihood(read, next, fileSize)) {
      h.notes.push(`the ${cid.trim()} chunk is not padded to an even size`);
      next -= 1;
    }
    offset = next;
  }
  if (h.formatTag === undefined) throw new UserError({ message: `${path} has no fmt chunk: its format is unknown.`, expected: "a WAV file with a fmt chunk" });
  if (h.dataBytes === undefined) throw new UserError({ message: `${path} has no data chunk.`, expected: "a WAV file with audio (a data chunk)" });
  const frameBytes = h.blockAlign || Math.ceil((h.bitsPerSample ?? 8) / 8) * (h.channels ?? 1);
  return { ...(h as WavHeader), frames: Math.floor((h.dataBytesPresent ?? 0) / Math.max(1, frameBytes)) };
}

/** Reads a WAV file's headers from disk (only the headers: the audio is never loaded). */
export function readWavHeader(path: string): WavHeader {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError({ message: `Cannot read ${path}: ${code === "ENOENT" ? "there is no such file" : code === "EACCES" ? "permission denied" : code ?? String(e)}.` });
  }
  try {
    const size = fstatSync(fd).size;
    const read: ByteReader = (offset, length) => {
      const n = Math.max(0, Math.min(length, size - offset));
      const buf = Buffer.alloc(n);
      if (n) readSync(fd, buf, 0, n, offset);
      return n < length ? Buffer.concat([buf, Buffer.alloc(length - n)]) : buf;
    };
    return parseWavHeader(read, size, path);
  } finally {
    closeSync(fd);
  }
}
