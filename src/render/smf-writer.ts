/**
 * A Standard MIDI File writer for the events Sprocket writes (meta text, tempo, time signature,
 * SMPTE offset, end of track; note on and off), in one pass into growing buffers: linear in the
 * events. (midi-file's writer copies its whole buffer for every multi-byte delta time, so a cue of
 * an hour with its click as notes took seconds.) The bytes are the ones that writer makes: full status
 * bytes (no running status), note off as 0x80. Text is UTF-8, which current DAWs read; ASCII is the
 * same either way.
 */
export type SmfEvent = { deltaTime: number; type: string; [key: string]: unknown };

const META: Record<string, number> = { text: 0x01, trackName: 0x03, marker: 0x06, cuePoint: 0x07 };
const SMPTE_RATE: Record<number, number> = { 24: 0x00, 25: 0x20, 29: 0x40, 30: 0x60 };

class Bytes {
  private buf = Buffer.alloc(4096);
  length = 0;
  private room(n: number) {
    if (this.length + n <= this.buf.length) return;
    const bigger = Buffer.alloc(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(bigger, 0, 0, this.length);
    this.buf = bigger;
  }
  u8(...values: number[]) {
    this.room(values.length);
    for (const v of values) this.buf[this.length++] = v & 0xff;
  }
  varInt(v: number) {
    if (!Number.isInteger(v) || v < 0 || v > 0x0fffffff) throw new RangeError(`a MIDI variable-length number must be 0 to 268435455, not ${v}`);
    const groups = [v & 0x7f];
    for (v >>>= 7; v; v >>>= 7) groups.unshift((v & 0x7f) | 0x80);
    this.u8(...groups);
  }
  bytes(b: Buffer) {
    this.room(b.length);
    b.copy(this.buf, this.length);
    this.length += b.length;
  }
  done(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

function writeEvent(w: Bytes, e: SmfEvent): void {
  w.varInt(e.deltaTime);
  const meta = (type: number, data: number[] | Buffer) => {
    w.u8(0xff, type);
    w.varInt(data.length);
    if (Buffer.isBuffer(data)) w.bytes(data);
    else w.u8(...data);
  };
  const n = (key: string) => Number(e[key]);
  switch (e.type) {
    case "text":
    case "trackName":
    case "marker":
    case "cuePoint":
      return meta(META[e.type]!, Buffer.from(String(e.text), "utf8"));
    case "setTempo": {
      const us = n("microsecondsPerBeat");
      return meta(0x51, [us >> 16, us >> 8, us]);
    }
    case "smpteOffset":
      return meta(0x54, [(n("hour") & 0x1f) | (SMPTE_RATE[n("frameRate")] ?? 0), n("min"), n("sec"), n("frame"), n("subFrame")]);
    case "timeSignature":
      return meta(0x58, [n("numerator"), Math.floor(Math.log2(n("denominator"))), n("metronome"), n("thirtyseconds") || 8]);
    case "endOfTrack":
      return meta(0x2f, []);
    case "noteOn":
      return w.u8(0x90 | n("channel"), n("noteNumber"), n("velocity"));
    case "noteOff":
      return w.u8(0x80 | n("channel"), n("noteNumber"), n("velocity"));
    default:
      throw new Error(`the SMF writer has no encoding for "${e.type}" events`);
  }
}

/** The bytes of a Standard MIDI File of `format` (0 or 1) with `ppq` ticks a quarter note. */
export function smfBytes(format: 0 | 1, ppq: number, tracks: readonly (readonly SmfEvent[])[]): Buffer {
  const out = new Bytes();
  const chunk = (id: string, body: Buffer) => {
    out.bytes(Buffer.from(id, "latin1"));
    out.u8(body.length >>> 24, body.length >>> 16, body.length >>> 8, body.length);
    out.bytes(body);
  };
  chunk("MThd", Buffer.from([format >> 8, format, tracks.length >> 8, tracks.length, (ppq >> 8) & 0x7f, ppq & 0xff]));
  for (const track of tracks) {
    const w = new Bytes();
    for (const e of track) writeEvent(w, e);
    chunk("MTrk", w.done());
  }
  return out.done();
}
