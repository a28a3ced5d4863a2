import type { ClickSettings, Cue, CueFile } from "../engine/cue-model.js";
import type { PlannedOutput } from "../system/disk-space.js";
import type { OutputKind } from "./outputs.js";
import { CUE_OUTPUTS, REEL_KINDS, reelLtc, type OutputContext } from "./output-registry.js";
import type { LtcOptions } from "./render-ltc.js";
import type { VideoOptions } from "./video-options.js";

/**
 * What a render will write, with sizes: a click's and a MIDI file's exactly (their bytes are known
 * before they are written), the notes' exactly, a picture's estimated from its pixels and length.
 */
export async function plannedOutputs(file: CueFile, cues: readonly Cue[], kinds: readonly OutputKind[], outDir: string, click: Partial<ClickSettings>, options: { clickNotes: boolean; video: VideoOptions; reel?: boolean; ltc?: LtcOptions }): Promise<PlannedOutput[]> {
  const out: PlannedOutput[] = [];
  const ctx: OutputContext = { file, outDir, click, clickNotes: options.clickNotes, video: options.video, sounds: new Map(), ltc: options.ltc ?? {} };
  // A reel's picture and LTC are one for all the cues, below.
  const rows = CUE_OUTPUTS.filter((o) => kinds.includes(o.kind) && !(options.reel && REEL_KINDS.includes(o.kind)));
  for (const cue of cues) for (const o of rows) out.push({ what: o.what, ...(await o.plan(ctx, cue)) });
  // A reel is one picture of the whole reference (an over-estimate without one: the cues' spans, each).
  if (kinds.includes("video") && options.reel && cues[0]) {
    const whole = { ...options.video, whole: true };
    const { estimatePictureBytes, pictureSpan } = await import("./render-video.js");
    out.push({ what: "pictures", bytes: estimatePictureBytes(await pictureSpan(file, cues[0], whole), file.rate, whole), estimated: true });
  }
  if (kinds.includes("ltc") && options.reel && cues[0]) out.push({ what: "LTC", bytes: (await reelLtc(ctx, cues, false)).bytes, estimated: false });
  return out;
}
