import { readInputFile } from "../system/read-input-file.js";
import { UserError } from "../errors.js";

/** A mono sound read from a WAV file: channels are averaged. */
export interface WavSound {
  sampleRate: number;
  samples: Float32Array;
}

const MAX_SECONDS = 5;

/**
 * Reads a user's click sample: RIFF WAVE, PCM 8/16/24/32-bit or IEEE float 32/64-bit (plain or
 * WAVE_FORMAT_EXTENSIBLE), any channel count. Anything else is a UserError saying what was found.
 */
export function readWavSound(path: string): WavSound {
  const buf = readInputFile(path, "sample");
  const bad = (what: string): never => {
    throw new UserError({ message: `${path} is not a WAV file Sprocket can read: ${what}.`, expected: "a RIFF WAVE file, PCM 16/24/32-bit or float", location: { file: path } });
  };
  if (buf.length < 12 || buf.toString("ascii", 0, 4) !== "RIFF" || buf.toString("ascii", 8, 12) !== "WAVE") bad("no RIFF/WAVE header");
  let fmt: { tag: number; channels: number; rate: number; bits: number } | undefined;
  let data: Buffer | undefined;
  for (let at = 12; at + 8 <= buf.length; ) {
    const id = buf.toString("ascii", at, at + 4);
    const size = buf.readUInt32LE(at + 4);
    const body = buf.subarray(at + 8, Math.min(buf.length, at + 8 + size));
    if (id === "fmt " && body.length >= 16) {
      let tag = body.readUInt16LE(0);
      if (tag === 0xfffe && body.length >= 26) tag = body.readUInt16LE(24); // extensible: the sub-format's first two bytes
      fmt = { tag, channels: body.readUInt16LE(2), rate: body.readUInt32LE(4), bits: body.readUInt16LE(14) };
    } else if (id === "data") data = body;
    at += 8 + size + (size % 2);
  }
  if (!fmt) return bad("no fmt chunk");
  if (!data) return bad("no data chunk");
  const { tag, channels, rate, bits } = fmt;
  const width = bits / 8;
  const supported = (tag === 1 && [8, 16, 24, 32].includes(bits)) || (tag === 3 && [32, 64].includes(bits));
  if (!supported || channels < 1) bad(`format ${tag} with ${bits}-bit samples`);
  const frames = Math.floor(data.length / (width * channels));
  if (frames === 0) bad("no samples");
  if (frames > rate * MAX_SECONDS) {
    // Say the length to the sample, so that a sample just over the limit does not read as "5.0 s".
    throw new UserError({ message: `The sample ${path} lasts ${frames} samples at ${rate} Hz (${(frames / rate).toFixed(Math.max(3, Math.ceil(Math.log10(rate))))} s): a click sample may last at most ${MAX_SECONDS} s (${rate * MAX_SECONDS} samples).`, hint: "Trim it: a click sounds for a fraction of a second." });
  }
  const read = (offset: number): number => {
    if (tag === 3) return bits === 32 ? data!.readFloatLE(offset) : data!.readDoubleLE(offset);
    if (bits === 8) return (data![offset]! - 128) / 128;
    if (bits === 16) return data!.readInt16LE(offset) / 32768;
    if (bits === 24) return data!.readIntLE(offset, 3) / 8388608;
    return data!.readInt32LE(offset) / 2147483648;
  };
  const samples = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += read((i * channels + c) * width);
    samples[i] = sum / channels;
  }
  return { sampleRate: rate, samples };
}
