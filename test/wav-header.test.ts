import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import wavefile from "wavefile";
import { parseWavHeader, readWavHeader } from "../src/interchange/read-wav-header.js";
import { problemOf } from "./helpers.js";

/** Chunks built by hand here: id, little-endian size, body, a pad byte after an odd body unless told not to. */
const chunk = (id: string, body: Buffer, pad = true) => {
  const head = Buffer.alloc(8);
  head.write(id, 0, "latin1");
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body, pad && body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
};
const fmt = (channels: number, rate: number, bits: number, tag = 1) => {
  const b = Buffer.alloc(16);
  b.writeUInt16LE(tag, 0); b.writeUInt16LE(channels, 2); b.writeUInt32LE(rate, 4);
  b.writeUInt32LE((rate * channels * bits) / 8, 8); b.writeUInt16LE((channels * bits) / 8, 12); b.writeUInt16LE(bits, 14);
  return chunk("fmt ", b);
};
const bext = (stamp: bigint) => {
  const b = Buffer.alloc(602);
  b.write("Test", 256, "latin1");
  b.writeUInt32LE(Number(stamp & 0xffffffffn), 338); b.writeUInt32LE(Number(stamp >> 32n), 342);
  return chunk("bext", b);
};
const riff = (id: string, chunks: Buffer[], size?: number) => {
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(12);
  head.write(id, 0, "latin1"); head.writeUInt32LE(size ?? body.length + 4, 4); head.write("WAVE", 8, "latin1");
  return Buffer.concat([head, body]);
};
const parse = (bytes: Buffer) => parseWavHeader((o, n) => Buffer.concat([bytes.subarray(o, o + n), Buffer.alloc(Math.max(0, o + n - Math.max(o, bytes.length)))]), bytes.length, "test.wav");

describe("the WAV header reader", () => {
  it("reads RF64 (sizes in ds64), a time stamp past 32 bits, and bext after the audio", () => {
    const ds64 = Buffer.alloc(28);
    ds64.writeBigUInt64LE(0n, 0); ds64.writeBigUInt64LE(4800n * 6n, 8); ds64.writeBigUInt64LE(4800n, 16);
    const data = chunk("data", Buffer.alloc(4800 * 6));
    data.writeUInt32LE(0xffffffff, 4);
    const h = parse(riff("RF64", [chunk("ds64", ds64), fmt(2, 48000, 24), data, bext(5n << 32n | 7n)], 0xffffffff));
    expect([h.container, h.channels, h.sampleRate, h.bitsPerSample, h.frames, h.bext!.timeReference]).toEqual(["RF64", 2, 48000, 24, 4800, (5n << 32n) + 7n]);
  });
  it("takes an odd chunk left unpadded, says so, and reads on", () => {
    const h = parse(riff("RIFF", [fmt(1, 48000, 24), chunk("LIST", Buffer.from("abc"), false), bext(172800000n), chunk("data", Buffer.alloc(30))]));
    expect([h.bext!.timeReference, h.frames, h.notes]).toEqual([172800000n, 10, ["the LIST chunk is not padded to an even size"]]);
  });
  it("says a truncated data chunk, and a RIFF size that disagrees with the file", () => {
    const bytes = riff("RIFF", [fmt(1, 48000, 16), chunk("data", Buffer.alloc(2000))]);
    const h = parse(bytes.subarray(0, 1000));
    expect([h.dataBytes, h.dataBytesPresent, h.frames]).toEqual([2000, 1000 - 44, (1000 - 44) / 2]);
    expect(h.notes).toEqual([`the RIFF size says ${bytes.length} bytes, the file has 1000`]);
  });
  it("reads WAVE_FORMAT_EXTENSIBLE as its subformat (float), and iXML's speed", () => {
    const w = new wavefile.WaveFile();
    w.fromScratch(1, 96000, "32f", new Float64Array(10));
    w.setiXML("<BWFXML><SPEED><TIMECODE_RATE>30000/1001</TIMECODE_RATE><TIMECODE_FLAG>df</TIMECODE_FLAG><TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI>1</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI><TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO>2</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO></SPEED></BWFXML>");
    const plain = parse(Buffer.from(w.toBuffer()));
    expect([plain.formatTag, plain.sampleRate, plain.ixml]).toEqual([3, 96000, { timecodeRate: "30000/1001", timecodeFlag: "DF", samplesSinceMidnight: (1n << 32n) + 2n }]);
    const ext = Buffer.alloc(40);
    ext.writeUInt16LE(0xfffe, 0); ext.writeUInt16LE(2, 2); ext.writeUInt32LE(48000, 4); ext.writeUInt16LE(8, 12); ext.writeUInt16LE(32, 14); ext.writeUInt16LE(22, 16); ext.writeUInt16LE(3, 24);
    const h = parse(riff("RIFF", [chunk("fmt ", ext), chunk("data", Buffer.alloc(16))]));
    expect([h.extensible, h.formatTag, h.frames]).toEqual([true, 3, 2]);
  });
  it("names what a file is when it is not a WAV, and refuses a WAV with no format or no audio", () => {
    const dir = mkdtempSync(join(tmpdir(), "sprocket-wavhead-"));
    const put = (name: string, bytes: Buffer) => (writeFileSync(join(dir, name), bytes), join(dir, name));
    expect(problemOf(() => readWavHeader(put("a.wav", Buffer.from("ID3\x04\0\0\0\0\0\0", "latin1")))).message).toBe(`${join(dir, "a.wav")} is an MP3 file, not a WAV file.`);
    expect(problemOf(() => readWavHeader(put("b.wav", Buffer.from("fLaC\0\0\0\0\0\0\0\0", "latin1")))).received).toBe('a FLAC file (starting "fLaC")');
    expect(problemOf(() => readWavHeader(put("c.wav", Buffer.alloc(0)))).received).toBe("an empty file");
    expect(problemOf(() => parse(riff("RIFF", [chunk("data", Buffer.alloc(4))]))).message).toBe("test.wav has no fmt chunk: its format is unknown.");
    expect(problemOf(() => parse(riff("RIFF", [fmt(1, 48000, 16)]))).message).toBe("test.wav has no data chunk.");
    expect(problemOf(() => parse(riff("RIFF", [chunk("fmt ", Buffer.alloc(8)), chunk("data", Buffer.alloc(4))]))).received).toBe("8 bytes");
    expect(problemOf(() => readWavHeader(join(dir, "none.wav"))).message).toBe(`Cannot read ${join(dir, "none.wav")}: there is no such file.`);
  });
});
