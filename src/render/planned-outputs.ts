import type { ClickSettings, Cue, CueFile } from "../engine/cue-model.js";
import type { PlannedOutput } from "../system/disk-space.js";
import type { OutputKind } from "./outputs.js";
import { planClick } from "./render-click.js";
import { midiBytes } from "./render-midi.js";
import { notesFiles } from "./render-notes.js";
import { estimatePictureBytes, pictureSpan, type VideoOptions } from "./render-video.js";

/**
 * What a render will write, with sizes: a click's and a MIDI file's exactly (their bytes are known
 * before they are written), the notes' exactly, a picture's estimated from its pixels and length.
 */
export async function plannedOutputs(file: CueFile, cues: readonly Cue[], kinds: readonly OutputKind[], outDir: string, click: Partial<ClickSettings>, options: { clickNotes: boolean; video: VideoOptions; reel?: boolean }): Promise<PlannedOutput[]> {
  const out: PlannedOutput[] = [];
  const sounds = new Map();
  for (const cue of cues) {
    if (kinds.includes("click")) out.push({ what: "clicks", bytes: planClick(file, cue, outDir, click, undefined, sounds).bytes, estimated: false });
    if (kinds.includes("midi")) out.push({ what: "MIDI", bytes: midiBytes(file, cue, { clickNotes: options.clickNotes }).length, estimated: false });
    if (kinds.includes("notes")) out.push({ what: "notes", bytes: notesFiles(file, cue).files.reduce((n, [, text]) => n + Buffer.byteLength(text), 0), estimated: false });
    if (kinds.includes("video") && !options.reel) out.push({ what: "pictures", bytes: estimatePictureBytes(await pictureSpan(file, cue, options.video), file.rate, options.video), estimated: true });
  }
  // A reel is one picture of the whole reference (an over-estimate without one: the cues' spans, each).
  if (kinds.includes("video") && options.reel && cues[0]) {
    const whole = { ...options.video, whole: true };
    out.push({ what: "pictures", bytes: estimatePictureBytes(await pictureSpan(file, cues[0], whole), file.rate, whole), estimated: true });
  }
  return out;
}
