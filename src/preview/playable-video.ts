import { createHash } from "node:crypto";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import type { CueFile } from "../engine/cue-model.js";
import { formatTimecode } from "../engine/timecode.js";
import { produceAtomically } from "../system/atomic-file.js";
import { run } from "../system/ffmpeg.js";
import { frameSeconds } from "../render/encode-picture.js";
import { pictureReference } from "../render/render-video.js";
import { cueSpan, type VideoOptions } from "../render/video-options.js";
import type { PageVideo } from "../app/preview-protocol.js";

/**
 * The picture the browser plays: the reference as it is when a browser can play it (H.264 8-bit
 * 4:2:0 in an MP4/QuickTime file, with AAC or no audio), else a proxy made once and kept in a cache
 * (keyed by the reference's path, size, modification time and the proxy settings): the video copied
 * when it already plays and only the audio made AAC, else H.264 with a keyframe every half second so
 * seeking is quick. Without a reference, a generated slate over every cue's span.
 */
/** The picture the page plays (what the page is told of it, in page/protocol.ts) and where it is. */
export interface PlayableVideo extends PageVideo {
  path: string;
}

/** Bump to remake every cached proxy when the settings below change. */
const PROXY_SETTINGS = "h264-veryfast-crf20-g12-aac192-faststart-1";

/** Where proxies are kept: SPROCKET_CACHE, else the platform's cache folder. */
export function cacheDir(): string {
  const env = process.env.SPROCKET_CACHE;
  const base = env ? env
    : process.platform === "win32" ? join(process.env.LOCALAPPDATA ?? join(homedir(), "AppData", "Local"), "sprocket")
    : process.platform === "darwin" ? join(homedir(), "Library", "Caches", "sprocket")
    : join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "sprocket");
  const dir = join(base, "proxies");
  mkdirSync(dir, { recursive: true });
  return dir;
}

const browserPlays = (v: { codec: string; pixFmt: string; container: string; audio: { codec: string }[] }) =>
  v.codec === "h264" && v.pixFmt === "yuv420p" && /mp4|mov/.test(v.container) && v.audio.every((a) => ["aac", "mp3"].includes(a.codec));

export type Reference = Awaited<ReturnType<typeof pictureReference>>;

/** What a playable copy of the reference says of it. */
const described = (ref: NonNullable<Reference>) => ({ firstFrame: ref.first, frames: ref.video.frames, width: ref.video.width, height: ref.video.height, reference: resolve(ref.path) });

/** A proxy's place in the cache, named by what it is made from and how. */
const cached = (from: unknown[]) => join(cacheDir(), `${createHash("sha256").update(JSON.stringify([...from, PROXY_SETTINGS])).digest("hex").slice(0, 24)}.mp4`);

/** The reference itself, when the browser plays it as it is (no waiting). */
export function servedAsIs(ref: Reference): PlayableVideo | undefined {
  return ref && browserPlays(ref.video) ? { ...described(ref), path: resolve(ref.path), proxy: false } : undefined;
}

/** `ref`: the cue file's reference as pictureReference found it (undefined: none, a slate). */
export async function playableVideo(file: CueFile, ref: Reference, options: VideoOptions, onProgress: (percent: number) => void): Promise<PlayableVideo> {
  if (ref) {
    const asIs = servedAsIs(ref);
    if (asIs) return asIs;
    const v = ref.video, st = statSync(ref.path);
    const path = cached([resolve(ref.path), st.size, st.mtimeMs]);
    if (!existsSync(path)) {
      const copyVideo = v.codec === "h264" && v.pixFmt === "yuv420p";
      await make(path, ["-i", resolve(ref.path), "-map", "0:v:0", ...(v.audio.length ? ["-map", "0:a:0", "-c:a", "aac", "-b:a", "192k"] : []),
        ...(copyVideo ? ["-c:v", "copy"] : ["-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-g", "12", "-pix_fmt", "yuv420p"]),
        "-timecode", formatTimecode(ref.first, file.rate)], v.frames, onProgress);
    }
    return { ...described(ref), path, proxy: true };
  }
  // No reference: a slate from the earliest cue's pre-roll to the latest cue's tail.
  const spans = file.cues.map((c) => cueSpan(file, c, options));
  const first = Math.min(...spans.map((s) => s[0])), frames = Math.max(...spans.map((s) => s[1])) - first + 1;
  const path = cached(["slate", file.rate.name, first, frames]);
  if (!existsSync(path)) {
    await make(path, ["-f", "lavfi", "-i", `color=c=0x181818:s=960x540:r=${file.rate.fps.n}/${file.rate.fps.d},drawgrid=w=iw/16:h=ih/9:t=1:c=white@0.12`, "-frames:v", String(frames), "-t", frameSeconds(frames, file.rate),
      "-c:v", "libx264", "-preset", "veryfast", "-crf", "28", "-g", "12", "-pix_fmt", "yuv420p", "-timecode", formatTimecode(first, file.rate)], frames, onProgress);
  }
  return { path, firstFrame: first, frames, width: 960, height: 540, proxy: true };
}

async function make(path: string, args: string[], frames: number, onProgress: (percent: number) => void): Promise<void> {
  await produceAtomically(path, async (temp) => {
    await run("ffmpeg", ["-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-progress", "pipe:1", "-nostats", ...args, "-movflags", "+faststart", "-f", "mp4", temp], {
      purpose: "making a proxy the browser can play",
      onStdout: (text) => {
        const m = /frame=(\d+)\s*$/m.exec(text.split("progress=")[0] ?? text);
        if (m) onProgress(Math.min(100, (100 * Number(m[1])) / Math.max(1, frames)));
      },
    });
  });
}
