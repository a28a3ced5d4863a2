import type { ClickKind } from "../engine/click-schedule.js";
import type { ClickSettings, Cue, CueFile } from "../engine/cue-model.js";
import type { OutputKind, RenderedOutput } from "./outputs.js";
import type { LtcOptions } from "./render-ltc.js";
import { cueSpan, type VideoOptions } from "./video-options.js";

// Each row loads its renderer when it is first used: a render of clicks does not load the picture's.
const click = () => import("./render-click.js");
const midi = () => import("./render-midi.js");
const notes = () => import("./render-notes.js");
const video = () => import("./render-video.js");
const ltc = () => import("./render-ltc.js");

/** What every output of a render shares: the cue file, where to write, and the render's settings. */
export interface OutputContext {
  file: CueFile;
  outDir: string;
  click: Partial<ClickSettings>;
  clickNotes: boolean;
  video: VideoOptions;
  /** Click sounds made once per settings across the cues of one plan. */
  sounds: Map<string, Record<ClickKind, Float32Array>>;
  /** The LTC's level and user bits. */
  ltc: LtcOptions;
}

/** The click's sample rate and bit depth for a cue, which its LTC shares. */
const clickFormat = (ctx: OutputContext, cue: Cue) => ({ sampleRate: ctx.click.sampleRate ?? cue.click.sampleRate, bitDepth: ctx.click.bitDepth ?? cue.click.bitDepth });

/**
 * The outputs a render writes for each cue, one row each, in the order they are written: adding an
 * output is its renderer and a row here (with its kind in outputs.ts); the space check and the
 * render follow from the row.
 */
export interface CueOutput {
  kind: OutputKind;
  /** What the space check calls the files. */
  what: string;
  /** The bytes it will write for a cue: exact where they are known before writing, else an estimate. */
  plan(ctx: OutputContext, cue: Cue): Promise<{ bytes: number; estimated: boolean }>;
  /** Writes the cue's files; `onProgress` for one that takes long (a picture). */
  render(ctx: OutputContext, cue: Cue, onProgress?: (frame: number, total: number) => void): Promise<RenderedOutput[]>;
  /** Long enough to show progress (frames encoded). */
  long?: boolean;
}

/** Outputs that `--reel` makes once for the whole reel instead of once a cue. */
export const REEL_KINDS: readonly OutputKind[] = ["video", "ltc"];

/** The reel's LTC: one file over the reel's frames, at the first cue's click format. */
export async function reelLtc(ctx: OutputContext, cues: readonly Cue[], write: boolean): Promise<{ bytes: number; output?: RenderedOutput }> {
  const [{ reelFrames }, { planLtc, renderLtc }] = await Promise.all([video(), ltc()]);
  const reel = await reelFrames(ctx.file, cues, ctx.video);
  const last = reel.startFrame + reel.frames - 1;
  const owner = { id: reel.name, title: "" };
  const format = clickFormat(ctx, cues[0]!);
  if (!write) return { bytes: planLtc(ctx.file, owner, reel.startFrame, last, ctx.outDir, format).bytes };
  const output = await renderLtc(ctx.file, owner, reel.startFrame, last, ctx.outDir, format, ctx.ltc);
  return { bytes: 0, output: { ...output, cue: cues.map((c) => c.id).join(",") } };
}

export const CUE_OUTPUTS: readonly CueOutput[] = [
  {
    kind: "click",
    what: "clicks",
    plan: async (ctx, cue) => ({ bytes: (await click()).planClick(ctx.file, cue, ctx.outDir, ctx.click, undefined, ctx.sounds).bytes, estimated: false }),
    render: async (ctx, cue) => [await (await click()).renderClick(ctx.file, cue, ctx.outDir, ctx.click)],
  },
  {
    kind: "ltc",
    what: "LTC",
    plan: async (ctx, cue) => {
      const [first, last] = cueSpan(ctx.file, cue, ctx.video);
      return { bytes: (await ltc()).planLtc(ctx.file, cue, first, last, ctx.outDir, clickFormat(ctx, cue)).bytes, estimated: false };
    },
    render: async (ctx, cue) => {
      const [first, last] = cueSpan(ctx.file, cue, ctx.video);
      return [await (await ltc()).renderLtc(ctx.file, cue, first, last, ctx.outDir, clickFormat(ctx, cue), ctx.ltc)];
    },
  },
  {
    kind: "midi",
    what: "MIDI",
    plan: async (ctx, cue) => ({ bytes: (await midi()).midiBytes(ctx.file, cue, { clickNotes: ctx.clickNotes }).length, estimated: false }),
    render: async (ctx, cue) => [await (await midi()).renderMidi(ctx.file, cue, ctx.outDir, { clickNotes: ctx.clickNotes })],
  },
  {
    kind: "notes",
    what: "notes",
    plan: async (ctx, cue) => ({ bytes: (await notes()).notesFiles(ctx.file, cue).files.reduce((n, [, text]) => n + Buffer.byteLength(text), 0), estimated: false }),
    render: async (ctx, cue) => (await notes()).renderNotes(ctx.file, cue, ctx.outDir),
  },
  {
    kind: "video",
    what: "pictures",
    long: true,
    plan: async (ctx, cue) => {
      const { estimatePictureBytes, pictureSpan } = await video();
      return { bytes: estimatePictureBytes(await pictureSpan(ctx.file, cue, ctx.video), ctx.file.rate, ctx.video), estimated: true };
    },
    render: async (ctx, cue, onProgress) => [await (await video()).renderVideo(ctx.file, cue, ctx.outDir, { ...ctx.video, ...(onProgress ? { onProgress } : {}) })],
  },
];
