import { createHash } from "node:crypto";
import type { FrameRate } from "../engine/frame-rate.js";
import { isDropFrame } from "../engine/frame-rate.js";
import { esc } from "../system/html-escape.js";

/**
 * The iXML chunk (iXML 2.x) recorders write beside bext, carrying what bext cannot: the picture's
 * timecode rate as a fraction and its drop-frame flag (SPEED), so an NLE or DAW that reads iXML
 * learns the rate the time stamp counts in. Only the fields Sprocket knows are written.
 */
export interface IxmlInfo {
  project: string;
  cueId: string;
  note: string;
  rate: FrameRate;
  sampleRate: number;
  bitDepth: number;
  /** Samples since midnight of the first sample (the bext TimeReference). */
  timeReference: bigint;
  trackName: string;
}

/** Text made safe in XML: escaped, and control characters (which XML 1.0 forbids) dropped. */
const xml = (s: string) => esc(s.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, ""));

export function ixmlChunk(info: IxmlInfo): Buffer {
  const rate = `${info.rate.fps.n}/${info.rate.fps.d}`;
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<BWFXML>`,
    `  <IXML_VERSION>2.10</IXML_VERSION>`,
    `  <PROJECT>${xml(info.project)}</PROJECT>`,
    `  <SCENE>${xml(info.cueId)}</SCENE>`,
    `  <NOTE>${xml(info.note)}</NOTE>`,
    `  <SPEED>`,
    `    <MASTER_SPEED>${rate}</MASTER_SPEED>`,
    `    <CURRENT_SPEED>${rate}</CURRENT_SPEED>`,
    `    <TIMECODE_RATE>${rate}</TIMECODE_RATE>`,
    `    <TIMECODE_FLAG>${isDropFrame(info.rate) ? "DF" : "NDF"}</TIMECODE_FLAG>`,
    `    <FILE_SAMPLE_RATE>${info.sampleRate}</FILE_SAMPLE_RATE>`,
    `    <AUDIO_BIT_DEPTH>${info.bitDepth}</AUDIO_BIT_DEPTH>`,
    `    <DIGITIZER_SAMPLE_RATE>${info.sampleRate}</DIGITIZER_SAMPLE_RATE>`,
    `    <TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI>${info.timeReference >> 32n}</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI>`,
    `    <TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO>${info.timeReference & 0xffffffffn}</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO>`,
    `    <TIMESTAMP_SAMPLE_RATE>${info.sampleRate}</TIMESTAMP_SAMPLE_RATE>`,
    `  </SPEED>`,
    `  <TRACK_LIST>`,
    `    <TRACK_COUNT>1</TRACK_COUNT>`,
    `    <TRACK><CHANNEL_INDEX>1</CHANNEL_INDEX><INTERLEAVE_INDEX>1</INTERLEAVE_INDEX><NAME>${xml(info.trackName)}</NAME></TRACK>`,
    `  </TRACK_LIST>`,
    `</BWFXML>`,
    ``,
  ];
  let body = Buffer.from(lines.join("\n"), "utf8");
  if (body.length % 2) body = Buffer.concat([body, Buffer.from("\n")]); // chunks are even-sized
  const head = Buffer.alloc(8);
  head.write("iXML", 0, "ascii");
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

/**
 * A Unique Source Identifier for bext OriginatorReference in the form of EBU R 99: country (2),
 * organisation (3), serial number (12), time of origination HHMMSS (6), random number (9): 32
 * characters. Sprocket has no country, so it uses `ZZ` (user-assigned in ISO 3166); the "serial" and
 * "random" parts are drawn from a hash of what the file holds, so a reproducible render stays
 * byte-identical while two different clicks never share one.
 */
export function originatorReference(seed: string, date: Date): string {
  const hash = createHash("sha256").update(seed).digest();
  const serial = hash.subarray(0, 6).toString("hex").toUpperCase();
  const random = String(hash.readUInt32BE(6) % 1_000_000_000).padStart(9, "0");
  const time = date.toISOString().slice(11, 19).replace(/:/g, "");
  return `ZZSPR${serial}${time}${random}`;
}
