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

/** The one cue named (by `field`, for messages), or the file's only cue; with its index in the file. */
export function pickCue(file: CueFile, id: string | undefined, field = "--cue"): { cue: Cue; index: number } {
  if (id === undefined) {
    if (file.cues.length === 1) return { cue: file.cues[0]!, index: 0 };
    throw new UserError({ message: `${file.file} has ${file.cues.length} cues: say which with ${field}.`, expected: file.cues.map((c) => c.id).join(", ") });
  }
  const cue = selectCues(file, [id], field)[0]!;
  return { cue, index: file.cues.indexOf(cue) };
}
