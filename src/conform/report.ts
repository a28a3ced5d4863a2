import type { FrameRate } from "../engine/frame-rate.js";
import { formatTimecode } from "../engine/timecode.js";
import type { ExportModel } from "../interchange/export-model.js";
import { esc } from "../system/html-escape.js";
import { placedFrame, summarise, type CueConform, type Point } from "./conform-cues.js";

/**
 * The conform report as data (what `--json` prints and `--report` writes as JSON), as Markdown and as
 * a self-contained HTML page, and the markers of every hit that moved, was lost or is ambiguous, for
 * checking on the new picture. Pure: no files.
 */
export function reportData(cues: readonly CueConform[], rate: FrameRate, from: readonly string[], to: readonly string[]) {
  const tc = (f: number | null) => (f === null ? null : formatTimecode(f, rate));
  const pt = (p: Point) => ({
    label: p.label,
    from: tc(p.from),
    to: tc(p.to),
    shiftFrames: p.shiftFrames,
    status: p.status,
    ...(p.reason ? { reason: p.reason } : {}),
    ...(p.candidates ? { candidates: p.candidates.map((c) => tc(c)) } : {}),
    ...(p.nearest ? { nearest: { ...(p.nearest.before ? { before: { from: tc(p.nearest.before.from), to: tc(p.nearest.before.to) } } : {}), ...(p.nearest.after ? { after: { from: tc(p.nearest.after.from), to: tc(p.nearest.after.to) } } : {}) } } : {}),
  });
  return {
    from,
    to,
    fps: rate.name,
    cues: cues.map((c) => ({
      id: c.cue.id,
      title: c.cue.title,
      status: c.status,
      ...(c.needsYou ? { needsYou: c.needsYou } : {}),
      start: pt(c.start),
      ...(c.end ? { end: pt(c.end) } : {}),
      hits: c.hits.map(pt),
      cutChanges: c.changes.map((x) => ({ at: tc(x.at), what: x.what })),
      ...(c.status === "changed" ? { offsets: c.offsets, proposals: c.proposals } : {}),
    })),
    summary: summarise(cues),
  };
}

export type ReportData = ReturnType<typeof reportData>;

const sign = (n: number | null) => (n === null ? "" : n > 0 ? `+${n}` : String(n));

function pointLine(p: ReportData["cues"][number]["hits"][number]): string {
  const where = p.to === null ? "lost" : p.from === p.to ? p.from : `${p.from} → ${p.to}`;
  const near = p.nearest ? ` (nearest surviving: ${[p.nearest.before && `${p.nearest.before.from} → ${p.nearest.before.to} before`, p.nearest.after && `${p.nearest.after.from} → ${p.nearest.after.to} after`].filter(Boolean).join(", ")})` : "";
  const cands = p.candidates ? ` (could be ${p.candidates.join(" or ")})` : "";
  return `${p.label}: ${where} ${p.shiftFrames ? `${sign(p.shiftFrames)} frames ` : ""}**${p.status}**${p.reason ? `, ${p.reason}` : ""}${cands}${near}`;
}

export function reportMarkdown(r: ReportData): string {
  const s = r.summary;
  const lines = [`# Conform report`, "", `From ${r.from.join(", ")} to ${r.to.join(", ")}, at ${r.fps}.`, "",
    `Sync points: ${s.unchanged} unchanged, ${s.shifted} shifted, ${s.moved} moved, ${s.lost} lost, ${s.ambiguous} ambiguous, ${s.uncertain} uncertain.`, ""];
  for (const c of r.cues) {
    lines.push(`## ${c.id}${c.title ? ` ${c.title}` : ""}: ${c.status}`, "");
    if (c.needsYou) lines.push(`**NEEDS YOU**: kept as it was, not conformed: ${c.needsYou}`, "");
    lines.push(`- bar 1: ${c.start.from === c.start.to ? c.start.from : `${c.start.from} → ${c.start.to ?? "lost"}`} (${c.start.status}${c.start.shiftFrames ? `, ${sign(c.start.shiftFrames)} frames` : ""})`);
    if (c.end) lines.push(`- end: ${c.end.from === c.end.to ? c.end.from : `${c.end.from} → ${c.end.to ?? "lost"}`} (${c.end.status})`);
    for (const h of c.hits) lines.push(`- ${pointLine(h)}`);
    if (c.status === "shifted") lines.push("", `Every sync point moved by the same ${sign(c.start.shiftFrames)} frames: the click still fits; re-render it at the new timecode.`);
    if (c.cutChanges.length) lines.push("", "Picture changes inside the cue (at the old cut's timecodes):", ...c.cutChanges.map((x) => `- ${x.at}: ${x.what}`));
    if (c.offsets?.length) {
      lines.push("", "With the tempo map as it is, from the new bar 1:", "", "| hit | bar\\|beat (as written) | frames from its beat |", "|---|---|---|");
      for (const o of c.offsets) lines.push(`| ${o.label} | ${o.bar}\\|${o.beat} | ${sign(o.offsetFrames)}${o.landed ? "" : " (off)"} |`);
    }
    if (c.proposals?.length) {
      lines.push("", "Fixes, best first (each checked by building the tempo map it makes):");
      c.proposals.forEach((p, i) => lines.push(`${i + 1}. ${p.summary}: lands ${p.lands} of ${p.of}`, "   ```yaml", ...p.cueLines.map((l) => `   ${l}`), "   ```"));
    } else if (c.status === "changed") lines.push("", "No bar, tempo or ramp lands the moved hits again: respot or rewrite the passage.");
    lines.push("");
  }
  return lines.join("\n");
}

export function reportHtml(r: ReportData): string {
  const md = reportMarkdown(r);
  const body = md.split("\n").map((l) => {
    if (l.startsWith("# ")) return `<h1>${esc(l.slice(2))}</h1>`;
    if (l.startsWith("## ")) return `<h2>${esc(l.slice(3))}</h2>`;
    if (l.startsWith("- ")) return `<li>${esc(l.slice(2)).replace(/\*\*(.+?)\*\*/g, '<b class="s-$1">$1</b>')}</li>`;
    if (l.startsWith("|")) return l.includes("---") ? "" : `<tr>${l.split("|").slice(1, -1).map((c) => `<td>${esc(c.trim().replace(/\\\|/g, "|"))}</td>`).join("")}</tr>`;
    if (/^\s*```/.test(l)) return "";
    return l.trim() ? `<p>${esc(l.trim())}</p>` : "";
  }).join("\n");
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Conform report</title>\n<style>body{font:16px/1.45 system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}h2{border-top:1px solid #ccc;padding-top:.6em}td{padding:.2em .8em;border-bottom:1px solid #eee}b.s-lost,b.s-ambiguous{color:#b00}b.s-moved,b.s-uncertain{color:#a60}b.s-shifted{color:#06a}</style></head>\n<body>\n${body}\n</body></html>\n`;
}

/** Every moved, lost and ambiguous hit (and cue start) as a marker at its new place (a lost one at its nearest surviving frame). */
export function flaggedMarkers(cues: readonly CueConform[], rate: FrameRate, title: string): ExportModel {
  const colour = { moved: "cyan", lost: "red", ambiguous: "yellow" } as const;
  const hits: ExportModel["hits"] = [];
  for (const c of cues) {
    for (const p of [c.start, ...c.hits]) {
      if (p.status !== "moved" && p.status !== "lost" && p.status !== "ambiguous") continue;
      // Where the conformed cue file puts it (a lost one at its nearest surviving frame).
      const placed = placedFrame(p);
      if (p.to === null && placed.from === undefined) continue;
      const at = placed.frame;
      hits.push({ cue: c.cue.id, label: `${c.cue.id} ${p.label}: ${p.status.toUpperCase()}`, frame: at, colour: colour[p.status], bar: 0, beat: 0, note: `was ${formatTimecode(p.from, rate)}${p.reason ? `; ${p.reason}` : ""}` });
    }
  }
  return { title: `${title} conform`, rate, cues: [], hits: hits.sort((a, b) => a.frame - b.frame) };
}
