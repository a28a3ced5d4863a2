import { cuePlan } from "../engine/cue-plan.js";
import { formatTimecode, framesPerDay } from "../engine/timecode.js";
import { markerLabel, type TimelineMarker } from "../interchange/model.js";
import { hitColourOf } from "../interchange/marker-colours.js";
import { sprocketCueOf } from "../interchange/sprocket-tags.js";
import type { CueFile } from "../engine/cue-model.js";

/**
 * Which cue each of the editor's markers belongs to, as a hit: the cue whose span (first warning
 * click to end) holds it, or the one named. A marker no cue holds is listed, never dropped; one the
 * cue already has (same frame, same label) is skipped, so importing twice adds nothing twice.
 */
export interface PlacedHit {
  cueIndex: number;
  cue: string;
  label: string;
  /** The hit's frame, as the instance of the marker's label nearest the cue's start. */
  frame: number;
  timecode: string;
  colour?: string;
}

export interface Placement {
  added: PlacedHit[];
  outside: { label: string; timecode: string; nearest?: string }[];
  skipped: { label: string; timecode: string; reason: string }[];
  warnings: string[];
}

export function placeMarkers(file: CueFile, markers: readonly TimelineMarker[], onlyCue?: string): Placement {
  const rate = file.rate;
  const day = framesPerDay(rate);
  const spans = file.cues.map((cue, cueIndex) => {
    const t = cuePlan(cue, rate).timing;
    const existing = new Set(t.hits.map((h) => `${h.frame}\u0000${h.label}`));
    return { cue, cueIndex, first: t.countInFrame, start: cue.start, end: t.endFrame, existing };
  });
  const chosen = onlyCue === undefined ? spans : spans.filter((s) => s.cue.id === onlyCue);
  const out: Placement = { added: [], outside: [], skipped: [], warnings: [] };
  // A label's instance nearest a cue's start (a cue may cross midnight).
  const near = (frame: number, start: number) => start + ((((frame - start + Math.floor(day / 2)) % day) + day) % day) - Math.floor(day / 2);
  for (const m of [...markers].sort((a, b) => a.frame - b.frame)) {
    const label = markerLabel(m);
    const timecode = formatTimecode(m.frame, rate);
    const own = sprocketCueOf(m);
    if (own) {
      out.skipped.push({ label, timecode, reason: `the range of cue ${own.id}, written by sprocket export` });
      continue;
    }
    const holding = chosen.filter((s) => { const f = near(m.frame, s.start); return f >= s.first && f <= s.end; });
    if (!holding.length) {
      const nearest = [...chosen].sort((a, b) => distance(near(m.frame, a.start), a) - distance(near(m.frame, b.start), b))[0];
      out.outside.push({ label, timecode, ...(nearest ? { nearest: nearest.cue.id } : {}) });
      continue;
    }
    const inBody = holding.filter((s) => { const f = near(m.frame, s.start); return f >= s.start && f <= s.end; });
    const pool = inBody.length ? inBody : holding;
    const span = pool.reduce((a, b) => (b.start > a.start ? b : a));
    if (pool.length > 1) out.warnings.push(`"${label}" (${timecode}) is in cues ${pool.map((s) => s.cue.id).join(" and ")}; it goes into ${span.cue.id}, the later one (give --cue to choose).`);
    const frame = near(m.frame, span.start);
    const key = `${frame}\u0000${label}`;
    if (span.existing.has(key)) {
      out.skipped.push({ label, timecode, reason: `cue ${span.cue.id} already has this hit` });
      continue;
    }
    span.existing.add(key);
    const colour = hitColourOf(m.colour);
    if (colour.note) out.warnings.push(`"${label}" (${timecode}): ${colour.note}.`);
    out.added.push({ cueIndex: span.cueIndex, cue: span.cue.id, label, frame, timecode, ...(colour.colour ? { colour: colour.colour } : {}) });
  }
  return out;
}

function distance(frame: number, span: { first: number; end: number }): number {
  return frame < span.first ? span.first - frame : frame > span.end ? frame - span.end : 0;
}
