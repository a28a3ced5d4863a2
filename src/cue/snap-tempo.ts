import type { FrameRate } from "../engine/frame-rate.js";
import { Rational } from "../engine/rational.js";
import { frameClickToBpm, nearestFrameClick } from "../engine/tempo-value.js";

/**
 * Writes a tempo read from a MIDI file the way a person would: the simplest BPM (whole, then one or
 * two decimals) or frame click that matches it within `tolerance` (relative), choosing the closest
 * when several do; otherwise BPM to six decimals.
 */
export function snapTempo(bpm: number, rate: FrameRate, tolerance: number): { bpm: number } | { click: string } {
  const candidates: ({ bpm: number } | { click: string })[] = [0, 1, 2, 3].map((d) => ({ bpm: Number(bpm.toFixed(d)) }));
  // A frame click is a frame or more a beat: past the frame rate in beats a second there is none.
  const click = bpm > 0 && bpm < rate.fps.toNumber() * 60 ? nearestFrameClick(Rational.fromNumber(bpm), rate) : undefined;
  if (click && click.frames > 0) candidates.splice(3, 0, { click: click.text });
  const value = (c: { bpm: number } | { click: string }) => ("bpm" in c ? c.bpm : frameClickToBpm(click!.frames, click!.eighths, rate).toNumber());
  let best: { bpm: number } | { click: string } | undefined;
  let bestError = Infinity;
  for (const c of candidates) {
    const error = Math.abs(value(c) - bpm) / bpm;
    if (error <= tolerance && error < bestError - 1e-9) [best, bestError] = [c, error];
  }
  return best ?? { bpm: Number(bpm.toFixed(6)) };
}
