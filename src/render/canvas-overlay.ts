import { createRequire } from "node:module";
import { overlayAt, punchShape, type Overlay, type Shape } from "../engine/overlay-model.js";
import { overlaps, planCells, touchedPixels, type Box, type Cell, type Rect } from "./canvas-cells.js";
import { bounds, changedGlyphs, draw, type Ctx } from "./draw-shapes.js";
import { UserError } from "../errors.js";
import { pictureHead } from "./picture-graph.js";
import { fontFile } from "../presets/fonts.js";
import { YuvaFrame } from "./yuva-frame.js";

/**
 * The canvas renderer: the overlay model drawn by Skia (@napi-rs/canvas), frame by frame, streamed to
 * ffmpeg as raw YUVA 4:2:0 with back-pressure and laid over the picture by overlay filters.
 *
 * Why YUVA and not the canvas's RGBA: measured here, ffmpeg's conversion of a full 1080p RGBA frame to
 * YUVA costs more than the encode can hide (a transparent RGBA overlay alone made a plain transcode
 * 1.56x slower; a YUVA one, 1.11x). So the conversion is done here, straight alpha as getImageData
 * gives it (canvas.data() would be premultiplied), colours as ffmpeg's own drawing converts them
 * (BT.601, limited range), so both renderers paint the same values.
 *
 * Why cells (render/canvas-cells.ts): a full-frame overlay for every frame was 5 MB through a pipe and
 * a blend of every pixel, though most of it is transparent most of the time. Each cell of the grid is
 * its own stream (pipe 3, 4, ...), sent only over the runs of frames where something is drawn in it
 * (ffmpeg puts each of its frames on its own frame number) and shown only over them; within a run a
 * cell is drawn and converted again only when the shapes touching it change. Memory: one small canvas
 * and buffer a cell, whatever the length.
 */
let loaded: { createCanvas: (w: number, h: number) => { getContext(kind: "2d"): Ctx } } | undefined;
function canvasLibrary() {
  if (loaded) return loaded;
  try {
    const lib = createRequire(import.meta.url)("@napi-rs/canvas") as { createCanvas: (w: number, h: number) => { getContext(kind: "2d"): Ctx }; GlobalFonts: { registerFromPath(path: string, name: string): unknown } };
    lib.GlobalFonts.registerFromPath(fontFile("sans"), "SprocketSans");
    lib.GlobalFonts.registerFromPath(fontFile("mono"), "SprocketMono");
    loaded = lib;
    return lib;
  } catch (e) {
    throw new UserError({ message: `The canvas renderer needs @napi-rs/canvas, which has no build for this machine (${process.platform}-${process.arch}): ${(e as Error).message.split("\n")[0]}.`, hint: "Use the default renderer (--renderer graph)." });
  }
}

const key = (s: Shape) => JSON.stringify(s);

type Metrics = ReturnType<Ctx["measureText"]>;

/**
 * The canvas with its measureText answered from what this render has measured: a text in a font
 * measures the same on every canvas (the fonts are registered before the first is made), and each
 * frame's timecode is otherwise measured once for its cells, its box, its changed digits and its
 * drawing. The last 1,024 texts are kept.
 */
function measuringOnce<C extends Ctx>(ctx: C, kept: Map<string, Metrics>): C {
  const measure = ctx.measureText.bind(ctx);
  ctx.measureText = (text: string) => {
    const k = `${ctx.font}\n${text}`;
    let m = kept.get(k);
    if (!m) {
      const { width, actualBoundingBoxAscent, actualBoundingBoxDescent } = measure(text);
      m = { width, actualBoundingBoxAscent, actualBoundingBoxDescent };
      kept.set(k, m);
      if (kept.size > 1024) kept.delete(kept.keys().next().value!);
    }
    return m;
  };
  return ctx;
}

type Pipe = NodeJS.WritableStream & { destroyed?: boolean; write(chunk: Uint8Array, cb: (e?: Error | null) => void): boolean };

/** Writes a frame and waits until the system has taken it (the buffer is reused): back-pressure, frame by frame. */
function write(input: Pipe, chunk: Buffer): Promise<void> {
  if (input.destroyed) return Promise.reject(new Error("ffmpeg closed the overlay's pipe"));
  return new Promise((resolve, reject) => {
    input.write(chunk, (e) => (e ? reject(new Error("ffmpeg closed the overlay's pipe")) : resolve()));
  });
}

/** Each frame's shapes, their keys and the pixels they may touch, worked out once for all cells (the cells go about together; the last few hundred frames are kept). */
class FrameShapes {
  private readonly kept = new Map<number, { shapes: Shape[]; keys: string[]; boxes: Box[] }>();
  constructor(private readonly overlay: Overlay, private readonly boxOf: (s: Shape) => Box) {}
  at(n: number) {
    let f = this.kept.get(n);
    if (!f) {
      const shapes = overlayAt(this.overlay, n);
      f = { shapes, keys: shapes.map(key), boxes: shapes.map((s) => touchedPixels(this.boxOf(s), this.overlay.layout)) };
      this.kept.set(n, f);
      if (this.kept.size > 512) this.kept.delete(this.kept.keys().next().value!);
    }
    return f;
  }
}

type CellCtx = Ctx & { setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void };

/** RGBA read back from a canvas: a rectangle whose top left is (x, y) in the picture, `stride` pixels a row. */
interface Pixels { data: Uint8ClampedArray; stride: number; x: number; y: number }

/**
 * Frames drawn at the picture's own coordinates, for the cells a punch touches: Skia's circle is not
 * the same pixels once moved by a translation (its text and rectangles are). Each such frame is drawn
 * and read back once, over the punch's cells, for all of them (they ask for the same frame together).
 */
class PictureFrames {
  private readonly kept = new Map<number, Pixels>();
  private ctx: Ctx | undefined;
  constructor(private readonly region: Rect, private readonly overlay: Overlay, private readonly frames: FrameShapes, private readonly createCanvas: (w: number, h: number) => { getContext(kind: "2d"): Ctx }) {}
  at(n: number): Pixels {
    let p = this.kept.get(n);
    if (!p) {
      const { x, y, w, h } = this.region;
      const ctx = (this.ctx ??= this.createCanvas(x + w, y + h).getContext("2d"));
      ctx.clearRect(x, y, w, h);
      const f = this.frames.at(n);
      f.shapes.forEach((s, i) => overlaps(f.boxes[i]!, this.region) && draw(ctx, s, this.overlay));
      p = { data: ctx.getImageData(x, y, w, h).data, stride: w, x, y };
      this.kept.set(n, p);
      if (this.kept.size > 4) this.kept.delete(this.kept.keys().next().value!);
    }
    return p;
  }
}

/** The pixels of `b` inside the cell, made even at both ends (a 2x2 chroma block whole), in the cell's coordinates. */
function inCell(b: Box, cell: Cell): Box | undefined {
  const x0 = Math.max(0, b.x0 - cell.x) & ~1, y0 = Math.max(0, b.y0 - cell.y) & ~1;
  const x1 = Math.min(cell.w, (b.x1 - cell.x + 1) & ~1), y1 = Math.min(cell.h, (b.y1 - cell.y + 1) & ~1);
  return x1 > x0 && y1 > y0 ? { x0, y0, x1, y1 } : undefined;
}

/**
 * The pixels that may differ between two frames' shapes: each shape that went or came, except that a
 * monospaced text replaced by the same window with other characters (the timecode, the footage)
 * counts only where its characters differ.
 */
function changedAreas(before: Map<string, { box: Box; shape: Shape }>, now: Map<string, { box: Box; shape: Shape }>, ctx: Ctx, overlay: Overlay): Box[] {
  const went = [...before].filter(([k]) => !now.has(k)).map(([, v]) => v);
  const came = [...now].filter(([k]) => !before.has(k)).map(([, v]) => v);
  const areas: Box[] = [];
  for (const c of came) {
    const i = went.findIndex((w) => w.shape.kind === "text" && c.shape.kind === "text" && w.shape.role === c.shape.role);
    const glyphs = i >= 0 ? changedGlyphs(ctx, went[i]!.shape, c.shape, overlay) : undefined;
    if (glyphs) {
      areas.push(touchedPixels(glyphs, overlay.layout));
      went.splice(i, 1);
    } else areas.push(c.box);
  }
  return areas.concat(went.map((w) => w.box));
}

/**
 * Feeds one cell's frames over its runs. When the shapes touching it change, they are drawn again and
 * only the pixels of the shapes that came, went or moved are read back and converted, as the frame
 * before kept the rest. A cell's drawing and reading is one synchronous step, so cells sharing the
 * picture's canvas never see each other's.
 */
async function feedCell(cell: Cell, overlay: Overlay, frames: FrameShapes, newCtx: (w: number, h: number) => CellCtx, picture: PictureFrames, input: Pipe): Promise<void> {
  const ctx = newCtx(cell.w, cell.h);
  let rowCtx: CellCtx | undefined;
  const size = sent(cell, overlay.layout);
  const yuva = new YuvaFrame(size.w, size.h);
  let before = new Map<string, { box: Box; shape: Shape }>();
  for (const [first, last] of cell.spans) {
    for (let n = first; n <= last; n++) {
      const f = frames.at(n);
      const now = new Map<string, { box: Box; shape: Shape }>();
      const on: Shape[] = [];
      f.boxes.forEach((box, i) => {
        if (!overlaps(box, cell)) return;
        now.set(f.keys[i]!, { box, shape: f.shapes[i]! });
        on.push(f.shapes[i]!);
      });
      const changed = changedAreas(before, now, ctx, overlay);
      const rects = changed.map((b) => inCell(b, cell)).filter((r): r is Box => !!r);
      if (rects.length && on.every((s) => s.kind === "band")) {
        // Only bands, which cross the picture from top to bottom: every row of the cell is alike, so
        // one row is drawn, read back, converted and copied down. The canvas is two rows high: Skia
        // covers a band's edge pixel one level less on a canvas one row high (measured), not on two.
        const row = (rowCtx ??= newCtx(cell.w, 2));
        row.setTransform(1, 0, 0, 1, 0, 0);
        row.clearRect(0, 0, cell.w, 2);
        row.setTransform(1, 0, 0, 1, -cell.x, -cell.y);
        for (const s of on) draw(row, s, overlay);
        yuva.updateAlike(row.getImageData(0, 0, cell.w, 1).data, cell.w, cell.h);
      } else if (rects.length) {
        let px: Pixels;
        if (on.some((s) => s.kind === "punch")) px = picture.at(n);
        else {
          // The cell's own canvas, its corner at the picture's: cleared, drawn, and the box around
          // what changed read back once (reading back costs as much as the canvas is big, however
          // little is read; what it hands back is a new buffer as big as what is read).
          ctx.setTransform(1, 0, 0, 1, 0, 0);
          ctx.clearRect(0, 0, cell.w, cell.h);
          ctx.setTransform(1, 0, 0, 1, -cell.x, -cell.y);
          for (const s of on) draw(ctx, s, overlay);
          const x0 = Math.min(...rects.map((r) => r.x0)), y0 = Math.min(...rects.map((r) => r.y0));
          const x1 = Math.max(...rects.map((r) => r.x1)), y1 = Math.max(...rects.map((r) => r.y1));
          px = { data: ctx.getImageData(x0, y0, x1 - x0, y1 - y0).data, stride: x1 - x0, x: cell.x + x0, y: cell.y + y0 };
        }
        for (const r of rects) yuva.update(px.data, px.stride, cell.x - px.x + r.x0, cell.y - px.y + r.y0, r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
      }
      before = now;
      await write(input, yuva.bytes);
    }
  }
}

/** The canvas's cells for a picture of `frames` frames, and a feed for each (its pipe is input `first + i` of ffmpeg). */
export function canvasOverlay(overlay: Overlay, frames: number): { cells: Cell[]; feeds: ((input: Pipe) => Promise<void>)[] } {
  const library = canvasLibrary();
  const measured = new Map<string, Metrics>();
  const createCanvas = (w: number, h: number) => {
    const canvas = library.createCanvas(w, h);
    return { getContext: (kind: "2d") => measuringOnce(canvas.getContext(kind), measured) };
  };
  const measure = createCanvas(2, 2).getContext("2d");
  const boxOf = (s: Shape) => bounds(measure, s, overlay);
  const cells = planCells(overlay, frames, boxOf);
  const shapes = new FrameShapes(overlay, boxOf);
  // The punch's cells, together: the region the picture's canvas draws for them.
  const punch = cells.filter((c) => overlaps(touchedPixels(boxOf(punchShape(overlay.layout)), overlay.layout), c));
  const [x, y] = [Math.min(...punch.map((c) => c.x)), Math.min(...punch.map((c) => c.y))];
  const region = { x, y, w: Math.max(...punch.map((c) => c.x + c.w)) - x, h: Math.max(...punch.map((c) => c.y + c.h)) - y };
  const picture = new PictureFrames(region, overlay, shapes, createCanvas);
  return {
    cells,
    feeds: cells.map((cell) => (input: Pipe) => feedCell(cell, overlay, shapes, (w, h) => createCanvas(w, h).getContext("2d") as CellCtx, picture, input)),
  };
}

/**
 * A cell's frame as sent: two transparent columns and rows more where another cell follows. ffmpeg's
 * overlay takes the alpha of a 4:2:0 frame's last chroma column (row) from its left (top) pixels only,
 * where a full-frame overlay averages all four: with the margin, a cell's last pixels blend as the full
 * frame's did, and the margin itself blends nothing (alpha 0 leaves the picture exactly as it was).
 */
function sent(c: Cell, L: Overlay["layout"]): { w: number; h: number } {
  return { w: c.w + (c.x + c.w < L.width ? 2 : 0), h: c.h + (c.y + c.h < L.height ? 2 : 0) };
}

/** ffmpeg's input arguments for the cells' pipes (fd 3, 4, ...). */
export function cellInputs(cells: Cell[], layout: Overlay["layout"], rate: string): string[] {
  return cells.flatMap((c, i) => {
    const { w, h } = sent(c, layout);
    return ["-f", "rawvideo", "-pix_fmt", "yuva420p", "-s", `${w}x${h}`, "-framerate", rate, "-i", `pipe:${3 + i}`];
  });
}

const seconds = (frame: number, num: number, den: number) => ((frame * den) / num).toFixed(9);

/** The frame number of a cell's N-th frame: its runs laid end to end. */
function cellFrameNumber(spans: [number, number][]): string {
  let sent = 0;
  const terms = [`N+${spans[0]![0]}`];
  spans.forEach(([first, last], i) => {
    if (i > 0) terms.push(`gte(N\\,${sent})*${first - spans[i - 1]![1] - 1}`);
    sent += last - first + 1;
  });
  return terms.join("+");
}

/**
 * The filter graph for the canvas: the picture (and the slate, when generated), each cell's frames put
 * on their frame numbers and laid over it at the cell's place while a run shows (elsewhere out of the
 * picture, which costs nothing: the overlay repeats a cell's last frame until its next).
 */
export function canvasGraph(overlay: Overlay, cells: Cell[], firstInput: number, frames: number): string {
  const [num, den] = [Number(overlay.rate.fps.n), Number(overlay.rate.fps.d)];
  const chains = [pictureHead(overlay)];
  let last = "base";
  cells.forEach((c, i) => {
    chains.push(`[${firstInput + i}:v]setpts='round((${cellFrameNumber(c.spans)})/FRAME_RATE/TB)'[c${i}]`);
    const shownToEnd = c.spans.length === 1 && c.spans[0]![1] >= frames - 1;
    const shown = c.spans.map(([a, b]) => `between(t\\,${seconds(a - 0.5, num, den)}\\,${seconds(b + 0.5, num, den)})`).join("+");
    const x = shownToEnd ? String(c.x) : `'if(${shown}\\,${c.x}\\,-100000)'`;
    // A cell's last frame is its last shown (see feedCell), so at its end the overlay passes the picture
    // through (eof_action=repeat measured 1.9x: ffmpeg appears to copy each picture frame meanwhile).
    const out = i === cells.length - 1 ? "out" : `o${i}`;
    chains.push(`[${last}][c${i}]overlay=x=${x}:y=${c.y}:format=yuv420:eof_action=pass[${out}]`);
    last = out;
  });
  if (last === "base") chains[0] = chains[0]!.replace("[base]", "[out]");
  return chains.join(";");
}
