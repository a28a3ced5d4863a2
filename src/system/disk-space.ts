import { SystemError } from "../errors.js";
import { formatBytes, freeBytes } from "./system-failure.js";

/** One file a command is about to write, and its size: exact (a click, a MIDI file) or estimated (a picture). */
export interface PlannedOutput {
  what: string;
  bytes: number;
  estimated: boolean;
}

/**
 * Refuses before anything is written when the outputs will not fit on the disk of `dir`, naming what
 * they need and what is free. Where the free space cannot be read (some network disks), it lets the
 * write go ahead: a full disk is then still said in words when it happens.
 */
export function checkFreeSpace(dir: string, outputs: readonly PlannedOutput[]): void {
  const free = freeBytes(dir);
  if (free === undefined || !outputs.length) return;
  const total = outputs.reduce((n, o) => n + o.bytes, 0);
  if (total <= free) return;
  const byWhat = new Map<string, { bytes: number; estimated: boolean }>();
  for (const o of outputs) {
    const seen = byWhat.get(o.what) ?? { bytes: 0, estimated: false };
    byWhat.set(o.what, { bytes: seen.bytes + o.bytes, estimated: seen.estimated || o.estimated });
  }
  const parts = [...byWhat].map(([what, s]) => `${what} ${s.estimated ? "about " : ""}${formatBytes(s.bytes)}`).join(", ");
  const about = outputs.some((o) => o.estimated) ? "about " : "";
  throw new SystemError(
    `Not enough free space on the disk of ${dir}: this render needs ${about}${formatBytes(total)} (${parts}), and ${formatBytes(free)} is free. Nothing was written.`,
    "ENOSPC",
    dir,
    "Free some space, or render to another disk (--out DIR); --no-space-check renders anyway.",
  );
}
