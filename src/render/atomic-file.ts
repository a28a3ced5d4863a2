import { open, rename, rm, type FileHandle } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { rmSync } from "node:fs";
import type { ChildProcess } from "node:child_process";

/**
 * Outputs are written to a temporary name beside their final path and renamed when complete, so
 * nothing half-written ever sits at an output path. On Ctrl-C, SIGTERM or SIGHUP, running child
 * processes (ffmpeg) are stopped and temporary files removed before Sprocket exits.
 */
const pending = new Set<string>();
const children = new Set<ChildProcess>();
let handlersInstalled = false;

function installSignalHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      for (const child of children) child.kill("SIGKILL");
      removePendingTemporaryFiles();
      process.stderr.write(`\nsprocket: interrupted (${signal}); no partial output was left.\n`);
      process.exit(signal === "SIGINT" ? 130 : 143);
    });
  }
}

/** Keeps a child process to stop if Sprocket is interrupted while it runs. */
export function trackChild(child: ChildProcess): void {
  installSignalHandlers();
  children.add(child);
  child.on("exit", () => children.delete(child));
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

/** Produces `path` atomically: `produce(temporaryPath)` writes it, then it is renamed; removed on any failure. */
export async function produceAtomically(path: string, produce: (temp: string) => Promise<void>): Promise<void> {
  installSignalHandlers();
  const temp = temporaryPath(path);
  pending.add(temp);
  try {
    await produce(temp);
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  } finally {
    pending.delete(temp);
  }
}

/** Writes `path` through `write(handle)` atomically. */
export async function writeAtomically(path: string, write: (file: FileHandle) => Promise<void>): Promise<void> {
  await produceAtomically(path, async (temp) => {
    const file = await open(temp, "w");
    try {
      await write(file);
    } finally {
      await file.close();
    }
  });
}
