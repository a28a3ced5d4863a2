import { execFileSync } from "node:child_process";
import ffmpeg from "@ffmpeg-installer/ffmpeg";

/** The page tests' picture size, and the row where a numbered reference draws its frame number. */
export const W = 640, H = 360, BAND_Y = 260;

/** How long the numbered reference shared by the Chromium files is (test/page-references.ts): the longest any of them needs. */
export const SHARED_SECONDS = 70;

/**
 * ffmpeg's arguments for a reference on a plain grey ground (so overlays are easy to find) with its
 * frame number drawn as 13 binary blocks, three copies across a band at BAND_Y, read by majority; a
 * timecode track; silent audio in `audio` (aac: the browser plays the file as it is). `codec`
 * "prores" makes one it cannot play.
 */
export function numberedReferenceArgs(path: string, seconds: number, codec: "h264" | "prores" = "h264"): string[] {
  return ["-hide_banner", "-loglevel", "error", "-y",
    "-f", "lavfi", "-i", `color=c=0x505050:s=${W}x${H}:r=24000/1001:d=${seconds}`,
    "-f", "lavfi", "-i", `anullsrc=r=48000:cl=stereo`,
    "-filter_complex", `color=c=black:s=${W}x24:r=24000/1001:d=${seconds},format=yuv420p,geq=lum='16+219*mod(floor(N/pow(2\\,floor(mod(X\\,213)/16)))\\,2)':cb=128:cr=128[num];[0:v][num]overlay=0:${BAND_Y}[v]`,
    "-map", "[v]", "-map", "1:a", "-t", String(seconds),
    ...(codec === "h264" ? ["-c:v", "libx264", "-preset", "ultrafast", "-g", "12", "-pix_fmt", "yuv420p", "-c:a", "aac"] : ["-c:v", "prores_ks", "-profile:v", "2", "-pix_fmt", "yuv422p10le", "-c:a", "pcm_s24le"]),
    "-timecode", "01:00:00:00", path];
}

/** A numbered reference of `seconds` at `path`, made now. */
export function numberedReference(path: string, seconds: number, codec: "h264" | "prores" = "h264"): string {
  execFileSync(ffmpeg.path, numberedReferenceArgs(path, seconds, codec));
  return path;
}
