import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fontFile } from "../presets/fonts.js";
import type { Cue, CueFile } from "../engine/cue-model.js";
import type { Overlay } from "../engine/overlay-model.js";
import { formatTimecode } from "../engine/timecode.js";
import { produceAtomically } from "../system/atomic-file.js";
import { run } from "../system/ffmpeg.js";
import { FILES, pictureGraph } from "./picture-graph.js";
import { canvasGraph, canvasOverlay, cellInputs } from "./canvas-overlay.js";
import type { VideoInfo } from "../system/probe-video.js";
import { circlePng } from "./punch-png.js";
import { renderClick } from "./render-click.js";
import { FORMATS, type PictureFormat, type VideoOptions } from "./video-options.js";

/**
 * Encodes a picture: the reference's frames from `overlay.startFrame` (read from the keyframe before
 * and cut on that exact frame), or generated picture, with the overlay drawn by ffmpeg's filter graph
 * (or the canvas, src/render/canvas-overlay.ts), the reference's audio for the same span, and a
 * timecode track from the first frame's label. Written atomically.
 */
export type { PictureFormat } from "./video-options.js";


/** The encoder's arguments: H.264 (libx264 veryfast, CRF 18), ProRes 422, DNxHD 36 at 1080p (else DNxHR LB), DNxHR LB. */
export function videoCodec(format: PictureFormat, width: number, height: number): { args: string[]; name: string } {
  if (format === "prores") return { args: ["-c:v", "prores_ks", "-profile:v", "2", "-pix_fmt", "yuv422p10le"], name: "ProRes 422" };
  if (format === "dnxhd" && width === 1920 && height === 1080) return { args: ["-c:v", "dnxhd", "-b:v", "36M", "-pix_fmt", "yuv422p"], name: "DNxHD 36" };
  if (format === "dnxhd" || format === "dnxhr") return { args: ["-c:v", "dnxhd", "-profile:v", "dnxhr_lb", "-pix_fmt", "yuv422p"], name: "DNxHR LB" };
  return { args: ["-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p"], name: "H.264" };
}


/** Seconds of `frames` frames at `rate`, floored to the microsecond (so the frame itself is kept by a seek). */
export function frameSeconds(frames: number, rate: CueFile["rate"]): string {
  const us = (BigInt(frames) * rate.fps.d * 1_000_000n) / rate.fps.n;
  return `${us / 1_000_000n}.${String(us % 1_000_000n).padStart(6, "0")}`;
}

export interface EncodeRequest {
  file: CueFile;
  overlay: Overlay;
  ref?: { path: string; video: VideoInfo; first: number };
  frames: number;
  path: string;
  format: PictureFormat;
  options: VideoOptions;
  estimate: number;
  purpose: string;
  /** The cue whose click goes into the picture, when --click-in-video. */
  clickCue?: Cue;
}

export async function encodePicture(r: EncodeRequest): Promise<void> {
  const { overlay, ref, frames, options } = r;
  const L = overlay.layout;
  const rate = `${overlay.rate.fps.n}/${overlay.rate.fps.d}`;
  const container = FORMATS[r.format].container;
  const work = mkdtempSync(join(tmpdir(), "sprocket-video-"));
  try {
    copyFileSync(fontFile("sans"), join(work, FILES.sans));
    copyFileSync(fontFile("mono"), join(work, FILES.mono));
    overlay.sections.forEach((s, i) => writeFileSync(join(work, FILES.label(i)), s.label));
    writeFileSync(join(work, FILES.slateText), (overlay.slateLines ?? []).join("\n"));
    writeFileSync(join(work, FILES.punch), circlePng(L.punch.diameter));
    const seek = ref ? overlay.startFrame - ref.first : 0;
    // Input seeking reads from the keyframe before and drops the frames before the wanted one.
    const source = ref ? [...(seek > 0 ? ["-ss", frameSeconds(seek, overlay.rate)] : []), "-i", resolve(ref.path)] : ["-f", "lavfi", "-i", `color=c=0x181818:s=${L.width}x${L.height}:r=${rate}`];
    const audioIn = ref?.video.audio.length ?? 0;
    // The reference's audio for the span: re-encoded when cut (a copy starts on a packet, not the frame).
    const cut = seek > 0 || frames < (ref?.video.frames ?? 0);
    const audioCodec = container === "mp4" ? (!cut && ref?.video.audio.every((a) => ["aac", "mp3"].includes(a.codec)) ? "copy" : "aac") : cut ? "pcm_s24le" : "copy";
    const audio = audioIn ? ["-map", "0:a", "-c:a", audioCodec] : [];
    // The overlay: drawn by the filter graph (the punch image is input 1), or by the canvas (its cells' frames are inputs 1, 2, ...).
    const canvas = options.renderer === "canvas" ? canvasOverlay(overlay, frames) : undefined;
    const overlayInputs = 1 + (canvas ? canvas.cells.length : 1);
    const clickInput: string[] = [];
    if (options.click && r.clickCue) {
      // The click as one more audio track, rendered to start on the picture's first frame (so it lines
      // up by its samples, not by timestamps a player might ignore).
      const wav = await renderClick(r.file, r.clickCue, work, options.click, overlay.startFrame);
      clickInput.push("-i", wav.path);
      audio.push("-map", `${overlayInputs}:a`, `-c:a:${audioIn ? 1 : 0}`, container === "mp4" ? "aac" : "pcm_s24le", `-metadata:s:a:${audioIn ? 1 : 0}`, "title=Click");
      if (!audioIn) audio.push("-c:a", container === "mp4" ? "aac" : "pcm_s24le");
    }
    const { graph, commands } = canvas ? { graph: canvasGraph(overlay, canvas.cells, 1, frames), commands: "" } : pictureGraph({ overlay, punchInput: 1 });
    writeFileSync(join(work, FILES.commands), commands);
    // The graph goes in a file: a canvas's or a long reel's can be longer than a command line may be.
    writeFileSync(join(work, FILES.graph), graph);
    const overlayInput = canvas ? cellInputs(canvas.cells, L, rate) : ["-i", FILES.punch];
    await produceAtomically(r.path, async (temp) => {
      const args = [
        "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-progress", "pipe:1", "-nostats",
        ...source,
        ...overlayInput,
        ...clickInput,
        "-filter_complex_script", FILES.graph,
        "-map", "[out]", ...audio,
        ...videoCodec(r.format, L.width, L.height).args,
        "-vsync", "0", // passthrough: every input frame out once, none dropped or repeated
        "-frames:v", String(frames),
        "-t", frameSeconds(frames, overlay.rate), // the audio ends where the picture does
        "-timecode", formatTimecode(overlay.startFrame, overlay.rate), // the timecode track starts on the first frame's label
        "-f", container,
        resolve(temp),
      ];
      await run("ffmpeg", args, {
        cwd: work,
        purpose: r.purpose,
        ...(canvas ? { feeds: canvas.feeds } : {}),
        onStdout: (text) => {
          const m = /frame=(\d+)\s*$/m.exec(text.split("progress=")[0] ?? text);
          if (m && options.onProgress) options.onProgress(Number(m[1]), frames);
        },
      });
    }, r.estimate, true);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
