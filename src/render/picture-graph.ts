import { feetCycle } from "../engine/feet-frames.js";
import { formatTimecode } from "../engine/timecode.js";
import { sectionPositions, type Overlay } from "../engine/overlay-model.js";
import { css } from "./draw-shapes.js";

/**
 * The ffmpeg filter graph that draws the overlay model (src/engine/overlay-model.ts) into the video,
 * as data (pure). Every place and size comes from the model's layout and every streamer, punch and
 * text from its sections, so the graph draws what the model says (the tests compare the two).
 * Everything is drawn by ffmpeg itself, because drawing there costs almost nothing next to decoding
 * and encoding:
 * - streamers: a small colour source per streamer, overlaid with x as a function of the frame number
 *   n and enabled only while it crosses, so it costs nothing the rest of the time;
 * - punches and flutters: one overlay of a circle image, enabled on exactly their frames;
 * - text: drawtext, the timecode with ffmpeg's own timecode counter, each cue's label from a text file
 *   (no escaping of the user's quotes, colons, backslashes or accents) shown in its section, bar|beat
 *   and the visual click changed by sendcmd at the frames they change.
 * Files the graph names (fonts, the labels, cmds.txt, punch.png) sit in ffmpeg's working folder, so no
 * path needs escaping either.
 */
export const FILES = { sans: "sans.ttf", mono: "mono.ttf", slateText: "slate.txt", commands: "cmds.txt", graph: "graph.txt", punch: "punch.png", label: (i: number) => `cue-${i}.txt` } as const;

/** An ffmpeg colour for a cue file colour (named or #rrggbb): the canvas's, in ffmpeg's notation. */
export const ffmpegColor = (color: string) => `0x${css(color).slice(1)}`;

export interface GraphOptions {
  overlay: Overlay;
  /** Input index of the punch image, when there are punches. */
  punchInput?: number;
}

/** `'...'` for a filter option value (quotes inside are not expected: values here are Sprocket's own). */
const q = (v: string) => `'${v}'`;

/**
 * The picture both renderers draw over, labelled [base]: the input's frame n at exactly n/rate
 * (rounded: ffmpeg truncates, and N/FRAME_RATE/TB is a hair under n at 1001 rates), with the slate's
 * grid and lines when the picture is generated.
 */
export function pictureHead(overlay: Overlay): string {
  const L = overlay.layout;
  const head: string[] = ["setpts='round(N/FRAME_RATE/TB)'"];
  if (overlay.slateLines) {
    head.push(`drawgrid=w=iw/16:h=ih/9:t=1:c=white@0.12`);
    head.push(`drawtext=fontfile=${FILES.sans}:textfile=${FILES.slateText}:expansion=none:fontsize=${L.slate.size}:fontcolor=white@0.55:line_spacing=${L.slate.lineSpacing}:x=(w-tw)/2:y=(h-th)/2`);
  }
  return `[0:v]${head.join(",")}[base]`;
}

export function pictureGraph(o: GraphOptions): { graph: string; commands: string } {
  const { layout: L, rate: frameRate, sections } = o.overlay;
  const rate = `${frameRate.fps.n}/${frameRate.fps.d}`;
  const [num, den] = [Number(frameRate.fps.n), Number(frameRate.fps.d)];
  // Every window sits on an opaque black box, as burn-ins do: readable over any picture, from across a room.
  const box = `box=1:boxcolor=black:boxborderw=${L.boxBorder}`;
  const chains: string[] = [pictureHead(o.overlay)];
  let last = "base";
  sections.flatMap((s) => s.plan.streamers).forEach((s, i) => {
    // The band's own source lives only while it crosses (frames from..sync, shifted there by setpts),
    // so it costs nothing the rest of the time; the overlay passes the picture through outside it.
    const first = Math.max(0, s.from);
    const frames = s.sync - first + 1;
    chains.push(`color=c=${ffmpegColor(s.color)}:s=${L.streamerWidth}x${L.height}:r=${rate}:d=${((frames * den) / num).toFixed(6)},setpts=${q(`round(PTS+${first}/(FRAME_RATE*TB))`)}[st${i}]`);
    // x from the frame's own time (exactly n/rate after the setpts above, give or take a rounding of
    // t x rate, hence round()), so the band's place depends only on which frame it is: the model's bandAt.
    chains.push(`[${last}][st${i}]overlay=x=${q(`round(W*(t*${rate}-${s.from})/${s.sync - s.from}-w)`)}:y=0:eof_action=pass[v${i}]`);
    last = `v${i}`;
  });
  const punchFrames = [...new Set(sections.flatMap((s) => s.plan.punchFrames))].sort((a, b) => a - b);
  if (o.punchInput !== undefined && punchFrames.length) {
    const runs = frameRuns(punchFrames).map(([a, b]) => `between(n,${a},${b})`).join("+");
    // One frame of circle, held by the overlay (eof_action=repeat) and shown only on punch frames.
    chains.push(`[${last}][${o.punchInput}:v]overlay=x=(W-w)/2:y=(H-h)/2:enable=${q(runs)}:eof_action=repeat[punched]`);
    last = "punched";
  }
  // One label and one footage counter per section, each shown only in its section (drawtext cannot
  // switch its text file while running).
  const during = (a: number, b: number) => `enable=${q(`between(n,${a},${b})`)}`;
  const texts = [
    "sendcmd=f=" + FILES.commands,
    ...sections.map((s, i) => `drawtext=fontfile=${FILES.sans}:textfile=${FILES.label(i)}:expansion=none:fontsize=${L.cue.size}:fontcolor=white:${box}:x=${L.cue.x}:y=${L.cue.y}:${during(s.from, s.to)}`),
    `drawtext@pos=fontfile=${FILES.mono}:text=' ':expansion=none:fontsize=${L.position.size}:fontcolor=white:${box}:x=${L.position.x}:y=${L.position.y}`,
    `drawtext@flash=fontfile=${FILES.mono}:text=' ':expansion=none:fontsize=${L.flash.size}:fontcolor=white:x=${L.flash.right}-tw:y=${L.flash.y}`,
    ...(o.overlay.gauge
      ? sections.filter((s) => s.plan.bar1 <= s.to).map((s) => {
          const [feet, frames] = feetExpressions(`(n-${s.plan.bar1})`, feetCycle(o.overlay.gauge!));
          return `drawtext=fontfile=${FILES.mono}:text=${q(`%{eif\\:${feet}\\:d\\:4}+%{eif\\:${frames}\\:d\\:2}`)}:fontsize=${L.feet.size}:fontcolor=white:${box}:x=${L.feet.x}:y=${L.feet.bottom}-th:${during(Math.max(s.plan.bar1, s.from), s.to)}`;
        })
      : []),
    `drawtext@tc=fontfile=${FILES.mono}:timecode=${q(formatTimecode(o.overlay.startFrame, frameRate).replace(/([:;])/g, "\\$1"))}:rate=${rate}:fontsize=${L.timecode.size}:fontcolor=white:${box}:x=${L.timecode.x}:y=${L.timecode.bottom}-th`,
  ];
  chains.push(`[${last}]${texts.join(",")}[out]`);
  return { graph: chains.join(";"), commands: sendcmdScript(o.overlay, num, den) };
}

/**
 * ffmpeg expressions for the feet and the frames of a footage counter at x frames, for a gauge's
 * cycle of foot lengths ([16]; 3-perf's [21, 21, 22], 64 frames every 3 feet): whole cycles of feet,
 * plus the feet the rest of the cycle has passed, and what is left in the foot. Commas are escaped
 * for the filter graph.
 */
export function feetExpressions(x: string, cycle: readonly number[]): [string, string] {
  const total = cycle.reduce((a, c) => a + c, 0);
  const rest = `mod(${x}\\,${total})`;
  const starts = cycle.slice(0, -1).map((_, i) => cycle.slice(0, i + 1).reduce((a, c) => a + c, 0));
  const passed = starts.map((at) => `gte(${rest}\\,${at})`);
  const feet = [`${cycle.length}*trunc(${x}/${total})`, ...passed].join("+");
  const frames = [rest, ...starts.map((_, i) => `${cycle[i]}*${passed[i]}`)].join("-");
  return [feet, frames];
}

/** Consecutive frames grouped: [3,4,5,9] -> [[3,5],[9,9]]. */
function frameRuns(frames: number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const f of frames) {
    const r = runs[runs.length - 1];
    if (r && f === r[1] + 1) r[1] = f;
    else runs.push([f, f]);
  }
  return runs;
}

/** sendcmd lines: each change half a frame before its frame, so it holds from exactly that frame. */
function sendcmdScript(overlay: Overlay, num: number, den: number): string {
  const at = (frame: number) => Math.max(0, ((frame - 0.5) * den) / num).toFixed(6);
  const lines: [number, string][] = [];
  for (const s of overlay.sections) {
    // Bar|beat inside its section only: cleared where it ends (a later section takes over from its start).
    for (const p of sectionPositions(s)) lines.push([p.frame, `${at(p.frame)} drawtext@pos reinit 'text=${p.text || " "}';`]);
    for (const f of s.plan.flashFrames.filter((f) => f >= s.from && f <= s.to)) {
      lines.push([f, `${at(f)} drawtext@flash reinit 'text=\u2588';`]);
      lines.push([f + 2, `${at(f + 2)} drawtext@flash reinit 'text= ';`]);
    }
  }
  return lines.sort((a, b) => a[0] - b[0]).map(([, l]) => l).join("\n") + "\n";
}
