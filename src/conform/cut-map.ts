import { Rational } from "../engine/rational.js";
import { sourceAt, type Segment } from "./segments.js";

/**
 * Where a frame of the old cut is in the new one: old record frame -> source and source frame ->
 * new record frame. Every stretch of an old shot whose frames the new cut still shows (at whatever
 * speed) is a span; the spans that keep their order (the heaviest chain increasing in both cuts, by
 * frames) are the cut's unmoved body, and a frame mapped through them is unchanged or shifted; one
 * mapped through a span out of that order moved. Pure: no files.
 */
export type FrameStatus = "unchanged" | "shifted" | "moved" | "lost" | "ambiguous" | "uncertain";

export interface FrameMapping {
  from: number;
  /** The new frame (for an ambiguous frame, the likeliest candidate; null when lost). */
  to: number | null;
  status: FrameStatus;
  /** Why, in words, where the status needs it. */
  reason?: string;
  /** Every new frame it could be (ambiguous; uncertain where two sides disagree). */
  candidates?: number[];
  /** For a lost frame: the nearest frames on either side that the new cut still shows. */
  nearest?: { before?: { from: number; to: number }; after?: { from: number; to: number } };
  /** The old shot it is in. */
  shot?: string;
}

interface Span {
  old: Segment;
  neu: Segment;
  oldFrom: number;
  oldTo: number;
  /** New (real) record position of old frame r: a + b r. */
  a: Rational;
  b: Rational;
  /** a, where b is 1 and a whole (a shot at the same speed in both cuts): the new frame is r + shift. */
  shift?: number;
  kept: boolean;
}

/** The first index whose value is >= x, and the number of values <= x, in a sorted array. */
const lowerBound = (a: readonly number[], x: number) => { let [l, h] = [0, a.length]; while (l < h) { const m = (l + h) >> 1; if (a[m]! < x) l = m + 1; else h = m; } return l; };
const upperBound = (a: readonly number[], x: number) => { let [l, h] = [0, a.length]; while (l < h) { const m = (l + h) >> 1; if (a[m]! <= x) l = m + 1; else h = m; } return l; };

const newAt = (s: Span, r: number) => (s.shift !== undefined ? r + s.shift : Number(s.a.add(s.b.mul(r)).round()));
const ceil = (x: Rational) => Number(x.isInteger() ? x.floor() : x.floor() + 1n);

/** The spans of old shot `o` that new shot `n` still shows. */
function spansBetween(o: Segment, n: Segment): Span[] {
  if (o.black || n.black || !o.speed || !n.speed || o.key !== n.key) return [];
  if (o.speed.eq(0) || n.speed.eq(0)) {
    // A freeze follows a freeze of the same frame, frame for frame as far as both last.
    if (!(o.speed.eq(0) && n.speed.eq(0) && o.srcIn.eq(n.srcIn))) return [];
    const len = Math.min(o.recOut - o.recIn, n.recOut - n.recIn);
    return [{ old: o, neu: n, oldFrom: o.recIn, oldTo: o.recIn + len, a: Rational.of(n.recIn - o.recIn), b: Rational.ONE, kept: false }];
  }
  if (o.speed.eq(1) && n.speed.eq(1) && o.srcIn.isInteger() && n.srcIn.isInteger()) {
    // The same speed in both cuts (most shots): r' = r + shift, in whole frames.
    const shift = n.recIn - o.recIn + Number(o.srcIn.n - n.srcIn.n);
    const oldFrom = Math.max(n.recIn - shift, o.recIn), oldTo = Math.min(n.recOut - shift, o.recOut);
    return oldTo > oldFrom ? [{ old: o, neu: n, oldFrom, oldTo, a: Rational.of(shift), b: Rational.ONE, shift, kept: false }] : [];
  }
  // r' = n.recIn + (o.srcIn + o.speed (r - o.recIn) - n.srcIn) / n.speed, linear in r.
  const b = o.speed.div(n.speed);
  const a = Rational.of(n.recIn).add(o.srcIn.sub(o.speed.mul(o.recIn)).sub(n.srcIn).div(n.speed));
  // Old frames whose new position lies in [n.recIn - 1/2, n.recOut - 1/2): they round onto n's frames.
  const lo = Rational.of(n.recIn).sub(Rational.of(1, 2)).sub(a).div(b);
  const hi = Rational.of(n.recOut).sub(Rational.of(1, 2)).sub(a).div(b);
  const [from, to] = b.gt(0) ? [ceil(lo), ceil(hi)] : [Number(hi.floor()) + 1, Number(lo.floor()) + 1];
  const oldFrom = Math.max(from, o.recIn);
  const oldTo = Math.min(to, o.recOut);
  return oldTo > oldFrom ? [{ old: o, neu: n, oldFrom, oldTo, a, b, kept: false }] : [];
}

export class CutMap {
  private readonly spans: Span[] = [];
  private readonly byOld = new Map<Segment, Span[]>();

  /** Each source's shots in the new and the old cut, by index, in record order. */
  private readonly newByKey: Map<string, number[]>;
  private readonly oldByKey: Map<string, number[]>;

  constructor(readonly oldCut: readonly Segment[], readonly newCut: readonly Segment[]) {
    const index = (cut: readonly Segment[]) => {
      const byKey = new Map<string, number[]>();
      cut.forEach((seg, i) => {
        const list = byKey.get(seg.key);
        if (list) list.push(i);
        else byKey.set(seg.key, [i]);
      });
      return byKey;
    };
    this.newByKey = index(newCut);
    this.oldByKey = index(oldCut);
    for (const o of oldCut) {
      const found = (this.newByKey.get(o.key) ?? []).flatMap((i) => spansBetween(o, newCut[i]!));
      this.byOld.set(o, found);
      this.spans.push(...found);
    }
    // (in old order, then new: each span's first new frame worked out once, not at every comparison)
    const firstNew = new Map(this.spans.map((x) => [x, newAt(x, x.oldFrom)]));
    this.spans.sort((x, y) => x.oldFrom - y.oldFrom || firstNew.get(x)! - firstNew.get(y)!);
    this.oldFroms = this.spans.map((x) => x.oldFrom);
    this.longest = this.spans.reduce((n, x) => Math.max(n, x.oldTo - x.oldFrom), 0);
    this.markKept();
  }

  /** Each span's first old frame, in the spans' order, and the longest span: to find the spans over a range without a walk through all. */
  private readonly oldFroms: number[];
  private readonly longest: number;

  /** The spans that show a frame of the old cut from `from` to `to`, in their order. */
  private spansOver(from: number, to: number): Span[] {
    const out: Span[] = [];
    for (let i = lowerBound(this.oldFroms, from - this.longest + 1), end = upperBound(this.oldFroms, to); i < end; i++) {
      const s = this.spans[i]!;
      if (s.oldTo > from) out.push(s);
    }
    return out;
  }

  /**
   * The heaviest chain of spans in order in both cuts (weighted by frames): the cut's body that kept
   * its order. A weighted longest increasing subsequence, O(n log n): spans in old order, each chained
   * after the best span that ends before it in both cuts, found in a Fenwick tree of running maxima
   * over where spans end in the new cut.
   */
  private markKept(): void {
    const s = this.spans;
    const lo = s.map((x) => Math.min(newAt(x, x.oldFrom), newAt(x, x.oldTo - 1)));
    const hi = s.map((x) => Math.max(newAt(x, x.oldFrom), newAt(x, x.oldTo - 1)) + 1);
    const ends = [...new Set(hi)].sort((a, b) => a - b);
    const tree = new Array<number>(ends.length + 1).fill(-1); // index of the best span, per prefix
    const best = s.map((x) => x.oldTo - x.oldFrom);
    const prev = s.map(() => -1);
    const better = (a: number, b: number) => (a < 0 ? b : b < 0 ? a : best[b]! > best[a]! ? b : a);
    const add = (i: number) => { for (let k = lowerBound(ends, hi[i]!) + 1; k <= ends.length; k += k & -k) tree[k] = better(tree[k]!, i); };
    const query = (limit: number) => { let r = -1; for (let k = upperBound(ends, limit); k > 0; k -= k & -k) r = better(r, tree[k]!); return r; };
    // Spans become chainable once the old cut is past their end.
    const byEnd = s.map((_, i) => i).sort((a, b) => s[a]!.oldTo - s[b]!.oldTo);
    let next = 0;
    for (let i = 0; i < s.length; i++) {
      while (next < byEnd.length && s[byEnd[next]!]!.oldTo <= s[i]!.oldFrom) add(byEnd[next++]!);
      const j = query(lo[i]!);
      if (j >= 0) {
        best[i] = best[j]! + s[i]!.oldTo - s[i]!.oldFrom;
        prev[i] = j;
      }
    }
    let i = best.reduce((bi, v, k) => (v > (best[bi] ?? -1) ? k : bi), -1);
    while (i >= 0) {
      s[i]!.kept = true;
      i = prev[i]!;
    }
  }

  private oldSegmentAt(frame: number): Segment | undefined {
    const c = this.oldCut;
    let [lo, hi] = [0, c.length - 1];
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (frame < c[mid]!.recIn) hi = mid - 1;
      else if (frame >= c[mid]!.recOut) lo = mid + 1;
      else return c[mid];
    }
    return undefined;
  }

  /**
   * New frames a source frame is shown at (none, one, or several where the source is used twice), in
   * record order. With `underDissolves`, also where a shot goes on under the dissolve into the next.
   */
  private newFramesOf(key: string, x: Rational, underDissolves = false): { frame: number; seg: Segment; under?: Segment }[] {
    const out: { frame: number; seg: Segment; under?: Segment }[] = [];
    (this.newByKey.get(key) ?? []).forEach((i) => {
      const n = this.newCut[i]!;
      if (n.black || !n.speed) return;
      if (n.speed.eq(0)) {
        if (x.floor() === n.srcIn.floor()) out.push({ frame: n.recIn, seg: n });
        return;
      }
      const next = this.newCut[i + 1];
      const tail = underDissolves && next?.transition && next.recIn === n.recOut ? next.transition.to - next.transition.from : 0;
      const f = Number(Rational.of(n.recIn).add(x.sub(n.srcIn).div(n.speed)).round());
      if (f >= n.recIn && f < n.recOut) out.push({ frame: f, seg: n });
      else if (f >= n.recOut && f < n.recOut + tail) out.push({ frame: f, seg: next!, under: n });
    });
    return out;
  }

  /** How many times the old cut shows a source frame. */
  private oldUses(key: string, x: Rational): Segment[] {
    return (this.oldByKey.get(key) ?? []).map((i) => this.oldCut[i]!).filter((o) => {
      if (o.black || !o.speed) return false;
      if (o.speed.eq(0)) return x.floor() === o.srcIn.floor();
      const r = Number(Rational.of(o.recIn).add(x.sub(o.srcIn).div(o.speed)).round());
      return r >= o.recIn && r < o.recOut;
    });
  }

  map(frame: number): FrameMapping {
    const o = this.oldSegmentAt(frame);
    if (!o || o.black) return this.fromNeighbours(frame, o ? "in black" : this.oldCut.length && frame >= this.oldCut[0]!.recIn && frame < this.oldCut[this.oldCut.length - 1]!.recOut ? "in a gap of the old cut" : "outside the old cut");
    if (!o.speed) return this.fromNeighbours(frame, `in a speed ramp (${o.shot}), which cannot be followed frame by frame`, o.shot);
    const x = sourceAt(o, frame);
    const through = (this.byOld.get(o) ?? []).filter((s) => frame >= s.oldFrom && frame < s.oldTo);
    let candidates = through.map((s) => ({ frame: newAt(s, frame), span: s as Span | undefined, seg: s.neu }));
    let reason: string | undefined;
    if (!candidates.length) {
      // No span: a freeze against moving picture, moving picture against a freeze, a shot that now
      // goes on under a dissolve, or gone.
      const others = this.newFramesOf(o.key, x, true);
      if (others.length) {
        candidates = others.map((c) => ({ frame: c.frame, seg: c.seg, span: undefined }));
        const under = others.find((c) => c.under);
        reason = o.speed.eq(0) ? "on a freeze frame in the old cut: placed where the new cut shows that frame"
          : under ? `now under the ${under.seg.transition!.kind} from ${o.shot} into ${under.seg.shot}`
          : "the new cut holds this frame as a freeze: placed on its first frame";
      }
    }
    // In a dissolve, the outgoing shot is on screen too: where does it put this frame?
    const inDissolve = o.transition && frame >= o.transition.from && frame < o.transition.to;
    const outgoing = inDissolve ? this.oldCut[this.oldCut.indexOf(o) - 1] : undefined;
    const other = outgoing && outgoing.speed && !outgoing.black ? this.newFramesOf(outgoing.key, sourceAt(outgoing, frame), true).map((v) => v.frame) : [];
    if (!candidates.length && other.length) return { from: frame, to: other[0]!, status: "uncertain", reason: `in a ${o.transition!.kind} from ${outgoing!.shot} to ${o.shot}: placed by ${outgoing!.shot}, the only one of the two the new cut still shows there`, ...(other.length > 1 ? { candidates: other } : {}), shot: o.shot };
    if (!candidates.length) return { from: frame, to: null, status: "lost", reason: `its frames of ${o.shot} were cut out`, nearest: this.nearestSurviving(frame), shot: o.shot };
    if (candidates.length > 1) {
      const uses = this.oldUses(o.key, x).sort((p, q) => p.recIn - q.recIn);
      const ordered = [...candidates].sort((p, q) => p.frame - q.frame);
      if (uses.length === ordered.length) candidates = [ordered[uses.indexOf(o)]!];
      else {
        const shift = this.neighbourShift(frame) ?? 0;
        const likeliest = ordered.reduce((p, q) => (Math.abs(q.frame - frame - shift) < Math.abs(p.frame - frame - shift) ? q : p));
        return { from: frame, to: likeliest.frame, status: "ambiguous", reason: `${o.shot} is used ${ordered.length} times in the new cut (${uses.length} in the old)`, candidates: ordered.map((c) => c.frame), shot: o.shot };
      }
    }
    const c = candidates[0]!;
    const shift = c.frame - frame;
    if (inDissolve) {
      if (!other.includes(c.frame)) return { from: frame, to: c.frame, status: "uncertain", reason: `in a ${o.transition!.kind} from ${outgoing?.shot ?? "black"} to ${o.shot}, which the two shots place differently: placed by ${o.shot}`, candidates: [c.frame, ...other], shot: o.shot };
    } else if (c.seg.transition && c.frame >= c.seg.transition.from && c.frame < c.seg.transition.to) {
      return { from: frame, to: c.frame, status: "uncertain", reason: `now in a ${c.seg.transition.kind} into ${c.seg.shot}`, shot: o.shot };
    }
    if (reason || !c.span) return { from: frame, to: c.frame, status: "uncertain", ...(reason ? { reason } : {}), shot: o.shot };
    return { from: frame, to: c.frame, status: !c.span.kept ? "moved" : shift === 0 ? "unchanged" : "shifted", ...(!c.span.kept ? { reason: `${o.shot} moved elsewhere in the cut` } : {}), shot: o.shot };
  }

  /** The shift of the nearest old frame, before or after, that maps; undefined when none does. */
  private neighbourShift(frame: number): number | undefined {
    const n = this.nearestSurviving(frame);
    const d = (p?: { from: number; to: number }) => (p ? Math.abs(p.from - frame) : Infinity);
    const pick = d(n.before) <= d(n.after) ? n.before : n.after;
    return pick ? pick.to - pick.from : undefined;
  }

  /** Placed from its neighbours: the shift of the nearest frame either side that the new cut shows. */
  private fromNeighbours(frame: number, where: string, shot?: string): FrameMapping {
    const n = this.nearestSurviving(frame);
    const shift = this.neighbourShift(frame);
    if (shift === undefined) return { from: frame, to: null, status: "lost", reason: `${where}, and nothing around it is in the new cut`, nearest: n };
    const same = n.before && n.after && n.before.to - n.before.from === n.after.to - n.after.from;
    if (same && shift === 0) return { from: frame, to: frame, status: "unchanged", ...(shot ? { shot } : {}) };
    return { from: frame, to: frame + shift, status: "uncertain", reason: `${where}: placed from its neighbours`, ...(shot ? { shot } : {}) };
  }

  /** The nearest old frames before and after `frame` that the new cut still shows, with their new frames. */
  nearestSurviving(frame: number): NonNullable<FrameMapping["nearest"]> {
    let before: { from: number; to: number } | undefined;
    let after: { from: number; to: number } | undefined;
    for (const s of this.spans) {
      if (s.oldTo <= frame) {
        if (!before || s.oldTo - 1 > before.from) before = { from: s.oldTo - 1, to: newAt(s, s.oldTo - 1) };
      } else if (s.oldFrom > frame) {
        if (!after || s.oldFrom < after.from) after = { from: s.oldFrom, to: newAt(s, s.oldFrom) };
      }
    }
    return { ...(before ? { before } : {}), ...(after ? { after } : {}) };
  }

  /** The places inside [from, to] of the old cut where the picture changed, for the report. */
  changesWithin(from: number, to: number): { at: number; what: string }[] {
    const over = this.spansOver(from, to);
    const inside = over.filter((s) => s.kept);
    const out: { at: number; what: string }[] = [];
    let last: Span | undefined;
    for (const s of inside) {
      if (last) {
        const gapOld = s.oldFrom - last.oldTo;
        const gapNew = Math.min(newAt(s, s.oldFrom), newAt(s, s.oldTo - 1)) - (Math.max(newAt(last, last.oldFrom), newAt(last, last.oldTo - 1)) + 1);
        if (gapOld > 0) out.push({ at: last.oldTo, what: `${gapOld} frame${gapOld === 1 ? "" : "s"} removed` + (gapNew > 0 ? `, ${gapNew} put in their place` : "") });
        else if (gapNew > 0) out.push({ at: s.oldFrom, what: `${gapNew} frame${gapNew === 1 ? "" : "s"} inserted` });
        else if (gapNew < 0) out.push({ at: s.oldFrom, what: `${-gapNew} frame${gapNew === -1 ? "" : "s"} of overlap` });
      }
      if (!s.b.eq(1) && !s.old.speed?.eq(0)) out.push({ at: Math.max(s.oldFrom, from), what: `${s.old.shot} plays at ${Rational.ONE.div(s.b).mul(100).toDecimal(1)}% of its old speed` });
      last = s;
    }
    for (const s of over.filter((x) => !x.kept)) out.push({ at: s.oldFrom, what: `${s.old.shot} moved elsewhere (${s.oldTo - s.oldFrom} frames)` });
    return out.sort((a, b) => a.at - b.at);
  }
}
