import { basename, extname } from "node:path";
import { UserError, type Problem } from "../errors.js";
import { parseFrameRate, type FrameRate } from "../engine/frame-rate.js";
import { formatTimecode, parseTimecode } from "../engine/timecode.js";
import { parseCsv, type Cell } from "../interchange/csv.js";

/**
 * Spotting notes (a spreadsheet's CSV export) to cues: one cue per row, columns matched loosely by
 * name (Cue / Cue # / No., Title / Name, In / TC In / Start, Out / TC Out / End, Notes / Comments).
 * Drop frame is recognised from a `;` in the timecodes. Every problem in the file is reported at once.
 */
export interface SpottedCue {
  id: string;
  title: string;
  start: string;
  end?: string;
  notes?: string;
}

const COLUMNS: Record<"cue" | "title" | "in" | "out" | "notes", RegExp> = {
  cue: /^(cue|cueno|cuenumber|cueid|cuenum|id|no|number|num|m)$/,
  title: /^(title|cuetitle|name|cuename|description|desc)$/,
  in: /^(in|tcin|timecodein|start|starttc|starttimecode|begin|from|cuein)$/,
  out: /^(out|tcout|timecodeout|end|endtc|endtimecode|stop|to|cueout)$/,
  notes: /^(notes?|comments?|remarks?|intent|description2)$/,
};

const normal = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, "");

export function spottingToCues(text: string, file: string, fps?: string): { rate: FrameRate; cues: SpottedCue[]; title: string } {
  const rows = parseCsv(text);
  const header = rows[0];
  if (!header) throw new UserError({ message: `${file} is empty.`, location: { file } });
  const index: Partial<Record<keyof typeof COLUMNS, number>> = {};
  header.forEach((cell, i) => {
    const key = (Object.keys(COLUMNS) as (keyof typeof COLUMNS)[]).find((k) => COLUMNS[k].test(normal(cell.text)));
    if (key && index[key] === undefined) index[key] = i;
  });
  const missing = (["cue", "in"] as const).filter((k) => index[k] === undefined);
  if (missing.length) {
    throw new UserError({
      message: `${file} has no ${missing.map((k) => (k === "cue" ? "cue number" : "timecode in")).join(" or ")} column.`,
      location: { file, line: 1 },
      expected: "columns such as Cue, Title, TC In, TC Out, Notes",
      received: header.map((c) => JSON.stringify(c.text)).join(", "),
    });
  }
  const body = rows.slice(1);
  const get = (row: Cell[], k: keyof typeof COLUMNS) => (index[k] === undefined ? undefined : row[index[k]!]);
  const dropFrame = body.some((r) => /;/.test(get(r, "in")?.text ?? "") || /;/.test(get(r, "out")?.text ?? ""));
  if (!fps && !dropFrame) throw new UserError({ message: `${file} does not say its frame rate.`, hint: "Give it with --fps, e.g. --fps 23.976. (A spotting list with ; in its timecodes is read as 29.97df.)" });
  const rate = parseFrameRate(fps ?? "29.97df");
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  const cues: SpottedCue[] = [];
  for (const row of body) {
    const at = (c: Cell | undefined) => ({ file, line: c?.line ?? row[0]!.line, ...(c ? { column: c.column } : {}) });
    const idCell = get(row, "cue");
    const id = idCell?.text ?? "";
    if (!id) {
      problems.push({ message: "This row has no cue number.", location: at(idCell), field: "cue", expected: "a cue number such as 1M1" });
      continue;
    }
    if (seen.has(id)) problems.push({ message: `Cue ${id} is listed twice (also on line ${seen.get(id)}).`, location: at(idCell), field: "cue" });
    seen.set(id, idCell!.line);
    const tc = (k: "in" | "out") => {
      const c = get(row, k);
      if (!c?.text) return undefined;
      try {
        return formatTimecode(parseTimecode(c.text, rate), rate);
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        for (const p of e.problems) problems.push({ ...p, location: { file, line: c.line, column: c.column }, field: k === "in" ? "timecode in" : "timecode out" });
        return undefined;
      }
    };
    const start = tc("in");
    if (!get(row, "in")?.text) problems.push({ message: `Cue ${id} has no timecode in.`, location: at(get(row, "in")), field: "timecode in", expected: `a timecode at ${rate.name}` });
    const end = tc("out");
    if (start === undefined) continue;
    const notes = get(row, "notes")?.text;
    cues.push({ id, title: get(row, "title")?.text ?? "", start, ...(end ? { end } : {}), ...(notes ? { notes } : {}) });
  }
  if (problems.length) throw new UserError(problems);
  if (!cues.length) throw new UserError({ message: `${file} lists no cues under its header.`, location: { file } });
  return { rate, cues, title: basename(file, extname(file)) };
}
