import type { TimelineMarker } from "./model.js";

/**
 * How Sprocket marks the markers it writes for a cue's range (bar 1 to its end), so that reading
 * them back tells them from hits: the marker's comment (or, in an Avid list, its text) reads
 * `Sprocket cue 3M12: The Door`.
 */
const CUE_TAG = /^Sprocket cue (\S+?)(?::\s*(.*))?$/;

export function cueMarkerText(id: string, title: string): string {
  return `Sprocket cue ${id}${title ? `: ${title}` : ""}`;
}

/** The cue id and title of a cue-range marker Sprocket wrote, or undefined for any other marker. */
export function sprocketCueOf(m: TimelineMarker): { id: string; title: string } | undefined {
  const match = CUE_TAG.exec(m.comment.trim()) ?? CUE_TAG.exec(m.name.trim());
  return match ? { id: match[1]!, title: (match[2] ?? "").trim() } : undefined;
}
