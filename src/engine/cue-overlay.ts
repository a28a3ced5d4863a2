import type { CuePlan } from "./cue-plan.js";
import type { Gauge } from "./feet-frames.js";
import type { FrameRate } from "./frame-rate.js";
import { overlayLayout, type Overlay, type OverlaySection } from "./overlay-model.js";
import { picturePlan, type StreamerColors } from "./picture-plan.js";

/**
 * A cue's section of a picture's overlay (its streamers, punches, bar|beat and footage, and the frames
 * where its label shows): the one the renderers draw and the one the page draws, built the same way.
 * The picture starts at `startFrame` (since 00:00:00:00) and has `frames` frames; `span` limits where
 * the cue's label, bar|beat and footage show (default: the whole picture).
 */
export function cueSection(plan: CuePlan, startFrame: number, frames: number, colors: StreamerColors, options: { flash?: boolean; span?: [number, number] } = {}): OverlaySection {
  const drawn = picturePlan(plan.cue, plan.rate, startFrame, frames, colors, { flash: options.flash ?? false });
  const [a, b] = options.span ?? [startFrame, startFrame + frames - 1];
  return { plan: drawn, label: plan.label, from: Math.max(0, a - startFrame), to: Math.min(frames - 1, b - startFrame) };
}

/** A picture's overlay: its sections, laid out for its size (`large`: the conductor's), with the footage counter in `gauge` when asked. */
export function pictureOverlay(p: { rate: FrameRate; startFrame: number; width: number; height: number; streamerFraction: number; sections: OverlaySection[]; gauge?: Gauge; slateLines?: string[]; large?: boolean }): Overlay {
  return {
    layout: overlayLayout(p.width, p.height, p.streamerFraction, p.large ?? false),
    rate: p.rate,
    startFrame: p.startFrame,
    sections: p.sections,
    ...(p.gauge ? { gauge: p.gauge } : {}),
    ...(p.slateLines ? { slateLines: p.slateLines } : {}),
  };
}
