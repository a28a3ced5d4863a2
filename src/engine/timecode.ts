import type { FrameRate } from "./frame-rate.js";
import { isDropFrame } from "./frame-rate.js";
import { UserError } from "../errors.js";

/**
 * SMPTE timecode labels <-> frame index (frames since 00:00:00:00), non-drop and drop frame
 * (SMPTE ST 12-1: at 29.97 DF labels ;00 and ;01 are skipped at the start of every minute except
 * minutes divisible by ten; at 59.94 DF ;00 to ;03). Labels wrap at 24 hours.
 */

const SECONDS_PER_DAY = 86400;

/** Frames in 24 hours of labels: 2,073,600 at 24; 2,589,408 at 29.97 DF. */
export function framesPerDay(rate: FrameRate): number {
  const labels = SECONDS_PER_DAY * rate.nominal;
  return labels - rate.dropPerMinute * (24 * 60 - 24 * 6);
}

/** The frame index of a label's fields, or undefined when the rate has no such label (a field out of range, a label drop frame skips). */
export function fieldsToFrame(rate: FrameRate, h: number, m: number, s: number, f: number): number | undefined {
  if (h > 23 || m > 59 || s > 59 || f >= rate.nominal) return undefined;
  if (isDropFrame(rate) && m % 10 !== 0 && s === 0 && f < rate.dropPerMinute) return undefined;
  return labelToFrame(rate, h, m, s, f);
}

/** Frame index of a valid label's fields (no checking). */
function labelToFrame(rate: FrameRate, h: number, m: number, s: number, f: number): number {
  const plain = (h * 3600 + m * 60 + s) * rate.nominal + f;
  if (!isDropFrame(rate)) return plain;
  const minutes = h * 60 + m;
  return plain - rate.dropPerMinute * (minutes - Math.floor(minutes / 10));
}

/** The label's fields of a frame index, wrapped into one day. */
export function frameToFields(frame: number, rate: FrameRate): { h: number; m: number; s: number; f: number } {
  const day = framesPerDay(rate);
  let n = ((frame % day) + day) % day;
  const drop = rate.dropPerMinute;
  if (drop > 0) {
    const perTen = rate.nominal * 600 - drop * 9;
    const perMinute = rate.nominal * 60 - drop;
    const tens = Math.floor(n / perTen);
    const rest = n % perTen;
    n += drop * 9 * tens + (rest >= drop ? drop * Math.floor((rest - drop) / perMinute) : 0);
  }
  const f = n % rate.nominal;
  const totalSeconds = Math.floor(n / rate.nominal);
  return { h: Math.floor(totalSeconds / 3600), m: Math.floor(totalSeconds / 60) % 60, s: totalSeconds % 60, f };
}

const two = (x: number) => String(x).padStart(2, "0");

/** The label of a frame index: `01:00:00:00`, or `01:00:00;00` at drop-frame rates. Wraps at 24 h. */
export function formatTimecode(frame: number, rate: FrameRate): string {
  const { h, m, s, f } = frameToFields(frame, rate);
  return `${two(h)}:${two(m)}:${two(s)}${isDropFrame(rate) ? ";" : ":"}${two(f)}`;
}

const TIMECODE = /^(\d{1,2})([:;])(\d{2})\2(\d{2})([:;])(\d{2})$/;

/** True when the text has the shape of a timecode label (not checking its fields). */
export function looksLikeTimecode(text: string): boolean {
  return TIMECODE.test(text.trim());
}

/**
 * The frame index of a timecode label at a rate, strictly: a field out of range, or a label that
 * drop frame skips, is a UserError naming the nearest valid labels. At a drop-frame rate the last
 * separator may be `:` or `;`; a `;` label at a non-drop rate is refused.
 */
export function parseTimecode(text: string, rate: FrameRate): number {
  const match = TIMECODE.exec(text.trim());
  if (!match) return refuse(text, rate, `"${text}" is not a timecode.`, `Write hours, minutes, seconds and frames, e.g. ${formatTimecode(labelToFrame(rate, 1, 0, 0, 0), rate)}.`);
  const h = +match[1]!, m = +match[3]!, s = +match[4]!, f = +match[6]!;
  const drop = isDropFrame(rate);
  // The common case, checked first: a label the rate has.
  if (h <= 23 && m <= 59 && s <= 59 && f < rate.nominal && (drop ? !(s === 0 && f < rate.dropPerMinute && m % 10 !== 0) : match[5] !== ";" && match[2] !== ";")) return labelToFrame(rate, h, m, s, f);
  if (!drop && (match[5] === ";" || match[2] === ";")) {
    const df = rate.name === "29.97" || rate.name === "59.94" ? ` Did you mean ${rate.name}df?` : " Drop frame exists only at 29.97df and 59.94df.";
    return refuse(text, rate, `"${text}" is a drop-frame label (";"), but ${rate.name} counts every frame.${df}`);
  }
  if (h > 23) return refuse(text, rate, `Hours ${two(h)} in "${text}" are past 23: timecode wraps at 24 hours.`);
  if (m > 59) return refuse(text, rate, `Minutes ${two(m)} in "${text}" are past 59.`);
  if (s > 59) return refuse(text, rate, `Seconds ${two(s)} in "${text}" are past 59.`);
  const near = (a: number, b: number) => `The nearest labels are ${formatTimecode(a, rate)} and ${formatTimecode(b, rate)}.`;
  if (f >= rate.nominal) {
    const last = labelToFrame(rate, h, m, s, rate.nominal - 1);
    return refuse(text, rate, `Frame ${two(f)} in "${text}" is past the last frame of a second at ${rate.name} (${two(rate.nominal - 1)}).`, near(last, last + 1));
  }
  const first = labelToFrame(rate, h, m, 0, rate.dropPerMinute);
  const skipped = Array.from({ length: rate.dropPerMinute }, (_, i) => two(i)).join(", ");
  return refuse(text, rate, `${formatTimecode(first, rate).slice(0, 9)}${two(f)} does not exist at ${rate.name}: drop frame skips labels ${skipped} at the start of every minute not divisible by ten.`, near(first - 1, first));
}

/** A label refused: what is wrong with it, what a label at this rate looks like, and how to mend it. */
function refuse(text: string, rate: FrameRate, message: string, hint?: string): never {
  throw new UserError({ message, expected: `a timecode HH:MM:SS${isDropFrame(rate) ? ";" : ":"}FF at ${rate.name}`, received: JSON.stringify(text), ...(hint ? { hint } : {}) });
}
