import { readInputText } from "../../system/read-input-file.js";
import { writeFile } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { appendHits } from "../../cue/edit-cue-text.js";
import { cueEventsAsMarkers, markersToCues } from "../../cue/markers-to-cues.js";
import { placeMarkers } from "../../cue/place-markers.js";
import { parseCueFile } from "../../cue/read-cue-file.js";
import { cueFileYaml, hitLine } from "../../cue/write-cue-yaml.js";
import { parseFrameRate } from "../../engine/frame-rate.js";
import { BugError, UserError, type Problem } from "../../errors.js";
import { didYouMean } from "../../cue/did-you-mean.js";
import { cutMarkers } from "../../interchange/cut-markers.js";
import type { Detected } from "../../interchange/detect-format.js";
import type { Timeline } from "../../interchange/model.js";
import { readTimelineText } from "../../interchange/read-timeline-file.js";
import { writeAtomically } from "../../system/atomic-file.js";
import { printJson } from "../command.js";
import { checkAndWrite, importedFrom } from "./imported-cue-file.js";

type Values = Record<string, unknown>;

/** At most this many warnings are printed one by one; the rest are counted. */
const SHOWN_WARNINGS = 12;

const where = (p: Problem) => (p.location ? `${[p.location.file, p.location.line, p.location.column].filter((x) => x !== undefined).join(":")}: ` : "");
export const warningText = (p: Problem) => `${where(p)}${p.message}`;

function printWarnings(lines: string[]): void {
  for (const w of lines.slice(0, SHOWN_WARNINGS)) process.stderr.write(`warning: ${w}\n`);
  if (lines.length > SHOWN_WARNINGS) process.stderr.write(`warning: … and ${lines.length - SHOWN_WARNINGS} more (--json lists them all).\n`);
}

const trackOption = (values: Values) => (values.track !== undefined ? { track: values.track as string } : {});

function readText(path: string, what: string): string {
  return readInputText(path, what);
}

/** The file's markers, and with --cuts the picture's cuts too (what --cuts had to say joins the file's warnings). */
function markersOf(t: Timeline, values: Values) {
  if (!values.cuts) return t.markers;
  const cuts = cutMarkers(t);
  t.warnings.push(...cuts.warnings);
  return [...t.markers, ...cuts.markers];
}

/** `import FILE --into CUEFILE`: every marker as a hit of the cue that holds it, written into the cue file's hits lists. */
export async function importMarkersInto(detected: Detected, path: string, values: Values): Promise<void> {
  const into = values.into as string;
  const original = readText(into, "cue file");
  const file = parseCueFile(original, into);
  if (values.fps) {
    const given = parseFrameRate(values.fps as string);
    if (given.name !== file.rate.name) throw new UserError({ message: `--fps ${given.name} is not the cue file's rate (${file.rate.name}).`, hint: "Leave out --fps: the cue file says the project's rate." });
  }
  const onlyCue = values.cue as string | undefined;
  if (onlyCue !== undefined && !file.cues.some((c) => c.id === onlyCue)) {
    const ids = file.cues.map((c) => c.id);
    const guess = didYouMean(onlyCue, ids);
    throw new UserError({ message: `${into} has no cue "${onlyCue}".${guess ? ` Did you mean "${guess}"?` : ""}`, expected: ids.join(", ") });
  }
  const timeline = readTimelineText(detected, path, file.rate, trackOption(values));
  const placed = placeMarkers(file, markersOf(timeline, values), onlyCue);
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
  const out = (values.output as string | undefined) ?? into;
  if (placed.added.length || out !== into) await writeAtomically(resolve(out), (fh) => writeFile(fh, text));
  const warnings = [...timeline.warnings.map(warningText), ...placed.warnings];
  if (values.json) {
    printJson({ path: resolve(out), format: timeline.format, added: placed.added.map(({ cue, label, timecode }) => ({ cue, label, timecode })), outside: placed.outside, skipped: placed.skipped, warnings });
    return;
  }
  printWarnings(warnings);
  const rel = relative(process.cwd(), resolve(out)) || out;
  const perCue = [...new Set(placed.added.map((h) => h.cue))].map((id) => `${id} ${placed.added.filter((h) => h.cue === id).length}`);
  process.stdout.write(placed.added.length ? `Added ${placed.added.length} hit${placed.added.length === 1 ? "" : "s"} from ${timeline.format} ${path} to ${rel} (${perCue.join(", ")}).\n` : `No new hits from ${path}; ${rel} is unchanged${out !== into ? " (copied)" : ""}.\n`);
  for (const h of placed.added) process.stdout.write(`  + ${h.cue}  ${h.timecode}  ${h.label}${h.colour ? ` (${h.colour})` : ""}\n`);
  for (const s of placed.skipped) process.stdout.write(`  = ${s.timecode}  ${s.label}: skipped, ${s.reason}\n`);
  if (placed.outside.length) {
    process.stdout.write(`${placed.outside.length} marker${placed.outside.length === 1 ? " is" : "s are"} outside every cue${onlyCue ? ` (only ${onlyCue} was asked for)` : ""}, and not added:\n`);
    for (const o of placed.outside) process.stdout.write(`  ! ${o.timecode}  ${o.label}${o.nearest ? ` (nearest cue: ${o.nearest})` : ""}\n`);
  }
}

/** `import FILE -o NEW.yaml`: a new cue file from the markers alone. */
export async function importMarkersAsCues(detected: Detected, path: string, values: Values): Promise<void> {
  const rate = values.fps ? parseFrameRate(values.fps as string) : undefined;
  const timeline = readTimelineText(detected, path, rate, trackOption(values));
  const made = markersToCues([...cueEventsAsMarkers(timeline), ...markersOf(timeline, values)], timeline.rate, 2);
  const yaml = cueFileYaml({ title: (values.title as string | undefined) ?? timeline.title ?? "", fps: timeline.rate.name, cues: made.cues }, importedFrom(path));
  const out = values.output as string | undefined;
  await checkAndWrite(yaml, out);
  const warnings = [...timeline.warnings.map(warningText), ...made.warnings];
  if (values.json) {
    printJson({ path: out ? resolve(out) : null, format: timeline.format, fps: timeline.rate.name, cues: made.cues.map((c) => ({ id: c.id, title: c.title, start: c.start, ...(c.end ? { end: c.end } : {}), hits: c.hits.length })), outside: made.outside, warnings });
    return;
  }
  printWarnings(warnings);
  if (!out) process.stdout.write(yaml);
  else process.stdout.write(`wrote ${out}: ${made.cues.length} cue${made.cues.length === 1 ? "" : "s"} at ${timeline.rate.name} (${made.cues.map((c) => `${c.id} ${c.hits.length} hit${c.hits.length === 1 ? "" : "s"}`).join(", ")})\n`);
  if (made.outside.length) {
    const stream = out ? process.stdout : process.stderr;
    stream.write(`${made.outside.length} marker${made.outside.length === 1 ? " is" : "s are"} outside every cue, and not added:\n`);
    for (const o of made.outside) stream.write(`  ! ${o.timecode}  ${o.label}\n`);
  }
}
