import { Rational } from "../engine/rational.js";
import type { Checked } from "./delivery-report.js";

/**
 * The stems of one cue are bounced together: they start on the same sample, run the same length and
 * have the same channels. Each is held against the most common value among its siblings (a tie
 * goes to the stems whose time stamp is right, then to the longest), and only the odd ones out are
 * named. Click tracks start at their first warning click, so they are not stems; a file already
 * reported late, or cut short, is not reported again here.
 */
export function checkSiblings(all: readonly Checked[]): void {
  const byCue = new Map<unknown, Checked[]>();
  for (const c of all) if (c.cue && !c.click && c.file.header) byCue.set(c.cue, [...(byCue.get(c.cue) ?? []), c]);
  for (const stems of byCue.values()) {
    if (stems.length < 2) continue;
    const stamped = stems.filter((c) => c.file.header!.bext && c.file.header!.sampleRate);
    const start = (c: Checked) => Rational.of(c.file.header!.bext!.timeReference).div(c.file.header!.sampleRate);
    const refStart = reference(stamped.filter((c) => c.timestampOk).length ? stamped.filter((c) => c.timestampOk) : stamped, start, (a, b) => (a.lt(b) ? -1 : 1));
    for (const c of stamped) {
      if (!refStart || !c.timestampOk) continue;
      // Within a sample at the file's own rate is the same start (siblings at other rates round apart).
      const d = start(c).sub(refStart).mul(c.file.header!.sampleRate);
      if (d.gt(-1) && d.lt(1)) continue;
      const n = Math.abs(Number(d.round())).toLocaleString("en-US");
      c.report.problems.push({ check: "stemStart", expected: `the same first sample as its sibling stems`, received: `${d.gt(0) ? "+" : "-"}${n} samples`, message: `starts ${n} sample${n === "1" ? "" : "s"} ${d.gt(0) ? "after" : "before"} its sibling stems (both on the frame, rounded differently: they will not sum in phase)` });
    }
    const whole = stems.filter((c) => !c.truncated && c.file.header!.sampleRate);
    const length = (c: Checked) => Rational.of(c.file.header!.frames).div(c.file.header!.sampleRate);
    const refLength = reference(whole, length, (a, b) => (a.gt(b) ? -1 : 1));
    for (const c of whole) {
      if (!refLength) break;
      const d = length(c).sub(refLength);
      // Siblings at different sample rates agree to within a sample.
      if (d.mul(c.file.header!.sampleRate).gt(-1) && d.mul(c.file.header!.sampleRate).lt(1)) continue;
      const s = Math.abs(d.toNumber()).toFixed(2);
      c.report.problems.push({ check: "stemLength", expected: `${refLength.toNumber().toFixed(3)} s, like its sibling stems`, received: `${length(c).toNumber().toFixed(3)} s`, message: `is ${s} s ${d.lt(0) ? "shorter" : "longer"} than its sibling stems (${c.file.header!.frames.toLocaleString("en-US")} samples)` });
    }
    const channels = reference(stems, (c) => Rational.of(c.file.header!.channels), (a, b) => (a.gt(b) ? -1 : 1));
    for (const c of stems) {
      const n = c.file.header!.channels;
      if (channels && n !== channels.toNumber()) c.report.problems.push({ check: "channels", expected: `${channels.toNumber()}, like its sibling stems`, received: String(n), message: `has ${n} channel${n === 1 ? "" : "s"}; its sibling stems have ${channels.toNumber()}` });
    }
  }
}

/** The most common value; ties go to the first in `order`. */
function reference(items: readonly Checked[], value: (c: Checked) => Rational, order: (a: Rational, b: Rational) => number): Rational | undefined {
  const counts: { v: Rational; n: number }[] = [];
  for (const c of items) {
    const v = value(c);
    const seen = counts.find((x) => x.v.eq(v));
    if (seen) seen.n++;
    else counts.push({ v, n: 1 });
  }
  counts.sort((a, b) => b.n - a.n || order(a.v, b.v));
  return counts[0]?.v;
}
