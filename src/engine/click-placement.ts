import type { CuePlan } from "./cue-plan.js";
import { Rational } from "./rational.js";
import { formatTimecode, framesPerDay } from "./timecode.js";

/** Where a cue's click sits in time at one sample rate: the click WAV's and the page's, the same samples. */
export interface ClickPlacement {
  /** The frame the click file starts on, and its timecode. */
  firstFrame: number;
  startTimecode: string;
  /** The file's first sample, counted from midnight (the BWF time reference). */
  timeReference: bigint;
  /** The file's sample of an instant given in seconds from bar 1 (exactly, when `exact` is given). */
  onset(seconds: number, exact: Rational | null): number;
  /** The file's sample of the cue's end. */
  endSample: number;
  /** Seconds from bar 1 of one of the file's samples (where the page plays the file's onsets). */
  secondsOf(sample: number): number;
}

/**
 * Where the click file sits in time: it starts on the whole frame at or before the first warning
 * click (or on `startFrame`); `timeReference` is that frame's sample count since midnight, rounded to
 * the nearest sample (halves up) where the frame falls between samples (drop-frame and 1001 rates).
 * Each click's onset is the sample nearest its exact time, counted on the same midnight-based sample
 * grid, so it lands on that sample once the file is spotted to its time stamp.
 */
export function clickPlacement(plan: CuePlan, sampleRate: number, startFrame?: number): ClickPlacement {
  const { cue, rate, timing } = plan;
  const firstFrame = startFrame ?? timing.countInFrame;
  const day = framesPerDay(rate);
  const midnightFrame = ((firstFrame % day) + day) % day;
  const fileStartSamples = Rational.of(midnightFrame).div(rate.fps).mul(sampleRate);
  const timeReference = fileStartSamples.round();
  const fileStartSeconds = Rational.of(firstFrame - cue.start).div(rate.fps);
  const startFloat = fileStartSamples.toNumber() - fileStartSeconds.toNumber() * sampleRate;
  const onset = (seconds: number, exact: Rational | null): number =>
    exact
      ? Number(fileStartSamples.add(exact.sub(fileStartSeconds).mul(sampleRate)).round() - timeReference)
      : Math.floor(startFloat + seconds * sampleRate + 0.5) - Number(timeReference);
  const endSample = onset(timing.endSeconds, Rational.of(timing.endFrame - cue.start).div(rate.fps));
  // The file's first sample is its frame's start rounded to a sample: `lead` samples after it.
  const lead = Number(timeReference) - fileStartSamples.toNumber();
  const secondsOf = (sample: number) => fileStartSeconds.toNumber() + (sample + lead) / sampleRate;
  return { firstFrame, timeReference, onset, endSample, secondsOf, startTimecode: formatTimecode(firstFrame, rate) };
}
