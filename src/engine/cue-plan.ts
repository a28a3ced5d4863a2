import type { Cue } from "./cue-model.js";
import { cueTiming, type CueTiming } from "./cue-timing.js";
import type { FrameRate } from "./frame-rate.js";

/**
 * What every output of a cue shares, worked out once per cue and rate: today its timing (bar 1, the
 * first warning click, the end, every hit's frame, bar|beat and offset from its click). Render,
 * notes, MIDI, delivery, conform, export, check and the page ask for the plan instead of working the
 * timing out again; a cue read from a file is a fresh object, and an edit in the page makes a new
 * one, so a plan is never stale.
 */
export interface CuePlan {
  cue: Cue;
  rate: FrameRate;
  timing: CueTiming;
}

const plans = new WeakMap<Cue, Map<string, CuePlan>>();

export function cuePlan(cue: Cue, rate: FrameRate): CuePlan {
  let byRate = plans.get(cue);
  if (!byRate) plans.set(cue, (byRate = new Map()));
  let plan = byRate.get(rate.name);
  if (!plan) {
    plan = { cue, rate, timing: cueTiming(cue, rate) };
    byRate.set(rate.name, plan);
  }
  return plan;
}
