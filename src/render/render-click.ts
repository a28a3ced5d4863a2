import { join, resolve } from "node:path";
import { UserError } from "../errors.js";
import type { ClickSettings, Cue, CueFile } from "../engine/cue-model.js";
import { clickSchedule, type ClickKind } from "../engine/click-schedule.js";
import { synthesize } from "../engine/click-sound.js";
import { cuePlan } from "../engine/cue-plan.js";
import { mixBlocks, type PlacedSound } from "../engine/mix-blocks.js";
import { resample } from "../engine/resample.js";
import { formatTimecode } from "../engine/timecode.js";
import { clickPlacement } from "../engine/click-placement.js";
import { writeAtomically } from "../system/atomic-file.js";
import { WritesInFlight } from "../system/writes-in-flight.js";
import { deliveryName } from "../delivery/delivery-name.js";
import { loadAdrBeep, loadClickPreset } from "../presets/click-presets.js";
import type { RenderedOutput } from "./outputs.js";
import { BlockEncoder, bytesPerSample, MAX_WAV_BYTES, wavHeader, type WavFormat } from "./wav-format.js";
import { ixmlChunk, originatorReference } from "./ixml-chunk.js";
import { readWavSound } from "./wav-read.js";
import { version } from "../version.js";

const BLOCK = 65536;

/** The four sounds of a click track at a sample rate: the preset's, or the user's samples for accent and beat. */
export function clickSounds(settings: ClickSettings): Record<ClickKind, Float32Array> {
  const sr = settings.sampleRate;
  const preset = loadClickPreset(settings.sound);
  const user = (path: string | undefined) => {
    if (!path) return undefined;
    const w = readWavSound(path);
    return resample(w.samples, w.sampleRate, sr);
  };
  return {
    accent: user(settings.accentFile) ?? synthesize(preset.accent, sr),
    beat: user(settings.beatFile) ?? synthesize(preset.beat, sr),
    sub: synthesize(preset.sub, sr),
    beep: synthesize(loadAdrBeep(), sr),
  };
}

/** Everything about a cue's click file but its samples: where it goes, its header, its length, its size in bytes. */
export function planClick(file: CueFile, cue: Cue, outDir: string, overrides: Partial<ClickSettings> = {}, startFrame?: number, soundCache?: Map<string, Record<ClickKind, Float32Array>>) {
  const settings: ClickSettings = { ...cue.click, ...overrides };
  const sr = settings.sampleRate;
  // Cues with the same click settings share their sounds (a plan of many cues makes them once).
  const key = JSON.stringify({ ...settings, tacet: [] });
  const sounds = soundCache?.get(key) ?? clickSounds(settings);
  soundCache?.set(key, sounds);
  const place = clickPlacement(cuePlan(cue, file.rate), sr, startFrame);
  const longest = Math.max(...Object.values(sounds).map((s) => s.length));
  const total = place.endSample + longest;
  const format: WavFormat = { sampleRate: sr, bitDepth: settings.bitDepth, channels: 1 };
  if (total * bytesPerSample(format) > MAX_WAV_BYTES) {
    throw new UserError({ message: `The click for cue ${cue.id} would be ${(total * bytesPerSample(format) / 2 ** 30).toFixed(1)} GiB, more than a WAV file can hold (4 GiB).`, hint: "Use a lower sample rate or bit depth (--sample-rate 48000 --bit-depth 24), or split the cue." });
  }
  const fpsText = `${file.rate.name} fps`;
  const description = `Sprocket click. ${file.title ? `${file.title}. ` : ""}Cue ${cue.id}${cue.title ? ` "${cue.title}"` : ""}. Picture ${fpsText}. First warning click ${place.startTimecode}, bar 1 at ${formatTimecode(cue.start, file.rate)}.`;
  const date = originationDate();
  const ixml = ixmlChunk({ project: file.title, cueId: cue.id, note: description, rate: file.rate, sampleRate: sr, bitDepth: settings.bitDepth, timeReference: place.timeReference, trackName: "Click" });
  const header = wavHeader(format, total, {
    description,
    originator: "Sprocket",
    originatorReference: originatorReference(`${file.title}\n${cue.id}\n${place.timeReference}\n${total}\n${sr}`, date),
    date,
    timeReference: place.timeReference,
    codingHistory: `A=PCM,F=${sr},W=${settings.bitDepth},M=mono,T=Sprocket ${version()}${settings.bitDepth === 32 ? " float" : ""}\r\n`,
  }, ixml);
  const path = resolve(join(outDir, deliveryName(cue, "click", place.startTimecode, "wav")));
  const dataBytes = total * bytesPerSample(format);
  return { settings, sounds, place, total, format, header, path, bytes: header.length + dataBytes + (dataBytes % 2) };
}

/** Renders one cue's click track as a Broadcast WAV in `outDir`, starting on the frame of its first warning click (or on `startFrame`). */
export async function renderClick(file: CueFile, cue: Cue, outDir: string, overrides: Partial<ClickSettings> = {}, startFrame?: number): Promise<RenderedOutput> {
  const { settings, sounds, place, total, format, header, path, bytes } = planClick(file, cue, outDir, overrides, startFrame);
  const placed = function* (): Generator<PlacedSound> {
    for (const e of clickSchedule(cue, file.rate, settings, cuePlan(cue, file.rate).timing.endSeconds)) {
      const at = place.onset(e.seconds, e.exact);
      if (at >= 0) yield { onset: at, sound: sounds[e.kind] };
    }
  };
  // Blocks go to the disk while the next are mixed, each from its own encoder's buffer (one more
  // encoder than writes in flight, so none is reused before its write is done).
  const encoders = Array.from({ length: 4 }, () => new BlockEncoder(format, BLOCK));
  const bps = bytesPerSample(format);
  await writeAtomically(path, async (fh) => {
    await fh.write(header, 0, header.length, 0);
    const writes = new WritesInFlight(fh, header.length, encoders.length - 1);
    let k = 0;
    for (const block of mixBlocks(placed(), total, BLOCK)) {
      const encoder = encoders[k++ % encoders.length]!;
      encoder.encode(block.samples, block.spans);
      await writes.write(encoder.out.subarray(0, block.length * bps));
    }
    if ((total * bps) % 2) await writes.write(Buffer.alloc(1)); // RIFF chunks are padded to even length
    await writes.done();
  }, bytes);
  const sr = settings.sampleRate;
  return { kind: "click", cue: cue.id, path, start: place.startTimecode, duration: total / sr, detail: `${sr / 1000} kHz ${settings.bitDepth === 32 ? "32-bit float" : `${settings.bitDepth}-bit`} mono` };
}

/** When the file was made: now, or SOURCE_DATE_EPOCH (seconds) for reproducible renders. */
export function originationDate(): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
}
