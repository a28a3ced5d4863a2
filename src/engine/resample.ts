/**
 * Band-limited resampling by windowed sinc (Lanczos window, 16 zero crossings each side), for
 * users' own click samples recorded at another rate. Downsampling lowers the cut-off to the new
 * Nyquist frequency so nothing aliases. Pure arithmetic.
 */
const ZEROS = 16;

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

export function resample(input: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (fromRate === toRate) return input;
  const ratio = toRate / fromRate;
  const cutoff = Math.min(1, ratio);
  const half = ZEROS / cutoff;
  const out = new Float32Array(Math.max(1, Math.round(input.length * ratio)));
  for (let n = 0; n < out.length; n++) {
    const t = n / ratio;
    const lo = Math.max(0, Math.ceil(t - half));
    const hi = Math.min(input.length - 1, Math.floor(t + half));
    let sum = 0;
    for (let k = lo; k <= hi; k++) {
      const x = t - k;
      sum += input[k]! * cutoff * sinc(cutoff * x) * sinc(x / half);
    }
    out[n] = sum;
  }
  return out;
}
