import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { request } from "node:http";
import ffmpeg from "@ffmpeg-installer/ffmpeg";
import { chromium, type Browser, type Page } from "playwright-core";
import { inject } from "vitest";
import { ROOT } from "./helpers.js";
import { BAND_Y, H, numberedReference, SHARED_SECONDS, W } from "./numbered-reference.js";

export { BAND_Y, H, numberedReference, W };

/**
 * What the preview's tests share: Debian's Chromium (never a downloaded one), the `sprocket preview`
 * process as a user starts it, references that carry their frame number in the pixels, and the
 * page's pixels read back (the decoded video alone, or with the overlay canvas drawn over it).
 */
export const CHROMIUM = [process.env.SPROCKET_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((p) => p && existsSync(p));

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM!,
    args: ["--autoplay-policy=no-user-gesture-required", ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []), ...extraArgs],
  });
}

/**
 * A numbered reference at least `seconds` long at `path`: a copy of the one the Chromium files share
 * (made once a run by test/page-references.ts while the other files run), waited for if it is not
 * whole yet; made here when there is none (a file run outside the page group) or it is too short.
 */
export async function sharedNumberedReference(path: string, seconds: number): Promise<string> {
  const shared = inject("numberedReference");
  if (!shared || seconds > SHARED_SECONDS) return numberedReference(path, seconds);
  const deadline = Date.now() + 120_000;
  while (!existsSync(shared)) {
    if (existsSync(`${shared}.failed`)) throw new Error(`The shared numbered reference was not made: ${readFileSync(`${shared}.failed`, "utf8")}`);
    if (Date.now() > deadline) throw new Error(`The shared numbered reference ${shared} was not made within 2 minutes.`);
    await new Promise((done) => setTimeout(done, 100));
  }
  copyFileSync(shared, path);
  return path;
}

/** The frame number drawn into RGBA (or RGB) pixels: each bit by majority of its three copies. */
export function frameNumber(px: Uint8Array, channels = 4): number {
  let n = 0;
  for (let k = 0; k < 13; k++) {
    const votes = [0, 1, 2].filter((c) => px[((BAND_Y + 12) * W + c * 213 + k * 16 + 8) * channels]! > 128).length;
    if (votes >= 2) n |= 1 << k;
  }
  return n;
}

/** Frame n of a video file as RGB pixels (decoded by ffmpeg). */
export function fileFrame(path: string, n: number): Uint8Array {
  return execFileSync(ffmpeg.path, ["-hide_banner", "-loglevel", "error", "-i", path, "-vf", `select=eq(n\\,${n})`, "-vsync", "0", "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], { maxBuffer: 16 << 20 });
}

/** What the page shows: the video's current decoded frame at its own size, with the overlay canvas over it or not (RGBA). */
export async function pagePixels(page: Page, withOverlay: boolean): Promise<Uint8Array> {
  const b64 = await page.evaluate((overlay) => {
    const video = document.getElementById("video") as HTMLVideoElement;
    const c = document.createElement("canvas");
    c.width = video.videoWidth;
    c.height = video.videoHeight;
    const ctx = c.getContext("2d")!;
    ctx.drawImage(video, 0, 0);
    if (overlay) ctx.drawImage(document.getElementById("overlay") as HTMLCanvasElement, 0, 0, c.width, c.height);
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    let s = "";
    for (let i = 0; i < data.length; i += 0x8000) s += String.fromCharCode(...data.subarray(i, i + 0x8000));
    return btoa(s);
  }, withOverlay);
  return new Uint8Array(Buffer.from(b64, "base64"));
}

/** The running `sprocket preview`: its URL (first line of standard output), and what it said on standard error. */
export interface RunningPreview {
  url: string;
  port: number;
  token: string;
  child: ChildProcess;
  stderr: () => string;
  stop: () => Promise<number | null>;
}

export async function startPreview(args: string[], env: Record<string, string> = {}): Promise<RunningPreview> {
  const child = spawn(process.execPath, [`${ROOT}bin/sprocket.js`, "preview", "--no-open", ...args], { env: { ...process.env, NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr!.on("data", (d) => (err += String(d)));
  const first = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += String(d);
      if (out.includes("\n")) resolve(out.split("\n")[0]!);
    });
    child.on("exit", (code) => reject(new Error(`preview exited (${code}) before printing its URL: ${err}`)));
  });
  const m = /^Preview: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]+)\S*)$/.exec(first);
  if (!m) throw new Error(`the first line is not the URL: ${first}`);
  return {
    url: m[1]!, port: Number(m[2]), token: m[3]!, child, stderr: () => err,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once("exit", (code) => resolve(code));
      child.kill("SIGINT");
    }),
  };
}

/** Waits until the preview says its picture is ready (or could not be made). */
export async function pictureReady(p: RunningPreview, timeoutMs = 120_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (/Playing|cannot be played/.test(p.stderr())) return p.stderr();
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no picture after ${timeoutMs} ms: ${p.stderr()}`);
}

/** A raw HTTP request (any Host, Origin or cookie), answered with its status and body. */
export function rawRequest(port: number, path: string, headers: Record<string, string>, method = "GET", body?: string): Promise<{ status: number; body: Buffer; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method, headers, setHost: !("Host" in headers) }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks), headers: res.headers }));
    });
    req.on("error", reject);
    req.end(body);
  });
}
