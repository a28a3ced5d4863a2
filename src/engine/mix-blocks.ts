/**
 * Mixes sounds placed at sample onsets into consecutive blocks, streaming: only the sounds that
 * sound in the current block are held, so memory stays flat however long the track. Pure (no Node
 * APIs). Each yielded block is reused: use it before asking for the next.
 */

export interface PlacedSound {
  /** First sample, from the start of the file. */
  onset: number;
  sound: Float32Array;
}

export interface MixedBlock {
  /** Samples of this block; zero outside `spans`. */
  samples: Float32Array;
  /** Number of valid samples (the last block may be short). */
  length: number;
  /** Sample ranges [start, end) within the block where something sounds, in order, not overlapping. */
  spans: [number, number][];
}

export function* mixBlocks(sounds: Iterable<PlacedSound>, totalSamples: number, blockSize = 48000): Generator<MixedBlock> {
  const it = sounds[Symbol.iterator]();
  let next = it.next();
  let active: PlacedSound[] = [];
  const samples = new Float32Array(blockSize);
  let previous: [number, number][] = [];
  for (let b0 = 0; b0 < totalSamples; b0 += blockSize) {
    const length = Math.min(blockSize, totalSamples - b0);
    const b1 = b0 + length;
    for (const [s, e] of previous) samples.fill(0, s, e);
    while (!next.done && next.value.onset < b1) {
      if (next.value.onset + next.value.sound.length > b0) active.push(next.value);
      next = it.next();
    }
    const spans: [number, number][] = [];
    for (const p of active) {
      const from = Math.max(p.onset, b0);
      const to = Math.min(p.onset + p.sound.length, b1);
      if (to <= from) continue;
      const offset = p.onset - b0;
      for (let i = from - b0; i < to - b0; i++) samples[i]! += p.sound[i - offset]!;
      spans.push([from - b0, to - b0]);
    }
    active = active.filter((p) => p.onset + p.sound.length > b1);
    previous = mergeSpans(spans);
    yield { samples, length, spans: previous };
  }
}

function mergeSpans(spans: [number, number][]): [number, number][] {
  spans.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}
