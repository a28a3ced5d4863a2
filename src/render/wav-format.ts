/**
 * Broadcast WAV (EBU Tech 3285) headers and sample encoding. The header is written before the data
 * because the length is known in advance, so the file streams straight out with no seeking.
 */

export interface WavFormat {
  sampleRate: number;
  /** 16 or 24: PCM; 32: IEEE float. */
  bitDepth: 16 | 24 | 32;
  channels: 1;
}

export interface BextInfo {
  /** Up to 256 characters; reduced to ASCII. */
  description: string;
  originator: string;
  originatorReference: string;
  /** UTC date of origination. */
  date: Date;
  /** Samples since midnight of the file's first sample. */
  timeReference: bigint;
  codingHistory: string;
}

export const bytesPerSample = (f: WavFormat) => (f.bitDepth / 8) * f.channels;

/** Reduces text to printable ASCII (bext fields are ASCII): accents dropped, other letters become `?`. */
export function toAscii(text: string, keepLineBreaks = false): string {
  const plain = text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  return keepLineBreaks ? plain.replace(/[^\x20-\x7e\r\n]/g, "?") : plain.replace(/[^\x20-\x7e]/g, "?");
}

function ascii(buf: Buffer, offset: number, length: number, text: string): void {
  buf.write(toAscii(text).slice(0, length), offset, length, "ascii");
}

/** The `bext` chunk, version 1 (602 bytes before the coding history). */
export function bextChunk(info: BextInfo): Buffer {
  const history = toAscii(info.codingHistory, true); // EBU R 98: each line ends in CR LF
  const size = 602 + history.length + (history.length % 2);
  const buf = Buffer.alloc(8 + size);
  buf.write("bext", 0, "ascii");
  buf.writeUInt32LE(size, 4);
  const d = 8;
  ascii(buf, d, 256, info.description);
  ascii(buf, d + 256, 32, info.originator);
  ascii(buf, d + 288, 32, info.originatorReference);
  const iso = info.date.toISOString();
  ascii(buf, d + 320, 10, iso.slice(0, 10));
  ascii(buf, d + 330, 8, iso.slice(11, 19)); // hh:mm:ss
  buf.writeUInt32LE(Number(info.timeReference & 0xffffffffn), d + 338);
  buf.writeUInt32LE(Number(info.timeReference >> 32n), d + 342);
  buf.writeUInt16LE(1, d + 346); // version 1: UMID present (zero), no loudness fields
  // UMID (64 bytes) and reserved (190 bytes) stay zero.
  buf.write(history, d + 602, "ascii");
  return buf;
}

/** RIFF/WAVE header with fmt, bext, any `extra` chunks (iXML) and fact for float, up to the data chunk's header. */
export function wavHeader(format: WavFormat, frames: number, bext: BextInfo, extra: Buffer = Buffer.alloc(0)): Buffer {
  const float = format.bitDepth === 32;
  const dataBytes = frames * bytesPerSample(format);
  const fmt = Buffer.alloc(8 + (float ? 18 : 16));
  fmt.write("fmt ", 0, "ascii");
  fmt.writeUInt32LE(float ? 18 : 16, 4);
  fmt.writeUInt16LE(float ? 3 : 1, 8); // WAVE_FORMAT_IEEE_FLOAT or WAVE_FORMAT_PCM
  fmt.writeUInt16LE(format.channels, 10);
  fmt.writeUInt32LE(format.sampleRate, 12);
  fmt.writeUInt32LE(format.sampleRate * bytesPerSample(format), 16);
  fmt.writeUInt16LE(bytesPerSample(format), 20);
  fmt.writeUInt16LE(format.bitDepth, 22);
  // For float, cbSize (offset 24) stays 0.
  const fact = float ? Buffer.alloc(12) : Buffer.alloc(0);
  if (float) {
    fact.write("fact", 0, "ascii");
    fact.writeUInt32LE(4, 4);
    fact.writeUInt32LE(frames * format.channels, 8);
  }
  const bextBuf = bextChunk(bext);
  const dataHeader = Buffer.alloc(8);
  dataHeader.write("data", 0, "ascii");
  dataHeader.writeUInt32LE(dataBytes, 4);
  const riffSize = 4 + fmt.length + bextBuf.length + extra.length + fact.length + 8 + dataBytes + (dataBytes % 2);
  const riff = Buffer.alloc(12);
  riff.write("RIFF", 0, "ascii");
  riff.writeUInt32LE(riffSize, 4);
  riff.write("WAVE", 8, "ascii");
  return Buffer.concat([riff, fmt, bextBuf, extra, fact, dataHeader]);
}

/** The largest data a plain RIFF WAV can hold (sizes are 32-bit). */
export const MAX_WAV_BYTES = 0xffffffff - 4096;

/**
 * Encodes a block of float samples into `out` (little-endian), converting only the spans that sound
 * and zeroing the bytes the previous call wrote: silence costs nothing. PCM is rounded to the
 * nearest step and clipped to full scale.
 */
export class BlockEncoder {
  private dirty: [number, number][] = [];
  readonly out: Buffer;

  constructor(private readonly format: WavFormat, blockSize: number) {
    this.out = Buffer.alloc(blockSize * bytesPerSample(format));
  }

  encode(samples: Float32Array, spans: [number, number][]): void {
    const bps = bytesPerSample(this.format);
    for (const [s, e] of this.dirty) this.out.fill(0, s * bps, e * bps);
    for (const [s, e] of spans) writePcm(samples, s, e, this.out, this.format);
    this.dirty = spans.map(([s, e]) => [s, e]);
  }
}

/** Samples `from` to `to` (-1 to 1) into `out` at their own places, little-endian: rounded to the nearest step, clipped to full scale. */
function writePcm(samples: Float32Array, from: number, to: number, out: Buffer, format: WavFormat): void {
  if (format.bitDepth === 32) {
    for (let i = from; i < to; i++) out.writeFloatLE(samples[i]!, i * 4);
  } else if (format.bitDepth === 24) {
    for (let i = from; i < to; i++) {
      const v = Math.max(-8388608, Math.min(8388607, Math.round(samples[i]! * 8388608)));
      out[i * 3] = v & 0xff;
      out[i * 3 + 1] = (v >> 8) & 0xff;
      out[i * 3 + 2] = (v >> 16) & 0xff;
    }
  } else {
    for (let i = from; i < to; i++) out.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(samples[i]! * 32768))), i * 2);
  }
}

/** Samples (-1 to 1) as PCM bytes in a format, as BlockEncoder writes them. */
export function pcmBytes(samples: Float32Array, format: WavFormat): Buffer {
  const out = Buffer.alloc(samples.length * bytesPerSample(format));
  writePcm(samples, 0, samples.length, out, format);
  return out;
}
