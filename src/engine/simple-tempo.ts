import type { FrameRate } from "./frame-rate.js";
import { Rational } from "./rational.js";
import { framesPerBeatToBpm } from "./tempo-value.js";

/**
 * The simplest tempo inside [lo, hi] BPM, as a composer would write it: a whole BPM, a whole-frame
 * click, a half BPM, a frame click in eighths, a tenth of a BPM; nearest `best` among equals. When
 * nothing simple fits, `best` itself (the caller's printed tempo, which is inside the range).
 */
export function simplestTempoInRange(lo: number, hi: number, best: number, rate: FrameRate): { bpm: number; click?: string; yaml: string } {
  const inRange = (b: number) => b >= lo && b <= hi;
  const pick = (values: number[]) => values.filter(inRange).sort((a, b) => Math.abs(a - best) - Math.abs(b - best))[0];
  const steps = (step: number) => Array.from({ length: Math.floor(hi / step) - Math.ceil(lo / step) + 1 }, (_, i) => (Math.ceil(lo / step) + i) * step);
  const clicks = (eighths: boolean) => {
    const fpbLo = rate.fps.toNumber() * 60 / hi;
    const fpbHi = rate.fps.toNumber() * 60 / lo;
    const unit = eighths ? 8 : 1;
    const out: { bpm: number; click: string }[] = [];
    for (let n = Math.ceil(fpbLo * unit); n <= Math.floor(fpbHi * unit); n++) {
      const frames = eighths ? Math.floor(n / 8) : n;
      const e = eighths ? n % 8 : 0;
      out.push({ bpm: framesPerBeatToBpm(Rational.of(frames * 8 + e, 8), rate).toNumber(), click: `${frames}-${e}` });
    }
    return out;
  };
  const whole = pick(steps(1));
  if (whole !== undefined) return { bpm: whole, yaml: `bpm: ${whole}` };
  const frameClick = clicks(false).filter((c) => inRange(c.bpm)).sort((a, b) => Math.abs(a.bpm - best) - Math.abs(b.bpm - best))[0];
  if (frameClick) return { ...frameClick, yaml: `click: ${frameClick.click}` };
  const half = pick(steps(0.5));
  if (half !== undefined) return { bpm: half, yaml: `bpm: ${half}` };
  const eighth = clicks(true).filter((c) => inRange(c.bpm)).sort((a, b) => Math.abs(a.bpm - best) - Math.abs(b.bpm - best))[0];
  if (eighth) return { ...eighth, yaml: `click: ${eighth.click}` };
  const tenth = pick(steps(0.1).map((x) => Number(x.toFixed(1))));
  if (tenth !== undefined) return { bpm: tenth, yaml: `bpm: ${tenth}` };
  return { bpm: best, yaml: `bpm: ${best}` };
}
