import { join, resolve } from "node:path";
import type { ClickSettings, Cue, CueFile } from "../engine/cue-model.js";
import { LTC_BITS, ltcHalfEdge, ltcLayout, ltcRateProblem, ltcSegment, ltcWord } from "../engine/ltc.js";
import { formatTimecode } from "../engine/timecode.js";
import { UserError } from "../errors.js";
import { deliveryName } from "../delivery/delivery-name.js";
import { writeAtomically } from "../system/atomic-file.js";
import { WritesInFlight } from "../system/writes-in-flight.js";
import { version } from "../version.js";
import { ixmlChunk, originatorReference } from "./ixml-chunk.js";
import type { RenderedOutput } from "./outputs.js";
import { originationDate } from "./render-click.js";
import { bytesPerSample, MAX_WAV_BYTES, pcmBytes, wavHeader, type WavFormat } from "./wav-format.js";

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
  const layout = ltcLayout(file.rate, first, last, sr);
  const { timeReference, total } = layout;
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
  return { format, total, layout, header, path, startTimecode, bytes: header.length + dataBytes + (dataBytes % 2) };
}

/**
 * Writes LTC for frames `first` to `last` (a cue's span, or a reel's) as a Broadcast WAV, stamped like
 * the click. Word by word from the frame before the first (whose last edge leads into the file), each
 * word in three pieces, each piece's samples made once for each way it sits on the samples (its bits,
 * its level, the frame's phase) and written as it is after: a reel's LTC is mostly the same pieces.
 */
export async function renderLtc(file: CueFile, owner: Pick<Cue, "id" | "title">, first: number, last: number, outDir: string, click: Pick<ClickSettings, "sampleRate" | "bitDepth">, options: LtcOptions = {}): Promise<RenderedOutput> {
  const { format, total, layout, header, path, startTimecode, bytes } = planLtc(file, owner, first, last, outDir, click);
  const level = 10 ** ((options.level ?? DEFAULT_LTC_LEVEL) / 20);
  const half = ltcHalfEdge(format.sampleRate);
  const bps = bytesPerSample(format);
  type Piece = { start: number; high: boolean; bytes: Buffer };
  // Pieces made, by piece and level, then the frame's phase, then the piece's bits as a number.
  const made = Array.from({ length: 6 }, () => new Map<number, Map<number, Piece>>());
  let pos = 0; // the next sample of the file
  await writeAtomically(path, async (fh) => {
    // The pieces go to the disk as they are (no copy into blocks here): a batch of them in one
    // vectored write while the next batches are made (pieces are never changed once made).
    await fh.write(header, 0, header.length, 0);
    const writes = new WritesInFlight(fh, header.length);
    let batch: Buffer[] = [], batchBytes = 0;
    const send = async () => {
      if (!batch.length) return;
      const sending = batch;
      batch = [];
      batchBytes = 0;
      await writes.write(sending);
    };
    const steady = { true: pcmBytes(Float32Array.of(level), format), false: pcmBytes(Float32Array.of(-level), format) };
    /** Puts a piece's bytes at file sample `at`; what falls before `pos` (or past the end) is left out. */
    const put = (at: number, data: Buffer, high: boolean): void => {
      // Pieces meet (a gap would be a bug of the layout; it is filled with the level, never shifted).
      while (pos < at && pos < total) put(pos, steady[`${high}`], high);
      const from = Math.max(0, (pos - at) * bps);
      const to = Math.min(data.length, from + (total - pos) * bps);
      if (to <= from) return;
      batch.push(from === 0 && to === data.length ? data : data.subarray(from, to));
      batchBytes += to - from;
      pos += (to - from) / bps;
    };
    // The word in pieces that change at different paces: the frame digits, the seconds, and the rest
    // (from the polarity bit, which depends on them all: two forms a minute; at most 53 bits).
    const parity = file.rate.nominal === 25 ? 59 : 27;
    const pieces = [[0, 16], [16, parity], [parity, LTC_BITS]] as const;
    const word = new Uint8Array(LTC_BITS);
    for (let k = -1; pos < total; k++) {
      const { sample, phaseKey } = layout.frameStart(k);
      const phaseAt = Number(phaseKey);
      const bits = ltcWord(first + k, file.rate, options.userBits ?? 0, word);
      let high = true; // every word starts on the same level: after its first transition, high
      for (let p = 0; p < pieces.length; p++) {
        const [from, to] = pieces[p]!;
        let value = 0; // the piece's bits (at most 52) as a number
        for (let b = to - 1; b >= from; b--) value = value * 2 + bits[b]!;
        const byPhase: Map<number, Map<number, Piece>> = made[p * 2 + (high ? 1 : 0)]!;
        let byBits: Map<number, Piece> | undefined = byPhase.get(phaseAt);
        if (!byBits) byPhase.set(phaseAt, (byBits = new Map()));
        let piece: Piece | undefined = byBits.get(value);
        if (!piece) {
          const seg = ltcSegment(bits, from, to, phaseAt / Number(layout.phaseDenominator), layout.samplesPerFrame, half, level, high);
          if (byBits.size > 512) byBits.clear();
          byBits.set(value, (piece = { start: seg.start, high: seg.high, bytes: pcmBytes(seg.samples, format) }));
        }
        put(sample + piece.start, piece.bytes, high);
        high = piece.high;
      }
      if (batchBytes >= 1 << 20 || batch.length >= 1024) await send();
    }
    await send();
    if ((total * bps) % 2) await writes.write(Buffer.alloc(1));
    await writes.done();
  }, bytes);
  const sr = format.sampleRate;
  return { kind: "ltc", cue: owner.id, path, start: startTimecode, duration: total / sr, detail: `SMPTE LTC ${file.rate.name} fps, ${sr / 1000} kHz ${format.bitDepth === 32 ? "32-bit float" : `${format.bitDepth}-bit`} mono, ${options.level ?? DEFAULT_LTC_LEVEL} dBFS` };
}
