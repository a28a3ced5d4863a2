import type { FrameRate } from "../engine/frame-rate.js";
import { formatTimecode } from "../engine/timecode.js";
import { UserError } from "../errors.js";
import { hitColourOf } from "../interchange/marker-colours.js";
import { markerLabel, type Timeline, type TimelineMarker } from "../interchange/model.js";
import { sprocketCueOf } from "../interchange/sprocket-tags.js";
import { PLACEHOLDER_TEMPO, type DraftCue, type DraftHit } from "./write-cue-yaml.js";

/**
 * A spotting session held in the editing program, as cues: every marker with a length (a range) or
 * named like a cue (`3M12`, `3M12 The Door`, Sprocket's own `Sprocket cue 3M12: The Door`) starts a
 * cue, ending where the range ends (a point marker's cue runs to the next cue). Every other marker
 * becomes a hit of the cue it falls in; markers before or between cues are listed, never dropped.
 */
const CUE_ID = /^(\d{0,3}M\d{1,3}[A-Z]?)$/i;

/**
 * Events of a cut named like cues (a music EDL), or tagged as Sprocket's own (`export --format edl`
 * or `otio`), as range markers, so they make cues too.
 */
export function cueEventsAsMarkers(t: Timeline): TimelineMarker[] {
  return [...t.events, ...t.audioEvents].flatMap((e) => {
    const tag = e.comments.find((c) => /^Sprocket cue /.test(c));
    if (!tag && !CUE_ID.test((e.source.clip ?? "").split(/\s+/)[0] ?? "")) return [];
    return [{ frame: e.recordIn, duration: e.recordOut - e.recordIn, name: e.source.clip ?? "", comment: tag ?? "", location: e.location }];
  });
}

export interface CuesFromMarkers {
  cues: DraftCue[];
  outside: { label: string; timecode: string }[];
  warnings: string[];
}

interface CueMark {
  id: string;
  title: string;
  start: number;
  end?: number;
}

function asCue(m: TimelineMarker): Omit<CueMark, "id"> & { id?: string } | undefined {
  const own = sprocketCueOf(m);
  if (own) return { id: own.id, title: own.title, start: m.frame, ...(m.duration > 1 ? { end: m.frame + m.duration } : {}) };
  const label = markerLabel(m);
  const [first = "", ...rest] = label.split(/\s+/);
  const named = CUE_ID.test(first);
  if (!named && m.duration <= 1) return undefined;
  const title = named ? rest.join(" ").replace(/^[-:–—]\s*/, "") : label;
  return { ...(named ? { id: first.toUpperCase() } : {}), title: title || (named ? m.comment.trim() : ""), start: m.frame, ...(m.duration > 1 ? { end: m.frame + m.duration } : {}) };
}

export function markersToCues(markers: readonly TimelineMarker[], rate: FrameRate, countIn: number): CuesFromMarkers {
  const sorted = [...markers].sort((a, b) => a.frame - b.frame);
  const warnings: string[] = [];
  const marks: CueMark[] = [];
  const hitsFrom: TimelineMarker[] = [];
  const used = new Set<string>();
  let unnamed = 0;
  for (const m of sorted) {
    const c = asCue(m);
    if (!c) {
      hitsFrom.push(m);
      continue;
    }
    let id = c.id ?? `M${++unnamed}`;
    while (used.has(id)) {
      const next = `${id}-2`;
      warnings.push(`Two cue markers are named ${id}; the one at ${formatTimecode(m.frame, rate)} becomes ${next}.`);
      id = next;
    }
    used.add(id);
    marks.push({ ...c, id });
  }
  if (!marks.length) {
    throw new UserError({
      message: "None of the markers is a cue: no marker has a length or a cue's name.",
      hint: "Name a marker like a cue (3M12, or 3M12 The Door) or give it a length (a range from the cue's start to its end), or import the markers into an existing cue file with --into.",
    });
  }
  const cues: DraftCue[] = marks.map((c) => ({ id: c.id, title: c.title, start: formatTimecode(c.start, rate), ...(c.end !== undefined ? { end: formatTimecode(c.end, rate) } : {}), countIn, tempoComment: PLACEHOLDER_TEMPO, tempo: [{ bar: 1, bpm: 120 }], hits: [] }));
  const outside: CuesFromMarkers["outside"] = [];
  for (const m of hitsFrom) {
    const label = markerLabel(m);
    // The cue it falls in: the latest to start at or before it, while its range (or the next cue) has not begun.
    const k = marks.findLastIndex((c, i) => c.start <= m.frame && (c.end !== undefined ? m.frame <= c.end : i === marks.length - 1 || m.frame < marks[i + 1]!.start));
    if (k < 0) {
      outside.push({ label, timecode: formatTimecode(m.frame, rate) });
      continue;
    }
    const colour = hitColourOf(m.colour);
    if (colour.note) warnings.push(`"${label}" (${formatTimecode(m.frame, rate)}): ${colour.note}.`);
    const hit: DraftHit = { at: formatTimecode(m.frame, rate), label, ...(colour.colour ? { color: colour.colour } : {}) };
    cues[k]!.hits.push(hit);
  }
  return { cues, outside, warnings };
}
