import type { Cue, CueFile } from "../engine/cue-model.js";
import { cuePlan } from "../engine/cue-plan.js";
import { formatFeetFrames } from "../engine/feet-frames.js";
import { nearestFrameClick } from "../engine/tempo-value.js";
import { Rational } from "../engine/rational.js";
import { formatTimecode } from "../engine/timecode.js";
import { esc } from "../system/html-escape.js";

/**
 * A cue's timing notes, as data and then as Markdown, HTML and an SVG timeline of tempo with the hits
 * marked (pure: no files). What a music editor hands the stage: where it starts, the warning clicks,
 * the tempo map bar by bar, every hit with timecode, footage, bar|beat and its distance from the click.
 */
export function timingNotes(file: CueFile, cue: Cue) {
  const rate = file.rate;
  const t = cuePlan(cue, rate).timing;
  const map = cue.map;
  const tc = (f: number) => formatTimecode(f, rate);
  const fmt = (x: number, d = 3) => String(Number(x.toFixed(d)));
  const events = cue.tempo.map((e) => {
    const q = map.quartersAt(e.bar, e.beat);
    const seconds = map.seconds(q);
    const bpm = e.bpm ? e.bpm.toNumber() : map.tempoAt(q.toNumber()).bpm;
    const frame = cue.start + Math.round(seconds * rate.fps.toNumber());
    return {
      bar: e.bar,
      beat: e.beat ? e.beat.toNumber() : 1,
      meter: e.meter?.text ?? "",
      tempo: e.bpm ? `${e.ramp ? "ramp to " : ""}${fmt(bpm)} BPM` : "",
      frameClick: e.bpm ? nearestFrameClick(Rational.fromNumber(Number(bpm.toFixed(9))), rate).text : "",
      seconds,
      timecode: tc(frame),
    };
  });
  const first = map.meterAt(map.quartersAt(1));
  return {
    title: file.title,
    fps: rate.name,
    id: cue.id,
    cueTitle: cue.title,
    start: tc(cue.start),
    end: tc(t.endFrame),
    endDerived: t.endFrom === "derived",
    lengthSeconds: t.endSeconds,
    countIn: { bars: cue.countIn, meter: first.text, bpm: fmt(map.tempoAt(0).bpm), from: tc(t.countInFrame), seconds: -t.countInSeconds },
    events,
    hits: t.hits.map((h) => ({ label: h.label, timecode: h.timecode, feet: formatFeetFrames(h.frame - cue.start, file.gauge), bar: h.bar, beat: Number(h.beat.toFixed(3)), offsetFrames: Number(h.offsetFrames.toFixed(2)), offsetMs: Number(h.offsetMs.toFixed(1)), seconds: h.seconds })),
    // Tempo over the cue for the plot: [seconds from bar 1, BPM], sampled evenly and just either side
    // of every tempo event, so steps stand upright.
    curve: [
      ...Array.from({ length: 241 }, (_, i) => t.countInSeconds + ((t.endSeconds - t.countInSeconds) * i) / 240),
      ...events.flatMap((e) => [e.seconds - 1e-6, e.seconds + 1e-6]),
    ]
      .filter((s) => s >= t.countInSeconds && s <= t.endSeconds)
      .sort((a, b) => a - b)
      .map((s) => [s, map.tempoAt(map.quarters(s)).bpm] as [number, number]),
  };
}

export type TimingNotes = ReturnType<typeof timingNotes>;

const sign = (x: number) => (x > 0 ? `+${x}` : String(x));
const mdCell = (s: string | number) => String(s).replace(/\|/g, "\\|");

export function notesMarkdown(n: TimingNotes, plotFile: string): string {
  const row = (cells: (string | number)[]) => `| ${cells.map(mdCell).join(" | ")} |`;
  return [
    `# ${n.id}${n.cueTitle ? ` ${n.cueTitle}` : ""}`,
    "",
    `${n.title ? `${n.title}, ` : ""}${n.fps} fps. Bar 1 at **${n.start}**, ends **${n.end}**${n.endDerived ? " (one bar past the last hit or tempo change)" : ""}, ${n.lengthSeconds.toFixed(2)} s.`,
    "",
    "## Warning clicks",
    "",
    n.countIn.bars ? `${n.countIn.bars} bar${n.countIn.bars === 1 ? "" : "s"} of ${n.countIn.meter} at ${n.countIn.bpm} BPM from **${n.countIn.from}** (${n.countIn.seconds.toFixed(3)} s before bar 1).` : "None: the cue starts on bar 1.",
    "",
    "## Tempo map",
    "",
    row(["Bar", "Beat", "Meter", "Tempo", "Frame click", "Seconds", "Timecode"]),
    row(["---", "---", "---", "---", "---", "---", "---"]),
    ...n.events.map((e) => row([e.bar, e.beat, e.meter, e.tempo, e.frameClick, e.seconds.toFixed(3), e.timecode])),
    "",
    "## Hits",
    "",
    ...(n.hits.length
      ? [row(["Hit", "Timecode", "Feet+frames", "Bar|beat", "Off the click (frames)", "(ms)"]), row(["---", "---", "---", "---", "---", "---"]), ...n.hits.map((h) => row([h.label, h.timecode, h.feet, `${h.bar}|${h.beat}`, sign(h.offsetFrames), sign(h.offsetMs)]))]
      : ["No hits."]),
    "",
    `![Tempo over the cue, hits marked](${plotFile})`,
    "",
  ].join("\n");
}


/** The tempo timeline: BPM over time from the first warning click to the end, bar 1 and hits marked. */
export function notesSvg(n: TimingNotes): string {
  const [w, h, left, right, top, bottom] = [960, 360, 60, 20, 20, 80];
  const t0 = n.curve[0]![0], t1 = n.curve[n.curve.length - 1]![0];
  const bpms = n.curve.map(([, b]) => b);
  const lo = Math.floor(Math.min(...bpms) / 10) * 10 - 10, hi = Math.ceil(Math.max(...bpms) / 10) * 10 + 10;
  const x = (s: number) => left + ((s - t0) / (t1 - t0 || 1)) * (w - left - right);
  const y = (b: number) => top + (1 - (b - lo) / (hi - lo)) * (h - top - bottom);
  const ticks = Array.from({ length: Math.floor((hi - lo) / 10) + 1 }, (_, i) => lo + i * 10);
  const step = [1, 2, 5, 10, 15, 30, 60, 120].find((s) => (t1 - t0) / s <= 12) ?? 300;
  const times = Array.from({ length: Math.floor((t1 - Math.ceil(t0 / step) * step) / step) + 1 }, (_, i) => Math.ceil(t0 / step) * step + i * step);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" font-family="DejaVu Sans, Helvetica, sans-serif" font-size="12">`,
    `<title>${esc(`${n.id} tempo`)}</title>`,
    `<rect width="${w}" height="${h}" fill="white"/>`,
    ...ticks.map((b) => `<line x1="${left}" x2="${w - right}" y1="${y(b)}" y2="${y(b)}" stroke="#ddd"/><text x="${left - 6}" y="${y(b) + 4}" text-anchor="end">${b}</text>`),
    ...times.map((s) => `<text x="${x(s)}" y="${h - bottom + 16}" text-anchor="middle">${s}s</text>`),
    `<text x="14" y="${top + (h - top - bottom) / 2}" transform="rotate(-90 14 ${top + (h - top - bottom) / 2})" text-anchor="middle">BPM</text>`,
    `<line x1="${x(0)}" x2="${x(0)}" y1="${top}" y2="${h - bottom}" stroke="green" stroke-width="2"/><text x="${x(0) + 4}" y="${top + 12}" fill="green">bar 1</text>`,
    `<polyline fill="none" stroke="#1f4e9c" stroke-width="2" points="${n.curve.map(([s, b]) => `${x(s).toFixed(1)},${y(b).toFixed(1)}`).join(" ")}"/>`,
    ...n.hits.map((hit) => `<line x1="${x(hit.seconds)}" x2="${x(hit.seconds)}" y1="${top}" y2="${h - bottom}" stroke="#c00" stroke-dasharray="4 3"/><text x="${x(hit.seconds) + 3}" y="${h - bottom + 30}" fill="#c00" transform="rotate(30 ${x(hit.seconds) + 3} ${h - bottom + 30})">${esc(hit.label)}</text>`),
    `</svg>`,
  ].join("\n");
}

export function notesHtml(n: TimingNotes): string {
  const table = (head: string[], rows: (string | number)[][]) => `<table><tr>${head.map((c) => `<th>${esc(c)}</th>`).join("")}</tr>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`).join("")}</table>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(`${n.id} ${n.cueTitle} timing notes`)}</title>
<style>body{font-family:"DejaVu Sans",Helvetica,sans-serif;margin:2em;max-width:1000px}table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #bbb;padding:.25em .6em;text-align:left}th{background:#eee}svg{max-width:100%;height:auto}</style></head>
<body>
<h1>${esc(`${n.id}${n.cueTitle ? ` ${n.cueTitle}` : ""}`)}</h1>
<p>${esc(`${n.title ? `${n.title}, ` : ""}${n.fps} fps.`)} Bar 1 at <b>${esc(n.start)}</b>, ends <b>${esc(n.end)}</b>${n.endDerived ? " (one bar past the last hit or tempo change)" : ""}, ${n.lengthSeconds.toFixed(2)} s.</p>
<h2>Warning clicks</h2>
<p>${n.countIn.bars ? esc(`${n.countIn.bars} bar${n.countIn.bars === 1 ? "" : "s"} of ${n.countIn.meter} at ${n.countIn.bpm} BPM from ${n.countIn.from} (${n.countIn.seconds.toFixed(3)} s before bar 1).`) : "None: the cue starts on bar 1."}</p>
<h2>Tempo map</h2>
${table(["Bar", "Beat", "Meter", "Tempo", "Frame click", "Seconds", "Timecode"], n.events.map((e) => [e.bar, e.beat, e.meter, e.tempo, e.frameClick, e.seconds.toFixed(3), e.timecode]))}
<h2>Hits</h2>
${n.hits.length ? table(["Hit", "Timecode", "Feet+frames", "Bar|beat", "Off the click (frames)", "(ms)"], n.hits.map((h) => [h.label, h.timecode, h.feet, `${h.bar}|${h.beat}`, sign(h.offsetFrames), sign(h.offsetMs)])) : "<p>No hits.</p>"}
<h2>Tempo</h2>
${notesSvg(n)}
</body></html>
`;
}
