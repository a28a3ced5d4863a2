import { existsSync, mkdirSync } from "node:fs";
import type { ClickSettings, CueFile } from "../engine/cue-model.js";
import { UserError } from "../errors.js";
import { selectCues } from "../cue/select-cues.js";
import { DEFAULT_OUTPUT_KINDS, type OutputKind, type RenderedOutput } from "../render/outputs.js";
import type { LtcOptions } from "../render/render-ltc.js";
import { plannedOutputs } from "../render/planned-outputs.js";
import { CUE_OUTPUTS, REEL_KINDS, reelLtc, type OutputContext } from "../render/output-registry.js";
import type { VideoOptions } from "../render/video-options.js";
import { checkFreeSpace } from "../system/disk-space.js";
import { renderInParallel } from "./render-in-parallel.js";

/** What to render, and where: the use case behind `sprocket render`, for a program as for the command line. */
export interface RenderCuesOptions {
  /** Only these cues, by id (default: every cue of the file). */
  cues?: readonly string[];
  /** The folder to write into (made when missing; default `out`). */
  outDir?: string;
  /** Which outputs (default: click, midi, video and notes; ltc when asked). */
  only?: readonly OutputKind[];
  /** Click settings over the cue file's (sample rate, bit depth, sound...). */
  click?: Partial<ClickSettings>;
  /** A note on every click in the MIDI file. */
  clickNotes?: boolean;
  /** The picture: reference, format, renderer, span, flash and footage. */
  video?: VideoOptions;
  /** One picture (and one LTC) of the whole reference with every cue's overlay, instead of one a cue. */
  reel?: boolean;
  /** The LTC's level (dBFS, default -18) and user bits (32 bits). */
  ltc?: LtcOptions;
  /**
   * Render up to this many cues at once, in child processes (default 1). The files are the same as a
   * serial render's and come back in cue order; pictures show no progress then.
   */
  jobs?: number;
  /** Check before writing that the disk holds every output (default true). */
  spaceCheck?: boolean;
  /** Told each file as it is written. */
  onOutput?: (output: RenderedOutput) => void;
  /** For a picture being encoded: a progress reporter (frames done of total), ended when it is written. */
  progress?: (what: string) => { update(frame: number, total: number): void; done(): void };
}

/** Renders a cue file's cues (in this process, one after the other) and returns every file written. */
export async function renderCues(file: CueFile, options: RenderCuesOptions = {}): Promise<RenderedOutput[]> {
  const kinds = options.only ?? DEFAULT_OUTPUT_KINDS;
  const ltc = options.ltc ?? {};
  const cues = selectCues(file, options.cues);
  const outDir = options.outDir ?? "out";
  const click = options.click ?? {};
  const video = options.video ?? {};
  if (options.reel && !kinds.some((k) => REEL_KINDS.includes(k))) throw new UserError({ message: "--reel is a way of rendering the picture (and the LTC), but --only leaves them out.", hint: "Add video or ltc to --only, or leave out --reel." });
  mkdirSync(outDir, { recursive: true });
  // Everything checked before anything is written: a disk that cannot hold the outputs is said now.
  if (options.spaceCheck !== false) checkFreeSpace(outDir, await plannedOutputs(file, cues, kinds, outDir, click, { clickNotes: !!options.clickNotes, video, reel: !!options.reel, ltc }));
  // Side by side when asked and worth it: the children read the cue file again, so it must be on disk.
  if ((options.jobs ?? 1) > 1 && cues.length > 1 && !options.reel && existsSync(file.file)) {
    const { onProgress: _, ...plainVideo } = video;
    const plain = { outDir, only: kinds, click, clickNotes: !!options.clickNotes, video: plainVideo, ltc };
    return renderInParallel(file, cues.map((c) => c.id), plain, options.jobs!, options.onOutput);
  }
  const outputs: RenderedOutput[] = [];
  const wrote = (o: RenderedOutput) => {
    outputs.push(o);
    options.onOutput?.(o);
  };
  const picture = async (what: string, make: (onProgress?: (frame: number, total: number) => void) => Promise<RenderedOutput>) => {
    const bar = options.progress?.(what);
    try {
      wrote(await make(bar ? (f, t) => bar.update(f, t) : video.onProgress));
    } finally {
      bar?.done();
    }
  };
  const ctx: OutputContext = { file, outDir, click, clickNotes: !!options.clickNotes, video, sounds: new Map(), ltc };
  const rows = CUE_OUTPUTS.filter((o) => kinds.includes(o.kind) && !(options.reel && REEL_KINDS.includes(o.kind)));
  for (const cue of cues) {
    for (const o of rows) {
      if (o.long) await picture(`picture ${cue.id}`, async (onProgress) => (await o.render(ctx, cue, onProgress))[0]!);
      else for (const written of await o.render(ctx, cue)) wrote(written);
    }
  }
  if (options.reel && kinds.includes("ltc")) wrote((await reelLtc(ctx, cues, true)).output!);
  if (options.reel && kinds.includes("video")) {
    const { renderReel } = await import("../render/render-video.js"); // the picture's code, loaded when a picture is asked for
    await picture("reel picture", (onProgress) => renderReel(file, cues, outDir, { ...video, ...(onProgress ? { onProgress } : {}) }));
  }
  return outputs;
}
