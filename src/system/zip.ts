import { crc32, deflateRawSync, inflateRawSync } from "node:zlib";
import { UserError } from "../errors.js";

/**
 * The ZIP container of a compressed MusicXML file (.mxl), written and read strictly: stored or
 * deflated entries, no encryption, no ZIP64, no spanning. Writing is byte for byte repeatable (every
 * entry dated 1980-01-01). Reading checks every entry's sizes and CRC, and says what is wrong with a
 * damaged archive in words, naming the file.
 */

export interface ZipEntry {
  name: string;
  data: Buffer;
  /** Stored as it is (the .mxl's `mimetype` must be). */
  store?: boolean;
}

const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
const UTF8_NAMES = 1 << 11;

export function writeZip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const body = e.store ? e.data : deflateRawSync(e.data, { level: 9 });
    const crc = crc32(e.data);
    const method = e.store ? 0 : 8;
    // The fields the local header (from byte 6) and the central directory's (from byte 8) share.
    const shared = (b: Buffer, at: number) => {
      b.writeUInt16LE(UTF8_NAMES, at);
      b.writeUInt16LE(method, at + 2);
      b.writeUInt16LE(0, at + 4);
      b.writeUInt16LE(DOS_DATE, at + 6);
      b.writeUInt32LE(crc, at + 8);
      b.writeUInt32LE(body.length, at + 12);
      b.writeUInt32LE(e.data.length, at + 16);
      b.writeUInt16LE(name.length, at + 20);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    shared(local, 6);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    shared(header, 8);
    header.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    central.push(header, name);
    offset += local.length + name.length + body.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** Every entry of a ZIP archive by name, each checked against its sizes and CRC. */
export function readZip(buf: Buffer, file: string): Map<string, Buffer> {
  const damaged = (what: string): never => {
    throw new UserError({ message: `${file} is not a readable ZIP archive: ${what}.`, location: { file }, expected: "a compressed MusicXML file (.mxl) as notation programs write it", hint: "Export the score again, or export it uncompressed (.musicxml)." });
  };
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) damaged(buf.length < 22 ? `it is ${buf.length} bytes long` : "its end of central directory is missing (cut short?)");
  const count = buf.readUInt16LE(eocd + 10);
  const dirSize = buf.readUInt32LE(eocd + 12);
  const dirOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) damaged("it is a ZIP64 archive, which a score never needs");
  if (dirOffset + dirSize > eocd) damaged("its central directory lies past its end");
  const entries = new Map<string, Buffer>();
  let p = dirOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== 0x02014b50) damaged(`entry ${k + 1} of ${count} in its central directory is damaged`);
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const packed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extra = buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLength).toString(flags & UTF8_NAMES ? "utf8" : "latin1");
    p += 46 + nameLength + extra;
    if (flags & 1) damaged(`${name} is encrypted`);
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) damaged(`${name}'s local header is missing`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + packed > buf.length) damaged(`${name} is cut short (${buf.length - start} of ${packed} bytes)`);
    const body = buf.subarray(start, start + packed);
    let data: Buffer;
    if (method === 0) data = body;
    else if (method === 8) {
      try {
        data = inflateRawSync(body);
      } catch {
        return damaged(`${name} does not inflate (its compressed data is damaged)`);
      }
    } else return damaged(`${name} is compressed with method ${method}; only stored (0) and deflated (8) are read`);
    if (data.length !== size) damaged(`${name} holds ${data.length} bytes where its header says ${size}`);
    if (crc32(data) !== crc) damaged(`${name} fails its CRC check`);
    if (!name.endsWith("/")) entries.set(name, data);
  }
  return entries;
}
