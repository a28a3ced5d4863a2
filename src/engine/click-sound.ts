/**
 * Click sounds synthesised from preset data (presets/clicks/*.json): a sum of cosine partials, each
 * with an optional exponential decay, and optional linear fades. Every sound starts at full level
 * on its first sample (cosine phase, no fade-in unless a preset asks), so a click's onset is the
 * sample it is placed on. Pure arithmetic: no Node or browser APIs.
 */

export interface SoundPartial {
  /** Hz. */
  freq: number;
  /** Peak amplitude, 0-1 of full scale. */
  amp: number;
  /** Seconds for the partial to fall to 1/e; absent: a steady tone. */
  decay?: number;
}

export interface SoundSpec {
  /** Seconds. */
  length: number;
  /** Seconds of linear fade in and out; absent: no fade-in and a 1 ms fade-out (no click at the cut). */
  fade?: number;
  partials: SoundPartial[];
}

/** The three sounds of a click preset. */
export interface ClickSounds<T = Float32Array> {
  accent: T;
  beat: T;
  sub: T;
}

const DEFAULT_FADE_OUT = 0.001;

/** Renders a sound at a sample rate. The first sample is never zero. */
export function synthesize(spec: SoundSpec, sampleRate: number): Float32Array {
  const n = Math.max(1, Math.round(spec.length * sampleRate));
  const out = new Float32Array(n);
  const fadeIn = spec.fade ? Math.max(1, Math.round(spec.fade * sampleRate)) : 0;
  const fadeOut = Math.max(1, Math.round((spec.fade ?? DEFAULT_FADE_OUT) * sampleRate));
  for (let i = 0; i < n; i++) {
    const t = i / sampleRate;
    let v = 0;
    for (const p of spec.partials) {
      const env = p.decay ? Math.exp(-t / p.decay) : 1;
      v += p.amp * env * Math.cos(2 * Math.PI * p.freq * t);
    }
    if (fadeIn) v *= Math.min(1, (i + 1) / fadeIn);
    v *= Math.min(1, (n - i) / fadeOut);
    out[i] = v;
  }
  return out;
}

/** Checks a preset's shape, returning what is wrong with it (empty when it is sound). */
export function soundSpecProblems(spec: unknown, where: string): string[] {
  const s = spec as SoundSpec;
  if (!s || typeof s !== "object") return [`${where} must be an object`];
  const out: string[] = [];
  if (!(typeof s.length === "number" && s.length > 0 && s.length <= 2)) out.push(`${where}.length must be seconds, above 0 and at most 2`);
  if (s.fade !== undefined && !(typeof s.fade === "number" && s.fade > 0 && s.fade * 2 <= s.length)) out.push(`${where}.fade must be seconds, at most half the length`);
  if (!Array.isArray(s.partials) || s.partials.length === 0) out.push(`${where}.partials must be a list of { freq, amp, decay? }`);
  else {
    const peak = s.partials.reduce((a, p) => a + (typeof p.amp === "number" ? Math.abs(p.amp) : 0), 0);
    s.partials.forEach((p, i) => {
      if (!(typeof p.freq === "number" && p.freq > 0 && p.freq < 20000)) out.push(`${where}.partials[${i}].freq must be Hz, 0-20000`);
      if (!(typeof p.amp === "number" && p.amp > 0 && p.amp <= 1)) out.push(`${where}.partials[${i}].amp must be above 0 and at most 1`);
      if (p.decay !== undefined && !(typeof p.decay === "number" && p.decay > 0)) out.push(`${where}.partials[${i}].decay must be seconds above 0`);
    });
    if (peak > 1) out.push(`${where}: the partials' amplitudes add up to ${peak.toFixed(2)}, past full scale (1)`);
  }
  return out;
}
