import { mkdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { conformCueFile, summarise, type CueConform, type Summary } from "../conform/conform-cues.js";
import { conformedCueText } from "../conform/conformed-cue-file.js";
import { CutMap } from "../conform/cut-map.js";
import { flaggedMarkers, reportData, reportHtml, reportMarkdown, type ReportData } from "../conform/report.js";
import { segmentsOf, sharedIdentity } from "../conform/segments.js";
import { parseCueFileWithTree } from "../cue/read-cue-file.js";
import type { FrameRate } from "../engine/frame-rate.js";
import { parseFrameRate } from "../engine/frame-rate.js";
import { framesPerDay } from "../engine/timecode.js";
import { UserError, type Problem } from "../errors.js";
import { FORMAT_NAMES } from "../interchange/detect-format.js";
import type { Timeline } from "../interchange/model.js";
import { detectOrRefuse, readBytes, readTimelineText } from "../interchange/read-timeline-file.js";
import { avidMarkerList, resolveMarkerEdl } from "../interchange/write-marker-lists.js";
import { writeAtomically } from "../system/atomic-file.js";
import { readInputText } from "../system/read-input-file.js";

export interface ConformOptions {
  /** The cue file spotted against the old cut. */
  cueFile: string;
  /** The old and the new cut: EDLs, OTIO or FCPXML, one file a reel. */
  from: readonly string[];
  to: readonly string[];
  /** Left out of source names before comparing them (regular expressions): `_v\\d+` follows a VFX version bump. */
  match?: readonly (string | RegExp)[];
  /** If given, must be the cue file's rate. */
  fps?: string;
  /** Where to write the conformed cue file. */
  output?: string;
  /** A folder for the report (Markdown, HTML, JSON) and the markers of what moved. */
  reportDir?: string;
}

export interface ConformResult {
  /** What `--json` prints: per cue, its status, bar 1, end and hits before and after, the fixes. */
  report: ReportData;
  cues: CueConform[];
  summary: Summary;
  /** Cues kept as they were (not conformable into a valid cue), with why. */
  kept: { index: number; reason: string }[];
  /** Something lost, ambiguous or kept: the command's exit status 3. */
  needsAttention: boolean;
  /** The cuts' readers' warnings. */
  warnings: Problem[];
  /** The conformed cue file's text (written to `output` when given). */
  text: string;
}

/**
 * The use case behind `sprocket conform`: every cue's bar 1, end and hits followed from the old cut
 * to the new, the conformed cue file, the report and the markers; everything worked out before
 * anything is written.
 */
export async function conformCues(options: ConformOptions): Promise<ConformResult> {
  const { cueFile: path, from, to } = options;
  if (!from.length || !to.length) throw new UserError({ message: "conform needs the old cut (--from) and the new cut (--to).", expected: "--from OLD.edl --to NEW.edl" });
  const original = readInputText(path, "cue file");
  const { cueFile: file, tree } = parseCueFileWithTree(original, path);
  if (options.fps && parseFrameRate(options.fps).name !== file.rate.name) {
    throw new UserError({ message: `--fps ${options.fps} is not the cue file's rate (${file.rate.name}).`, hint: "Leave out --fps: the cue file says the project's rate, and every cut must be at it." });
  }
  const patterns = (options.match ?? []).map((p) => {
    if (p instanceof RegExp) return p;
    try {
      return new RegExp(p);
    } catch (e) {
      throw new UserError({ message: `--match ${JSON.stringify(p)} is not a regular expression: ${(e as Error).message}.`, expected: "a pattern such as _v\\d+" });
    }
  });
  const read = (files: readonly string[]) => files.map((f) => {
    const detected = detectOrRefuse(readBytes(f), f);
    const t = readTimelineText(detected, f, file.rate);
    if (!t.events.length) throw new UserError({ message: `${f} (${FORMAT_NAMES[detected.id]}) holds no picture events: conform needs cuts, not only markers.`, location: { file: f } });
    return t;
  });
  const merged = (ts: Timeline[]): Timeline => ({ ...ts[0]!, events: ts.flatMap((t) => t.events), warnings: ts.flatMap((t) => t.warnings) });
  const [oldCut, newCut] = [read(from), read(to)];
  const [before, after] = [merged(oldCut), merged(newCut)];
  const matching = { match: patterns, identity: sharedIdentity(before, after) };
  const map = new CutMap(segmentsOf(before, matching), segmentsOf(after, matching));
  const cues = conformCueFile(file, map);
  refuseWhenNothingIsInside(cues, before, file.rate);
  // The conformed file is made whether or not it is written: it says which cues could not be conformed.
  const conformed = conformedCueText(original, path, file, cues, tree);
  for (const k of conformed.kept) cues.find((c) => c.index === k.index)!.needsYou = k.reason;
  const report = reportData(cues, file.rate, [...from], [...to]);
  // Everything is worked out before anything is written.
  if (options.output !== undefined) await writeAtomically(resolve(options.output), (fh) => writeFile(fh, conformed.text));
  if (options.reportDir !== undefined) await writeReport(options.reportDir, report, cues, file);
  const summary = summarise(cues);
  return { report, cues, summary, kept: conformed.kept, needsAttention: !!(summary.lost || summary.ambiguous || conformed.kept.length), warnings: [...oldCut, ...newCut].flatMap((t) => t.warnings), text: conformed.text };
}

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

async function writeReport(dir: string, data: ReportData, cues: CueConform[], file: { rate: FrameRate; title: string }): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const put = (name: string, content: string | Buffer) => writeAtomically(resolve(join(dir, name)), (fh) => writeFile(fh, content));
  const markers = flaggedMarkers(cues, file.rate, file.title);
  await put("conform-report.json", JSON.stringify(data, null, 2) + "\n");
  await put("conform-report.md", reportMarkdown(data));
  await put("conform-report.html", reportHtml(data));
  await put("conform-markers.edl", resolveMarkerEdl(markers));
  await put("conform-markers.txt", avidMarkerList(markers));
}
