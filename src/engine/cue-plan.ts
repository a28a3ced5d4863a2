import type { Cue } from "./cue-model.js";
import { cueTiming, type CueTiming } from "./cue-timing.js";
import type { FrameRate } from "./frame-rate.js";

/**
 * What every output of a cue shares, worked out once per cue and rate: its timing (bar 1, the first
 * warning click, the end, every hit's frame, bar|beat and offset from its click), its name as the
 * picture and notes show it, and its span. Render, notes, MIDI, delivery, conform, export, check and
 * the page ask for the plan instead of working the timing out again; a cue read from a file is a
 * fresh object, and an edit in the page makes a new one, so a plan is never stale. Built on it in the
 * engine: where the click file sits at a sample rate (click-placement.ts) and the cue's section of a
 * picture's overlay (cue-overlay.ts).
 */
export interface CuePlan {
  cue: Cue;
  rate: FrameRate;
  timing: CueTiming;
  /** "3M12  The Door": the id, and the title when there is one. */
  label: string;
  /** Frames (since 00:00:00:00) from `preroll` seconds before the first warning click to `tail` seconds after the end. */
  span(preroll: number, tail: number): [number, number];
}

const plans = new WeakMap<Cue, Map<string, CuePlan>>();

export function cuePlan(cue: Cue, rate: FrameRate): CuePlan {
  let byRate = plans.get(cue);
  if (!byRate) plans.set(cue, (byRate = new Map()));
  let plan = byRate.get(rate.name);
  if (!plan) {
    const timing = cueTiming(cue, rate);
    const fps = rate.fps.toNumber();
    plan = {
      cue, rate, timing,
      label: `${cue.id}${cue.title ? `  ${cue.title}` : ""}`,
      span: (preroll, tail) => [timing.countInFrame - Math.round(preroll * fps), timing.endFrame + Math.round(tail * fps)],
    };
    byRate.set(rate.name, plan);
  }
  return plan;
}
