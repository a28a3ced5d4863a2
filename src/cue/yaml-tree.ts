/**
 * A YAML document as the cue-file reader needs it: mappings, lists and scalars (resolved by YAML
 * 1.2's core schema), each with the offset in the text where it starts. Made by the fast reader
 * (yaml-fast.ts) or from the `yaml` package's document (yaml-full.ts); the two agree wherever the
 * fast reader answers. `end` is where a scalar's text or a flow collection's closing bracket ends; a
 * block collection ends where its last value does (the line an item is added after).
 */
export type YNode = YMap | YSeq | YScalar | YOther;

export interface YScalar {
  kind: "scalar";
  /** string, number, boolean or null */
  value: unknown;
  /** The scalar's text once its quotes and escapes are read (a plain scalar's text as written). */
  source: string;
  start: number;
  end: number;
}

export interface YPair {
  key: YNode | null;
  value: YNode | null;
}

export interface YMap {
  kind: "map";
  pairs: YPair[];
  flow: boolean;
  start: number;
  end: number;
}

export interface YSeq {
  kind: "seq";
  items: (YNode | null)[];
  flow: boolean;
  start: number;
  end: number;
}

/** Anything else the full reader may give (an alias it could not resolve). */
export interface YOther {
  kind: "other";
  start: number;
  end: number;
}

/** The pair of `key` in a mapping (keys compared as text). */
export function pairAt(map: YMap, key: string): YPair | undefined {
  return map.pairs.find((p) => p.key?.kind === "scalar" && String(p.key.value) === key);
}

/** The value at `key` in a mapping. */
export const valueAt = (map: YMap, key: string): YNode | null | undefined => pairAt(map, key)?.value;

/** The end of a block collection: where its last value (or key) ends, else where it starts. */
export function blockEnd(last: YNode | null | undefined, key: YNode | null | undefined, start: number): number {
  return last?.end ?? key?.end ?? start;
}

/** Line and column (both from 1) of an offset, as the `yaml` package's LineCounter gives them. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.starts.push(i + 1);
  }

  at(offset: number): { line: number; column: number } {
    let low = 0, high = this.starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.starts[mid]! <= offset) low = mid + 1;
      else high = mid;
    }
    return { line: low, column: offset - this.starts[low - 1]! + 1 };
  }
}
