import { statSync } from "node:fs";
import { resolve } from "node:path";
import { UserError } from "../errors.js";
import { Rational } from "../engine/rational.js";
import { run } from "./ffmpeg.js";

/** What Sprocket needs to know about a reference video, read with ffprobe. */
export interface VideoInfo {
  path: string;
  width: number;
  height: number;
  /** Exact frame rate (r_frame_rate). */
  rate: Rational;
  /** Frames in the video stream (counted when the container does not say). */
  frames: number;
  /** Start timecode from a tmcd track or stream/format tags, when there is one. */
  timecode?: string;
  audio: { codec: string; index: number }[];
  /** The video stream's bits a second, where the file says it. */
  bitRate?: number;
  /** The video's codec and pixel format, and the container's names (for what a browser can play). */
  codec: string;
  pixFmt: string;
  container: string;
}

interface ProbeStream { index: number; bit_rate?: string; pix_fmt?: string; codec_type: string; codec_name?: string; codec_tag_string?: string; width?: number; height?: number; r_frame_rate?: string; avg_frame_rate?: string; nb_frames?: string; nb_read_frames?: string; tags?: Record<string, string> }

/** Probes made in this process, by path, size and modification time: a reference is probed once, however many cues and outputs ask. */
const probes = new Map<string, Promise<VideoInfo>>();
let probed = 0;
/** How many times ffprobe was asked about a reference in this process (for tests and profiles). */
export const referencesProbed = (): number => probed;

/** What a reference video is (see VideoInfo), probed once per file and version. */
export function probeVideo(path: string): Promise<VideoInfo> {
  let key = path;
  try {
    const st = statSync(path);
    key = `${resolve(path)}\0${st.size}\0${st.mtimeMs}`;
  } catch {
    // Not there: the probe itself says so in words.
  }
  let found = probes.get(key);
  if (!found) {
    found = probeOnce(path);
    probes.set(key, found);
    found.catch(() => probes.delete(key));
  }
  return found;
}

async function probeOnce(path: string): Promise<VideoInfo> {
  probed++;
  const json = await run("ffprobe", ["-v", "error", "-show_streams", "-show_format", "-of", "json", path], { purpose: `reading ${path}` }).catch((e: Error) => {
    throw new UserError({ message: `${path} cannot be read as a video.`, received: e.message.split("\n")[0], hint: "Check the path, and that the file is a QuickTime, MP4 or MXF video." });
  });
  const info = JSON.parse(json) as { streams: ProbeStream[]; format: { tags?: Record<string, string>; format_name?: string } };
  const video = info.streams.find((s) => s.codec_type === "video" && s.width);
  if (!video) throw new UserError({ message: `${path} has no video stream.` });
  const [num, den] = (video.r_frame_rate ?? "0/1").split("/").map(Number) as [number, number];
  if (!num || !den) throw new UserError({ message: `${path} does not say its frame rate.` });
  let frames = Number(video.nb_frames);
  if (!Number.isFinite(frames) || frames <= 0) {
    const counted = await run("ffprobe", ["-v", "error", "-count_frames", "-select_streams", String(video.index), "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", path], { purpose: `counting the frames of ${path}` });
    frames = Number(counted.trim());
  }
  const tmcd = info.streams.find((s) => s.codec_tag_string === "tmcd" || s.codec_type === "data");
  const timecode = tmcd?.tags?.timecode ?? video.tags?.timecode ?? info.format.tags?.timecode;
  return {
    path,
    width: video.width!,
    height: video.height!,
    rate: Rational.of(num, den),
    frames,
    ...(timecode ? { timecode } : {}),
    ...(Number(video.bit_rate) > 0 ? { bitRate: Number(video.bit_rate) } : {}),
    codec: video.codec_name ?? "unknown",
    pixFmt: video.pix_fmt ?? "unknown",
    container: info.format.format_name ?? "unknown",
    audio: info.streams.filter((s) => s.codec_type === "audio").map((s) => ({ codec: s.codec_name ?? "unknown", index: s.index })),
  };
}
