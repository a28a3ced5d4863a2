import type { FileHandle } from "node:fs/promises";

/**
 * Writes one after another into a file at their own places, a few at once, so that the caller makes
 * the next data while the earlier goes to the disk. A buffer given must stay as it is until its write
 * is done: at most `depth` are on their way at a time (`write` waits when that many are).
 */
export class WritesInFlight {
  private readonly inFlight: Promise<unknown>[] = [];

  constructor(private readonly fh: FileHandle, public at: number, private readonly depth = 3) {}

  /** Writes `data` (one buffer, or several in one vectored write) at the next place. */
  async write(data: Buffer | readonly Buffer[]): Promise<void> {
    const bytes = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : (data as Buffer).length;
    const write = Array.isArray(data) ? this.fh.writev(data as Buffer[], this.at) : this.fh.write(data as Buffer, 0, bytes, this.at);
    write.catch(() => undefined); // said where it is awaited, never as an unhandled rejection
    this.inFlight.push(write);
    this.at += bytes;
    if (this.inFlight.length >= this.depth) await this.inFlight.shift();
  }

  /** Waits for every write given (the first failure is thrown). */
  async done(): Promise<void> {
    await Promise.all(this.inFlight.splice(0));
  }
}
