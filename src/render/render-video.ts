import { dirname, join, resolve } from "node:path";
import { driftWords } from "../engine/rate-match.js";
import { UserError } from "../errors.js";
import type { Cue, CueFile } from "../engine/cue-model.js";
import { cuePlan } from "../engine/cue-plan.js";
import type { Overlay, OverlaySection } from "../engine/overlay-model.js";
import { cueSection, pictureOverlay } from "../engine/cue-overlay.js";
import { Rational } from "../engine/rational.js";
import { formatTimecode, parseTimecode } from "../engine/timecode.js";
import { deliveryName, slug } from "../delivery/delivery-name.js";
import type { RenderedOutput } from "./outputs.js";
import { encodePicture } from "./encode-picture.js";
import { cueSpan, FORMATS, type PictureFormat, type VideoOptions } from "./video-options.js";
import { probeVideo, type VideoInfo } from "../system/probe-video.js";
import { loadStreamerStyle } from "../presets/streamer-styles.js";

export type { VideoOptions } from "./video-options.js";


/** Explains a rate mismatch: how far the picture drifts against the project's timecode. */
function rateMismatch(video: VideoInfo, file: CueFile): UserError {
  return new UserError({
    message: `${video.path} runs at ${video.rate.toNumber().toFixed(3)} fps, but the project is at ${file.rate.name}: its frames and the cue's timecodes ${driftWords(video.rate, file.rate)}.`,
    hint: "Use a reference made at the project's rate, or pass --allow-rate-mismatch to count its frames at the project's rate anyway.",
  });
}

/** The reference, probed and placed in time, or none (a generated picture). */
export async function pictureReference(file: CueFile, options: VideoOptions): Promise<{ path: string; video: VideoInfo; first: number } | undefined> {
  const path = options.video ?? (file.video ? resolve(dirname(file.file), file.video) : undefined);
  if (!path) return undefined;
  const video = await probeVideo(path);
  if (!video.rate.eq(file.rate.fps) && !options.allowRateMismatch) throw rateMismatch(video, file);
  const label = options.videoStart ?? video.timecode;
  if (!label) throw new UserError({ message: `${path} has no start timecode (no tmcd track or timecode tag).`, hint: "Give its first frame's timecode with --video-start." });
  return { path, video, first: parseTimecode(label, file.rate) };
}

/** A cue's span: from the pre-roll before its first warning click to the tail after its end (frames since 00:00:00:00). */

/**
 * What a cue's picture covers: its span clamped to the reference (or the whole reference with
 * `whole`), or its span of generated picture when there is no reference.
 */
export async function pictureSpan(file: CueFile, cue: Cue, options: VideoOptions = {}) {
  const ref = await pictureReference(file, options);
  let [from, to] = cueSpan(file, cue, options);
  let width = 1920, height = 1080;
  if (ref) {
    const last = ref.first + ref.video.frames - 1;
    if (options.whole) [from, to] = [ref.first, last];
    if (to < ref.first || from > last) {
      throw new UserError({ message: `Cue ${cue.id} (${formatTimecode(from, file.rate)} to ${formatTimecode(to, file.rate)} with its pre-roll and tail) is outside the reference ${ref.path} (${formatTimecode(ref.first, file.rate)} to ${formatTimecode(last, file.rate)}).`, hint: "Check the reference and its start timecode (--video-start), or render with the right reference." });
    }
    [from, to] = [Math.max(from, ref.first), Math.min(to, last)];
    [width, height] = [ref.video.width, ref.video.height];
  }
  return { ref, video: ref?.video, startFrame: from, frames: to - from + 1, width, height };
}

/**
 * The picture file's size, estimated (an encoder's output cannot be known before it runs). H.264 at
 * CRF 18 follows the reference's own bit rate (held between 0.05 and 0.5 bits a pixel; 0.25 when the
 * file does not say); ProRes 422 at Apple's published 2.4 bits a pixel; DNxHD 36 and DNxHR LB at
 * about 0.75; a generated picture (flat colour and text) at a tenth. Audio as 24-bit PCM stereo a track.
 */
export function estimatePictureBytes(span: { frames: number; width: number; height: number; video?: VideoInfo }, rate: CueFile["rate"], options: VideoOptions = {}): number {
  const pixelsPerSecond = span.width * span.height * rate.fps.toNumber();
  const own = span.video?.bitRate ? span.video.bitRate / pixelsPerSecond : 0.25;
  const format = options.format ?? "mov";
  const perPixel = format === "prores" ? 2.4 : format === "dnxhd" || format === "dnxhr" ? 0.75 : Math.min(0.5, Math.max(0.05, own));
  const bitsPerPixel = perPixel * (span.video ? 1 : 0.1);
  const seconds = Rational.of(span.frames).div(rate.fps).toNumber();
  const audioTracks = (span.video?.audio.length ?? 0) + (options.click ? 1 : 0);
  return Math.ceil((span.frames * span.width * span.height * bitsPerPixel) / 8 + seconds * audioTracks * 48000 * 6 + 1e6);
}

/** A cue's section of a picture that starts at `startFrame`: its plan, label and the frames it owns. */
function section(file: CueFile, cue: Cue, startFrame: number, frames: number, options: VideoOptions, span?: [number, number]): OverlaySection {
  return cueSection(cuePlan(cue, file.rate), startFrame, frames, loadStreamerStyle(cue.streamerStyle).colors, { flash: options.flash ?? false, ...(span ? { span } : {}) });
}

function overlayFor(file: CueFile, startFrame: number, width: number, height: number, sections: OverlaySection[], streamerFraction: number, options: VideoOptions, slate: string[] | undefined): Overlay {
  return pictureOverlay({ rate: file.rate, startFrame, width, height, streamerFraction, sections, ...(options.feet ? { gauge: file.gauge } : {}), ...(slate ? { slateLines: slate } : {}) });
}

const container = (format: PictureFormat) => FORMATS[format].container;

/** One cue's conductor picture: its span of the reference (or all of it, or generated picture) with its overlays. */
export async function renderVideo(file: CueFile, cue: Cue, outDir: string, options: VideoOptions = {}): Promise<RenderedOutput> {
  const span = await pictureSpan(file, cue, options);
  const { ref, startFrame, frames, width, height } = span;
  const format = options.format ?? "mov";
  const overlay = overlayFor(file, startFrame, width, height, [section(file, cue, startFrame, frames, options)], loadStreamerStyle(cue.streamerStyle).width, options,
    ref ? undefined : [...(file.title ? [file.title] : []), cuePlan(cue, file.rate).label, "no reference picture"]);
  const path = resolve(join(outDir, deliveryName(cue, "picture", formatTimecode(startFrame, file.rate), container(format))));
  await encodePicture({ file, overlay, ref, frames, path, format, options, estimate: estimatePictureBytes(span, file.rate, options), purpose: `rendering the picture for cue ${cue.id}`, clickCue: cue });
  return { kind: "video", cue: cue.id, path, start: formatTimecode(startFrame, file.rate), duration: Rational.of(frames).div(file.rate.fps).toNumber(), detail: `${width}x${height} ${FORMATS[format].name}, ${frames} frames${ref ? options.whole ? ", whole reference" : "" : ", generated picture"}` };
}

/**
 * What a reel covers: the whole reference (every cue must be inside it), or without one, from the
 * first cue's span to the last's. The reel's picture and its LTC cover these frames.
 */
export async function reelFrames(file: CueFile, cues: readonly Cue[], options: VideoOptions = {}) {
  const ref = await pictureReference(file, options);
  const spans = cues.map((c) => cueSpan(file, c, options));
  const startFrame = ref ? ref.first : Math.min(...spans.map((s) => s[0]));
  const frames = ref ? ref.video.frames : Math.max(...spans.map((s) => s[1])) - startFrame + 1;
  const outside = cues.filter((_, i) => spans[i]![1] < startFrame || spans[i]![0] > startFrame + frames - 1).map((c) => c.id);
  if (outside.length) throw new UserError({ message: `Cue${outside.length > 1 ? "s" : ""} ${outside.join(", ")} ${outside.length > 1 ? "are" : "is"} outside the reference ${ref!.path} (${formatTimecode(startFrame, file.rate)} to ${formatTimecode(startFrame + frames - 1, file.rate)}).`, hint: "Render the reel with the cues it holds (--cue ID)." });
  return { ref, spans, startFrame, frames, name: slug(file.title) || "reel" };
}

/**
 * One picture of the whole reel in one encode: every cue's label, bar|beat, streamers and punches in
 * its own span, the timecode throughout. Without a reference, generated picture from the first cue's
 * span to the last's.
 */
export async function renderReel(file: CueFile, cues: readonly Cue[], outDir: string, options: VideoOptions = {}): Promise<RenderedOutput> {
  const { ref, spans, startFrame, frames } = await reelFrames(file, cues, options);
  const [width, height] = ref ? [ref.video.width, ref.video.height] : [1920, 1080];
  const sections = cues.map((c, i) => section(file, c, startFrame, frames, options, spans[i]));
  const widths = cues.map((c) => loadStreamerStyle(c.streamerStyle).width);
  const format = options.format ?? "mov";
  const overlay = overlayFor(file, startFrame, width, height, sections, Math.max(...widths), options, ref ? undefined : [...(file.title ? [file.title] : []), `${cues.length} cue${cues.length === 1 ? "" : "s"}`, "no reference picture"]);
  const name = slug(file.title) || "reel";
  const path = resolve(join(outDir, deliveryName({ id: name, title: "" }, "reel", formatTimecode(startFrame, file.rate), container(format))));
  const estimate = estimatePictureBytes({ frames, width, height, ...(ref ? { video: ref.video } : {}) }, file.rate, options);
  await encodePicture({ file, overlay, ref, frames, path, format, options: { ...options, click: undefined }, estimate, purpose: "rendering the reel's picture" });
  return { kind: "video", cue: cues.map((c) => c.id).join(","), path, start: formatTimecode(startFrame, file.rate), duration: Rational.of(frames).div(file.rate.fps).toNumber(), detail: `${width}x${height} ${FORMATS[format].name}, ${frames} frames, ${cues.length} cue${cues.length === 1 ? "" : "s"}${ref ? "" : ", generated picture"}` };
}
