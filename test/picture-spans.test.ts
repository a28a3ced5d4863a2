import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import ffmpeg from "@ffmpeg-installer/ffmpeg";
import ffprobe from "@ffprobe-installer/ffprobe";
import { sprocketJson } from "./helpers.js";

/**
 * Pictures at reel scale, on generated references that carry their own frame number in the pixels
 * (13 binary blocks, three copies across a band, read by majority), a timecode track and audio with a
 * 20 ms tone every 1.001 s. Frame numbers and labels below are counted by hand from the timecodes.
 */
const W = 640, H = 360, BAND_Y = 260;
const dir = mkdtempSync(join(tmpdir(), "sprocket-spans-"));

function numberedReference(name: string, rate: string, start: string, seconds: number): string {
  const path = join(dir, name);
  execFileSync(ffmpeg.path, ["-hide_banner", "-loglevel", "error", "-y",
    "-f", "lavfi", "-i", `testsrc2=s=${W}x${H}:r=${rate}:d=${seconds}`,
    "-f", "lavfi", "-i", `aevalsrc='0.5*sin(2*PI*1000*t)*lt(mod(t\\,1.001)\\,0.02)':s=48000:d=${seconds}`,
    "-filter_complex", `color=c=black:s=${W}x24:r=${rate}:d=${seconds},format=yuv420p,geq=lum='16+219*mod(floor(N/pow(2\\,floor(mod(X\\,213)/16)))\\,2)':cb=128:cr=128[num];[0:v][num]overlay=0:${BAND_Y}[v]`,
    "-map", "[v]", "-map", "1:a", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "pcm_s16le", "-timecode", start, path]);
  return path;
}

/** Gray pixels of several frames, decoded in one pass (one at a time, each decode starts from the file's first frame). */
function grays(path: string, ns: number[]): Map<number, Buffer> {
  const want = [...new Set(ns)].sort((a, b) => a - b);
  const out = execFileSync(ffmpeg.path, ["-hide_banner", "-loglevel", "error", "-i", path, "-vf", `select=${want.map((n) => `eq(n\\,${n})`).join("+")}`, "-vsync", "0", "-f", "rawvideo", "-pix_fmt", "gray", "-"], { maxBuffer: 256 << 20 });
  if (out.length !== W * H * want.length) throw new Error(`${path}: ${out.length / (W * H)} of the ${want.length} frames asked for (${want.join(", ")})`);
  return new Map(want.map((n, i) => [n, out.subarray(i * W * H, (i + 1) * W * H)]));
}

/** The reference frame number drawn into a frame: each bit by majority of its three copies. */
function frameNumber(f: Buffer): number {
  let n = 0;
  for (let k = 0; k < 13; k++) {
    const votes = [0, 1, 2].filter((c) => f[(BAND_Y + 12) * W + c * 213 + k * 16 + 8]! > 128).length;
    if (votes >= 2) n |= 1 << k;
  }
  return n;
}

function probe(path: string) {
  const json = JSON.parse(execFileSync(ffprobe.path, ["-v", "error", "-show_streams", "-of", "json", path], { encoding: "utf8" }));
  const v = json.streams.find((s: { codec_type: string }) => s.codec_type === "video");
  const tmcd = json.streams.find((s: { codec_tag_string?: string }) => s.codec_tag_string === "tmcd");
  return { frames: Number(v.nb_frames), codec: v.codec_name as string, profile: v.profile as string, timecode: (tmcd?.tags?.timecode ?? v.tags?.timecode) as string };
}

/** Samples where the reference's tones start in a picture's first audio track. */
function toneOnsets(path: string): number[] {
  const pcm = execFileSync(ffmpeg.path, ["-hide_banner", "-loglevel", "error", "-i", path, "-map", "0:a:0", "-f", "s16le", "-ac", "1", "-"], { maxBuffer: 64 << 20 });
  const on: number[] = [];
  let last = -1e9;
  for (let i = 0; i < pcm.length / 2; i++) {
    if (Math.abs(pcm.readInt16LE(i * 2)) < 200) continue;
    if (i - last > 2000) on.push(i - 1); // the tone's first sample is its zero crossing: the one before the first loud one
    last = i;
  }
  return on;
}

/** Mean absolute difference of two frames' pixels outside the timecode window (bottom centre). */
function differenceOutsideTimecode(a: Buffer, b: Buffer): number {
  let sum = 0, n = 0;
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    if (y > H * 0.8 && x > W * 0.25 && x < W * 0.75) continue;
    sum += Math.abs(a[y * W + x]! - b[y * W + x]!);
    n++;
  }
  return sum / n;
}

/** The punch: the middle of the picture is solid white. */
const punched = (f: Buffer) => [-10, 0, 10].every((dy) => [-10, 0, 10].every((dx) => f[(H / 2 + dy) * W + W / 2 + dx]! > 225));
/** A text window's opaque black box at the top left (the cue's label). */
const labelled = (f: Buffer) => {
  let dark = 0;
  for (let y = 4; y < 16; y++) for (let x = 4; x < 60; x++) if (f[y * W + x]! < 24) dark++;
  return dark > 500;
};

/** The timecode window of frame n read by tesseract: its box cropped, enlarged and inverted. */
function ocrTimecode(path: string, n: number): string {
  const size = Math.round((72 * H) / 1080), margin = Math.round((24 * H) / 1080), width = Math.round(size * (1233 / 2048) * 11) + 2;
  const png = execFileSync(ffmpeg.path, ["-hide_banner", "-loglevel", "error", "-i", path, "-vf", `select=eq(n\\,${n}),crop=${width}:${size}:${Math.round((W - (width - 2)) / 2) - 1}:${H - margin - size + 1},pad=iw+16:ih+16:8:8:black,scale=iw*3:ih*3,format=gray,negate`, "-vsync", "0", "-frames:v", "1", "-f", "image2pipe", "-vcodec", "png", "-"]);
  return spawnSync("tesseract", ["stdin", "stdout", "--psm", "7", "-c", "tessedit_char_whitelist=0123456789:;"], { input: png, encoding: "utf8" }).stdout.replace(/\s+/g, "");
}

function render(cueText: string, args: string[]): string {
  const file = join(dir, `cue-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, cueText);
  return sprocketJson(["render", file, "--only", "video", "--out", join(dir, "out"), "-q", ...args]).outputs[0].path;
}

describe("a cue's own picture: its span of the reference, cut on the frame", () => {
  let ref: string, cue: string, clip: string, whole: string;
  beforeAll(() => {
    ref = numberedReference("num-23976.mov", "24000/1001", "01:00:00:00", 30);
    // bar 1 at 01:00:14:00 (frame 336); one bar of count-in at 120: first warning click 01:00:12:00 (288);
    // 4 s of pre-roll = 95.9 frames, 96: from frame 192 (01:00:08:00); end 01:00:18:00 (432) plus 2 s, 48 frames: 480
    cue = `fps: 23.976\nvideo: ${JSON.stringify(ref)}\ncues:\n  - id: A1\n    title: First\n    start: "01:00:14:00"\n    end: "01:00:18:00"\n    countIn: 1\n    tempo: [{ bar: 1, bpm: 120 }]\n    hits: [{ at: "01:00:16:00", label: hit }]\n`;
    clip = render(cue, ["--preroll", "4", "--tail", "2"]);
    whole = render(cue, ["--whole"]);
  }, 180_000);

  it("starts on frame 192 and ends on 480: its first frame's track timecode is that frame's label", () => {
    const p = probe(clip);
    expect([p.frames, p.timecode]).toEqual([289, "01:00:08:00"]);
    expect([...grays(clip, [0, 1, 288]).values()].map(frameNumber)).toEqual([192, 193, 480]);
    expect(clip.endsWith("A1_First_picture_01-00-08-00.mov")).toBe(true);
  });
  it("carries the reference's audio for the span, to the sample: tones every 1.001 s from the clip's 8.008 s", () => {
    // the clip starts at 192 x 1001/24000 = 8.008 s of the reference, on a tone; the next at 9.009 s: 1.001 s in
    expect(toneOnsets(clip).slice(0, 3)).toEqual([0, 48048, 96096]);
  });
  it("shows the same streamers and punches on the same reference frames as the whole-reference render", () => {
    const p = probe(whole);
    expect([p.frames, p.timecode]).toEqual([720, "01:00:00:00"]);
    const frames = [192, 250, 300, 383, 384, 385, 420, 480];
    const clipFrames = grays(clip, [...frames, 386].map((n) => n - 192)), wholeFrames = grays(whole, frames);
    for (const n of frames) {
      const a = clipFrames.get(n - 192)!, b = wholeFrames.get(n)!;
      expect([n, frameNumber(a), frameNumber(b)]).toEqual([n, n, n]);
      expect([n, differenceOutsideTimecode(a, b) < 3]).toEqual([n, true]);
      expect([n, punched(a)]).toEqual([n, punched(b)]);
    }
    expect([383, 384, 385, 386].map((n) => punched(clipFrames.get(n - 192)!))).toEqual([false, true, true, false]); // the hit at 01:00:16:00 = 384
  });
  it("the burned-in timecode of the first and last frames reads their labels (OCR, where tesseract is installed)", (ctx) => {
    if (spawnSync("tesseract", ["--version"]).status !== 0) return ctx.skip();
    expect([ocrTimecode(clip, 0), ocrTimecode(clip, 288)]).toEqual(["01:00:08:00", "01:00:20:00"]);
  });

  it("--reel: one picture of the whole reference, each cue's overlays in its own span and none outside", () => {
    // A1 as above (frames 192-480); B2: bar 1 at 01:00:25:00 (600), no count-in, 4 s pre-roll: from 504; end 01:00:27:00 (648) + 2 s: 696
    const two = cue + `  - id: B2\n    title: Second\n    start: "01:00:25:00"\n    end: "01:00:27:00"\n    countIn: 0\n    tempo: [{ bar: 1, bpm: 100 }]\n    hits: [{ at: "01:00:26:00", label: b }]\n`;
    const reel = render(two, ["--reel", "--preroll", "4", "--tail", "2"]);
    const p = probe(reel);
    expect([p.frames, p.timecode]).toEqual([720, "01:00:00:00"]);
    const edges = [191, 192, 480, 481, 503, 504, 696, 697], outside = [100, 190, 490, 700], inside = [300, 384];
    const reelFrames = grays(reel, [...edges, 384, 624, ...outside, ...inside]);
    const at = (n: number) => reelFrames.get(n)!;
    expect(edges.map((n) => labelled(at(n)))).toEqual([false, true, true, false, false, true, true, false]);
    expect([384, 624].map((n) => punched(at(n)))).toEqual([true, true]); // each cue's hit
    // Outside both spans the picture is the reference's, but for the timecode window.
    const reference = grays(ref, outside);
    for (const n of outside) expect([n, differenceOutsideTimecode(at(n), reference.get(n)!) < 3]).toEqual([n, true]);
    // Inside a span it carries that cue's overlays, as the cue's own picture does.
    const own = grays(clip, inside.map((n) => n - 192));
    for (const n of inside) expect([n, differenceOutsideTimecode(at(n), own.get(n - 192)!) < 3]).toEqual([n, true]);
  });
});

describe("a span at 29.97 drop frame, across a dropped minute", () => {
  it("starts on the right frame with the right label, and ends where the tail ends", () => {
    const ref = numberedReference("num-2997df.mov", "30000/1001", "01:00:50;00", 20);
    // From 01:00:50;00 (frame 0): 01:01:00;02 is frame 300 (;00 and ;01 dropped), ;10 is 308: bar 1, no count-in.
    // 3 s of pre-roll = 89.9 frames, 90: frame 218 = 01:00:57;08. End 01:01:02;00 = frame 358, plus 1 s (30 frames): 388.
    const clip = render(`fps: 29.97df\nvideo: ${JSON.stringify(ref)}\ncues:\n  - id: D1\n    start: "01:01:00;10"\n    end: "01:01:02;00"\n    countIn: 0\n    tempo: [{ bar: 1, bpm: 90 }]\n`, ["--preroll", "3", "--tail", "1"]);
    const p = probe(clip);
    expect([p.frames, p.timecode]).toEqual([171, "01:00:57;08"]);
    expect([...grays(clip, [0, 170]).values()].map(frameNumber)).toEqual([218, 388]);
    // The burned-in window says the same (OCR, where installed; it cannot tell ; from :).
    if (spawnSync("tesseract", ["--version"]).status === 0) expect(ocrTimecode(clip, 0).replace(/;/g, ":")).toBe("01:00:57:08");
  });
});

describe("formats the stage plays", () => {
  it("--format dnxhd: DNxHR LB below 1080p (DNxHD 36 needs 1920x1080), with the span's frames and timecode", () => {
    const ref = join(dir, "num-23976.mov");
    const out = render(`fps: 23.976\nvideo: ${JSON.stringify(ref)}\ncues:\n  - id: X\n    start: "01:00:04:00"\n    end: "01:00:05:00"\n    countIn: 0\n    tempo: [{ bar: 1, bpm: 120 }]\n`, ["--format", "dnxhd", "--preroll", "1", "--tail", "1"]);
    const p = probe(out);
    expect([p.codec, p.profile, p.timecode, p.frames]).toEqual(["dnxhd", "DNXHR LB", "01:00:03:00", 73]);
  });
});
