import { formatFeetFrames, type Gauge } from "./feet-frames.js";
import type { FrameRate } from "./frame-rate.js";
import type { PicturePlan } from "./picture-plan.js";
import { formatTimecode } from "./timecode.js";

/**
 * What the conductor picture shows on each frame, as shapes: the one model both renderers draw (the
 * ffmpeg filter graph and the canvas) and the live preview will, so what a page shows is what a
 * render writes. Pure: positions in pixels of the output picture, frames counted from its first.
 *
 * A picture holds one section per cue (one for a cue's own picture; several for a reel): each with
 * its plan (streamers, punches, bar|beat), its label, and the frames where its texts show.
 */
export interface OverlayLayout {
  width: number;
  height: number;
  streamerWidth: number;
  /** Opaque box border around each text window, pixels. */
  boxBorder: number;
  margin: number;
  /** Text windows: where each sits (left x; top y, or bottom y for the bottom row) and its font size. */
  cue: { x: number; y: number; size: number };
  position: { x: number; y: number; size: number };
  flash: { right: number; y: number; size: number };
  feet: { x: number; bottom: number; size: number };
  timecode: { x: number; bottom: number; size: number };
  /** The punch: a filled circle in the middle. */
  punch: { diameter: number };
  slate: { size: number; lineSpacing: number };
}

/** DejaVu Sans Mono's advance, as a fraction of the font size (1233/2048 em). */
export const MONO_ADVANCE = 1233 / 2048;

/**
 * The windows' places, from a 1080-line design scaled to the picture. Boxes are placed from the
 * monospaced font's fixed advance, not from measured ink, so a centred window never jitters as its
 * digits change. `large`: the conductor's screen, read from the podium: bar|beat about twice as tall
 * (its digits near 10% of the picture), the timecode half as tall again.
 */
export function overlayLayout(width: number, height: number, streamerFraction: number, large = false): OverlayLayout {
  const scale = height / 1080;
  const s = (v: number) => Math.round(v * scale);
  const margin = s(24);
  const tcSize = s(large ? 108 : 72), feetSize = s(large ? 64 : 48);
  return {
    width,
    height,
    streamerWidth: Math.max(4, Math.round(width * streamerFraction)),
    boxBorder: Math.max(2, s(10)),
    margin,
    cue: { x: margin, y: margin, size: s(40) },
    position: { x: margin, y: margin + s(70), size: s(large ? 140 : 56) },
    flash: { right: width - margin, y: margin, size: s(72) },
    feet: { x: Math.round(width - margin - feetSize * MONO_ADVANCE * 7), bottom: height - margin, size: feetSize },
    timecode: { x: Math.round((width - tcSize * MONO_ADVANCE * 11) / 2), bottom: height - margin, size: tcSize },
    punch: { diameter: height * 0.3 },
    slate: { size: s(64), lineSpacing: s(20) },
  };
}

export interface OverlaySection {
  plan: PicturePlan;
  /** The cue's label: id and title. */
  label: string;
  /** Output frames where this cue's label, bar|beat and footage show (inclusive). */
  from: number;
  to: number;
}

export interface Overlay {
  layout: OverlayLayout;
  rate: FrameRate;
  /** Frame index (since 00:00:00:00) of the output's first frame. */
  startFrame: number;
  sections: OverlaySection[];
  /** The footage counter, in this gauge's feet (35 mm 4-perf, 3-perf counted 21-21-22, 16 mm). */
  gauge?: Gauge;
  /** A generated slate under everything, with these lines, when there is no reference. */
  slateLines?: string[];
}

export type Shape =
  | { kind: "band"; x: number; width: number; color: string; label: string }
  | { kind: "punch"; cx: number; cy: number; diameter: number }
  | { kind: "text"; role: "cue" | "position" | "flash" | "feet" | "timecode"; text: string; font: "sans" | "mono"; size: number; x: number; y: number; anchor: "top-left" | "bottom-left" | "top-right"; box: boolean };

/** Where a streamer's band is on frame n, or undefined when it is not crossing: its right edge reaches W at sync. */
export function bandAt(layout: OverlayLayout, s: { from: number; sync: number }, n: number): { x: number } | undefined {
  if (n < Math.max(0, s.from) || n > s.sync) return undefined;
  return { x: (layout.width * (n - s.from)) / (s.sync - s.from) - layout.streamerWidth };
}

/** The text a footage counter shows at n frames past bar 1, in a gauge's feet: feet to four digits, frames to two. */
export const feetText = (n: number, gauge: Gauge) => formatFeetFrames(n, gauge).padStart(7, "0");

/**
 * The bar|beat display's changes within a section: what it shows from the section's first frame (the
 * last change at or before it), each change inside, and "" once the section is over.
 */
export function sectionPositions(section: OverlaySection): { frame: number; text: string }[] {
  let first = "";
  const inside: { frame: number; text: string }[] = [];
  for (const p of section.plan.positions) {
    if (p.frame <= section.from) first = p.text;
    else if (p.frame <= section.to) inside.push(p);
  }
  return [{ frame: section.from, text: first }, ...inside, { frame: section.to + 1, text: "" }];
}

/** The bar|beat a section shows on frame n: its last change at or before n ("" when cleared). */
function positionAt(section: OverlaySection, n: number): string {
  let text = "";
  for (const p of sectionPositions(section)) {
    if (p.frame > n) break;
    text = p.text;
  }
  return text;
}

/** The punch: a filled circle in the middle of the picture. */
export const punchShape = (L: OverlayLayout): Extract<Shape, { kind: "punch" }> => ({ kind: "punch", cx: L.width / 2, cy: L.height / 2, diameter: L.punch.diameter });

/** Every shape on output frame n, back to front: bands, punch, texts. */
export function overlayAt(o: Overlay, n: number): Shape[] {
  const L = o.layout;
  const shapes: Shape[] = [];
  for (const section of o.sections) {
    for (const s of section.plan.streamers) {
      const band = bandAt(L, s, n);
      if (band) shapes.push({ kind: "band", x: band.x, width: L.streamerWidth, color: s.color, label: s.label });
    }
  }
  if (o.sections.some((s) => binaryHas(s.plan.punchFrames, n))) shapes.push(punchShape(L));
  const section = [...o.sections].reverse().find((s) => n >= s.from && n <= s.to);
  if (section) {
    shapes.push({ kind: "text", role: "cue", text: section.label, font: "sans", size: L.cue.size, x: L.cue.x, y: L.cue.y, anchor: "top-left", box: true });
    const position = positionAt(section, n);
    if (position) shapes.push({ kind: "text", role: "position", text: position, font: "mono", size: L.position.size, x: L.position.x, y: L.position.y, anchor: "top-left", box: true });
    if (section.plan.flashFrames.some((f) => f >= section.from && f <= section.to && (n === f || n === f + 1))) shapes.push({ kind: "text", role: "flash", text: "\u2588", font: "mono", size: L.flash.size, x: L.flash.right, y: L.flash.y, anchor: "top-right", box: false });
    if (o.gauge && n >= section.plan.bar1) shapes.push({ kind: "text", role: "feet", text: feetText(n - section.plan.bar1, o.gauge), font: "mono", size: L.feet.size, x: L.feet.x, y: L.feet.bottom, anchor: "bottom-left", box: true });
  }
  shapes.push({ kind: "text", role: "timecode", text: formatTimecode(o.startFrame + n, o.rate), font: "mono", size: L.timecode.size, x: L.timecode.x, y: L.timecode.bottom, anchor: "bottom-left", box: true });
  return shapes;
}

function binaryHas(sorted: readonly number[], n: number): boolean {
  let lo = 0, hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === n) return true;
    if (sorted[mid]! < n) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
