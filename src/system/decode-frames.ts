import { run } from "./ffmpeg.js";

/**
 * Decodes a video's frames, every one in order (none dropped or repeated: `-vsync 0`), scaled down to
 * `width` x `height` RGB (each pixel the mean of its area), and hands each to `onFrame` as it comes.
 * The frame's bytes are only valid during the call.
 */
export async function decodeSmallFrames(path: string, width: number, height: number, onFrame: (rgb: Uint8Array, index: number) => void, purpose: string): Promise<number> {
  const size = width * height * 3;
  let pending = Buffer.alloc(0);
  let index = 0;
  await run("ffmpeg", ["-v", "error", "-nostdin", "-i", path, "-map", "0:v:0", "-an", "-sn", "-vsync", "0", "-vf", `scale=${width}:${height}:flags=area,format=rgb24`, "-f", "rawvideo", "pipe:1"], {
    purpose,
    onStdoutBytes: (chunk) => {
      const data = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      let at = 0;
      for (; at + size <= data.length; at += size) onFrame(data.subarray(at, at + size), index++);
      pending = Buffer.from(data.subarray(at));
    },
  });
  return index;
}
