import { mkdirSync } from "node:fs";
import { readInputText } from "../../system/read-input-file.js";
import { writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join, relative, resolve } from "node:path";
import { conformCueFile, summarise, type CueConform } from "../../conform/conform-cues.js";
import { conformedCueText } from "../../conform/conformed-cue-file.js";
import { CutMap } from "../../conform/cut-map.js";
import { flaggedMarkers, reportData, reportHtml, reportMarkdown, type ReportData } from "../../conform/report.js";
import { segmentsOf, sharedIdentity } from "../../conform/segments.js";
import { parseCueFileWithDocument } from "../../cue/read-cue-file.js";
import { parseFrameRate } from "../../engine/frame-rate.js";
import { ReportedError, UserError } from "../../errors.js";
import { FORMAT_NAMES } from "../../interchange/detect-format.js";
import type { Timeline } from "../../interchange/model.js";
import type { FrameRate } from "../../engine/frame-rate.js";
import { framesPerDay } from "../../engine/timecode.js";
import { detectOrRefuse, readBytes, readTimelineText } from "../../interchange/read-timeline-file.js";
import { avidMarkerList, resolveMarkerEdl } from "../../interchange/write-marker-lists.js";
import { writeAtomically } from "../../system/atomic-file.js";
import { renderInParallel } from "../render-in-parallel.js";
import { printJson, type Command } from "../command.js";

/** The exit status when a hit was lost or is ambiguous (and --accept was not given). */
export const EXIT_NEEDS_ATTENTION = 3;

const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : typeof v === "string" ? [v] : []);

export const conformCommand: Command = {
  name: "conform",
  positionals: [1, 1],
  options: {
    from: { type: "string", multiple: true },
    to: { type: "string", multiple: true },
    fps: { type: "string" },
    match: { type: "string", multiple: true },
    output: { type: "string", short: "o" },
    report: { type: "string" },
    render: { type: "string" },
    only: { type: "string" },
    accept: { type: "boolean" },
    json: { type: "boolean" },
  },
  help: `Usage: sprocket conform CUEFILE --from OLD --to NEW [--fps RATE] [--match PATTERN] [-o NEW.yaml]
                        [--report DIR] [--render DIR [--only KINDS]] [--accept] [--json]

When the picture changes, moves every cue and hit with it and says what happened to each. OLD and NEW
are two versions of the cut (CMX 3600 EDLs, OTIO or FCPXML, in any mix; repeat --from and --to for a
film in several reels). Each frame of the old cut is followed through its source (file, else clip
name, else reel and timecode) to the new cut. Every hit placed by timecode, every cue's bar 1 and end
gets a status: unchanged, shifted (by how many frames), moved (its shot went elsewhere), lost (its
frames were cut: the nearest surviving frames are named), ambiguous (its source is in the new cut more
than once: the candidates are listed) or uncertain (in a dissolve, a gap or black: placed from its
neighbours). Hits placed by bar and beat follow bar 1. A cue whose sync points all moved alike is
shifted (the click still fits); one whose intervals changed is changed, with each hit's new distance
from its click and the fixes that land them again (a bar longer or shorter, a new tempo, a ramp).

Options:
  --from FILE       the old cut (repeatable: one file a reel)
  --to FILE         the new cut (repeatable)
  --fps RATE        the project's rate, if given: must be the cue file's
  --match PATTERN   a regular expression left out of source names before comparing them
                    (repeatable): --match '_v\\d+' follows a VFX shot from _v11 to _v12
  -o, --output FILE the conformed cue file: hits, starts and ends at their new timecodes, each moved
                    one with a "# conform:" comment saying where it was; lost and ambiguous hits kept
                    (at the nearest surviving frame, or the likeliest candidate) and marked
  --report DIR      write the report as conform-report.md, .html and .json, and every moved, lost
                    and ambiguous hit as markers at its new place (conform-markers.edl for Resolve,
                    conform-markers.txt for Media Composer)
  --render DIR      re-render click, MIDI, picture and notes of the cues that changed, and only those
                    (needs -o)
  --only KINDS      with --render: which outputs, as for render (click,midi,video,notes)
  --accept          exit 0 even when something is lost or ambiguous
  --json            print the report: { cues: [{ id, status, start: { from, to, status }, hits:
                    [{ label, from, to, shiftFrames, status }] }], summary: { unchanged, shifted,
                    moved, lost, ambiguous, uncertain } }

Exit status: 0 every sync point maps; ${EXIT_NEEDS_ATTENTION} something is lost or ambiguous (the outputs are written;
--accept makes it 0); 2 bad input (nothing is written).`,
  async run(values, [path]) {
    const fromFiles = list(values.from), toFiles = list(values.to);
    if (!fromFiles.length || !toFiles.length) throw new UserError({ message: "conform needs the old cut (--from) and the new cut (--to).", expected: "--from OLD.edl --to NEW.edl" });
    if (values.only && !values.render) throw new UserError({ message: "--only goes with --render: it says which outputs to render.", hint: "See `sprocket conform --help`." });
    if (values.render && !values.output) throw new UserError({ message: "--render needs -o: the renders are made from the conformed cue file.", hint: "Add -o NEW.yaml." });
    const original = readInputText(path!, "cue file");
    const { cueFile: file, doc } = parseCueFileWithDocument(original, path!);
    if (values.fps && parseFrameRate(values.fps as string).name !== file.rate.name) {
      throw new UserError({ message: `--fps ${values.fps} is not the cue file's rate (${file.rate.name}).`, hint: "Leave out --fps: the cue file says the project's rate, and every cut must be at it." });
    }
    const patterns = list(values.match).map((p) => {
      try {
        return new RegExp(p);
      } catch (e) {
        throw new UserError({ message: `--match ${JSON.stringify(p)} is not a regular expression: ${(e as Error).message}.`, expected: "a pattern such as _v\\d+" });
      }
    });
    const read = (files: string[]) => files.map((f) => {
      const detected = detectOrRefuse(readBytes(f), f);
      const t = readTimelineText(detected, f, file.rate);
      if (!t.events.length) throw new UserError({ message: `${f} (${FORMAT_NAMES[detected.id]}) holds no picture events: conform needs cuts, not only markers.`, location: { file: f } });
      return t;
    });
    const merged = (ts: Timeline[]): Timeline => ({ ...ts[0]!, events: ts.flatMap((t) => t.events), warnings: ts.flatMap((t) => t.warnings) });
    const [oldCut, newCut] = [read(fromFiles), read(toFiles)];
    const [before, after] = [merged(oldCut), merged(newCut)];
    const options = { match: patterns, identity: sharedIdentity(before, after) };
    const map = new CutMap(segmentsOf(before, options), segmentsOf(after, options));
    const cues = conformCueFile(file, map);
    refuseWhenNothingIsInside(cues, before, file.rate);
    // The conformed file is made whether or not it is written: it says which cues could not be conformed.
    const conformed = conformedCueText(original, path!, file, cues, doc);
    for (const k of conformed.kept) cues.find((c) => c.index === k.index)!.needsYou = k.reason;
    const data = reportData(cues, file.rate, fromFiles, toFiles);
    const text = values.output ? conformed.text : undefined;
    // Everything is worked out before anything is written.
    if (text !== undefined) await writeAtomically(resolve(values.output as string), (fh) => writeFile(fh, text));
    if (values.report) await writeReport(values.report as string, data, cues, file);
    const rendered = values.render ? await renderChanged(values.output as string, values.render as string, cues, values.only as string | undefined) : [];
    if (values.json) printJson({ ...data, ...(values.render ? { rendered } : {}) });
    else printSummary(data, values, rendered.length);
    for (const w of [...oldCut, ...newCut].flatMap((t) => t.warnings).slice(0, 10)) process.stderr.write(`warning: ${w.location ? `${w.location.file}:${w.location.line ?? ""}: ` : ""}${w.message}\n`);
    const s = summarise(cues);
    const kept = conformed.kept.length;
    if ((s.lost || s.ambiguous || kept) && !values.accept) {
      const what = [s.lost && `${s.lost} lost`, s.ambiguous && `${s.ambiguous} ambiguous`, kept && `${kept} cue${kept === 1 ? "" : "s"} kept as ${kept === 1 ? "it was" : "they were"} (NEEDS YOU)`].filter(Boolean).join(", ");
      throw new ReportedError(EXIT_NEEDS_ATTENTION, `conform: ${what}: check them${values.report ? " in the report" : ""}, or pass --accept to take the conform as it is (exit status ${EXIT_NEEDS_ATTENTION}).`);
    }
  },
};

/**
 * A cut none of whose frames hold any cue's bar 1, hits or end is not the cut the cues were spotted
 * against: most often it counts another rate (an EDL does not say its rate). Refused, naming the cue
 * file's rate and what the cut's labels suggest, rather than reporting every point as uncertain.
 */
function refuseWhenNothingIsInside(cues: readonly CueConform[], old: Timeline, rate: FrameRate): void {
  const points = cues.flatMap((c) => [c.start, ...(c.end ? [c.end] : []), ...c.hits.filter((h) => h.status !== "follows")]);
  const day = framesPerDay(rate);
  const shots = old.events.filter((e) => e.track === "V");
  if (!points.length || points.some((p) => shots.some((e) => e.recordIn <= p.from % day && p.from % day < e.recordOut))) return;
  // The frames of the labels the cut wrote (its in and out points; NDF counting at the cue file's rate).
  const lastFrame = Math.max(...old.events.flatMap((e) => [e.recordIn, e.recordOut]).map((f) => f % rate.nominal));
  const hint = !rate.dropPerMinute && lastFrame < rate.nominal - 1 ? ` Its labels never reach frame ${rate.nominal - 1} (the last is :${String(lastFrame).padStart(2, "0")}), as a ${lastFrame + 1 === 24 ? "23.976 or 24" : lastFrame + 1} fps cut's would not.` : "";
  throw new UserError({
    message: `No cue of the cue file (at ${rate.name}) has a sync point inside the old cut ${old.file}: it is not the cut the cues were spotted against, or it counts another frame rate.${hint}`,
    location: { file: old.file },
    expected: `the cut the cues were spotted against, counted at ${rate.name}`,
    hint: "Check the cue file's fps and the cut's; conform compares cuts at the cue file's rate.",
  });
}

async function writeReport(dir: string, data: ReportData, cues: CueConform[], file: { rate: import("../../engine/frame-rate.js").FrameRate; title: string }): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const put = (name: string, content: string | Buffer) => writeAtomically(resolve(join(dir, name)), (fh) => writeFile(fh, content));
  const markers = flaggedMarkers(cues, file.rate, file.title);
  await put("conform-report.json", JSON.stringify(data, null, 2) + "\n");
  await put("conform-report.md", reportMarkdown(data));
  await put("conform-report.html", reportHtml(data));
  await put("conform-markers.edl", resolveMarkerEdl(markers));
  await put("conform-markers.txt", avidMarkerList(markers));
}

async function renderChanged(cueFile: string, dir: string, cues: CueConform[], only?: string) {
  const changed = cues.filter((c) => c.status !== "unchanged").map((c) => c.cue.id);
  if (!changed.length) return [];
  mkdirSync(dir, { recursive: true });
  return renderInParallel(resolve(cueFile), changed, ["--out", resolve(dir), ...(only ? ["--only", only] : [])], availableParallelism());
}

function printSummary(data: ReportData, values: Record<string, unknown>, rendered: number): void {
  const out: string[] = [];
  for (const c of data.cues) {
    const moved = c.start.from === c.start.to ? "" : ` bar 1 ${c.start.from} → ${c.start.to ?? "lost"}`;
    out.push(`${c.id}${c.title ? ` ${c.title}` : ""}: ${c.status}${moved}`);
    if (c.needsYou) out.push(`  NEEDS YOU: kept as it was, not conformed: ${c.needsYou}`);
    for (const h of c.hits) {
      if (h.status === "unchanged") continue;
      out.push(`  ${h.status.padEnd(10)} ${h.label}: ${h.from} → ${h.to ?? "lost"}${h.shiftFrames ? ` (${h.shiftFrames > 0 ? "+" : ""}${h.shiftFrames})` : ""}${h.reason ? `  ${h.reason}` : ""}`);
    }
    if (c.end && c.end.status !== "unchanged") out.push(`  ${c.end.status.padEnd(10)} end: ${c.end.from} → ${c.end.to ?? "lost"}${c.end.reason ? `  ${c.end.reason}` : ""}`);
    const best = c.proposals?.[0];
    if (best) out.push(`  fix: ${best.summary} (lands ${best.lands} of ${best.of}): ${best.cueLines.join("  ")}`);
  }
  const s = data.summary;
  out.push("", `${s.unchanged} unchanged, ${s.shifted} shifted, ${s.moved} moved, ${s.lost} lost, ${s.ambiguous} ambiguous, ${s.uncertain} uncertain.`);
  if (values.output) out.push(`wrote ${relative(process.cwd(), resolve(values.output as string))}`);
  if (values.report) out.push(`wrote the report to ${relative(process.cwd(), resolve(values.report as string)) || "."}`);
  if (values.render) out.push(`rendered ${rendered} file${rendered === 1 ? "" : "s"} of the changed cues to ${values.render}`);
  if (!values.output) out.push("(use -o NEW.yaml to write the conformed cue file)");
  process.stdout.write(out.join("\n") + "\n");
}
