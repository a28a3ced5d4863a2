import { UserError } from "../errors.js";
import { FRAME_RATES, isDropFrame, type FrameRate } from "../engine/frame-rate.js";
import { parseTimecode } from "../engine/timecode.js";

/**
 * Editorial files write timecode labels drop frame or not (an EDL's `FCM:` line, a `;` before the
 * frames, FCPXML's `tcFormat`), whatever the project's cue file says. Both count the same frames a
 * second; only the labels differ. Each label is read in the counting its file uses, giving the same
 * frame index (frames since 00:00:00:00) the project uses. Drop frame at a rate without it is refused.
 */

/** How a file says its labels count: drop frame, non-drop, or not at all (then the project's rate decides). */
export type LabelCounting = "df" | "ndf" | undefined;

/** The rate to read a file's labels at: the project's frames a second, drop frame or not. */
export function countingRate(rate: FrameRate, dropFrame: boolean): FrameRate {
  if (dropFrame === isDropFrame(rate)) return rate;
  const twin = FRAME_RATES.find((r) => r.fps.eq(rate.fps) && isDropFrame(r) === dropFrame);
  if (twin) return twin;
  throw new UserError({
    message: `The file counts timecode drop frame, but the project runs at ${rate.name}: drop frame exists only at 29.97 and 59.94.`,
    expected: `non-drop-frame timecode at ${rate.name}`,
    received: "drop-frame timecode",
    hint: "Check the project's rate (--fps, or fps in the cue file): a drop-frame cut is 29.97df or 59.94df.",
  });
}

/**
 * The frame index of a label written in an editorial file. A `;` anywhere marks drop frame (Premiere
 * writes `00;00;05;12`); a `;` where the file said non-drop is a contradiction and refused.
 */
export function labelFrame(text: string, rate: FrameRate, counting: LabelCounting): number {
  const t = text.trim();
  const semicolon = t.includes(";");
  if (semicolon && counting === "ndf") {
    throw new UserError({ message: `"${t}" is written drop frame (";"), but the file says its timecode is non-drop.`, expected: "HH:MM:SS:FF", received: JSON.stringify(t) });
  }
  const df = semicolon || counting === "df" || (counting === undefined && isDropFrame(rate));
  const label = semicolon ? t.replace(/^(\d+)[:;](\d+)[:;](\d+)[:;](\d+)$/, "$1:$2:$3;$4") : t;
  return parseTimecode(label, countingRate(rate, df));
}
