/**
 * The oracle's way to a timecode label's frame index: count labels up from 00:00:00:00 (at drop
 * frame, a minute not a multiple of ten starts at frame 2), never a formula.
 */
export interface WalkRate {
  nominal: number;
  df: boolean;
}

/** Labels of frames `from` to `to` (frames since midnight), as [h, m, s, f]. */
export function labels(rate: WalkRate, from: number, to: number): number[][] {
  let [h, m, s, f] = [0, 0, 0, 0];
  const out: number[][] = [];
  for (let n = 0; n <= to; n++) {
    if (n >= from) out.push([h, m, s, f]);
    if (++f === rate.nominal) {
      f = 0;
      if (++s === 60) {
        s = 0;
        if (++m === 60) (m = 0), h++;
        if (rate.df && m % 10 !== 0) f = 2;
      }
    }
  }
  return out;
}

/** The frame index of a label, found by counting (undefined when the rate skips it). */
export function indexOf(rate: WalkRate, label: number[]): number | undefined {
  const all = labels(rate, 0, (label[0]! + 1) * 3600 * rate.nominal);
  const i = all.findIndex((l) => l.every((x, k) => x === label[k]));
  return i < 0 ? undefined : i;
}
