import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { driftWords } from "../engine/rate-match.js";
import { UserError } from "../errors.js";
import type { Cue, CueFile } from "../cue/model.js";
import { cueTiming } from "../engine/cue-timing.js";
import { picturePlan } from "../engine/picture-plan.js";
import { Rational } from "../engine/rational.js";
import { formatTimecode, parseTimecode } from "../engine/timecode.js";
import { produceAtomically } from "./atomic-file.js";
import { deliveryName } from "./delivery-name.js";
import { run } from "./ffmpeg.js";
import type { RenderedOutput } from "./outputs.js";
import { FILES, pictureGraph } from "./picture-graph.js";
import { probeVideo, type VideoInfo } from "./probe-video.js";
import { circlePng } from "./punch-png.js";
import { loadStreamerStyle } from "./streamer-styles.js";
import { renderClick } from "./render-click.js";
import type { ClickSettings } from "../cue/model.js";

export interface VideoOptions {
  /** Reference video path (absolute or relative to the cwd); default: the cue file's `video`. */
  video?: string;
  /** Output format: H.264 in .mov (default) or .mp4, or ProRes 422 in .mov. */
  format?: "mov" | "mp4" | "prores";
  allowRateMismatch?: boolean;
  /** The reference's start timecode when it has none. */
  videoStart?: string;
  flash?: boolean;
  /** Renders the click (with these settings) as one more audio track, starting on the picture's first frame. */
  click?: Partial<ClickSettings>;
  /** Show feet+frames from bar 1 (35 mm 4-perf or 16 mm). */
  feet?: boolean;
  /** Seconds of picture before the first warning click and after the end, for a generated picture. */
  handles?: number;
  onProgress?: (frame: number, total: number) => void;
}

const require = createRequire(import.meta.url);
const fontDir = () => join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");

/** Explains a rate mismatch: how far the picture drifts against the project's timecode. */
function rateMismatch(video: VideoInfo, file: CueFile): UserError {
  return new UserError({
    message: `${video.path} runs at ${video.rate.toNumber().toFixed(3)} fps, but the project is at ${file.rate.name}: its frames and the cue's timecodes ${driftWords(video.rate, file.rate)}.`,
    hint: "Use a reference made at the project's rate, or pass --allow-rate-mismatch to count its frames at the project's rate anyway.",
  });
}

/** What the picture covers: the reference (probed) or a generated span around the cue, its first frame, length and size. */
export async function pictureSpan(file: CueFile, cue: Cue, options: VideoOptions = {}) {
  const rate = file.rate;
  const referencePath = options.video ?? (file.video ? resolve(dirname(file.file), file.video) : undefined);
  const timing = cueTiming(cue, rate);
  let video: VideoInfo | undefined;
  let startFrame: number;
  let frames: number;
  let width = 1920, height = 1080;
  if (referencePath) {
    video = await probeVideo(referencePath);
    if (!video.rate.eq(rate.fps) && !options.allowRateMismatch) throw rateMismatch(video, file);
    const label = options.videoStart ?? video.timecode;
    if (!label) throw new UserError({ message: `${referencePath} has no start timecode (no tmcd track or timecode tag).`, hint: "Give its first frame's timecode with --video-start." });
    startFrame = parseTimecode(label, rate);
    frames = video.frames;
    [width, height] = [video.width, video.height];
  } else {
    const handles = Math.round((options.handles ?? 2) * rate.fps.toNumber());
    startFrame = timing.countInFrame - cue.streamerFrames - handles;
    frames = timing.endFrame + handles - startFrame + 1;
  }
  return { referencePath, video, timing, startFrame, frames, width, height };
}

/**
 * The picture file's size, estimated (an encoder's output cannot be known before it runs). H.264 at
 * CRF 18 follows the reference's own bit rate (held between 0.05 and 0.5 bits a pixel; 0.25 when the
 * file does not say); ProRes 422 at Apple's published 2.4 bits a pixel; a generated picture (flat
 * colour and text) at a tenth of that. Audio as 24-bit PCM stereo for each track.
 */
export function estimatePictureBytes(span: { frames: number; width: number; height: number; video?: VideoInfo }, rate: CueFile["rate"], options: VideoOptions = {}): number {
  const pixelsPerSecond = span.width * span.height * rate.fps.toNumber();
  const own = span.video?.bitRate ? span.video.bitRate / pixelsPerSecond : 0.25;
  const bitsPerPixel = (options.format === "prores" ? 2.4 : Math.min(0.5, Math.max(0.05, own))) * (span.video ? 1 : 0.1);
  const seconds = Rational.of(span.frames).div(rate.fps).toNumber();
  const audioTracks = (span.video?.audio.length ?? 0) + (options.click ? 1 : 0);
  return Math.ceil((span.frames * span.width * span.height * bitsPerPixel) / 8 + seconds * audioTracks * 48000 * 6 + 1e6);
}

export async function renderVideo(file: CueFile, cue: Cue, outDir: string, options: VideoOptions = {}): Promise<RenderedOutput> {
  const rate = file.rate;
  const span = await pictureSpan(file, cue, options);
  const { referencePath, video, startFrame, frames, width, height } = span;
  const style = loadStreamerStyle(cue.streamerStyle);
  const plan = picturePlan(cue, rate, startFrame, frames, style.colors, { flash: options.flash ?? false });
  const rateText = `${rate.fps.n}/${rate.fps.d}`;
  const startTimecode = formatTimecode(startFrame, rate);
  const feetPerFrame = file.gauge === "16mm" ? 40 : 16;
  if (options.feet && file.gauge === "35mm-3perf") throw new UserError({ message: "The picture's footage counter counts 35mm 4-perf or 16mm feet, not 3-perf.", hint: "Leave out --feet, or set gauge: 35mm-4perf." });
  const { graph, commands } = pictureGraph({ width, height, rate: rateText, startTimecode, plan, streamerWidth: Math.max(4, Math.round(width * style.width)), punchInput: 1, slate: !video, ...(options.feet ? { feet: { framesPerFoot: feetPerFrame } } : {}) });

  const work = mkdtempSync(join(tmpdir(), "sprocket-video-"));
  try {
    copyFileSync(join(fontDir(), "DejaVuSans-Bold.ttf"), join(work, FILES.sans));
    copyFileSync(join(fontDir(), "DejaVuSansMono-Bold.ttf"), join(work, FILES.mono));
    writeFileSync(join(work, FILES.cueText), `${cue.id}${cue.title ? `  ${cue.title}` : ""}`);
    writeFileSync(join(work, FILES.slateText), `${file.title ? `${file.title}\n` : ""}${cue.id}${cue.title ? `  ${cue.title}` : ""}\nno reference picture`);
    writeFileSync(join(work, FILES.commands), commands);
    writeFileSync(join(work, FILES.punch), circlePng(height * 0.3));
    const format = options.format ?? "mov";
    const container = format === "mp4" ? "mp4" : "mov";
    const path = resolve(join(outDir, deliveryName(cue, "picture", startTimecode, container)));
    const source = video ? ["-i", resolve(referencePath!)] : ["-f", "lavfi", "-i", `color=c=0x181818:s=${width}x${height}:r=${rateText}`];
    const audio = video?.audio.length ? ["-map", "0:a", "-c:a", container === "mp4" && !video.audio.every((a) => ["aac", "mp3"].includes(a.codec)) ? "aac" : "copy"] : [];
    // The click as one more audio track, rendered to start on the picture's first frame (so it lines
    // up by its samples, not by timestamps a player might ignore).
    const clickInput: string[] = [];
    if (options.click) {
      const wav = await renderClick(file, cue, work, options.click, startFrame);
      clickInput.push("-i", wav.path);
      const n = video?.audio.length ? 1 : 0;
      audio.push("-map", "2:a", `-c:a:${n}`, container === "mp4" ? "aac" : "pcm_s24le", `-metadata:s:a:${n}`, "title=Click");
      if (!video?.audio.length) audio.push("-c:a", container === "mp4" ? "aac" : "pcm_s24le");
    }
    const codec = format === "prores"
      ? ["-c:v", "prores_ks", "-profile:v", "2", "-pix_fmt", "yuv422p10le"] // ProRes 422
      : ["-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p"];
    await produceAtomically(path, async (temp) => {
      const args = [
        "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-progress", "pipe:1", "-nostats",
        ...source,
        "-i", FILES.punch, // the punch image: one frame, held by its overlay
        ...clickInput,
        "-filter_complex", graph,
        "-map", "[out]", ...audio,
        ...codec,
        "-vsync", "0", // passthrough: every input frame out once, none dropped or repeated
        "-frames:v", String(frames),
        ...(options.click ? ["-shortest"] : []), // the click ends where the picture does
        "-timecode", startTimecode, // the timecode track starts where the reference's does
        "-f", container,
        resolve(temp),
      ];
      await run("ffmpeg", args, {
        cwd: work,
        purpose: `rendering the picture for cue ${cue.id}`,
        onStdout: (text) => {
          const m = /frame=(\d+)\s*$/m.exec(text.split("progress=")[0] ?? text);
          if (m && options.onProgress) options.onProgress(Number(m[1]), frames);
        },
      });
    }, estimatePictureBytes(span, rate, options), true);
    return { kind: "video", cue: cue.id, path, start: startTimecode, duration: Rational.of(frames).div(rate.fps).toNumber(), detail: `${width}x${height} ${format === "prores" ? "ProRes 422" : "H.264"}, ${frames} frames${video ? "" : ", generated picture"}` };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
