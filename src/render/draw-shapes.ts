import { MONO_ADVANCE, type Overlay, type Shape } from "../engine/overlay-model.js";

/**
 * Drawing the overlay model's shapes on a 2D canvas: Skia's in the canvas renderer and the browser's
 * in the live preview run this same code (no Node APIs), so the two draw alike. Text uses the fonts
 * registered as SprocketSans and SprocketMono (the bundled DejaVu fonts) and is placed as drawtext
 * places it: x, y the text's top left (bottom left, top right), on an opaque box.
 */
export type Ctx = {
  clearRect(x: number, y: number, w: number, h: number): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  beginPath(): void;
  arc(x: number, y: number, r: number, a: number, b: number): void;
  fill(): void;
  measureText(text: string): { width: number; actualBoundingBoxAscent: number; actualBoundingBoxDescent: number };
  getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
  fillStyle: string;
  font: string;
};

const NAMED: Record<string, string> = { white: "#FFFFFF", green: "#00E000", yellow: "#FFE000", red: "#FF2020", blue: "#2060FF", cyan: "#00E0E0", magenta: "#E000E0", orange: "#FF8000" };
/** A cue file colour (named or #rrggbb) as the canvas takes it: the same values the filter graph paints. */
export const css = (color: string) => NAMED[color] ?? `#${color.replace(/^#/, "").toUpperCase()}`;

const monoAdvance = (size: number) => Math.round(size * MONO_ADVANCE);

interface Box { x0: number; y0: number; x1: number; y1: number }

/** Where a text shape's ink and its opaque box go, as drawtext places them: x, y the text's top left (or bottom left, or top right). */
function textPlacement(ctx: Ctx, s: Extract<Shape, { kind: "text" }>, border: number) {
  ctx.font = `${s.size}px ${s.font === "mono" ? "SprocketMono" : "SprocketSans"}`;
  const m = ctx.measureText(s.text);
  const ascent = m.actualBoundingBoxAscent, descent = m.actualBoundingBoxDescent;
  // Monospaced text advances a whole number of pixels a glyph, as drawtext (FreeType, hinted) places
  // it; a canvas would use the exact advance, and 11 timecode digits at 24 px would drift 4 px apart.
  const width = s.font === "mono" ? [...s.text].length * monoAdvance(s.size) : m.width;
  const left = s.anchor === "top-right" ? s.x - width : s.x;
  const top = s.anchor === "bottom-left" ? s.y - ascent - descent : s.y;
  return { left, baseline: top + ascent, box: { x0: left - border, y0: top - border, x1: left + width + border, y1: top + ascent + descent + border } };
}

/**
 * Where a monospaced text changed from `a` to `b` (the same window and length, the same box: a
 * timecode's next frame), as the columns of the characters that differ, a few pixels wider for ink
 * past a glyph's advance; undefined when the change is not that.
 */
export function changedGlyphs(ctx: Ctx, a: Shape, b: Shape, o: Overlay): Box | undefined {
  if (a.kind !== "text" || b.kind !== "text" || a.font !== "mono" || b.font !== "mono" || a.role !== b.role || a.size !== b.size || a.x !== b.x || a.y !== b.y || a.anchor !== b.anchor || a.box !== b.box) return undefined;
  const ca = [...a.text], cb = [...b.text];
  if (ca.length !== cb.length) return undefined;
  const border = a.box ? o.layout.boxBorder : 0;
  const pa = textPlacement(ctx, a, border), pb = textPlacement(ctx, b, border);
  if (pa.left !== pb.left || pa.box.y0 !== pb.box.y0 || pa.box.y1 !== pb.box.y1 || pa.box.x1 !== pb.box.x1) return undefined;
  const first = ca.findIndex((c, i) => c !== cb[i]);
  if (first < 0) return undefined;
  const last = ca.length - 1 - [...ca].reverse().findIndex((c, i) => c !== cb[ca.length - 1 - i]);
  const advance = monoAdvance(a.size), slack = 3;
  return { x0: Math.max(pa.box.x0, pa.left + first * advance - slack), y0: pa.box.y0, x1: Math.min(pa.box.x1, pa.left + (last + 1) * advance + slack), y1: pa.box.y1 };
}

export function bounds(ctx: Ctx, s: Shape, o: Overlay): Box {
  const L = o.layout;
  if (s.kind === "band") return { x0: s.x, y0: 0, x1: s.x + s.width, y1: L.height };
  if (s.kind === "punch") return { x0: s.cx - s.diameter / 2, y0: s.cy - s.diameter / 2, x1: s.cx + s.diameter / 2, y1: s.cy + s.diameter / 2 };
  return textPlacement(ctx, s, s.box ? L.boxBorder : 0).box;
}

export function draw(ctx: Ctx, s: Shape, o: Overlay): void {
  if (s.kind === "band") {
    ctx.fillStyle = css(s.color);
    ctx.fillRect(s.x, 0, s.width, o.layout.height);
  } else if (s.kind === "punch") {
    ctx.fillStyle = "#FFFFFF";
    ctx.beginPath();
    ctx.arc(s.cx, s.cy, s.diameter / 2, 0, 2 * Math.PI);
    ctx.fill();
  } else {
    const p = textPlacement(ctx, s, o.layout.boxBorder);
    if (s.box) {
      ctx.fillStyle = "#000000";
      ctx.fillRect(p.box.x0, p.box.y0, p.box.x1 - p.box.x0, p.box.y1 - p.box.y0);
    }
    ctx.fillStyle = "#FFFFFF";
    if (s.font === "mono") [...s.text].forEach((c, i) => ctx.fillText(c, p.left + i * monoAdvance(s.size), p.baseline));
    else ctx.fillText(s.text, p.left, p.baseline);
  }
}

