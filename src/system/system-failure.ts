import { existsSync, statfsSync } from "node:fs";
import { basename, dirname } from "node:path";
import { SystemError } from "../errors.js";

/**
 * The operating system's own failures (Node's errno errors: ENOSPC, EACCES...) said in words: what
 * happened to which path, and what to do. A full disk says how much was needed (when known) and how
 * much is free.
 */
export function isSystemFailure(e: unknown): e is NodeJS.ErrnoException & { code: string } {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === "string" && /^E[A-Z0-9]+$/.test((e as NodeJS.ErrnoException).code!) && ("syscall" in e || "errno" in e);
}

/** Bytes as a person reads them: 1.4 GB, 850 MB, 12 kB. */
export function formatBytes(n: number): string {
  const units = ["bytes", "kB", "MB", "GB", "TB"];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) (n /= 1000), i++;
  return i === 0 ? `${n} bytes` : `${n.toFixed(n < 10 ? 1 : 0)} ${units[i]}`;
}

/** Free bytes for an unprivileged writer on the disk holding `dir`, or undefined where that cannot be known. */
export function freeBytes(dir: string): number | undefined {
  try {
    const s = statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return undefined;
  }
}

export interface FailureContext {
  /** The path the user knows (an output's final name, not its temporary one). */
  path?: string;
  /** What Sprocket was doing: "write", "read", "create the folder"... */
  doing?: string;
  /** Bytes the operation needed, for a full disk. */
  needed?: number;
  /** `needed` is an estimate (a picture's size). */
  estimated?: boolean;
  /** An output written under a temporary name: nothing is left at its path. */
  atomic?: boolean;
}

const VERB: Record<string, string> = { open: "open", read: "read", write: "write", mkdir: "create the folder", rename: "rename", unlink: "remove", scandir: "read the folder", rmdir: "remove the folder", link: "link", copyfile: "copy", fsync: "save", stat: "look at", lstat: "look at", fstat: "look at", spawn: "start" };

/** The SystemError saying `e` in words (or `e` itself when it is no system failure). */
export function describeSystemFailure(e: unknown, context: FailureContext = {}): unknown {
  if (!isSystemFailure(e)) return e;
  const path = context.path ?? e.path ?? (e as { dest?: string }).dest ?? "";
  const doing = context.doing ?? VERB[e.syscall ?? ""] ?? e.syscall ?? "use";
  const folder = path ? dirname(path) : "";
  const fail = (message: string, hint?: string) => new SystemError(message + (context.atomic && e.code !== "EISDIR" ? " Nothing was left at the output path." : ""), e.code, path || undefined, hint);
  switch (e.code) {
    case "ENOSPC":
    case "EDQUOT": {
      const free = folder ? freeBytes(folder) : undefined;
      const needs = context.needed !== undefined ? ` It needs ${context.estimated ? "about " : ""}${formatBytes(context.needed)}` : "";
      const has = free !== undefined ? `${needs ? ";" : ""} ${formatBytes(free)} is free there` : "";
      return fail(`The disk is full${e.code === "EDQUOT" ? " (your quota)" : ""}: Sprocket could not ${doing} ${path || "a file"}.${needs}${has}${needs || has ? "." : ""}`, "Free some space, or write to another disk (--out DIR).");
    }
    case "EACCES":
    case "EPERM":
      return fail(`Permission denied: Sprocket may not ${doing} ${path || "a file"}${doing === "write" || doing === "open" ? ` (the folder ${folder || "."} is not writable for you, or the file is locked)` : ""}.`, "Choose a folder you can write to (--out DIR), or change its permissions.");
    case "EROFS":
      return fail(`${path || "The output"} is on a read-only disk: Sprocket could not ${doing} it.`, "Write to a disk that is mounted for writing (--out DIR).");
    case "EISDIR":
      return fail(`${path} is a folder, where Sprocket needs a file.`, "Remove or rename the folder, or choose another name.");
    case "EEXIST":
      if (e.syscall === "mkdir") return fail(`${path} is a file, where Sprocket needs a folder.`, "Choose another output folder, or move the file away.");
      return fail(`${path} already exists, and Sprocket will not overwrite it.`);
    case "ENOTDIR":
      return fail(`A part of ${path} is a file, where Sprocket needs a folder.`, "Check the path: each part before the file name must be a folder.");
    case "EMFILE":
    case "ENFILE":
      return fail(`Too many files are open (the system's limit was reached) while Sprocket tried to ${doing} ${path || "a file"}.`, "Raise the limit (ulimit -n), or use fewer --jobs.");
    case "ENAMETOOLONG":
      return fail(`The name ${basename(path) || path} is too long for this disk.`, "Use a shorter cue id or title, or a shorter folder path.");
    case "ENOENT":
      // The folder was never there (an output path into a folder nobody made), rather than a file removed meanwhile.
      if (folder && !existsSync(folder) && doing !== "read") return fail(`The folder ${folder} does not exist, so Sprocket could not ${doing} ${basename(path)} in it.`, "Create the folder first, or give an output path in a folder that exists.");
      return fail(`${path || "A file"} is not there any more: it was moved or removed while Sprocket was working.`, "Run the command again once the file is back in place.");
    case "EBUSY":
    case "ETXTBSY":
      return fail(`${path || "A file"} is busy (another program holds it), so Sprocket could not ${doing} it.`, "Close the program that has it open, then run the command again.");
    case "EIO":
      return fail(`The disk reported an input/output error while Sprocket tried to ${doing} ${path || "a file"}: the disk or its connection may be failing.`, "Check the disk, or use another.");
    default:
      return fail(`The system refused to ${doing} ${path || "a file"}: ${e.code}${e.message ? ` (${e.message.replace(/^[A-Z0-9]+: /, "").replace(/, .*$/, "")})` : ""}.`);
  }
}
