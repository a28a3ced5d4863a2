import type { Cue } from "../engine/cue-model.js";
import { slug } from "./delivery-name.js";

/**
 * What a delivery file's name says, by the convention the stage works to
 * (`M32_Score_01-24-38-14.wav`): the cue it is for, its start timecode, and its stem (what is left
 * once the cue id, the cue's title and the timecode are taken away: `Score`, `Strings`, `click`).
 */
export interface NameParts {
  /** The start timecode as written, its four numbers, and where it sits in the name. */
  timecode?: { text: string; fields: [number, number, number, number]; index: number };
  /** Cues the name names, longest id first. */
  cues: Cue[];
  stem: string | null;
}

/** Four two-digit numbers joined by `-`, `_`, `;` or `.`, standing apart from other digits. */
const TIMECODE_IN_NAME = /(?<![0-9])(\d{2})[-_;.](\d{2})[-_;.](\d{2})[-_;.](\d{2})(?![0-9])/g;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function nameParts(fileName: string, cues: readonly Cue[]): NameParts {
  let rest = fileName.replace(/\.[A-Za-z0-9]{1,5}$/, "");
  const found = [...rest.matchAll(TIMECODE_IN_NAME)];
  const last = found[found.length - 1];
  const parts: NameParts = { cues: [], stem: null };
  if (last) {
    parts.timecode = { text: last[0], fields: [1, 2, 3, 4].map((i) => Number(last[i])) as [number, number, number, number], index: last.index! };
    rest = `${rest.slice(0, last.index)}_${rest.slice(last.index! + last[0].length)}`;
  }
  // A cue id stands between separators (or the name's ends); the longest that fits wins, so M3 never takes M32's files.
  const named = cues
    .map((cue) => ({ cue, key: slug(cue.id) }))
    .filter(({ key }) => key !== "")
    .sort((a, b) => b.key.length - a.key.length)
    .filter(({ key }) => new RegExp(`(^|[-_\\s.])${escapeRegExp(key)}(?=$|[-_\\s.])`, "i").test(rest));
  parts.cues = named.map((n) => n.cue);
  if (named[0]) rest = rest.replace(new RegExp(`(^|[-_\\s.])${escapeRegExp(named[0].key)}(?=$|[-_\\s.])`, "i"), "$1");
  const title = named[0] ? slug(named[0].cue.title).toLowerCase() : "";
  const tokens = rest
    .split(/[_\s.]+/)
    .map((t) => t.replace(/^-+|-+$/g, ""))
    .filter((t) => t !== "" && (title === "" || t.toLowerCase() !== title));
  parts.stem = tokens.length ? tokens.join("_") : null;
  return parts;
}
