import { closeSync, fstatSync, openSync, readSync, statSync } from "node:fs";
import { SystemError, UserError } from "../errors.js";
import { describeSystemFailure } from "./system-failure.js";

/**
 * Reads a file the user gave (a cue file, an EDL, a sample) whole, and makes sure it was one file
 * throughout: a file removed, replaced (an editor saving by rename) or changed while it was read is
 * said, never parsed half-old, half-new. A missing file or a folder is the user's input (exit 2); the
 * machine's refusals (permission, I/O) are said in words (exit 1).
 */
export function readInputFile(path: string, what: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UserError({ message: `There is no ${what} ${path}.` });
    if (code === "EISDIR") throw new UserError({ message: `${path} is a folder, not a ${what}.` });
    throw describeSystemFailure(e, { path, doing: "read" });
  }
  try {
    const before = fstatSync(fd);
    if (before.isDirectory()) throw new UserError({ message: `${path} is a folder, not a ${what}.` });
    const chunks: Buffer[] = [];
    for (;;) {
      const chunk = Buffer.alloc(Math.max(65536, Math.min(before.size + 1, 64 << 20)));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    }
    const now = statSync(path, { throwIfNoEntry: false });
    const again = fstatSync(fd);
    if (!now) throw new SystemError(`The ${what} ${path} was removed while Sprocket was reading it.`, "ENOENT", path, "Run the command again once the file is back in place.");
    if (now.ino !== before.ino || now.dev !== before.dev) throw new SystemError(`The ${what} ${path} was replaced while Sprocket was reading it (saved by another program?).`, "ECHANGED", path, "Run the command again.");
    if (before.isFile() && (again.size !== before.size || again.mtimeMs !== before.mtimeMs)) throw new SystemError(`The ${what} ${path} changed while Sprocket was reading it.`, "ECHANGED", path, "Run the command again once it is saved.");
    return Buffer.concat(chunks);
  } catch (e) {
    throw describeSystemFailure(e, { path, doing: "read" });
  } finally {
    closeSync(fd);
  }
}

/** A user's text file, read with readInputFile. */
export const readInputText = (path: string, what: string) => readInputFile(path, what).toString("utf8");
