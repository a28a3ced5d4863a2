import { existsSync, linkSync, renameSync, unlinkSync } from "node:fs";

export interface Rename {
  from: string;
  to: string;
}

/**
 * Renames files without ever overwriting one: a hard link under the new name (which fails if the name
 * is taken), then the old name removed, so at every instant the audio has at least one name. Disks
 * without hard links (exFAT and FAT drives, often used for deliveries) get a check then a rename.
 */
export function renameDeliveries(renames: readonly Rename[]): (Rename & { done: boolean; reason?: string })[] {
  return renames.map((r) => {
    try {
      try {
        linkSync(r.from, r.to);
        unlinkSync(r.from);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "EXDEV") throw e;
        if (existsSync(r.to)) throw Object.assign(new Error(), { code: "EEXIST" });
        renameSync(r.from, r.to);
      }
      return { ...r, done: true };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const reason = code === "EEXIST" ? `${r.to} already exists` : code === "EACCES" ? "permission denied" : code === "ENOSPC" ? "the disk is full" : code === "EROFS" ? "the disk is read-only" : (e as Error).message;
      return { ...r, done: false, reason };
    }
  });
}
