import { createRequire } from "node:module";
import { overlayAt, type Overlay, type Shape } from "../engine/overlay-model.js";
import { bounds, draw, type Ctx } from "./draw-shapes.js";
import { UserError } from "../errors.js";
import { FILES } from "./picture-graph.js";
import { fontFile } from "../presets/fonts.js";

/**
 * The canvas renderer: the overlay model drawn by Skia (@napi-rs/canvas), frame by frame, streamed to
 * ffmpeg as raw YUVA 4:2:0 with back-pressure and laid over the picture by one overlay filter.
 *
 * Why YUVA and not the canvas's RGBA: measured here, ffmpeg's conversion of a full 1080p RGBA frame to
 * YUVA costs more than the encode can hide (a transparent RGBA overlay alone made a plain transcode
 * 1.56x slower; a YUVA one, 1.11x). So the conversion is done here, and only where the picture
 * changed: the shapes of the frame before and of this one are compared, and only the rectangles of
 * shapes that moved, appeared or went are read back from the canvas (straight alpha, as getImageData
 * gives it; canvas.data() would be premultiplied) and converted. A frame that changes nothing costs
 * nothing but its write. Colours are converted as ffmpeg's own drawing does (BT.601, limited range),
 * so both renderers paint the same values. Memory: one canvas and one frame buffer, whatever the length.
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

/** A YUVA 4:2:0 frame (planes Y, U, V, A) kept between frames and updated where the canvas changed. */
class YuvaFrame {
  readonly bytes: Buffer;
  private readonly cw: number;
  private readonly ch: number;
  constructor(private readonly w: number, private readonly h: number) {
    this.cw = Math.ceil(w / 2);
    this.ch = Math.ceil(h / 2);
    this.bytes = Buffer.alloc(w * h * 2 + this.cw * this.ch * 2);
    this.bytes.fill(16, 0, w * h);
    this.bytes.fill(128, w * h, w * h + this.cw * this.ch * 2);
  }
  /** Converts the canvas's straight-alpha RGBA of an even-aligned rectangle into the planes. */
  update(rgba: Uint8ClampedArray, x0: number, y0: number, rw: number, rh: number): void {
    const { w, h, cw, ch } = this;
    const Y = 0, U = w * h, V = U + cw * ch, A = V + cw * ch;
    const b = this.bytes;
    for (let y = 0; y < rh; y++) {
      for (let x = 0; x < rw; x++) {
        const i = (y * rw + x) * 4;
        const o = (y0 + y) * w + x0 + x;
        b[Y + o] = (16 + (65.738 * rgba[i]! + 129.057 * rgba[i + 1]! + 25.064 * rgba[i + 2]!) / 256 + 0.5) | 0;
        b[A + o] = rgba[i + 3]!;
      }
    }
    for (let cy = 0; cy < Math.ceil(rh / 2); cy++) {
      for (let cx = 0; cx < Math.ceil(rw / 2); cx++) {
        let sa = 0, su = 0, sv = 0;
        for (let dy = 0; dy < 2 && cy * 2 + dy < rh; dy++) {
          for (let dx = 0; dx < 2 && cx * 2 + dx < rw; dx++) {
            const i = ((cy * 2 + dy) * rw + cx * 2 + dx) * 4;
            const r = rgba[i]!, g = rgba[i + 1]!, bl = rgba[i + 2]!, a = rgba[i + 3]!;
            sa += a;
            su += a * (128 + (-37.945 * r - 74.494 * g + 112.439 * bl) / 256);
            sv += a * (128 + (112.439 * r - 94.154 * g - 18.285 * bl) / 256);
          }
        }
        const o = (y0 / 2 + cy) * cw + x0 / 2 + cx;
        if (y0 / 2 + cy >= ch || x0 / 2 + cx >= cw) continue;
        b[U + o] = sa ? (su / sa + 0.5) | 0 : 128;
        b[V + o] = sa ? (sv / sa + 0.5) | 0 : 128;
      }
    }
  }
}

type Pipe = NodeJS.WritableStream & { destroyed?: boolean; write(chunk: Uint8Array, cb: (e?: Error | null) => void): boolean };

/** Writes a frame and waits until the system has taken it (the buffer is reused): back-pressure, frame by frame. */
function write(input: Pipe, chunk: Buffer): Promise<void> {
  if (input.destroyed) return Promise.reject(new Error("ffmpeg closed the overlay's pipe"));
  return new Promise((resolve, reject) => {
    input.write(chunk, (e) => (e ? reject(new Error("ffmpeg closed the overlay's pipe")) : resolve()));
  });
}

/** Draws every frame's overlay and feeds it to ffmpeg, in frame order. */
export async function feedCanvasOverlay(overlay: Overlay, frames: number, input: Pipe): Promise<void> {
  const { createCanvas } = canvasLibrary();
  const { width: W, height: H } = overlay.layout;
  const ctx = createCanvas(W, H).getContext("2d");
  const frame = new YuvaFrame(W, H);
  let before = new Map<string, Shape>();
  for (let n = 0; n < frames; n++) {
    const shapes = overlayAt(overlay, n);
    const now = new Map(shapes.map((s) => [key(s), s]));
    const changed = [...before].filter(([k]) => !now.has(k)).concat([...now].filter(([k]) => !before.has(k))).map(([, s]) => s);
    if (changed.length) {
      ctx.clearRect(0, 0, W, H);
      for (const s of shapes) draw(ctx, s, overlay);
      for (const s of changed) {
        const b = bounds(ctx, s, overlay);
        // Whole pixels, even-aligned for the half-size chroma, inside the picture; a pixel of margin for anti-aliasing.
        const x0 = Math.max(0, (Math.floor(b.x0 - 1) >> 1) << 1), y0 = Math.max(0, (Math.floor(b.y0 - 1) >> 1) << 1);
        const x1 = Math.min(W, Math.ceil(b.x1 + 1)), y1 = Math.min(H, Math.ceil(b.y1 + 1));
        if (x1 <= x0 || y1 <= y0) continue;
        frame.update(ctx.getImageData(x0, y0, x1 - x0, y1 - y0).data, x0, y0, x1 - x0, y1 - y0);
      }
    }
    before = now;
    await write(input, frame.bytes);
  }
}

/** The filter graph for the canvas: the picture (and the slate, when generated), the canvas's frames laid over it. */
export function canvasGraph(overlay: Overlay, canvasInput: number): string {
  const L = overlay.layout;
  const head: string[] = ["setpts='round(N/FRAME_RATE/TB)'"];
  if (overlay.slateLines) {
    head.push(`drawgrid=w=iw/16:h=ih/9:t=1:c=white@0.12`);
    head.push(`drawtext=fontfile=${FILES.sans}:textfile=${FILES.slateText}:expansion=none:fontsize=${L.slate.size}:fontcolor=white@0.55:line_spacing=${L.slate.lineSpacing}:x=(w-tw)/2:y=(h-th)/2`);
  }
  return `[0:v]${head.join(",")}[base];[${canvasInput}:v]setpts='round(N/FRAME_RATE/TB)'[ov];[base][ov]overlay=0:0:format=yuv420:eof_action=pass[out]`;
}
