import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { didYouMean } from "../cue/did-you-mean.js";
import { appendHits } from "../cue/edit-cue-text.js";
import { cueEventsAsMarkers, markersToCues } from "../cue/markers-to-cues.js";
import { placeMarkers, type Placement } from "../cue/place-markers.js";
import { parseCueFile } from "../cue/read-cue-file.js";
import { cueFileYaml, hitLine } from "../cue/write-cue-yaml.js";
import type { CueFile } from "../engine/cue-model.js";
import { parseFrameRate } from "../engine/frame-rate.js";
import { BugError, UserError, type Problem } from "../errors.js";
import { cutMarkers } from "../interchange/cut-markers.js";
import type { Detected } from "../interchange/detect-format.js";
import type { Timeline, TimelineMarker } from "../interchange/model.js";
import { detectOrRefuse, readBytes, readTimelineText } from "../interchange/read-timeline-file.js";
import { writeAtomically } from "../system/atomic-file.js";
import { readInputText } from "../system/read-input-file.js";
import { checkAndWrite, importedFrom } from "./imported-cue-file.js";

/** A problem as one line: file:line:column, then the words. */
export const warningText = (p: Problem) => `${p.location ? `${[p.location.file, p.location.line, p.location.column].filter((x) => x !== undefined).join(":")}: ` : ""}${p.message}`;

/** The file's markers, and with `cuts` the picture's cuts too (what that had to say joins the file's warnings). */
export function markersOf(t: Timeline, cuts: boolean | undefined): TimelineMarker[] {
  if (!cuts) return t.markers;
  const found = cutMarkers(t);
  t.warnings.push(...found.warnings);
  return [...t.markers, ...found.markers];
}

export interface ImportMarkersOptions {
  /** The editor's file: an EDL, a marker list, OTIO, FCPXML, a Pro Tools session text, a DAW marker CSV. */
  file: string;
  /** The cue file the markers become hits of. */
  into: string;
  /** Where to write the result (default: the cue file itself, changed in place). */
  output?: string;
  /** Put every marker into this cue. */
  cue?: string;
  /** Also a hit on every cut of the main picture track. */
  cuts?: boolean;
  /** A Pro Tools session text: also the clips of this track. */
  track?: string;
  /** If given, must be the cue file's rate. */
  fps?: string;
  /** The file's format, when already found (from its bytes). */
  detected?: Detected;
}

export interface ImportMarkersResult {
  /** The cue file written (absolute), or that would have been with nothing added. */
  path: string;
  /** What the file was ("CMX 3600 EDL", "Pro Tools session text"...). */
  format: string;
  added: Placement["added"];
  outside: Placement["outside"];
  skipped: Placement["skipped"];
  warnings: string[];
  /** Whether a file was written (nothing is, when nothing is added to the cue file in place). */
  wrote: boolean;
}

/**
 * The use case behind `import FILE --into CUEFILE`: every marker as a hit of the cue that holds it,
 * appended to that cue's hits list (comments and layout kept), the result checked before it is
 * written atomically. Markers outside every cue, and hits the cue has already, are returned, not added.
 */
export async function importMarkersInto(options: ImportMarkersOptions): Promise<ImportMarkersResult> {
  const { into } = options;
  const original = readInputText(into, "cue file");
  const file = parseCueFile(original, into);
  if (options.fps) {
    const given = parseFrameRate(options.fps);
    if (given.name !== file.rate.name) throw new UserError({ message: `--fps ${given.name} is not the cue file's rate (${file.rate.name}).`, hint: "Leave out --fps: the cue file says the project's rate." });
  }
  const onlyCue = options.cue;
  if (onlyCue !== undefined && !file.cues.some((c) => c.id === onlyCue)) {
    const ids = file.cues.map((c) => c.id);
    const guess = didYouMean(onlyCue, ids);
    throw new UserError({ message: `${into} has no cue "${onlyCue}".${guess ? ` Did you mean "${guess}"?` : ""}`, expected: ids.join(", ") });
  }
  const detected = options.detected ?? detectOrRefuse(readBytes(options.file), options.file);
  const timeline = readTimelineText(detected, options.file, file.rate, options.track !== undefined ? { track: options.track } : {});
  const r = await addMarkersAsHits(original, file, markersOf(timeline, options.cuts), { into, ...(onlyCue !== undefined ? { cue: onlyCue } : {}), ...(options.output !== undefined ? { output: options.output } : {}) });
  return { ...r, format: timeline.format, warnings: [...timeline.warnings.map(warningText), ...r.warnings] };
}

/**
 * Markers as hits of the cues that hold them (or of `cue`), appended to those cues' hits lists of the
 * cue file's text (comments and layout kept), checked, and written atomically (to `output`, else in
 * place, and only when something is added there). Used by `import --into` and `spot --into`.
 */
export async function addMarkersAsHits(original: string, file: CueFile, markers: readonly TimelineMarker[], options: { into: string; cue?: string; output?: string }): Promise<Omit<ImportMarkersResult, "format">> {
  const { into } = options;
  const onlyCue = options.cue;
  const placed = placeMarkers(file, markers, onlyCue);
  const byCue = new Map<number, string[]>();
  for (const h of placed.added) byCue.set(h.cueIndex, [...(byCue.get(h.cueIndex) ?? []), hitLine({ at: h.timecode, label: h.label, ...(h.colour ? { color: h.colour } : {}) })]);
  const text = appendHits(original, byCue);
  let checked;
  try {
    checked = parseCueFile(text, into);
  } catch (e) {
    if (e instanceof UserError) throw new BugError(`sprocket import made a cue file that does not check: ${e.message}`);
    throw e;
  }
  for (const h of placed.added) {
    const cue = checked.cues[h.cueIndex]!;
    if (!cue.hits.some((x) => x.label === h.label && x.at === h.frame)) throw new BugError(`the hit "${h.label}" did not arrive in cue ${cue.id} at ${h.timecode}`);
  }
  const out = options.output ?? into;
  const wrote = placed.added.length > 0 || out !== into;
  if (wrote) await writeAtomically(resolve(out), (fh) => writeFile(fh, text));
  return { path: resolve(out), added: placed.added, outside: placed.outside, skipped: placed.skipped, warnings: placed.warnings, wrote };
}

export interface MarkersToCueFileOptions {
  /** The editor's file (any editorial format). */
  file: string;
  /** The picture rate, for the formats that do not state it (EDLs, marker lists). */
  fps?: string;
  /** The new cue file's title (default: the timeline's name). */
  title?: string;
  cuts?: boolean;
  track?: string;
  /** Where to write the new cue file (atomically); without it, nothing is written. */
  output?: string;
  detected?: Detected;
}

export interface MarkersToCueFileResult {
  /** The new cue file's text, checked with the real reader. */
  yaml: string;
  format: string;
  fps: string;
  cues: { id: string; title: string; start: string; end?: string; hits: number }[];
  outside: { label: string; timecode: string }[];
  warnings: string[];
  path: string | null;
}

/**
 * The use case behind `import FILE -o NEW.yaml`: a new cue file from the markers alone (a marker with
 * a length, or named like a cue, starts a cue; the others are its hits; each cue gets a placeholder tempo).
 */
export async function markersToCueFile(options: MarkersToCueFileOptions): Promise<MarkersToCueFileResult> {
  const rate = options.fps ? parseFrameRate(options.fps) : undefined;
  const detected = options.detected ?? detectOrRefuse(readBytes(options.file), options.file);
  const timeline = readTimelineText(detected, options.file, rate, options.track !== undefined ? { track: options.track } : {});
  const made = markersToCues([...cueEventsAsMarkers(timeline), ...markersOf(timeline, options.cuts)], timeline.rate, 2);
  const yaml = cueFileYaml({ title: options.title ?? timeline.title ?? "", fps: timeline.rate.name, cues: made.cues }, importedFrom(options.file));
  await checkAndWrite(yaml, options.output);
  return {
    yaml,
    format: timeline.format,
    fps: timeline.rate.name,
    cues: made.cues.map((c) => ({ id: c.id, title: c.title, start: c.start, ...(c.end ? { end: c.end } : {}), hits: c.hits.length })),
    outside: made.outside,
    warnings: [...timeline.warnings.map(warningText), ...made.warnings],
    path: options.output !== undefined ? resolve(options.output) : null,
  };
}
