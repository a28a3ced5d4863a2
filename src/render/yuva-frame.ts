/**
 * The canvas renderer's frames as ffmpeg reads them: YUVA 4:2:0 (planes Y, U, V, A), converted from
 * the canvas's straight-alpha RGBA as ffmpeg's own drawing converts colours (BT.601, limited range),
 * each 2x2 block's chroma weighted by alpha. A frame is kept between frames and updated where the canvas changed:
 * the RGBA it was made from is kept too, and only pixels whose RGBA differs are converted again (a
 * timecode's box is read back whole each frame, but only its last digits change), with the 2x2
 * blocks holding them for the chroma.
 */
export class YuvaFrame {
  readonly bytes: Buffer;
  private readonly cw: number;
  private readonly ch: number;
  private readonly rgba: Uint32Array;
  constructor(private readonly w: number, private readonly h: number) {
    this.cw = Math.ceil(w / 2);
    this.ch = Math.ceil(h / 2);
    this.bytes = Buffer.alloc(w * h * 2 + this.cw * this.ch * 2);
    this.bytes.fill(16, 0, w * h);
    this.bytes.fill(128, w * h, w * h + this.cw * this.ch * 2);
    this.rgba = new Uint32Array(w * h);
  }
  /**
   * Converts the canvas's straight-alpha RGBA of an even-aligned rectangle (x0, y0, rw, rh) of this frame
   * into the planes, where it changed; the rectangle's pixels are read from `src` (`stride` pixels a
   * row) from (sx, sy).
   */
  update(src: Uint8ClampedArray, stride: number, sx: number, sy: number, x0: number, y0: number, rw: number, rh: number): void {
    const { w, cw, ch } = this;
    const U = w * this.h, V = U + cw * ch, A = V + cw * ch;
    const b = this.bytes, kept = this.rgba;
    const all = new Uint32Array(src.buffer, src.byteOffset, src.length >> 2);
    const at = (x: number, y: number) => (sy + y) * stride + sx + x;
    const crw = Math.ceil(rw / 2);
    const blocks = new Uint8Array(crw * Math.ceil(rh / 2));
    let any = false;
    // A run of one colour (a streamer, a box) is converted once: the last pixel's values are kept.
    let lastPx = -1, lastY = 0;
    for (let y = 0; y < rh; y++) {
      const row = at(0, y);
      for (let x = 0; x < rw; x++) {
        const i = row + x, o = (y0 + y) * w + x0 + x, p = all[i]!;
        if (p === kept[o]) continue;
        kept[o] = p;
        const j = i * 4;
        if (p !== lastPx) {
          lastPx = p;
          lastY = (16 + (65.738 * src[j]! + 129.057 * src[j + 1]! + 25.064 * src[j + 2]!) / 256 + 0.5) | 0;
        }
        b[o] = lastY;
        b[A + o] = src[j + 3]!;
        blocks[(y >> 1) * crw + (x >> 1)] = 1;
        any = true;
      }
    }
    if (!any) return;
    let blockPx = -1, blockU = 128, blockV = 128;
    for (let cy = 0; cy < Math.ceil(rh / 2); cy++) {
      for (let cx = 0; cx < crw; cx++) {
        if (!blocks[cy * crw + cx]) continue;
        const o = (y0 / 2 + cy) * cw + x0 / 2 + cx;
        if (y0 / 2 + cy >= ch || x0 / 2 + cx >= cw) continue;
        // A whole block of one colour has that colour's chroma (kept from the last such block).
        const i0 = at(cx * 2, cy * 2), p = all[i0]!;
        const whole = cy * 2 + 1 < rh && cx * 2 + 1 < rw && all[i0 + 1] === p && all[i0 + stride] === p && all[i0 + stride + 1] === p;
        if (whole && p === blockPx) {
          b[U + o] = blockU;
          b[V + o] = blockV;
          continue;
        }
        let sa = 0, su = 0, sv = 0;
        for (let dy = 0; dy < 2 && cy * 2 + dy < rh; dy++) {
          for (let dx = 0; dx < 2 && cx * 2 + dx < rw; dx++) {
            const i = at(cx * 2 + dx, cy * 2 + dy) * 4;
            const r = src[i]!, g = src[i + 1]!, bl = src[i + 2]!, a = src[i + 3]!;
            sa += a;
            su += a * (128 + (-37.945 * r - 74.494 * g + 112.439 * bl) / 256);
            sv += a * (128 + (112.439 * r - 94.154 * g - 18.285 * bl) / 256);
          }
        }
        b[U + o] = sa ? (su / sa + 0.5) | 0 : 128;
        b[V + o] = sa ? (sv / sa + 0.5) | 0 : 128;
        if (whole) [blockPx, blockU, blockV] = [p, b[U + o]!, b[V + o]!];
      }
    }
  }

  /**
   * The frame's first `rows` rows made alike, from `row` (`rw` pixels, from the left edge): for a cell
   * crossed only by bands, which run from the top of the picture to the bottom. Its first two rows
   * are converted, then copied down (doubling), which is what converting every row would give.
   */
  updateAlike(row: Uint8ClampedArray, rw: number, rows: number): void {
    this.update(row, 0, 0, 0, 0, 0, rw, Math.min(2, rows));
    const { w, cw } = this;
    const U = w * this.h, V = U + cw * this.ch, A = V + cw * this.ch;
    copyDown(this.bytes, 0, w, rows);
    copyDown(this.bytes, A, w, rows);
    copyDown(this.rgba, 0, w, rows);
    copyDown(this.bytes, U, cw, Math.ceil(rows / 2));
    copyDown(this.bytes, V, cw, Math.ceil(rows / 2));
  }
}

/** Copies the first row of a plane (from `start`, `len` values a row) over its next `rows - 1`, doubling what is copied each time. */
function copyDown(plane: Uint8Array | Uint32Array, start: number, len: number, rows: number): void {
  for (let done = 1; done < rows; done *= 2) plane.copyWithin(start + done * len, start, start + Math.min(done, rows - done) * len);
}
