import { overlayAt, type Overlay, type OverlayLayout, type Shape } from "../engine/overlay-model.js";

/**
 * The canvas renderer's picture cut into cells, each sent to ffmpeg only while something is drawn in
 * it (pure). Most of an overlay is transparent most of the time: the windows sit in the top and bottom
 * rows, a streamer is a narrow band crossing one or two columns, a punch fills the middle. A cell is a
 * rectangle of whole, even-aligned pixels (so the 4:2:0 chroma of a 2x2 block never straddles two
 * cells), the cells tile the picture without overlapping, and a pixel's overlay comes from exactly one
 * cell: laying every visible cell over the picture gives what one full-frame overlay gave, at a
 * fraction of the bytes and of the blending.
 *
 * Which cells a frame uses comes from each shape's box (a pixel of margin for anti-aliasing, as the
 * drawing reads back), worked out before ffmpeg starts: its filter graph says when each cell shows.
 */
export interface Box { x0: number; y0: number; x1: number; y1: number }

export interface Rect { x: number; y: number; w: number; h: number }

export interface Cell extends Rect {
  /** Runs of frames [first, last] where the cell is sent and shown, in order, not touching. */
  spans: [number, number][];
}

/** At most this many runs a cell: the nearest runs are joined beyond it (the gap is then sent, transparent), keeping ffmpeg's expressions short. */
export const MAX_SPANS = 48;

const even = (v: number) => Math.max(0, Math.round(v / 2) * 2);

/** Edges [0, ..., size] of `count` even-aligned strips. */
function strips(size: number, count: number): number[] {
  const edges = [0];
  for (let i = 1; i < count; i++) edges.push(even((size * i) / count));
  edges.push(size);
  return [...new Set(edges)].sort((a, b) => a - b);
}

/**
 * The grid for a layout: rows cut where the windows end (the cue's label, bar|beat) and start (the
 * timecode, footage), columns five streamer widths wide (a streamer crosses one or two at a time;
 * narrower columns measured no faster: each stream costs a little for every frame it is sent).
 * Cells that show over the same frames are joined afterwards (mergeCells), so a window ends up in one
 * cell a little larger than itself, and a column without windows in one cell the height of the picture.
 */
export function cellGrid(L: OverlayLayout): { xs: number[]; ys: number[] } {
  const windowRows = [
    L.cue.y + L.cue.size * 1.3 + L.boxBorder + 2,
    L.position.y + L.position.size * 1.3 + L.boxBorder + 2,
    L.timecode.bottom - L.timecode.size * 1.3 - L.boxBorder - 2,
    L.feet.bottom - L.feet.size * 1.3 - L.boxBorder - 2,
  ].map(even).filter((y) => y > 0 && y < L.height);
  const ys = [...new Set([0, ...windowRows, L.height])].sort((a, b) => a - b);
  const columns = Math.max(1, Math.min(32, Math.round(L.width / Math.max(64, L.streamerWidth * 5))));
  return { xs: strips(L.width, columns), ys };
}

/** The index of the strip holding coordinate v (edges sorted, v inside [edges[0], last)). */
function stripAt(edges: number[], v: number): number {
  let lo = 0, hi = edges.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (edges[mid]! <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The pixels a shape may touch: its box widened by a pixel and made whole, inside the picture. */
export function touchedPixels(b: Box, L: OverlayLayout): Box {
  return { x0: Math.max(0, Math.floor(b.x0 - 1)), y0: Math.max(0, Math.floor(b.y0 - 1)), x1: Math.min(L.width, Math.ceil(b.x1 + 1)), y1: Math.min(L.height, Math.ceil(b.y1 + 1)) };
}

export const overlaps = (b: Box, c: Rect) => b.x0 < c.x + c.w && b.x1 > c.x && b.y0 < c.y + c.h && b.y1 > c.y;

/** Joins a cell's nearest runs until at most `max` are left. */
export function joinSpans(spans: [number, number][], max = MAX_SPANS): [number, number][] {
  if (spans.length <= max) return spans;
  const gaps = spans.slice(1).map((s, i) => ({ i, gap: s[0] - spans[i]![1] }));
  const join = new Set(gaps.sort((a, b) => a.gap - b.gap || a.i - b.i).slice(0, spans.length - max).map((g) => g.i));
  const out: [number, number][] = [];
  spans.forEach((s, i) => {
    if (i > 0 && join.has(i - 1)) out[out.length - 1]![1] = s[1];
    else out.push([s[0], s[1]]);
  });
  return out;
}

/** Every cell of the grid with the runs of frames where a shape touches it (cells never touched are left out). */
export function planCells(overlay: Overlay, frames: number, boxOf: (s: Shape) => Box): Cell[] {
  const L = overlay.layout;
  const { xs, ys } = cellGrid(L);
  const cols = xs.length - 1;
  const cells: Cell[] = [];
  for (let r = 0; r + 1 < ys.length; r++) for (let c = 0; c < cols; c++) cells.push({ x: xs[c]!, y: ys[r]!, w: xs[c + 1]! - xs[c]!, h: ys[r + 1]! - ys[r]!, spans: [] });
  const seen = new Uint8Array(cells.length);
  for (let n = 0; n < frames; n++) {
    seen.fill(0);
    for (const s of overlayAt(overlay, n)) {
      const b = touchedPixels(boxOf(s), L);
      if (b.x1 <= b.x0 || b.y1 <= b.y0) continue;
      const c0 = stripAt(xs, b.x0), c1 = stripAt(xs, b.x1 - 1), r0 = stripAt(ys, b.y0), r1 = stripAt(ys, b.y1 - 1);
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) seen[r * cols + c] = 1;
    }
    seen.forEach((on, i) => {
      if (!on) return;
      const spans = cells[i]!.spans, last = spans[spans.length - 1];
      if (last && last[1] === n - 1) last[1] = n;
      else spans.push([n, n]);
    });
  }
  return mergeCells(cells, cols).filter((c) => c.spans.length).map((c) => ({ ...c, spans: joinSpans(c.spans) }));
}

const sameSpans = (a: Cell, b: Cell) => a.spans.length === b.spans.length && a.spans.every((s, i) => s[0] === b.spans[i]![0] && s[1] === b.spans[i]![1]);

/**
 * Neighbouring cells shown over the same frames become one (each stream costs ffmpeg a little on
 * every frame it is sent): first along each row, then a cell with the one below it when both span the
 * same columns. Still even-aligned rectangles tiling the picture.
 */
function mergeCells(grid: Cell[], cols: number): Cell[] {
  const rows: Cell[][] = [];
  for (let r = 0; r * cols < grid.length; r++) {
    const row: Cell[] = [];
    for (const c of grid.slice(r * cols, (r + 1) * cols)) {
      const last = row[row.length - 1];
      if (last && sameSpans(last, c)) last.w += c.w;
      else row.push({ ...c, spans: c.spans.map(([a, b]) => [a, b]) });
    }
    rows.push(row);
  }
  const out: Cell[] = [];
  for (const row of rows) {
    for (const c of row) {
      const above = out.find((o) => o.x === c.x && o.w === c.w && o.y + o.h === c.y && sameSpans(o, c));
      if (above) above.h += c.h;
      else out.push(c);
    }
  }
  return out;
}
