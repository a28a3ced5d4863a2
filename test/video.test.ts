import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import ffmpeg from "@ffmpeg-installer/ffmpeg";
import ffprobe from "@ffprobe-installer/ffprobe";
import { ROOT, sprocket, sprocketJson } from "./helpers.js";

/**
 * The conductor picture, rendered by the real ffmpeg on real generated references (testsrc2 with a
 * timecode track and audio), decoded back frame by frame and checked pixel by pixel. Frame numbers
 * below are counted by hand from the timecodes, not computed by Sprocket.
 */
const W = 640, H = 360;
const dir = mkdtempSync(join(tmpdir(), "sprocket-video-"));

function makeReference(name: string, rate: string, start: string, seconds: number): string {
  const path = join(dir, name);
  execFileSync(ffmpeg.path, ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", `testsrc2=s=${W}x${H}:r=${rate}:d=${seconds}`, "-f", "lavfi", "-i", `sine=f=440:d=${seconds}`,
    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "pcm_s16le", "-timecode", start, path]);
  return path;
}

function probe(path: string) {
  const json = JSON.parse(execFileSync(ffprobe.path, ["-v", "error", "-show_streams", "-show_format", "-of", "json", path], { encoding: "utf8" }));
  const v = json.streams.find((s: { codec_type: string }) => s.codec_type === "video");
  const tmcd = json.streams.find((s: { codec_tag_string?: string }) => s.codec_tag_string === "tmcd");
  return { frames: Number(v.nb_frames), rate: v.r_frame_rate as string, timecode: (tmcd?.tags?.timecode ?? v.tags?.timecode) as string, audio: json.streams.filter((s: { codec_type: string }) => s.codec_type === "audio").length };
}

/** Decoded RGB pixels of one frame. */
function frame(path: string, n: number): Buffer {
  return execFileSync(ffmpeg.path, ["-hide_banner", "-loglevel", "error", "-i", path, "-vf", `select=eq(n\\,${n})`, "-vsync", "0", "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], { maxBuffer: 64 << 20 });
}
const px = (f: Buffer, x: number, y: number) => [f[(y * W + x) * 3]!, f[(y * W + x) * 3 + 1]!, f[(y * W + x) * 3 + 2]!];
const near = (a: number[], b: number[], tol = 40) => a.every((v, i) => Math.abs(v - b[i]!) <= tol);
const WHITE = [255, 255, 255], GREEN = [0, 224, 0], YELLOW = [255, 224, 0], RED = [255, 32, 32];

/** The punch: the middle of the picture is solid white. */
function punched(f: Buffer): boolean {
  for (let dy = -12; dy <= 12; dy += 4) for (let dx = -12; dx <= 12; dx += 4) if (!near(px(f, W / 2 + dx, H / 2 + dy), WHITE, 20)) return false;
  return true;
}

/** The streamer's band centre on frame n: its right edge reaches x = W (n - from) / (sync - from). */
function bandAt(f: Buffer, x: number, color: number[]): boolean {
  return [0.3, 0.45, 0.62].every((r) => near(px(f, Math.round(x), Math.round(H * r)), color));
}

function render(cue: string, args: string[] = []) {
  const file = join(dir, `cue-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, cue);
  const out = sprocketJson(["render", file, "--only", "video", "--out", join(dir, "out"), "-q", ...args]);
  const path = out.outputs[0].path as string;
  const ref = /video: "(.*?)"/.exec(cue)?.[1];
  if (ref) rendered.set(ref.split("/").pop()!.replace(/\.mov$/, ""), path);
  return path;
}

describe("conductor picture on a 23.976 reference", () => {
  let ref: string, out: string;
  beforeAll(() => {
    ref = makeReference("ref-23976.mov", "24000/1001", "01:00:00:00", 8);
    // bar 1 at 2 s (frame 48); hits at 4 s + 12 frames (frame 108, flutter 3) and 6 s (frame 144: red, 1 s streamer, 3-frame punch)
    out = render(`fps: 23.976\nvideo: ${JSON.stringify(ref)}\ncues:\n  - id: 1M1\n    title: 'Élan: "Vital" \\ d''or'\n    start: "01:00:02:00"\n    end: "01:00:07:12"\n    countIn: 1\n    tempo: [{ bar: 1, bpm: 120 }]\n    hits:\n      - { at: "01:00:04:12", label: door, flutter: 3 }\n      - { at: "01:00:06:00", label: cut, color: red, streamer: 1s, punch: 3 }\n`);
  }, 120_000);

  it("keeps the reference's frame count, rate, start timecode and audio", () => {
    const a = probe(ref), b = probe(out);
    expect([b.frames, b.rate, b.timecode, b.audio]).toEqual([a.frames, a.rate, a.timecode, a.audio]);
    expect(b.frames).toBe(192);
  });

  it("punches on the sync frame and the next (2 by default), not two frames before; a 3-frame punch lasts 3", () => {
    expect([104, 106, 108, 109].map((n) => punched(frame(out, n)))).toEqual([true, true, true, true]); // flutter 104, 106, then the punch 108-109
    expect([103, 105, 107, 110].map((n) => punched(frame(out, n)))).toEqual([false, false, false, false]);
    expect([142, 144, 145, 146, 147].map((n) => punched(frame(out, n)))).toEqual([false, true, true, true, false]);
  });

  it("moves the streamer at constant speed to the right edge exactly on the sync frame, in its colour", () => {
    const w = Math.round(W / 80);
    for (const n of [61, 84, 100, 107, 108]) {
      const right = (W * (n - 60)) / 48; // door: 2 s streamer = 48 frames, from frame 60
      const f = frame(out, n);
      expect([n, bandAt(f, right - w / 2, WHITE)]).toEqual([n, true]);
      expect([n, bandAt(f, right - 3 * w, WHITE)]).toEqual([n, false]);
    }
    for (const n of [125, 135, 144]) expect([n, bandAt(frame(out, n), (W * (n - 120)) / 24 - w / 2, RED)]).toEqual([n, true]); // cut: 1 s = 24 frames
    expect(bandAt(frame(out, 40), (W * (40 - 0)) / 48 - w / 2, GREEN)).toBe(true); // green into bar 1 (frame 48)
    expect(bandAt(frame(out, 20), (W * (20 - 0 + 0)) / 48 - w / 2, GREEN)).toBe(true);
    expect(bandAt(frame(out, 0), W - w / 2, YELLOW)).toBe(true); // yellow into the first warning click (2.002 - 2 s: frame 0)
    expect(bandAt(frame(out, 170), (W * (170 - 132)) / 48 - w / 2, RED)).toBe(true); // red into the end, 01:00:07:12 = frame 180
  });

  it("the timecode window reads each frame's label (OCR, where tesseract is installed)", (ctx) => {
    if (spawnSync("tesseract", ["--version"]).status !== 0) {
      ctx.skip();
      return;
    }
    for (const [n, label] of [[0, "01:00:00:00"], [47, "01:00:01:23"], [108, "01:00:04:12"], [191, "01:00:07:23"]] as const) {
      expect(ocr(out, n)).toBe(label);
    }
  });
});

describe("text drawn as written", () => {
  it("a title with quotes, a colon, a backslash and an accented letter (OCR, where installed)", (ctx) => {
    if (spawnSync("tesseract", ["--version"]).status !== 0) return ctx.skip();
    const png = execFileSync(ffmpeg.path, ["-hide_banner", "-loglevel", "error", "-i", latest("ref-23976"), "-vf", `select=eq(n\\,100),crop=${W / 2}:${Math.round(H * 0.09)}:0:0,scale=iw*3:ih*3,format=gray,negate`, "-vsync", "0", "-frames:v", "1", "-f", "image2pipe", "-vcodec", "png", "-"]);
    const text = spawnSync("tesseract", ["stdin", "stdout", "--psm", "7", "-l", "eng"], { input: png, encoding: "utf8" }).stdout.trim();
    expect(text).toMatch(/M1\s+.lan: .Vital. \\ d'or$/); // OCR may read É as E, and varies on the quote marks
  });
});

describe("conductor picture on a 29.97 drop-frame reference, across a dropped minute", () => {
  let out: string;
  beforeAll(() => {
    const ref = makeReference("ref-2997df.mov", "30000/1001", "01:00:59;00", 4);
    // labels from 01:00:59;00: ;29 is frame 29, then 01:01:00;02 is frame 30 (;00 and ;01 dropped), ;04 is frame 32
    out = render(`fps: 29.97df\nvideo: ${JSON.stringify(ref)}\ncues:\n  - id: 2M3\n    start: "01:00:59;15"\n    end: "01:01:02;00"\n    countIn: 0\n    tempo: [{ bar: 1, bpm: 90 }]\n    hits: [{ at: "01:01:00;04", label: hit, streamer: 20f }]\n`);
  }, 120_000);
  it("punches on frame 32 (01:01:00;04) and streams into it", () => {
    expect([30, 32, 33, 34].map((n) => punched(frame(out, n)))).toEqual([false, true, true, false]);
    expect(bandAt(frame(out, 22), (W * (22 - 12)) / 20 - Math.round(W / 80) / 2, WHITE)).toBe(true);
  });
  it("reads drop-frame labels in the timecode window (OCR, where installed)", (ctx) => {
    if (spawnSync("tesseract", ["--version"]).status !== 0) return ctx.skip();
    // OCR cannot tell ; from :, so the separators are told apart by their pixels (below).
    expect(ocr(out, 29).replace(/;/g, ":")).toBe("01:00:59:29");
    expect(ocr(out, 30).replace(/;/g, ":")).toBe("01:01:00:02");
  });
});

describe("the timecode window's separators", () => {
  it("shows ; before the frames at drop frame and : otherwise (only ; reaches below the digits)", () => {
    const outs = Object.fromEntries(["ref-23976", "ref-2997df"].map((name) => [name, latest(name)]));
    expect(separatorTails(frame(outs["ref-23976"]!, 10))).toEqual([false, false, false]);
    expect(separatorTails(frame(outs["ref-2997df"]!, 30))).toEqual([false, false, true]);
  });
});

describe("streamer styles", () => {
  it("the wide style draws a band three times as wide, in the same place", () => {
    const out = render(`fps: 23.976\nvideo: ${JSON.stringify(join(dir, "ref-23976.mov"))}\nstreamerStyle: wide\ncues:\n  - id: W\n    start: "01:00:02:00"\n    countIn: 1\n    tempo: [{ bar: 1, bpm: 120 }]\n    hits: [{ at: "01:00:04:12", label: door }]\n`);
    const w = Math.round(W * 0.0375);
    const f = frame(out, 84);
    const right = (W * (84 - 60)) / 48;
    expect([right - 2, right - w + 2].map((x) => bandAt(f, x, WHITE))).toEqual([true, true]);
    expect(bandAt(f, right - w - 6, WHITE)).toBe(false);
  });
});

describe("the click inside the picture, and the footage counter", () => {
  it("--click-in-video adds the click as a second audio track, its first click on its exact sample", () => {
    // bar 1 at 01:00:04:00 = frame 96 = 4.004 s; one bar of count-in at 120: the first click at 2.004 s
    const out = render(`fps: 23.976\nvideo: ${JSON.stringify(join(dir, "ref-23976.mov"))}\ncues:\n  - id: C\n    start: "01:00:04:00"\n    countIn: 1\n    tempo: [{ bar: 1, bpm: 120 }]\n`, ["--click-in-video", "--feet"]);
    const streams = JSON.parse(execFileSync(ffprobe.path, ["-v", "error", "-show_streams", "-of", "json", out], { encoding: "utf8" })).streams.filter((x: { codec_type: string }) => x.codec_type === "audio");
    expect(streams.map((x: { codec_name: string }) => x.codec_name)).toEqual(["pcm_s16le", "pcm_s24le"]);
    const pcm = execFileSync(ffmpeg.path, ["-hide_banner", "-loglevel", "error", "-i", out, "-map", "0:a:1", "-f", "s32le", "-acodec", "pcm_s32le", "-"], { maxBuffer: 64 << 20 });
    let first = -1;
    for (let i = 0; i < pcm.length / 4; i++) if (pcm.readInt32LE(i * 4) !== 0) { first = i; break; }
    expect(first).toBe(Math.round(2.004 * 48000));
  });
  it("--feet counts feet+frames from bar 1: absent before it; 0+00 and 1+00 end alike, 0+04 does not", () => {
    const out = render(`fps: 23.976\nvideo: ${JSON.stringify(join(dir, "ref-23976.mov"))}\ncues:\n  - id: F\n    start: "01:00:02:00"\n    countIn: 1\n    tempo: [{ bar: 1, bpm: 120 }]\n`, ["--feet"]);
    // The counter's opaque white digits (bottom right), as a mask: compare its last three characters.
    const advance0 = ((48 * H) / 1080) * (1233 / 2048);
    const left = Math.round(W - 8 - advance0 * 7);
    const mask = (n: number) => {
      const f = frame(out, n);
      const rows: string[] = [];
      for (let y = Math.round(H * 0.86); y < H - 4; y++) {
        let row = "";
        for (let x = left; x < Math.round(left + advance0 * 7); x++) row += Math.min(...px(f, x, y)) > 215 ? "#" : ".";
        rows.push(row);
      }
      return rows;
    };
    // The last character's cell: "0" in 0+00 and 1+00, "4" in 0+04 (lossy H.264 moves an edge pixel or two).
    const tail = (rows: string[]) => rows.map((r) => r.slice(-Math.round(advance0))).join("");
    const differ = (a: string, b: string) => [...a].filter((c, i) => c !== b[i]).length;
    expect(mask(47).join("").includes("#")).toBe(false); // before bar 1 (frame 48)
    const same = differ(tail(mask(48)), tail(mask(64))); // 0+00 and 1+00
    const other = differ(tail(mask(48)), tail(mask(52))); // 0+00 and 0+04
    expect(same, `the last "0"s differ by ${same} pixels`).toBeLessThan(8);
    expect(other, `"0" and "4" differ by ${other} pixels`).toBeGreaterThan(20);
  });
});

describe("picture options", () => {
  const cue = () => `fps: 23.976\nvideo: ${JSON.stringify(join(dir, "ref-23976.mov"))}\ncues:\n  - id: O\n    start: "01:00:02:00"\n    countIn: 1\n    tempo: [{ bar: 1, bpm: 120 }]\n`;
  it("--flash shows a visual click on each beat's frame, gone two frames later", () => {
    const out = render(cue(), ["--flash"]);
    // beats every 0.5 s from 2.002 s: frames 48, 59 (2.502 s = 59.99 -> 59), 71...; the flash sits top right
    const flash = (n: number) => {
      const f = frame(out, n);
      let lit = 0;
      for (let y = 8; y < 40; y++) for (let x = W - 40; x < W - 8; x++) if (Math.min(...px(f, x, y)) > 215) lit++;
      return lit > 100;
    };
    expect([47, 48, 49, 50, 59, 61].map(flash)).toEqual([false, true, true, false, true, false]);
  });
  it("--format mp4 and prores keep frames, rate and timecode, with the codec asked for", () => {
    for (const [format, codec, ext] of [["mp4", "h264", ".mp4"], ["prores", "prores", ".mov"]] as const) {
      const out = render(cue(), ["--format", format]);
      expect(out.endsWith(ext)).toBe(true);
      const v = JSON.parse(execFileSync(ffprobe.path, ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,nb_frames,r_frame_rate", "-of", "json", out], { encoding: "utf8" })).streams[0];
      expect([v.codec_name, Number(v.nb_frames), v.r_frame_rate]).toEqual([codec, 192, "24000/1001"]);
      expect(probe(out).timecode).toBe("01:00:00:00");
    }
  });
  it("shows a progress bar on a terminal (frames, frames a second, time left), none with --quiet", (ctx) => {
    if (spawnSync("script", ["--version"]).status !== 0) return ctx.skip();
    const file = join(dir, "progress.yaml");
    writeFileSync(file, cue());
    const command = (extra: string) => `${JSON.stringify(process.execPath)} ${JSON.stringify(join(ROOT, "bin/sprocket.js"))} render ${JSON.stringify(file)} --only video --out ${JSON.stringify(join(dir, "p"))} ${extra}`;
    const tty = spawnSync("script", ["-qec", command(""), "/dev/null"], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(tty.stdout).toMatch(/picture O [#-]{24} \d+\/192 frames {2}\d+\.\d fps {2}\d+:\d\d left/);
    const quiet = spawnSync("script", ["-qec", command("--quiet"), "/dev/null"], { encoding: "utf8" });
    expect(quiet.stdout).not.toContain("frames  ");
  });
});

describe("conductor picture without a reference, and refusals", () => {
  it("renders a generated slate covering the cue's span: 10 s of pre-roll before the count-in, the cue, 5 s of tail", () => {
    const out = render(`fps: 24\ncues:\n  - id: 9M9\n    start: "02:00:10:00"\n    end: "02:00:14:00"\n    countIn: 1\n    tempo: [{ bar: 1, bpm: 120 }]\n    hits: [{ at: "02:00:12:00", label: x }]\n`);
    const p = probe(out);
    // first warning click 02:00:08:00, less 10 s: 01:59:58:00; to the end plus 5 s: 02:00:19:00 inclusive
    expect([p.timecode, p.frames, p.rate]).toEqual(["01:59:58:00", 21 * 24 + 1, "24/1"]);
  });
  it("refuses a reference at another rate, explaining the drift; --allow-rate-mismatch goes on", () => {
    const ref = makeReference("ref-25.mov", "25", "01:00:00:00", 2);
    const file = join(dir, "mismatch.yaml");
    writeFileSync(file, `fps: 24\nvideo: ${JSON.stringify(ref)}\ncues:\n  - id: A\n    start: "01:00:00:12"\n    tempo: [{ bar: 1, bpm: 120 }]\n`);
    const r = sprocket(["render", file, "--only", "video", "--out", join(dir, "mm"), "-q"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("runs at 25.000 fps, but the project is at 24: its frames and the cue's timecodes drift 4.17% apart (2.50 s a minute)");
    expect(sprocket(["render", file, "--only", "video", "--out", join(dir, "mm"), "-q", "--allow-rate-mismatch"]).status).toBe(0);
  });
});

/** Reads the timecode window of frame n with tesseract: crop inside its opaque box (11 monospaced characters, centred), enlarge, invert. */
function ocr(path: string, n: number): string {
  const size = Math.round((72 * H) / 1080);
  const margin = Math.round((24 * H) / 1080);
  const width = Math.round(size * (1233 / 2048) * 11) + 2;
  const x = Math.round((W - (width - 2)) / 2) - 1;
  const png = execFileSync(ffmpeg.path, ["-hide_banner", "-loglevel", "error", "-i", path, "-vf", `select=eq(n\\,${n}),crop=${width}:${size}:${x}:${H - margin - size + 1},pad=iw+16:ih+16:8:8:black,scale=iw*3:ih*3,format=gray,negate`, "-vsync", "0", "-frames:v", "1", "-f", "image2pipe", "-vcodec", "png", "-"]);
  const r = spawnSync("tesseract", ["stdin", "stdout", "--psm", "7", "-c", "tessedit_char_whitelist=0123456789:;"], { input: png, encoding: "utf8" });
  return r.stdout.trim().replace(/\s+/g, "");
}

/** The most recent render made from a reference (its path), found through the manifest of a fresh render. */
const rendered = new Map<string, string>();
function latest(reference: string): string {
  return rendered.get(reference)!;
}

/**
 * For each of the timecode's three separators (cells 2, 5 and 8 of eleven monospaced characters),
 * whether it has pixels below the digits' baseline: a semicolon's tail.
 */
function separatorTails(f: Buffer): boolean[] {
  const top = Math.round(H * 0.85);
  const bright: [number, number][] = [];
  for (let y = top; y < H; y++) for (let x = W / 4; x < (3 * W) / 4; x++) if (Math.min(...px(f, x, y)) > 215) bright.push([x, y]);
  const x0 = Math.min(...bright.map(([x]) => x)), x1 = Math.max(...bright.map(([x]) => x));
  const advance = (x1 - x0 + 1) / 11;
  const digitBottom = Math.max(...bright.filter(([x]) => x < x0 + advance).map(([, y]) => y)); // the first digit's lowest row
  return [2, 5, 8].map((k) => bright.some(([x, y]) => y > digitBottom + 1 && x >= x0 + k * advance && x < x0 + (k + 1) * advance));
}

describe("sprocket doctor", () => {
  it("names the ffmpeg in use and finds everything the picture needs", () => {
    const r = sprocketJson(["doctor"]);
    expect(r.tools.ffmpeg.from).toBe("@ffmpeg-installer/ffmpeg");
    expect(r.missing).toEqual([]);
    expect(r.formats).toEqual({ mov: true, mp4: true, prores: true, dnxhd: true, dnxhr: true });
  });
  it("says plainly when FFMPEG_PATH points nowhere (exit 1, no stack)", () => {
    const r = sprocket(["doctor"], { FFMPEG_PATH: join(dir, "no-such-ffmpeg") });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`error: ffmpeg could not be started for asking ffmpeg its version: there is no ffmpeg at ${join(dir, "no-such-ffmpeg")} (from FFMPEG_PATH).\n`);
  });
});
