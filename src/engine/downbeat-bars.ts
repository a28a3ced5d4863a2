import { Rational } from "./rational.js";
import type { Meter } from "./meter.js";

/**
 * Bar layouts that put each hit on a downbeat at a fitted tempo: between one hit (or bar 1) and the
 * next, whole bars of the current meter and, where the distance does not divide, one bar of another
 * meter taking up the rest (a 2/4 bar before a hit that would land on beat 3 of a 4/4 bar). Pure.
 */
export interface DownbeatLayout {
  label: string;
  /** Pulses from the previous hit's downbeat (or the fitted bar's). */
  pulses: number;
  /** The bars to write: `count` bars of `meter`, in order. */
  bars: { count: number; meter: string }[];
  onDownbeatAlready: boolean;
}

export function downbeatLayouts(hits: { label: string; pulses: number }[], meter: Meter): DownbeatLayout[] {
  const sorted = [...hits].sort((a, b) => a.pulses - b.pulses);
  let previous = 0;
  const barOf = `${meter.numerator}/${meter.denominator}`;
  return sorted.map((h) => {
    const pulses = Number((h.pulses - previous).toFixed(6));
    previous = h.pulses;
    const whole = Math.floor(pulses / meter.pulsesPerBar + 1e-9);
    const rest = Rational.fromNumber(Number((pulses - whole * meter.pulsesPerBar).toFixed(6)));
    const bars: { count: number; meter: string }[] = [];
    if (whole > 0) bars.push({ count: whole, meter: barOf });
    if (rest.gt(0)) {
      // The rest as a meter over the current denominator (or finer, for a fraction of it).
      let length = rest.mul(meter.pulse); // in whole notes
      let denominator = meter.denominator;
      while (!length.mul(denominator).isInteger() && denominator < 64) denominator *= 2;
      length = length.mul(denominator);
      bars.push({ count: 1, meter: `${length.toDecimal(0)}/${denominator}` });
    }
    return { label: h.label, pulses, bars, onDownbeatAlready: rest.eq(0) };
  });
}
