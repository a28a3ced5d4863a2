import { Rational } from "./rational.js";
import { UserError } from "../errors.js";

/**
 * A meter with its pulse: what one click is worth. `6/8` with pulse `3/8` clicks twice a bar
 * (dotted quarters); without a pulse, one click per note of the denominator (7/8: seven eighths).
 */
export interface Meter {
  numerator: number;
  /** A power of two, as a Standard MIDI File can store it. */
  denominator: number;
  /** One pulse, as a fraction of a whole note (3/8 = a dotted quarter). */
  pulse: Rational;
  /** Whole number of pulses in a bar. */
  pulsesPerBar: number;
  /** `6/8` or `6/8 (pulse 3/8)`. */
  text: string;
}

const FRACTION = /^(\d+)\/(\d+)$/;

/** Parses `N/D` (D a power of two, 1-64) to its two numbers, or throws. */
export function parseFraction(text: string, what: string): { n: number; d: number } {
  const m = FRACTION.exec(String(text).trim());
  const n = m ? Number(m[1]) : NaN;
  const d = m ? Number(m[2]) : NaN;
  if (!m || n < 1 || n > 64 || ![1, 2, 4, 8, 16, 32, 64].includes(d)) {
    throw new UserError({
      message: `"${text}" is not a ${what}.`,
      expected: `a ${what} N/D with N from 1 to 64 and D a power of two up to 64, e.g. ${what === "meter" ? "7/8" : "3/8"}`,
      received: JSON.stringify(text),
    });
  }
  return { n, d };
}

/** A meter from `7/8` and an optional pulse `3/8`; the pulse must divide the bar into whole clicks. */
export function makeMeter(meterText: string, pulseText?: string): Meter {
  const { n, d } = parseFraction(meterText, "meter");
  const bar = Rational.of(n, d);
  let pulse = Rational.of(1, d);
  if (pulseText !== undefined) {
    const p = parseFraction(pulseText, "pulse");
    pulse = Rational.of(p.n, p.d);
  }
  const perBar = bar.div(pulse);
  if (!perBar.isInteger()) {
    throw new UserError({
      message: `A pulse of ${pulse} does not divide a bar of ${n}/${d} into whole clicks (${perBar.toDecimal(3)} a bar).`,
      expected: `a pulse that fits a whole number of times in ${n}/${d}, e.g. 1/${d}`,
      received: JSON.stringify(pulseText),
    });
  }
  const pulsesPerBar = Number(perBar.n);
  const text = pulseText !== undefined && !pulse.eq(Rational.of(1, d)) ? `${n}/${d} (pulse ${pulse})` : `${n}/${d}`;
  return { numerator: n, denominator: d, pulse, pulsesPerBar, text };
}

/** One pulse in quarter notes (a 3/8 pulse is 1.5 quarters). */
export function pulseQuarters(m: Meter): Rational {
  return m.pulse.mul(4);
}

/** One bar in quarter notes. */
export function barQuarters(m: Meter): Rational {
  return Rational.of(m.numerator * 4, m.denominator);
}
