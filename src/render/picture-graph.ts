import type { PicturePlan } from "../engine/picture-plan.js";

/**
 * The ffmpeg filter graph that burns a picture plan into the video, as data (pure). Everything is
 * drawn by ffmpeg itself, because drawing there costs almost nothing next to decoding and encoding:
 * - streamers: a small colour source per streamer, overlaid with x as a function of the frame number
 *   n and enabled only while it crosses, so it costs nothing the rest of the time;
 * - punches and flutters: one overlay of a circle image, enabled on exactly their frames;
 * - text: drawtext, the timecode with ffmpeg's own timecode counter, the cue label from a text file
 *   (no escaping of the user's quotes, colons, backslashes or accents), bar|beat and the visual click
 *   changed by sendcmd at the frames they change.
 * Files the graph names (fonts, cue.txt, cmds.txt, punch.png) sit in ffmpeg's working folder, so no
 * path needs escaping either.
 */

export const FILES = { sans: "sans.ttf", mono: "mono.ttf", cueText: "cue.txt", slateText: "slate.txt", commands: "cmds.txt", punch: "punch.png" } as const;

const COLORS: Record<string, string> = { white: "0xFFFFFF", green: "0x00E000", yellow: "0xFFE000", red: "0xFF2020", blue: "0x2060FF", cyan: "0x00E0E0", magenta: "0xE000E0", orange: "0xFF8000" };

/** An ffmpeg colour for a cue file colour (named or #rrggbb). */
export function ffmpegColor(color: string): string {
  return COLORS[color] ?? `0x${color.replace(/^#/, "").toUpperCase()}`;
}

export interface GraphOptions {
  width: number;
  height: number;
  /** Frame rate as ffmpeg writes it: 24000/1001. */
  rate: string;
  /** The first frame's timecode label (drop frame with `;`). */
  startTimecode: string;
  plan: PicturePlan;
  /** Streamer band width in pixels. */
  streamerWidth: number;
  /** Input index of the punch image, when there are punches. */
  punchInput?: number;
  /** A generated slate under everything (no reference video). */
  slate?: boolean;
  /** A feet+frames counter from bar 1 (frames a foot: 16 for 35 mm 4-perf, 40 for 16 mm). */
  feet?: { framesPerFoot: number };
}

/** `'...'` for a filter option value (quotes inside are not expected: values here are Sprocket's own). */
const q = (v: string) => `'${v}'`;

/** DejaVu Sans Mono's advance, as a fraction of the font size (1233/2048 em). */
const MONO_ADVANCE = 1233 / 2048;

export function pictureGraph(o: GraphOptions): { graph: string; commands: string } {
  const scale = o.height / 1080;
  // Boxes placed from the font's fixed advance, not drawtext's measured ink width (tw), which changes
  // with the digits and would make a centred or right-aligned window jitter from frame to frame.
  const tcSize = Math.round(72 * scale);
  const feetSize = Math.round(48 * scale);
  const tcX = Math.round((o.width - tcSize * MONO_ADVANCE * 11) / 2);
  const margin = Math.round(24 * scale);
  // Every window sits on an opaque black box, as burn-ins do: readable over any picture, from across a room.
  const box = `box=1:boxcolor=black:boxborderw=${Math.max(2, Math.round(10 * scale))}`;
  const chains: string[] = [];
  // Frame n at exactly n/rate (rounded: ffmpeg truncates, and N/FRAME_RATE/TB is a hair under n at 1001 rates).
  const head: string[] = ["setpts='round(N/FRAME_RATE/TB)'"];
  if (o.slate) {
    head.push(`drawgrid=w=iw/16:h=ih/9:t=1:c=white@0.12`);
    head.push(`drawtext=fontfile=${FILES.sans}:textfile=${FILES.slateText}:expansion=none:fontsize=${Math.round(64 * scale)}:fontcolor=white@0.55:line_spacing=${Math.round(20 * scale)}:x=(w-tw)/2:y=(h-th)/2`);
  }
  chains.push(`[0:v]${head.join(",")}[base]`);
  let last = "base";
  const [num, den] = o.rate.split("/").map(Number) as [number, number];
  o.plan.streamers.forEach((s, i) => {
    // The band's own source lives only while it crosses (frames from..sync, shifted there by setpts),
    // so it costs nothing the rest of the time; the overlay passes the picture through outside it.
    const first = Math.max(0, s.from);
    const frames = s.sync - first + 1;
    chains.push(`color=c=${ffmpegColor(s.color)}:s=${o.streamerWidth}x${o.height}:r=${o.rate}:d=${((frames * (den ?? 1)) / num).toFixed(6)},setpts=${q(`round(PTS+${first}/(FRAME_RATE*TB))`)}[st${i}]`);
    // x from the frame's own time (exactly n/rate after the setpts above), so the band's place
    // depends only on which frame it is.
    chains.push(`[${last}][st${i}]overlay=x=${q(`W*(t*${o.rate}-${s.from})/${s.sync - s.from}-w`)}:y=0:eof_action=pass[v${i}]`);
    last = `v${i}`;
  });
  if (o.punchInput !== undefined && o.plan.punchFrames.length) {
    const runs = frameRuns(o.plan.punchFrames).map(([a, b]) => `between(n,${a},${b})`).join("+");
    // One frame of circle, held by the overlay (eof_action=repeat) and shown only on punch frames.
    chains.push(`[${last}][${o.punchInput}:v]overlay=x=(W-w)/2:y=(H-h)/2:enable=${q(runs)}:eof_action=repeat[punched]`);
    last = "punched";
  }
  const texts = [
    "sendcmd=f=" + FILES.commands,
    `drawtext@cue=fontfile=${FILES.sans}:textfile=${FILES.cueText}:expansion=none:fontsize=${Math.round(40 * scale)}:fontcolor=white:${box}:x=${margin}:y=${margin}`,
    `drawtext@pos=fontfile=${FILES.mono}:text=' ':expansion=none:fontsize=${Math.round(56 * scale)}:fontcolor=white:${box}:x=${margin}:y=${margin + Math.round(70 * scale)}`,
    `drawtext@flash=fontfile=${FILES.mono}:text=' ':expansion=none:fontsize=${Math.round(72 * scale)}:fontcolor=white:x=w-tw-${margin}:y=${margin}`,
    ...(o.feet
      ? [`drawtext@feet=fontfile=${FILES.mono}:text=${q(`%{eif\\:trunc((n-${o.plan.bar1})/${o.feet.framesPerFoot})\\:d\\:4}+%{eif\\:mod(n-${o.plan.bar1}\\,${o.feet.framesPerFoot})\\:d\\:2}`)}:enable=${q(`gte(n,${o.plan.bar1})`)}:fontsize=${feetSize}:fontcolor=white:${box}:x=${Math.round(o.width - margin - feetSize * MONO_ADVANCE * 7)}:y=h-th-${margin}`]
      : []),
    `drawtext@tc=fontfile=${FILES.mono}:timecode=${q(o.startTimecode.replace(/([:;])/g, "\\$1"))}:rate=${o.rate}:fontsize=${tcSize}:fontcolor=white:${box}:x=${tcX}:y=h-th-${margin}`,
  ];
  chains.push(`[${last}]${texts.join(",")}[out]`);
  return { graph: chains.join(";"), commands: sendcmdScript(o.plan, o.rate) };
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
function sendcmdScript(plan: PicturePlan, rate: string): string {
  const [num, den] = rate.split("/").map(Number) as [number, number];
  const at = (frame: number) => Math.max(0, ((frame - 0.5) * (den ?? 1)) / num).toFixed(6);
  const lines: [number, string][] = plan.positions.map((p) => [p.frame, `${at(p.frame)} drawtext@pos reinit 'text=${p.text || " "}';`]);
  for (const f of plan.flashFrames) {
    lines.push([f, `${at(f)} drawtext@flash reinit 'text=\u2588';`]);
    lines.push([f + 2, `${at(f + 2)} drawtext@flash reinit 'text= ';`]);
  }
  return lines.sort((a, b) => a[0] - b[0]).map(([, l]) => l).join("\n") + "\n";
}
