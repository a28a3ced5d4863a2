import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseCueFile } from "../cue/read-cue-file.js";
import { setStart, setTempoAt } from "../cue/edit-cue-text.js";
import { pickCue } from "../cue/select-cues.js";
import type { CueFile } from "../engine/cue-model.js";
import { fitAt, GRIDS } from "../engine/fit-candidates.js";
import { UserError } from "../errors.js";
import { writeAtomically } from "../system/atomic-file.js";
import { readInputText } from "../system/read-input-file.js";

export interface FitOptions {
  /** The cue (needed when the file has several). */
  cue?: string;
  /** What a hit may land on: beat (default), 8th, 16th, triplet or bar. */
  grid?: string;
  /** The tempos to search (default 40 to 240 BPM). */
  min?: number;
  max?: number;
  /** How close counts as landed, in frames (default 1). */
  tolerance?: number;
  /** Fit a tempo change at this bar, keeping the tempo map before it (default 1). */
  fromBar?: number;
  /** Also move the cue's start up to this many frames either way (default 0). */
  startFree?: number;
  /** How many candidates (default 5). */
  candidates?: number;
}

export type FitCandidate = ReturnType<typeof fitAt>["candidates"][number];

export interface FitResult {
  cue: string;
  /** The cue's index in the file. */
  index: number;
  grid: string;
  toleranceFrames: number;
  fromBar: number;
  /** The tempos searched: above `max` a grid finer than twice the tolerance lands every hit. */
  searched: { min: number; max: number };
  hits: number;
  /** Hits placed by bar and beat (not fitted). */
  skipped: string[];
  candidates: FitCandidate[];
}

/**
 * The constant tempos that land the most hits on a grid, exactly: the use case behind `sprocket fit`.
 * Every range of tempos that lands the same hits is found, not sampled; candidates are ranked by hits
 * landed (by weight), then error, then how far the start moved.
 */
export function fitTempo(file: CueFile, options: FitOptions = {}): FitResult {
  const { cue, index } = pickCue(file, options.cue);
  const grid = options.grid ?? "beat";
  if (!(grid in GRIDS)) throw new UserError({ message: `Unknown grid "${grid}".`, expected: Object.keys(GRIDS).join(", ") });
  const min = options.min ?? 40, max = options.max ?? 240, tolFrames = options.tolerance ?? 1, fromBar = options.fromBar ?? 1;
  const startFree = options.startFree ?? 0, count = options.candidates ?? 5;
  if (!Number.isInteger(fromBar)) throw new UserError({ message: "--from-bar must be a whole bar number.", received: String(fromBar) });
  if (!cue.hits.some((h) => h.at !== undefined)) throw new UserError({ message: `Cue ${cue.id} has no hits placed by timecode to fit.`, hint: 'Give hits as { at: "01:02:25:14", label: ... }.' });
  const runs = [];
  for (let shift = -Math.floor(startFree); shift <= Math.floor(startFree); shift++) runs.push(fitAt(file, cue, { fromBar, grid, min, max, tolFrames, count, shift }));
  const candidates = runs.flatMap((r) => r.candidates).sort((a, b) => b.landedWeight - a.landedWeight || a.rmsFrames - b.rmsFrames || Math.abs(a.startShiftFrames) - Math.abs(b.startShiftFrames)).slice(0, count);
  const { searchedMax, total, skipped } = runs[0]!;
  return { cue: cue.id, index, grid, toleranceFrames: tolFrames, fromBar, searched: { min, max: Number(searchedMax.toFixed(4)) }, hits: total, skipped, candidates };
}

export interface ApplyFitResult {
  cue: string;
  bar: number;
  /** The tempo written, as the cue file holds it. */
  tempo: string;
  /** The cue's start (moved when the candidate moved it). */
  start: string;
  /** Bars of later tempo events that still follow it. */
  laterTempoBars: number[];
}

/**
 * Writes a fit's candidate (its simplest tempo, at the fit's bar, and its start if moved) into the cue
 * file it was read from, keeping comments and layout; the edited file is checked before it is written.
 */
export async function applyFit(file: CueFile, fit: FitResult, pick = 1): Promise<ApplyFitResult> {
  const chosen = fit.candidates[pick - 1];
  if (!chosen) throw new UserError("No candidate to apply.");
  const cue = file.cues[fit.index]!;
  const arriving = cue.tempo.find((e) => e.bar === fit.fromBar && (!e.beat || e.beat.eq(1)) && e.ramp);
  if (arriving) {
    throw new UserError({
      message: `Bar ${fit.fromBar} is where a ramp arrives: a tempo written there would change the ramp, and with it where bar ${fit.fromBar} falls.`,
      hint: `Write it by hand (for example a tempo event on beat 2 of bar ${fit.fromBar}), or fit from another bar.`,
    });
  }
  let text = setTempoAt(readInputText(file.file, "cue file"), fit.index, fit.fromBar, chosen.simplest.yaml);
  if (chosen.startShiftFrames) text = setStart(text, fit.index, chosen.start);
  parseCueFile(text, file.file); // the edited file must still check
  await writeAtomically(resolve(file.file), (fh) => writeFile(fh, text));
  const laterTempoBars = cue.tempo.filter((e) => e.bpm && e.bar > fit.fromBar).map((e) => e.bar);
  return { cue: cue.id, bar: fit.fromBar, tempo: chosen.simplest.yaml, start: chosen.start, laterTempoBars };
}
