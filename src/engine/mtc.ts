import { isDropFrame, type FrameRate } from "./frame-rate.js";
import { fieldsToFrame } from "./timecode.js";

/**
 * MIDI time code, read: quarter-frame messages (F1 0nnn dddd: pieces 0-7 carry the frames, seconds,
 * minutes and hours nibbles, least significant first; piece 7 also the rate code) and full-frame
 * messages (F0 7F dev 01 01 0rrhhhhh mm ss ff F7, a locate). The eight pieces span two frames: read
 * forwards (0 to 7), the time they spell is where the picture was when piece 0 was sent, so at piece
 * 7 it is 7 quarter frames later; read backwards (7 to 0, the DAW rewinding), 7 quarter frames
 * earlier. Rate codes: 0 = 24 (23.976 too), 1 = 25, 2 = 30 drop frame (29.97 DF), 3 = 30 non-drop
 * (29.97 too).
 */
export const MTC_RATE_NAMES = ["24", "25", "29.97 drop frame", "30"] as const;

/** What a message told: where the picture is (frame index at the cue's rate, fractional: quarter frames count), going which way. */
export interface MtcTime {
  kind: "quarter-frames" | "full-frame";
  /** Frames since 00:00:00:00 at the moment the message came. */
  frame: number;
  /** 1 forwards, -1 backwards, 0 a locate (full frame). */
  direction: 1 | -1 | 0;
  rateCode: number;
}

/** The rate code MTC gives for a frame rate (the nominal rate and drop frame decide it). */
export function mtcRateCode(rate: FrameRate): number | undefined {
  if (isDropFrame(rate)) return rate.nominal === 30 ? 2 : undefined;
  return ({ 24: 0, 25: 1, 30: 3 } as Record<number, number>)[rate.nominal];
}

/** Why MTC at `code` does not fit the cue's rate, or undefined when it does. */
export function mtcRateProblem(code: number, rate: FrameRate): string | undefined {
  const want = mtcRateCode(rate);
  if (want === undefined) return `MTC cannot carry ${rate.name} fps`;
  return code === want ? undefined : `the MTC says ${MTC_RATE_NAMES[code]} fps, the cue file ${rate.name}`;
}


/** Reads MTC a message at a time (bytes as the Web MIDI API gives them), at the cue's rate. */
export class MtcDecoder {
  private pieces = new Array<number>(8).fill(0);
  private last = -1;
  private run = 0; // pieces in a row in one direction
  private direction: 1 | -1 = 1;

  constructor(private readonly rate: FrameRate) {}

  /** A message; the time it completes, if it completes one. */
  push(data: ArrayLike<number>): MtcTime | undefined {
    if (data[0] === 0xf1 && data.length >= 2) return this.quarter(data[1]!);
    if (data[0] === 0xf0 && data.length >= 10 && data[1] === 0x7f && data[3] === 0x01 && data[4] === 0x01) {
      const hr = data[5]!;
      this.last = -1;
      this.run = 0;
      const frame = fieldsToFrame(this.rate, hr & 0x1f, data[6]!, data[7]!, data[8]!);
      return frame === undefined ? undefined : { kind: "full-frame", frame, direction: 0, rateCode: (hr >> 5) & 3 };
    }
    return undefined;
  }

  private quarter(byte: number): MtcTime | undefined {
    const piece = (byte >> 4) & 7;
    this.pieces[piece] = byte & 0xf;
    const step = (piece - this.last + 8) % 8;
    if (this.last >= 0 && step === 1) {
      this.run = this.direction === 1 ? this.run + 1 : 2;
      this.direction = 1;
    } else if (this.last >= 0 && step === 7) {
      this.run = this.direction === -1 ? this.run + 1 : 2;
      this.direction = -1;
    } else this.run = 1;
    this.last = piece;
    const done = this.run >= 8 && (this.direction === 1 ? piece === 7 : piece === 0);
    if (!done) return undefined;
    const p = this.pieces;
    const frame = fieldsToFrame(this.rate, p[6]! | ((p[7]! & 1) << 4), p[4]! | (p[5]! << 4), p[2]! | (p[3]! << 4), p[0]! | (p[1]! << 4));
    if (frame === undefined) return undefined;
    return { kind: "quarter-frames", frame: frame + this.direction * 1.75, direction: this.direction, rateCode: (p[7]! >> 1) & 3 };
  }
}
