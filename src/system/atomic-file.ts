import { open, rename, rm, type FileHandle } from "node:fs/promises";
import { describeSystemFailure } from "./system-failure.js";
import { ExternalToolError } from "../errors.js";
import { basename, dirname, join } from "node:path";
import { rmSync } from "node:fs";
import type { ChildProcess } from "node:child_process";

/**
 * Outputs are written to a temporary name beside their final path and renamed when complete, so
 * nothing half-written ever sits at an output path. On Ctrl-C, SIGTERM or SIGHUP (Ctrl-Break on Windows), running child
 * processes (ffmpeg) are stopped and temporary files removed before Sprocket exits. Sprocket's own
 * children (a parallel render's) are asked to stop and waited for: each removes its own temporary files.
 */
const pending = new Set<string>();
const children = new Set<ChildProcess>();
const ownChildren = new Set<ChildProcess>();
let handlersInstalled = false;
let stopping = false;

function installSignalHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  // Windows has no SIGTERM to catch; Ctrl-Break arrives as SIGBREAK and closing the console as SIGHUP.
  const signals = process.platform === "win32" ? (["SIGINT", "SIGBREAK", "SIGHUP"] as const) : (["SIGINT", "SIGTERM", "SIGHUP"] as const);
  for (const signal of signals) {
    process.on(signal, () => {
      // Nothing being written and a command that stops by itself on this signal (preview): let it.
      if (!pending.size && !children.size && !ownChildren.size && process.listenerCount(signal) > 1) return;
      stopEverything(signal);
    });
  }
}

/**
 * Stops what is running, removes what is half-written, says so, and exits (130 for Ctrl-C, else 143).
 * Also what a parallel render's child does when the process that started it goes away.
 */
export function stopEverything(why: string): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill("SIGKILL");
  removePendingTemporaryFiles();
  const exit = () => {
    process.stderr.write(`\nsprocket: interrupted (${why}); no partial output was left.\n`);
    process.exit(why === "SIGINT" ? 130 : 143);
  };
  if (!ownChildren.size) return exit();
  // Each of our own children stops its ffmpeg and removes its temporary files when its channel to us
  // closes (or on SIGTERM where there is one); wait for them, for at most 10 s.
  let left = ownChildren.size;
  const timer = setTimeout(exit, 10_000);
  for (const child of ownChildren) {
    child.once("exit", () => {
      if (--left === 0) {
        clearTimeout(timer);
        exit();
      }
    });
    stopChild(child);
  }
}

/** Asks one of our own children to stop: it removes its temporary files and exits. */
export function stopChild(child: ChildProcess): void {
  if (process.platform !== "win32") child.kill("SIGTERM");
  else if (child.connected) child.disconnect();
}

/** Keeps a child process to stop if Sprocket is interrupted while it runs (`own`: a Sprocket child that cleans up after itself). */
export function trackChild(child: ChildProcess, own = false): void {
  installSignalHandlers();
  const set = own ? ownChildren : children;
  set.add(child);
  child.on("exit", () => set.delete(child));
}

/** Removes every temporary file still being written (synchronously: safe in an exit path). */
export function removePendingTemporaryFiles(): void {
  for (const path of pending) rmSync(path, { force: true });
  pending.clear();
}

/** The temporary name used while `path` is being written. */
export function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
}

/**
 * Produces `path` atomically: `produce(temporaryPath)` writes it, it is flushed to the disk (file, then
 * folder, so a power cut right after cannot lose what was reported written), then renamed; removed on
 * any failure, and a failure of the machine (a full disk, a permission) is said for `path` in words.
 * `needed` (bytes), when known, goes into a full disk's message.
 */
export async function produceAtomically(path: string, produce: (temp: string) => Promise<void>, needed?: number, estimated = false): Promise<void> {
  installSignalHandlers();
  const temp = temporaryPath(path);
  pending.add(temp);
  try {
    await produce(temp);
    await syncFile(temp);
    await rename(temp, path);
    await syncFolder(dirname(path));
  } catch (e) {
    await rm(temp, { force: true });
    throw describeSystemFailure(asSystemFailure(e), { path, atomic: true, doing: "write", ...(needed !== undefined ? { needed, estimated } : {}) });
  } finally {
    pending.delete(temp);
  }
}

/** ffmpeg's own "No space left on device" or "Permission denied" on its output is the machine's failure too. */
function asSystemFailure(e: unknown): unknown {
  if (!(e instanceof ExternalToolError)) return e;
  const code = /No space left on device/i.test(e.stderrTail) ? "ENOSPC" : /Permission denied/i.test(e.stderrTail) ? "EACCES" : /Read-only file system/i.test(e.stderrTail) ? "EROFS" : undefined;
  return code ? Object.assign(new Error(`${code}: ${e.tool} could not write`), { code, syscall: "write" }) : e;
}

async function syncFile(path: string): Promise<void> {
  const file = await open(path, "r+");
  try {
    await file.sync();
  } finally {
    await file.close();
  }
}

/** Flushes a folder's entries (the rename). Windows cannot open a folder as a file: there the rename is flushed by the system. */
async function syncFolder(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "EISDIR" && code !== "EPERM" && code !== "EACCES" && code !== "EINVAL" && code !== "EBADF") throw e;
  } finally {
    await handle?.close();
  }
}

/** Writes `path` through `write(handle)` atomically. */
export async function writeAtomically(path: string, write: (file: FileHandle) => Promise<void>, needed?: number): Promise<void> {
  await produceAtomically(path, async (temp) => {
    const file = await open(temp, "w");
    try {
      await write(file);
    } finally {
      await file.close();
    }
  }, needed);
}
