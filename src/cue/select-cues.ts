import type { Cue, CueFile } from "../engine/cue-model.js";
import { UserError } from "../errors.js";
import { didYouMean } from "./did-you-mean.js";

/** The cues named by id, in the file's order (every cue when none is named); an id the file lacks is an error naming the file's ids. */
export function selectCues(file: CueFile, ids: readonly string[] | undefined, field?: string): Cue[] {
  if (!ids?.length) return file.cues;
  const known = file.cues.map((c) => c.id);
  const unknown = ids.filter((id) => !known.includes(id));
  if (unknown.length) {
    const guess = unknown.length === 1 ? didYouMean(unknown[0]!, known) : undefined;
    throw new UserError({
      message: `No cue ${unknown.map((u) => `"${u}"`).join(", ")} in ${file.file}.${guess ? ` Did you mean "${guess}"?` : ""}`,
      expected: known.join(", "),
      ...(field ? { field } : {}),
    });
  }
  return file.cues.filter((c) => ids.includes(c.id));
}
