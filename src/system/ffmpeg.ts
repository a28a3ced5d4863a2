import { spawn } from "node:child_process";
import { accessSync, chmodSync, constants, statSync } from "node:fs";
import { createRequire } from "node:module";
import { ExternalToolError, UserError } from "../errors.js";
import { trackChild } from "./atomic-file.js";

/**
 * The one place Sprocket runs ffmpeg and ffprobe: binaries from npm (@ffmpeg-installer/ffmpeg,
 * @ffprobe-installer/ffprobe) unless FFMPEG_PATH / FFPROBE_PATH say otherwise; always an argument
 * array, never a shell string; the useful tail of stderr kept for the error.
 */
const require = createRequire(import.meta.url);

export type Tool = "ffmpeg" | "ffprobe";

export function toolPath(tool: Tool): { path: string; from: string } {
  const env = tool === "ffmpeg" ? process.env.FFMPEG_PATH : process.env.FFPROBE_PATH;
  if (env) return { path: env, from: `${tool === "ffmpeg" ? "FFMPEG_PATH" : "FFPROBE_PATH"}` };
  try {
    const pkg = tool === "ffmpeg" ? "@ffmpeg-installer/ffmpeg" : "@ffprobe-installer/ffprobe";
    const path = (require(pkg) as { path: string }).path;
    ensureExecutable(path);
    return { path, from: pkg };
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError({ message: `No ${tool} for this platform came with Sprocket's npm packages.`, hint: `Install ${tool} and point ${tool === "ffmpeg" ? "FFMPEG_PATH" : "FFPROBE_PATH"} at it.` });
  }
}

/** npm may skip the installer's `chmod` (install scripts not approved): set the bit ourselves if we can. */
function ensureExecutable(path: string): void {
  if (process.platform === "win32") return;
  try {
    accessSync(path, constants.X_OK);
  } catch {
    try {
      chmodSync(path, statSync(path).mode | 0o111);
    } catch {
      throw new UserError({ message: `${path} is not executable.`, hint: `Run: chmod +x "${path}"` });
    }
  }
}

export interface RunOptions {
  cwd?: string;
  /** Called with each chunk of stdout (for -progress pipe:1). */
  onStdout?: (text: string) => void;
  /** Called with each chunk of stdout as bytes (raw frames); the chunk is the caller's to keep. */
  onStdoutBytes?: (chunk: Buffer) => void;
  /** Aborts the run (the child is killed). */
  signal?: AbortSignal;
  /** What the run is for, in the error message. */
  purpose: string;
  /** Feed the child's fds 3, 4, ... (extra input pipes: `-i pipe:3`, ...), each with back-pressure, all at once; each pipe is closed after its feed. */
  feeds?: ((input: NodeJS.WritableStream & { write(chunk: Uint8Array, cb?: (e?: Error | null) => void): boolean }) => Promise<void>)[];
}

const TAIL = 3000;

/** Runs ffmpeg or ffprobe with an argument array; resolves with stdout, rejects with ExternalToolError. */
export function run(tool: Tool, args: string[], options: RunOptions): Promise<string> {
  const { path } = toolPath(tool);
  if (process.env.SPROCKET_VERBOSE) process.stderr.write(`sprocket: ${tool} ${args.map((a) => (/[\s'"\\]/.test(a) ? JSON.stringify(a) : a)).join(" ")}\n`);
  return new Promise((resolve, reject) => {
    const feeds = options.feeds ?? [];
    const child = spawn(path, args, { cwd: options.cwd, stdio: ["ignore", "pipe", "pipe", ...feeds.map(() => "pipe" as const)], signal: options.signal });
    trackChild(child);
    let fed: Error | undefined;
    feeds.forEach((feed, i) => {
      const input = child.stdio[3 + i] as import("node:stream").Writable;
      // ffmpeg closing a pipe early (it failed, or has all it needs) ends that feeding, not the process.
      input.on("error", () => undefined);
      feed(input as never).then(() => input.end(), (e: Error) => {
        fed ??= e;
        input.destroy();
        child.kill("SIGKILL");
      });
    });
    let out = "";
    let err = "";
    child.stdout!.on("data", (d: Buffer) => {
      if (options.onStdoutBytes) return options.onStdoutBytes(d);
      const text = d.toString();
      if (options.onStdout) options.onStdout(text);
      else out += text;
    });
    child.stderr!.on("data", (d: Buffer) => {
      err = (err + d.toString()).slice(-TAIL * 2);
    });
    child.on("error", (e) => {
      if (e.name === "AbortError") return reject(e);
      const where = toolPath(tool);
      const missing = (e as NodeJS.ErrnoException).code === "ENOENT" ? `there is no ${tool} at ${where.path} (from ${where.from})` : e.message;
      reject(new ExternalToolError(tool, null, "", `${tool} could not be started for ${options.purpose}: ${missing}.`, "not started"));
    });
    child.on("close", (code) => {
      if (fed) return reject(fed);
      if (code === 0) resolve(out);
      else reject(new ExternalToolError(tool, code, err.trim().split("\n").slice(-12).join("\n"), `${tool} failed while ${options.purpose}.`));
    });
  });
}
