import type { Cue } from "./cue-model.js";
import { hitTiming } from "./cue-timing.js";
import { cuePlan } from "./cue-plan.js";
import { formatFeetFrames, type Gauge } from "./feet-frames.js";
import type { FrameRate } from "./frame-rate.js";
import { Rational } from "./rational.js";
import { framesPerDay } from "./timecode.js";
import { UserError } from "../errors.js";

/**
 * Both directions of a note on a cue, exactly: a musical place (`12|3`, `12|3.5`, `12`) to the frame
 * it falls on (the nearest, and how far the beat is from that frame's start), and a frame (from a
 * timecode or feet+frames) to the cue it is in, its bar and fractional beat, and the nearest click.
 * Pure.
 */
export interface MusicalPlace {
  bar: number;
  beat: Rational;
}

/** `12|3`, `12|3.5`, `12` (its downbeat); or undefined when the text is not a musical place. */
export function parseMusicalPlace(text: string): MusicalPlace | undefined {
  const m = /^(-?\d+)(?:\|(\d+(?:\.\d+)?))?$/.exec(text.trim());
  if (!m) return undefined;
  return { bar: Number(m[1]), beat: m[2] ? Rational.parse(m[2])! : Rational.ONE };
}

/** `-6f`, `+2f`, `-40ms`: a nudge of a note, in frames. */
export function parseNudge(text: string, rate: FrameRate): number | undefined {
  const m = /^([+-]\d+(?:\.\d+)?)(f|ms)$/.exec(text.trim());
  if (!m) return undefined;
  return m[2] === "f" ? Number(m[1]) : (Number(m[1]) / 1000) * rate.fps.toNumber();
}

export interface BeatAnswer {
  /** The frame nearest the beat. */
  frame: number;
  /** Seconds from bar 1 to the beat. */
  seconds: number;
  /** The beat's place after that frame's start: positive when the beat comes later. */
  offsetFrames: number;
  feetFrames: string;
}

/** Where a bar and beat of a cue falls. */
export function beatToFrame(cue: Cue, place: MusicalPlace, rate: FrameRate, gauge: Gauge): BeatAnswer {
  const first = 1 - cue.countIn;
  if (place.bar < first) throw new UserError({ message: `Bar ${place.bar} is before cue ${cue.id}'s first warning bar (${first}).`, expected: `a bar from ${first}` });
  const pulses = cue.map.meterAt(cue.map.quartersAt(place.bar)).pulsesPerBar;
  if (place.beat.lt(1) || !place.beat.lt(pulses + 1)) throw new UserError({ message: `Bar ${place.bar} of cue ${cue.id} has ${pulses} beats.`, expected: `a beat from 1 to below ${pulses + 1}`, received: place.beat.toDecimal(4) });
  const t = hitTiming({ label: "", bar: place.bar, beat: place.beat, streamerFrames: 0, punchFrames: 0, flutter: 0, weight: 1, important: false, location: { file: "" }, path: "" }, cue, rate);
  const fps = rate.fps.toNumber();
  return { frame: t.frame, seconds: t.seconds, offsetFrames: t.seconds * fps - (t.frame - cue.start), feetFrames: formatFeetFrames(t.frame - cue.start, gauge) };
}

export interface FrameAnswer {
  cue: Cue;
  /** The frame as the instance nearest the cue's start (a cue may cross midnight). */
  frame: number;
  inside: boolean;
  bar: number;
  beat: number;
  seconds: number;
  /** Distance from the nearest click (positive: after it). */
  offsetFrames: number;
  nearestClick: { bar: number; beat: number };
  feetFrames: string;
}

/** The cue a frame falls in (its first warning click to its end), or the nearest when it falls in none. */
export function frameToCue(cues: readonly Cue[], frame: number, rate: FrameRate, gauge: Gauge): FrameAnswer {
  const day = framesPerDay(rate);
  const near = (cue: Cue) => cue.start + ((((frame - cue.start + Math.floor(day / 2)) % day) + day) % day) - Math.floor(day / 2);
  const spans = cues.map((cue) => {
    const t = cuePlan(cue, rate).timing;
    const f = near(cue);
    return { cue, f, inside: f >= t.countInFrame && f <= t.endFrame, distance: f < t.countInFrame ? t.countInFrame - f : f > t.endFrame ? f - t.endFrame : 0 };
  });
  const inside = spans.filter((s) => s.inside);
  // Inside two (a segue): the later one, where the music is going.
  const pick = inside.length ? inside.reduce((a, b) => (b.cue.start > a.cue.start ? b : a)) : spans.reduce((a, b) => (b.distance < a.distance ? b : a));
  const t = hitTiming({ label: "", at: pick.f, streamerFrames: 0, punchFrames: 0, flutter: 0, weight: 1, important: false, location: { file: "" }, path: "" }, pick.cue, rate);
  return { cue: pick.cue, frame: pick.f, inside: pick.inside, bar: t.bar, beat: t.beat, seconds: t.seconds, offsetFrames: t.offsetFrames, nearestClick: t.nearestClick, feetFrames: formatFeetFrames(pick.f - pick.cue.start, gauge) };
}
