import { availableParallelism } from "node:os";
import { relative, resolve } from "node:path";
import { conformCues } from "../../app/conform.js";
import type { CueConform } from "../../conform/conform-cues.js";
import type { ReportData } from "../../conform/report.js";
import { ReportedError, UserError } from "../../errors.js";
import { printJson, defineCommand } from "../command.js";

/** The exit status when a hit was lost or is ambiguous (and --accept was not given). */
export const EXIT_NEEDS_ATTENTION = 3;

const list = (v: string[] | undefined) => v ?? [];

export const conformCommand = defineCommand({
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
    const r = await conformCues({
      cueFile: path!,
      from: fromFiles,
      to: toFiles,
      match: list(values.match),
      ...(values.fps !== undefined ? { fps: values.fps } : {}),
      ...(values.output !== undefined ? { output: values.output } : {}),
      ...(values.report !== undefined ? { reportDir: values.report } : {}),
    });
    // --render needs -o (checked above).
    const rendered = values.render && values.output ? await renderChanged(values.output, values.render, r.cues, values.only) : [];
    if (values.json) printJson({ ...r.report, ...(values.render ? { rendered } : {}) });
    else printSummary(r.report, values, rendered.length);
    for (const w of r.warnings.slice(0, 10)) process.stderr.write(`warning: ${w.location ? `${w.location.file}:${w.location.line ?? ""}: ` : ""}${w.message}\n`);
    const s = r.summary;
    const kept = r.kept.length;
    if (r.needsAttention && !values.accept) {
      const what = [s.lost && `${s.lost} lost`, s.ambiguous && `${s.ambiguous} ambiguous`, kept && `${kept} cue${kept === 1 ? "" : "s"} kept as ${kept === 1 ? "it was" : "they were"} (NEEDS YOU)`].filter(Boolean).join(", ");
      throw new ReportedError(EXIT_NEEDS_ATTENTION, `conform: ${what}: check them${values.report ? " in the report" : ""}, or pass --accept to take the conform as it is (exit status ${EXIT_NEEDS_ATTENTION}).`);
    }
  },
});



/** The cues the conform changed, rendered from the conformed cue file, side by side. */
async function renderChanged(cueFile: string, dir: string, cues: CueConform[], only?: string) {
  const changed = cues.filter((c) => c.status !== "unchanged").map((c) => c.cue.id);
  if (!changed.length) return [];
  // The renderers load only when asked for: a conform alone does not pay for them.
  const [{ renderCues }, { readCueFile }, { parseOutputKinds }] = await Promise.all([import("../../app/render-cues.js"), import("../../cue/read-cue-file.js"), import("../../render/outputs.js")]);
  return renderCues(readCueFile(resolve(cueFile)), { cues: changed, outDir: resolve(dir), only: parseOutputKinds(only), jobs: availableParallelism() });
}

function printSummary(data: ReportData, values: { output?: string; report?: string; render?: string }, rendered: number): void {
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
  if (values.output) out.push(`wrote ${relative(process.cwd(), resolve(values.output))}`);
  if (values.report) out.push(`wrote the report to ${relative(process.cwd(), resolve(values.report)) || "."}`);
  if (values.render) out.push(`rendered ${rendered} file${rendered === 1 ? "" : "s"} of the changed cues to ${values.render}`);
  if (!values.output) out.push("(use -o NEW.yaml to write the conformed cue file)");
  process.stdout.write(out.join("\n") + "\n");
}
