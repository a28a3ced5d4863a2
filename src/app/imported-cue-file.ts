import { writeFile } from "node:fs/promises";
import { relative, resolve } from "node:path";
import type { CueFile } from "../engine/cue-model.js";
import { parseCueFile } from "../cue/read-cue-file.js";
import { BugError, UserError } from "../errors.js";
import { writeAtomically } from "../system/atomic-file.js";

/** The header line of a cue file `sprocket import` made. */
export const importedFrom = (path: string) => `Imported by sprocket import from ${relative(process.cwd(), resolve(path))}`;

/**
 * Checks a cue file Sprocket made with the real reader (one that does not check is Sprocket's bug,
 * and said so), then writes it atomically to `out` when given.
 */
export async function checkAndWrite(yaml: string, out: string | undefined): Promise<CueFile> {
  const file = checkImported(yaml);
  if (out) await writeAtomically(resolve(out), (fh) => writeFile(fh, yaml));
  return file;
}

/** A cue file Sprocket made, read back with the real reader; one that does not check is Sprocket's bug. */
export function checkImported(yaml: string): CueFile {
  try {
    return parseCueFile(yaml, "(imported cue file)");
  } catch (e) {
    if (e instanceof UserError) throw new BugError(`sprocket import wrote a cue file that does not check: ${e.message}\n${yaml}`);
    throw e;
  }
}
