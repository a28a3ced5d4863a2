import { open, rename, rm, type FileHandle } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { rmSync } from "node:fs";

/**
 * Outputs are written to a temporary name beside their final path and renamed when complete, so
 * nothing half-written ever sits at an output path. Temporary files still open when the process is
 * interrupted (Ctrl-C, SIGTERM) are removed before it exits.
 */
const pending = new Set<string>();
let handlersInstalled = false;

function installSignalHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      removePendingTemporaryFiles();
      process.stderr.write(`\nsprocket: interrupted (${signal}); no partial output was left.\n`);
      process.exit(signal === "SIGINT" ? 130 : 143);
    });
  }
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

/** Writes `path` through `write(handle)` atomically: temporary file, then rename; removed on any failure. */
export async function writeAtomically(path: string, write: (file: FileHandle) => Promise<void>): Promise<void> {
  installSignalHandlers();
  const temp = temporaryPath(path);
  pending.add(temp);
  let file: FileHandle | undefined;
  try {
    file = await open(temp, "w");
    await write(file);
    await file.close();
    file = undefined;
    await rename(temp, path);
  } catch (e) {
    await file?.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw e;
  } finally {
    pending.delete(temp);
  }
}
