import type { FrameRate } from "./frame-rate.js";
import { Rational } from "./rational.js";
import { UserError } from "../errors.js";

/**
 * Tempo in the three notations composers use, exactly:
 * - BPM: pulses (clicks) a minute;
 * - frames per beat at the picture's real rate: fps x 60 / BPM (12 at 24 fps and 120 BPM);
 * - frame clicks `F-e`: F whole frames and e eighths of a frame per beat, BPM = 60 x fps / (F + e/8).
 */

/** Exact BPM of a frame click `F-e` (`eighths` 0-7) at a picture rate. */
export function frameClickToBpm(frames: number, eighths: number, rate: FrameRate): Rational {
  return framesPerBeatToBpm(Rational.of(frames * 8 + eighths, 8), rate);
}

/** Exact BPM for a number of frames per beat. */
export function framesPerBeatToBpm(framesPerBeat: Rational, rate: FrameRate): Rational {
  return rate.fps.mul(60).div(framesPerBeat);
}

/** Exact frames per beat at a BPM. */
export function bpmToFramesPerBeat(bpm: Rational, rate: FrameRate): Rational {
  return rate.fps.mul(60).div(bpm);
}

export interface FrameClick {
  frames: number;
  eighths: number;
  /** `F-e`, e.g. `14-4`. */
  text: string;
}

/** The frame click nearest a BPM, at eighth-frame resolution (halves of an eighth round up). */
export function nearestFrameClick(bpm: Rational, rate: FrameRate): FrameClick {
  const eighthsTotal = Number(bpmToFramesPerBeat(bpm, rate).mul(8).round());
  const frames = Math.floor(eighthsTotal / 8);
  const eighths = eighthsTotal % 8;
  return { frames, eighths, text: `${frames}-${eighths}` };
}

const CLICK = /^(\d+)-([0-7])$/;
const FRAMES = /^(\d+(?:\.\d+)?)f$/i;

/** How a tempo was written. */
export type TempoNotation = "bpm" | "click" | "frames";

/**
 * Parses a tempo written as BPM (`102.9`), a frame click (`14-4`) or frames per beat (`14f`),
 * to exact BPM. Throws a UserError saying which notations exist.
 */
export function parseTempo(text: string | number, rate: FrameRate): { bpm: Rational; notation: TempoNotation } {
  const s = String(text).trim();
  const received = JSON.stringify(String(text));
  const click = CLICK.exec(s);
  const frames = FRAMES.exec(s);
  let result: { bpm: Rational; notation: TempoNotation } | undefined;
  if (click) {
    if (Number(click[1]) === 0 && Number(click[2]) === 0) throw new UserError({ message: "A frame click of 0-0 has no length.", received, expected: "a frame click F-e with F + e/8 > 0" });
    result = { bpm: frameClickToBpm(Number(click[1]), Number(click[2]), rate), notation: "click" };
  } else if (frames) {
    const fpb = Rational.parse(frames[1]!)!;
    if (fpb.n === 0n) throw new UserError({ message: "Zero frames per beat is no tempo.", received, expected: "frames per beat above 0" });
    result = { bpm: framesPerBeatToBpm(fpb, rate), notation: "frames" };
  } else {
    const bpm = typeof text === "number" && Number.isFinite(text) ? Rational.fromNumber(text) : Rational.parse(s);
    if (bpm && bpm.gt(0)) result = { bpm, notation: "bpm" };
  }
  if (!result) {
    throw new UserError({
      message: `"${s}" is not a tempo.`,
      expected: "BPM (102.9), a frame click F-e (14-4: 14 frames and 4 eighths a beat) or frames per beat (14f)",
      received,
    });
  }
  if (result.bpm.gt(2000)) {
    throw new UserError({ message: `A tempo of ${result.bpm.toNumber().toFixed(3)} BPM is too fast to click.`, expected: "at most 2000 BPM", received });
  }
  return result;
}

/**
 * A tempo as the cue file writes it: BPM where its decimal ends within 6 places, else the frame click
 * it is exactly, else BPM to 4 places; with the value so written.
 */
export function writtenTempo(bpm: Rational, rate: FrameRate): ({ bpm: number } | { click: string }) & { value: Rational } {
  const decimal = bpm.toDecimal(6);
  if (!decimal.endsWith("…")) return { bpm: Number(decimal), value: bpm };
  const click = nearestFrameClick(bpm, rate);
  if (click.frames > 0) {
    const exact = frameClickToBpm(click.frames, click.eighths, rate);
    if (exact.eq(bpm)) return { click: click.text, value: exact };
  }
  const rounded = Number(bpm.toNumber().toFixed(4));
  return { bpm: rounded, value: Rational.fromNumber(rounded) };
}
