/**
 * A YAML document as the cue-file reader needs it: mappings, lists and scalars (resolved by YAML
 * 1.2's core schema), each with the offset in the text where it starts. Made by the fast reader
 * (yaml-fast.ts) or from the `yaml` package's document (yaml-full.ts); the two agree wherever the
 * fast reader answers.
 */
export type YNode = YMap | YSeq | YScalar | YOther;

export interface YScalar {
  kind: "scalar";
  /** string, number, boolean or null */
  value: unknown;
  /** The scalar's text once its quotes and escapes are read (a plain scalar's text as written). */
  source: string;
  start: number;
}

export interface YPair {
  key: YNode | null;
  value: YNode | null;
}

export interface YMap {
  kind: "map";
  pairs: YPair[];
  start: number;
}

export interface YSeq {
  kind: "seq";
  items: (YNode | null)[];
  start: number;
}

/** Anything else the full reader may give (an alias it could not resolve). */
export interface YOther {
  kind: "other";
  start: number;
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
