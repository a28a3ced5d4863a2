import { join, resolve } from "node:path";
import type { ClickSettings, Cue, CueFile } from "../engine/cue-model.js";
import { ltcBlocks, ltcRateProblem } from "../engine/ltc.js";
import { Rational } from "../engine/rational.js";
import { formatTimecode, framesPerDay } from "../engine/timecode.js";
import { UserError } from "../errors.js";
import { deliveryName } from "../delivery/delivery-name.js";
import { writeAtomically } from "../system/atomic-file.js";
import { version } from "../version.js";
import { ixmlChunk, originatorReference } from "./ixml-chunk.js";
import type { RenderedOutput } from "./outputs.js";
import { originationDate } from "./render-click.js";
import { BlockEncoder, bytesPerSample, MAX_WAV_BYTES, wavHeader, type WavFormat } from "./wav-format.js";

const BLOCK = 65536;

/** How the LTC is written: its peak level in dBFS (default -18) and its user bits (32 bits, default 0). */
export interface LtcOptions {
  level?: number;
  userBits?: number;
}

export const DEFAULT_LTC_LEVEL = -18;

/** Everything about an LTC file of frames `first` to `last` but its samples: name, header, length and size. */
export function planLtc(file: CueFile, owner: { id: string; title: string }, first: number, last: number, outDir: string, click: Pick<ClickSettings, "sampleRate" | "bitDepth">) {
  const problem = ltcRateProblem(file.rate);
  if (problem) throw new UserError({ message: `${problem}: no LTC for ${file.file}.`, hint: "Render LTC for a project at 30 fps or below." });
  const sr = click.sampleRate;
  const day = framesPerDay(file.rate);
  const timeReference = Rational.of(((first % day) + day) % day).div(file.rate.fps).mul(sr).round();
  const total = Number(Rational.of(sr).div(file.rate.fps).mul(last - first + 1).round());
  const format: WavFormat = { sampleRate: sr, bitDepth: click.bitDepth, channels: 1 };
  if (total * bytesPerSample(format) > MAX_WAV_BYTES) throw new UserError({ message: `The LTC for ${owner.id} would be more than a WAV file can hold (4 GiB).`, hint: "Use a lower sample rate or bit depth." });
  const startTimecode = formatTimecode(first, file.rate);
  const description = `Sprocket LTC. ${file.title ? `${file.title}. ` : ""}${owner.id}. SMPTE 12M linear timecode at ${file.rate.name} fps from ${startTimecode}.`;
  const date = originationDate();
  const ixml = ixmlChunk({ project: file.title, cueId: owner.id, note: description, rate: file.rate, sampleRate: sr, bitDepth: click.bitDepth, timeReference, trackName: "LTC" });
  const header = wavHeader(format, total, {
    description,
    originator: "Sprocket",
    originatorReference: originatorReference(`${file.title}\n${owner.id}\nltc\n${timeReference}\n${total}\n${sr}`, date),
    date,
    timeReference,
    codingHistory: `A=PCM,F=${sr},W=${click.bitDepth},M=mono,T=Sprocket ${version()} LTC${click.bitDepth === 32 ? " float" : ""}\r\n`,
  }, ixml);
  const path = resolve(join(outDir, deliveryName(owner, "ltc", startTimecode, "wav")));
  const dataBytes = total * bytesPerSample(format);
  return { format, total, header, path, startTimecode, bytes: header.length + dataBytes + (dataBytes % 2) };
}

/** Writes LTC for frames `first` to `last` (a cue's span, or a reel's) as a Broadcast WAV, stamped like the click. */
export async function renderLtc(file: CueFile, owner: Pick<Cue, "id" | "title">, first: number, last: number, outDir: string, click: Pick<ClickSettings, "sampleRate" | "bitDepth">, options: LtcOptions = {}): Promise<RenderedOutput> {
  const { format, total, header, path, startTimecode, bytes } = planLtc(file, owner, first, last, outDir, click);
  const level = 10 ** ((options.level ?? DEFAULT_LTC_LEVEL) / 20);
  const encoder = new BlockEncoder(format, BLOCK);
  const bps = bytesPerSample(format);
  await writeAtomically(path, async (fh) => {
    await fh.write(header);
    for (const block of ltcBlocks(file.rate, first, last, format.sampleRate, level, options.userBits ?? 0, BLOCK)) {
      encoder.encode(block, [[0, block.length]]);
      await fh.write(encoder.out, 0, block.length * bps);
    }
    if ((total * bps) % 2) await fh.write(Buffer.alloc(1));
  }, bytes);
  const sr = format.sampleRate;
  return { kind: "ltc", cue: owner.id, path, start: startTimecode, duration: total / sr, detail: `SMPTE LTC ${file.rate.name} fps, ${sr / 1000} kHz ${format.bitDepth === 32 ? "32-bit float" : `${format.bitDepth}-bit`} mono, ${options.level ?? DEFAULT_LTC_LEVEL} dBFS` };
}
