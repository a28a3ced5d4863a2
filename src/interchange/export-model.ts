import type { CueFile } from "../engine/cue-model.js";
import { cuePlan } from "../engine/cue-plan.js";
import type { FrameRate } from "../engine/frame-rate.js";

/**
 * What `sprocket export` writes, whatever the format: every cue as a range from bar 1 to its end,
 * and every hit as a marker on its frame (a hit placed by bar and beat: the frame nearest its beat),
 * with its label, colour and musical place.
 */
export interface ExportCue {
  id: string;
  title: string;
  /** Bar 1 and the end (exclusive), as record frames. */
  from: number;
  to: number;
  /** The first warning click's frame. */
  firstClick: number;
}

export interface ExportHit {
  cue: string;
  label: string;
  frame: number;
  /** The hit's streamer colour (absent: the style's, white). */
  colour?: string;
  bar: number;
  beat: number;
  /** The marker's comment, where it is not the hit's cue, bar and beat. */
  note?: string;
}

export interface ExportModel {
  title: string;
  rate: FrameRate;
  cues: ExportCue[];
  hits: ExportHit[];
}

/** Text a marker can carry in any format: one line, no tabs. */
export const oneLine = (s: string) => s.replace(/[\t\r\n]+/g, " ").trim();

export function exportModel(file: CueFile, only?: readonly string[]): ExportModel {
  const cues: ExportCue[] = [];
  const hits: ExportHit[] = [];
  for (const cue of file.cues) {
    if (only?.length && !only.includes(cue.id)) continue;
    const t = cuePlan(cue, file.rate).timing;
    cues.push({ id: cue.id, title: oneLine(cue.title), from: cue.start, to: t.endFrame, firstClick: t.countInFrame });
    t.hits.forEach((h, i) => {
      const colour = cue.hits[i]!.color;
      hits.push({ cue: cue.id, label: oneLine(h.label), frame: h.frame, ...(colour ? { colour } : {}), bar: h.bar, beat: Math.round(h.beat * 1000) / 1000 });
    });
  }
  hits.sort((a, b) => a.frame - b.frame);
  cues.sort((a, b) => a.from - b.from);
  return { title: oneLine(file.title), rate: file.rate, cues, hits };
}

/** Cues laid on as few tracks as keeps each track's ranges apart: track k holds the k-th layer of overlaps. */
export function layerCues(cues: readonly ExportCue[]): ExportCue[][] {
  const layers: ExportCue[][] = [];
  for (const c of [...cues].sort((a, b) => a.from - b.from)) {
    const free = layers.find((l) => l[l.length - 1]!.to <= c.from);
    if (free) free.push(c);
    else layers.push([c]);
  }
  return layers;
}
