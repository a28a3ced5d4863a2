// Baseline for the click benchmark: writes a WAV of the given size, all silence, through the same
// kind of file handle and block size as the click renderer, and flushes it to the disk as Sprocket
// flushes every output before calling it written. Usage: node silent-wav.js PATH BYTES
import { open } from "node:fs/promises";

const [path, bytesText] = process.argv.slice(2);
const total = Number(bytesText);
const block = Buffer.alloc(65536 * 3);
const fh = await open(path, "w");
for (let written = 0; written < total; ) {
  const n = Math.min(block.length, total - written);
  await fh.write(block, 0, n);
  written += n;
}
await fh.sync();
await fh.close();
