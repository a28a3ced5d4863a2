import { BugError } from "../errors.js";

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

type RationalLike = Rational | bigint | number;

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * An exact, immutable fraction n/d (d > 0, lowest terms) on BigInts.
 * Frame periods (1001/30000 s), seconds and sample positions are kept exactly with it.
 */
export class Rational {
  readonly n: bigint;
  readonly d: bigint;

  private constructor(n: bigint, d: bigint) {
    if (d === 0n) throw new BugError("Rational with a zero denominator");
    if (d < 0n) [n, d] = [-n, -d];
    const g = gcd(n, d);
    this.n = g > 1n ? n / g : n;
    this.d = g > 1n ? d / g : d;
  }

  static readonly ZERO = new Rational(0n, 1n);
  static readonly ONE = new Rational(1n, 1n);

  /** n/d from integers (numbers must be safe integers). */
  static of(n: bigint | number, d: bigint | number = 1n): Rational {
    return new Rational(toBig(n), toBig(d));
  }

  static from(x: RationalLike): Rational {
    return x instanceof Rational ? x : Rational.of(x);
  }

  /**
   * Parses a plain decimal (`3599.9964`, `-0.5`, `120`) exactly, or a fraction `30000/1001`.
   * Returns undefined for anything else (exponents, hex, blanks).
   */
  static parse(text: string): Rational | undefined {
    const s = text.trim();
    const frac = /^([+-]?\d+)\/(\d+)$/.exec(s);
    if (frac) return frac[2] === "0" || /^0+$/.test(frac[2]!) ? undefined : new Rational(BigInt(frac[1]!), BigInt(frac[2]!));
    const dec = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(s);
    if (!dec || (dec[2] === "" && (dec[3] ?? "") === "")) return undefined;
    const whole = dec[2] || "0";
    const part = dec[3] ?? "";
    const n = BigInt(whole + part) * (dec[1] === "-" ? -1n : 1n);
    return new Rational(n, 10n ** BigInt(part.length));
  }

  /**
   * The exact value of a finite JavaScript number, read through its shortest decimal form
   * (so 117.551 is 117551/1000, not the binary double nearest it).
   */
  static fromNumber(x: number): Rational {
    if (!Number.isFinite(x)) throw new BugError(`Rational.fromNumber(${x})`);
    const text = String(x);
    const r = /e/i.test(text) ? undefined : Rational.parse(text);
    if (r) return r;
    // Exponent form (very large or small): expand exactly.
    const [mant, exp] = text.toLowerCase().split("e") as [string, string];
    const m = Rational.parse(mant)!;
    const e = Number(exp);
    return e >= 0 ? m.mul(10n ** BigInt(e)) : m.div(10n ** BigInt(-e));
  }

  add(o: RationalLike): Rational {
    const b = Rational.from(o);
    return new Rational(this.n * b.d + b.n * this.d, this.d * b.d);
  }
  sub(o: RationalLike): Rational {
    const b = Rational.from(o);
    return new Rational(this.n * b.d - b.n * this.d, this.d * b.d);
  }
  mul(o: RationalLike): Rational {
    const b = Rational.from(o);
    return new Rational(this.n * b.n, this.d * b.d);
  }
  div(o: RationalLike): Rational {
    const b = Rational.from(o);
    if (b.n === 0n) throw new BugError("Rational division by zero");
    return new Rational(this.n * b.d, this.d * b.n);
  }
  neg(): Rational {
    return new Rational(-this.n, this.d);
  }
  cmp(o: RationalLike): -1 | 0 | 1 {
    const b = Rational.from(o);
    const l = this.n * b.d;
    const r = b.n * this.d;
    return l < r ? -1 : l > r ? 1 : 0;
  }
  eq(o: RationalLike): boolean {
    return this.cmp(o) === 0;
  }
  lt(o: RationalLike): boolean {
    return this.cmp(o) < 0;
  }
  gt(o: RationalLike): boolean {
    return this.cmp(o) > 0;
  }
  isInteger(): boolean {
    return this.d === 1n;
  }
  /** Largest integer <= this. */
  floor(): bigint {
    const q = this.n / this.d;
    return this.n < 0n && q * this.d !== this.n ? q - 1n : q;
  }
  /** Nearest integer, halves rounded up (towards +infinity): floor(x + 1/2). */
  round(): bigint {
    return this.add(Rational.of(1n, 2n)).floor();
  }
  /**
   * The nearest double, within an ulp. The integer part converts exactly (or correctly rounded); the
   * fraction is scaled by 2^64 before dividing, so numerators and denominators far past a double's
   * range (a long chain of decimal tempos) still give the value, never Infinity / Infinity = NaN.
   */
  toNumber(): number {
    const q = this.floor();
    const r = this.n - q * this.d; // 0 <= r < d
    // Both parts exact as doubles: one correctly rounded division (as every value here always was).
    if (this.d <= SAFE) return Number(q) + Number(r) / Number(this.d);
    return Number(q) + Number((r << 64n) / this.d) / 2 ** 64;
  }

  /** Bits in the denominator: how costly further exact arithmetic with this value is. */
  get denominatorBits(): number {
    return this.d.toString(2).length;
  }
  /** `n` or `n/d`. */
  toString(): string {
    return this.d === 1n ? String(this.n) : `${this.n}/${this.d}`;
  }
  /** Decimal text, exact when the expansion ends within `maxDigits`, else rounded and marked with `…`. */
  toDecimal(maxDigits = 12): string {
    const neg = this.n < 0n;
    const a = neg ? this.neg() : this;
    const whole = a.floor();
    let rem = a.sub(whole);
    let digits = "";
    for (let i = 0; i < maxDigits && rem.n !== 0n; i++) {
      rem = rem.mul(10n);
      const dgt = rem.floor();
      digits += String(dgt);
      rem = rem.sub(dgt);
    }
    const text = `${neg ? "-" : ""}${whole}${digits ? "." + digits : ""}`;
    return rem.n === 0n ? text : text + "…";
  }
}

function toBig(x: bigint | number): bigint {
  if (typeof x === "bigint") return x;
  if (!Number.isSafeInteger(x)) throw new BugError(`Rational.of needs a safe integer, got ${x}`);
  return BigInt(x);
}
