import { UserError } from "../errors.js";

/**
 * Film footage: feet+frames. 35 mm 4-perf has 16 frames a foot; 35 mm 3-perf 21 1/3, counted in
 * feet of 21, 21 and 22 frames (64 frames every 3 feet); 16 mm has 40 frames a foot.
 */
export type Gauge = "35mm-4perf" | "35mm-3perf" | "16mm";
export const GAUGES: readonly Gauge[] = ["35mm-4perf", "35mm-3perf", "16mm"];
export const DEFAULT_GAUGE: Gauge = "35mm-4perf";

/** Frames in each foot of one repeating cycle of feet. */
const CYCLE: Record<Gauge, readonly number[]> = {
  "35mm-4perf": [16],
  "35mm-3perf": [21, 21, 22],
  "16mm": [40],
};

/** The frames of each foot in one repeating cycle of feet: [16] for 4-perf, [21, 21, 22] for 3-perf, [40] for 16 mm. */
export const feetCycle = (g: Gauge): readonly number[] => CYCLE[g];

const cycleFrames = (g: Gauge) => CYCLE[g].reduce((a, b) => a + b, 0);

export function parseGauge(text: string): Gauge {
  const key = text.trim().toLowerCase().replace(/\s+/g, "");
  const aliases: Record<string, Gauge> = { "35mm": "35mm-4perf", "4perf": "35mm-4perf", "3perf": "35mm-3perf", "35mm4perf": "35mm-4perf", "35mm3perf": "35mm-3perf" };
  const g = (GAUGES as readonly string[]).includes(key) ? (key as Gauge) : aliases[key];
  if (!g) throw new UserError({ message: `Unknown film gauge "${text}".`, expected: GAUGES.join(", "), received: JSON.stringify(text) });
  return g;
}

/** `F+ff` for a whole frame count (negative counts get a leading minus). */
export function formatFeetFrames(frames: number, gauge: Gauge = DEFAULT_GAUGE): string {
  const sign = frames < 0 ? "-" : "";
  let n = Math.abs(frames);
  const lengths = CYCLE[gauge];
  const cycles = Math.floor(n / cycleFrames(gauge));
  n -= cycles * cycleFrames(gauge);
  let feet = cycles * lengths.length;
  for (const len of lengths) {
    if (n < len) break;
    n -= len;
    feet++;
  }
  return `${sign}${feet}+${String(n).padStart(2, "0")}`;
}

const FEET = /^(-?)(\d+)\+(\d{1,2})$/;

export function looksLikeFeetFrames(text: string): boolean {
  return FEET.test(text.trim());
}

/** Frame count of `F+ff` (`6743+04` = 107,892 frames at 16 a foot); the frames field must fit its foot. */
export function parseFeetFrames(text: string, gauge: Gauge = DEFAULT_GAUGE): number {
  const m = FEET.exec(text.trim());
  if (!m) throw new UserError({ message: `"${text}" is not feet+frames.`, expected: "FEET+FRAMES, e.g. 90+00", received: JSON.stringify(text) });
  const feet = Number(m[2]);
  const frames = Number(m[3]);
  const lengths = CYCLE[gauge];
  const inCycle = feet % lengths.length;
  const footLength = lengths[inCycle]!;
  if (frames >= footLength) {
    throw new UserError({
      message: `Frame ${frames} in "${text}" is past the end of foot ${feet}: a ${gauge} foot ${lengths.length > 1 ? "here " : ""}has ${footLength} frames (00 to ${footLength - 1}).`,
      expected: `frames 00-${footLength - 1}`,
      received: JSON.stringify(text),
    });
  }
  const before = lengths.slice(0, inCycle).reduce((a, b) => a + b, 0);
  const n = Math.floor(feet / lengths.length) * cycleFrames(gauge) + before + frames;
  return m[1] === "-" ? -n : n;
}
