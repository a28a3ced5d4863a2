/**
 * Which constant tempos land which hits on a grid, exactly (no sampling of tempos).
 *
 * A hit t seconds after the downbeat lands on grid point k (k x g beats) at tempo B when
 * |t - 60 k g / B| <= tol, that is for B in [60 k g / (t + tol), 60 k g / (t - tol)]. Sweeping every
 * such interval in order of tempo finds each range of tempos over which the same hits land; within a
 * range the best tempo minimises the weighted squared error, which in x = 1/B is a quadratic with a
 * closed-form minimum. Above the tempo where the grid step is twice the tolerance every hit lands
 * trivially, so the search stops there and says so. Pure: no Node APIs.
 */

export interface FitHit {
  label: string;
  /** Seconds from the downbeat (may be negative: in the count-in). */
  seconds: number;
  weight: number;
  important: boolean;
}

export interface FitOptions {
  minBpm: number;
  maxBpm: number;
  toleranceSeconds: number;
  /** Grid step in beats: 1, 1/2, 1/4, 1/3 (triplet eighths)... */
  grid: number;
  maxCandidates: number;
}

export interface FitCandidate {
  /** The tempo with the least weighted squared error in its range. */
  bpm: number;
  /** Every tempo in this range lands the same hits. */
  range: [number, number];
  landed: number;
  landedWeight: number;
  /** Weighted root-mean-square error of the landed hits, seconds. */
  rmsSeconds: number;
  /** For each hit (in input order): its nearest grid index at `bpm` and signed error in seconds (hit minus grid). */
  hits: { k: number; offsetSeconds: number; landed: boolean }[];
}

export interface FitResult {
  candidates: FitCandidate[];
  /** The fastest tempo searched (lower than asked when the grid would be finer than twice the tolerance). */
  searchedMax: number;
}

/** A binary min-heap of hit indices keyed by each hit's next edge tempo. */
class EdgeHeap {
  private readonly items: number[] = [];
  constructor(private readonly key: Float64Array) {}
  get size() {
    return this.items.length;
  }
  peek(): number {
    return this.items[0]!;
  }
  push(i: number): void {
    const a = this.items;
    a.push(i);
    for (let j = a.length - 1; j > 0; ) {
      const p = (j - 1) >> 1;
      if (this.key[a[p]!]! <= this.key[a[j]!]!) break;
      [a[p], a[j]] = [a[j]!, a[p]!];
      j = p;
    }
  }
  /** After the top's key grew, moves it down to its place; or removes the top. */
  fixTop(remove: boolean): void {
    const a = this.items;
    if (remove) {
      const last = a.pop()!;
      if (a.length === 0) return;
      a[0] = last;
    }
    this.siftDown();
  }
  private siftDown(): void {
    const a = this.items;
    for (let j = 0; ; ) {
      const l = 2 * j + 1, r = l + 1;
      let m = j;
      if (l < a.length && this.key[a[l]!]! < this.key[a[m]!]!) m = l;
      if (r < a.length && this.key[a[r]!]! < this.key[a[m]!]!) m = r;
      if (m === j) return;
      [a[m], a[j]] = [a[j]!, a[m]!];
      j = m;
    }
  }
}

export function fitConstantTempo(hits: FitHit[], o: FitOptions): FitResult {
  const c = 60 * o.grid;
  const tol = o.toleranceSeconds;
  const searchedMax = Math.min(o.maxBpm, (c / (2 * tol)) * (1 - 1e-9));
  const n = hits.length;
  // Each hit walks its landing intervals in order of tempo: k from kMin to kMax, first the interval's
  // low edge (it starts landing), then its high edge (it stops). A heap merges the walks.
  const kNow = new Float64Array(n), kEnd = new Float64Array(n), phase = new Uint8Array(n), next = new Float64Array(n);
  const edgeOf = (i: number) => {
    const t = Math.abs(hits[i]!.seconds);
    return phase[i] === 0 ? Math.max(o.minBpm, (kNow[i]! * c) / (t + tol)) : Math.min(searchedMax, (kNow[i]! * c) / (t - tol));
  };
  const heap = new EdgeHeap(next);
  const always: number[] = [];
  hits.forEach((h, i) => {
    const t = Math.abs(h.seconds);
    if (t <= tol) return void always.push(i); // on the downbeat, whatever the tempo
    kNow[i] = Math.max(1, Math.ceil((o.minBpm * (t - tol)) / c));
    kEnd[i] = Math.floor((searchedMax * (t + tol)) / c);
    if (kNow[i]! > kEnd[i]!) return;
    next[i] = edgeOf(i);
    heap.push(i);
  });

  const importantTotal = hits.filter((h) => h.important).length;
  const NONE = 0x7fffffff;
  const active = new Int32Array(n).fill(NONE); // k of the landing grid point, or none
  let weight = 0, count = 0, important = 0, s0 = 0, s1 = 0, s2 = 0;
  const toggle = (i: number, k: number, on: boolean) => {
    const h = hits[i]!;
    const d = on ? 1 : -1;
    active[i] = on ? k : NONE;
    weight += d * h.weight;
    count += d;
    if (h.important) important += d;
    s0 += d * h.weight * h.seconds * h.seconds;
    s1 += d * h.weight * h.seconds * k * c;
    s2 += d * h.weight * (k * c) ** 2;
  };
  for (const i of always) toggle(i, 0, true);

  type Entry = { bpm: number; range: [number, number]; weight: number; count: number; err: number; ks: Int32Array };
  const best: Entry[] = [];
  const worse = (a: { weight: number; err: number; bpm: number }, b: { weight: number; err: number; bpm: number }) =>
    a.weight !== b.weight ? a.weight < b.weight : Math.abs(a.err - b.err) > 1e-9 * Math.max(a.err, b.err) + 1e-18 ? a.err > b.err : a.bpm > b.bpm;
  let from = o.minBpm;
  const consider = (to: number) => {
    if (to <= from || important < importantTotal || count === 0) return;
    if (best.length >= o.maxCandidates && weight < best[best.length - 1]!.weight) return; // cannot rank
    const xLo = 1 / to, xHi = 1 / from;
    const x = s2 > 0 ? Math.min(xHi, Math.max(xLo, s1 / s2)) : (xLo + xHi) / 2;
    const err = Math.max(0, s0 - 2 * x * s1 + x * x * s2);
    const probe = { bpm: 1 / x, weight, err };
    if (best.length >= o.maxCandidates && !worse(best[best.length - 1]!, probe)) return;
    best.push({ ...probe, range: [from, to], count, ks: active.slice() });
    best.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
    if (best.length > o.maxCandidates) best.pop();
  };
  while (heap.size) {
    const i = heap.peek();
    const at = next[i]!;
    consider(at);
    if (at > from) from = at;
    const k = Math.sign(hits[i]!.seconds) * kNow[i]!;
    if (phase[i] === 0) {
      toggle(i, k, true);
      phase[i] = 1;
    } else {
      toggle(i, k, false);
      phase[i] = 0;
      kNow[i]! += 1;
    }
    const done = kNow[i]! > kEnd[i]!;
    if (!done) next[i] = edgeOf(i);
    heap.fixTop(done);
  }
  consider(searchedMax);

  return {
    searchedMax,
    candidates: best.map((b) => {
      const perHit = hits.map((h, i) => {
        const landedK = b.ks[i]!;
        const k = landedK !== NONE ? landedK : Math.round((h.seconds * b.bpm) / c);
        return { k, offsetSeconds: h.seconds - (k * c) / b.bpm, landed: landedK !== NONE };
      });
      return { bpm: b.bpm, range: b.range, landed: b.count, landedWeight: b.weight, rmsSeconds: Math.sqrt(b.err / Math.max(b.weight, 1e-12)), hits: perHit };
    }),
  };
}
