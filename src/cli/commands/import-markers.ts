import { resolve, relative } from "node:path";
import { importMarkersInto as importInto, markersOf, warningText } from "../../app/import-markers.js";
import { cueEventsAsMarkers, markersToCues } from "../../cue/markers-to-cues.js";
import { cueFileYaml } from "../../cue/write-cue-yaml.js";
import { parseFrameRate } from "../../engine/frame-rate.js";
import type { Detected } from "../../interchange/detect-format.js";
import { readTimelineText } from "../../interchange/read-timeline-file.js";
import type { ImportValues } from "./import-flags.js";
import { printJson } from "../command.js";
import { checkAndWrite, importedFrom } from "./imported-cue-file.js";

type Values = ImportValues;

/** At most this many warnings are printed one by one; the rest are counted. */
const SHOWN_WARNINGS = 12;


function printWarnings(lines: string[]): void {
  for (const w of lines.slice(0, SHOWN_WARNINGS)) process.stderr.write(`warning: ${w}\n`);
  if (lines.length > SHOWN_WARNINGS) process.stderr.write(`warning: … and ${lines.length - SHOWN_WARNINGS} more (--json lists them all).\n`);
}

const trackOption = (values: Values) => (values.track !== undefined ? { track: values.track } : {});


/** `import FILE --into CUEFILE`: every marker as a hit of the cue that holds it, written into the cue file's hits lists. */
export async function importMarkersInto(detected: Detected, path: string, values: Values & { into: string }): Promise<void> {
  const into = values.into;
  const r = await importInto({
    file: path,
    into,
    detected,
    ...(values.output !== undefined ? { output: values.output } : {}),
    ...(values.cue !== undefined ? { cue: values.cue } : {}),
    ...(values.cuts ? { cuts: true } : {}),
    ...(values.track !== undefined ? { track: values.track } : {}),
    ...(values.fps !== undefined ? { fps: values.fps } : {}),
  });
  if (values.json) {
    printJson({ path: r.path, format: r.format, added: r.added.map(({ cue, label, timecode }) => ({ cue, label, timecode })), outside: r.outside, skipped: r.skipped, warnings: r.warnings });
    return;
  }
  printWarnings(r.warnings);
  const out = (values.output) ?? into;
  const onlyCue = values.cue;
  const rel = relative(process.cwd(), r.path) || out;
  const perCue = [...new Set(r.added.map((h) => h.cue))].map((id) => `${id} ${r.added.filter((h) => h.cue === id).length}`);
  process.stdout.write(r.added.length ? `Added ${r.added.length} hit${r.added.length === 1 ? "" : "s"} from ${r.format} ${path} to ${rel} (${perCue.join(", ")}).\n` : `No new hits from ${path}; ${rel} is unchanged${out !== into ? " (copied)" : ""}.\n`);
  const placed = r;
  for (const h of placed.added) process.stdout.write(`  + ${h.cue}  ${h.timecode}  ${h.label}${h.colour ? ` (${h.colour})` : ""}\n`);
  for (const s of placed.skipped) process.stdout.write(`  = ${s.timecode}  ${s.label}: skipped, ${s.reason}\n`);
  if (placed.outside.length) {
    process.stdout.write(`${placed.outside.length} marker${placed.outside.length === 1 ? " is" : "s are"} outside every cue${onlyCue ? ` (only ${onlyCue} was asked for)` : ""}, and not added:\n`);
    for (const o of placed.outside) process.stdout.write(`  ! ${o.timecode}  ${o.label}${o.nearest ? ` (nearest cue: ${o.nearest})` : ""}\n`);
  }
}

/** `import FILE -o NEW.yaml`: a new cue file from the markers alone. */
export async function importMarkersAsCues(detected: Detected, path: string, values: Values): Promise<void> {
  const rate = values.fps ? parseFrameRate(values.fps) : undefined;
  const timeline = readTimelineText(detected, path, rate, trackOption(values));
  const made = markersToCues([...cueEventsAsMarkers(timeline), ...markersOf(timeline, !!values.cuts)], timeline.rate, 2);
  const yaml = cueFileYaml({ title: (values.title) ?? timeline.title ?? "", fps: timeline.rate.name, cues: made.cues }, importedFrom(path));
  const out = values.output;
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
