import { relative } from "node:path";
import { importMarkersInto as importInto, markersToCueFile } from "../../app/import-markers.js";
import type { Detected } from "../../interchange/detect-format.js";
import type { ImportValues } from "./import-flags.js";
import { printJson } from "../command.js";

type Values = ImportValues;

/** At most this many warnings are printed one by one; the rest are counted. */
const SHOWN_WARNINGS = 12;

function printWarnings(lines: string[]): void {
  for (const w of lines.slice(0, SHOWN_WARNINGS)) process.stderr.write(`warning: ${w}\n`);
  if (lines.length > SHOWN_WARNINGS) process.stderr.write(`warning: … and ${lines.length - SHOWN_WARNINGS} more (--json lists them all).\n`);
}

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
  const r = await markersToCueFile({
    file: path,
    detected,
    ...(values.fps !== undefined ? { fps: values.fps } : {}),
    ...(values.title !== undefined ? { title: values.title } : {}),
    ...(values.cuts ? { cuts: true } : {}),
    ...(values.track !== undefined ? { track: values.track } : {}),
    ...(values.output !== undefined ? { output: values.output } : {}),
  });
  const out = values.output;
  if (values.json) {
    printJson({ path: r.path, format: r.format, fps: r.fps, cues: r.cues, outside: r.outside, warnings: r.warnings });
    return;
  }
  printWarnings(r.warnings);
  if (!out) process.stdout.write(r.yaml);
  else process.stdout.write(`wrote ${out}: ${r.cues.length} cue${r.cues.length === 1 ? "" : "s"} at ${r.fps} (${r.cues.map((c) => `${c.id} ${c.hits} hit${c.hits === 1 ? "" : "s"}`).join(", ")})\n`);
  if (r.outside.length) {
    const stream = out ? process.stdout : process.stderr;
    stream.write(`${r.outside.length} marker${r.outside.length === 1 ? " is" : "s are"} outside every cue, and not added:\n`);
    for (const o of r.outside) stream.write(`  ! ${o.timecode}  ${o.label}\n`);
  }
}
