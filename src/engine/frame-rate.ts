import { Rational } from "./rational.js";
import { UserError } from "../errors.js";

/**
 * A picture rate: exact frames per second as an integer fraction, with the integer rate its
 * timecode labels count at (30 for 29.97) and, at 29.97 and 59.94 only, drop-frame counting.
 */
export interface FrameRate {
  /** Canonical name: `23.976`, `29.97df`... */
  readonly name: string;
  /** Exact frames per second (30000/1001 for 29.97). */
  readonly fps: Rational;
  /** Frames per labelled second: 24 for 23.976, 30 for 29.97. */
  readonly nominal: number;
  /** Labels skipped at the start of each minute not divisible by ten: 2 at 29.97 DF, 4 at 59.94 DF, else 0. */
  readonly dropPerMinute: number;
}

function rate(name: string, num: number, den: number, nominal: number, dropPerMinute = 0): FrameRate {
  return Object.freeze({ name, fps: Rational.of(num, den), nominal, dropPerMinute });
}

/** Every rate Sprocket knows, by canonical name. */
export const FRAME_RATES: readonly FrameRate[] = [
  rate("23.976", 24000, 1001, 24),
  rate("24", 24, 1, 24),
  rate("25", 25, 1, 25),
  rate("29.97", 30000, 1001, 30),
  rate("29.97df", 30000, 1001, 30, 2),
  rate("30", 30, 1, 30),
  rate("48", 48, 1, 48),
  rate("50", 50, 1, 50),
  rate("59.94", 60000, 1001, 60),
  rate("59.94df", 60000, 1001, 60, 4),
  rate("60", 60, 1, 60),
];

const ALIASES: Record<string, string> = {
  "23.98": "23.976",
  "23.976ndf": "23.976",
  "24000/1001": "23.976",
  "29.97ndf": "29.97",
  "30000/1001": "29.97",
  "59.94ndf": "59.94",
  "60000/1001": "59.94",
  "24.0": "24",
  "25.0": "25",
  "30.0": "30",
};

export const RATE_NAMES = FRAME_RATES.map((r) => r.name);

/** True for drop-frame rates (29.97df, 59.94df). */
export function isDropFrame(r: FrameRate): boolean {
  return r.dropPerMinute > 0;
}

/** Looks a rate up by name (`29.97df`, `29.97 DF`, `23.98`, 24), or says why it cannot. */
export function parseFrameRate(value: string | number): FrameRate {
  const key = String(value).trim().toLowerCase().replace(/[\s_-]+/g, "").replace(/fps$/, "");
  const name = ALIASES[key] ?? key;
  const found = FRAME_RATES.find((r) => r.name === name);
  if (found) return found;
  let hint = `Use one of: ${RATE_NAMES.join(", ")}.`;
  if (/^(23\.976|23\.98|24|25|30|48|50|60)df$/.test(key)) {
    hint = `Drop frame exists only at 29.97 and 59.94; ${key.replace(/df$/, "")} counts every frame. ${hint}`;
  }
  throw new UserError({
    message: `Unknown frame rate "${value}".`,
    expected: "a frame rate name",
    received: JSON.stringify(String(value)),
    hint,
  });
}
