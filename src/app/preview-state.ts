import { parseCueFile } from "../cue/read-cue-file.js";
import { cueToJson } from "../engine/cue-json.js";
import { loadAdrBeep, loadClickPreset } from "../presets/click-presets.js";
import { loadStreamerStyle } from "../presets/streamer-styles.js";
import { readWavSound } from "../render/wav-read.js";
import type { PageState, PageVideo } from "./preview-protocol.js";

/** What the cue file and the picture give the page's state (preview-protocol.ts); the server adds the rest. */
export type PreviewState = Omit<PageState, "hash" | "cue" | "videoProgress" | "videoError" | "flash" | "feet" | "chase">;

/** The page's state from the cue file's text and the picture it plays (its path, when given, is kept from the page). */
export function previewState(path: string, text: string, video: (PageVideo & { path?: string }) | undefined): PreviewState {
  const file = parseCueFile(text, path);
  const styles: PreviewState["styles"] = {}, presets: PreviewState["presets"] = {}, samples: PreviewState["samples"] = {};
  for (const cue of file.cues) {
    styles[cue.streamerStyle] ??= loadStreamerStyle(cue.streamerStyle);
    presets[cue.click.sound] ??= loadClickPreset(cue.click.sound);
    for (const sample of [cue.click.accentFile, cue.click.beatFile]) {
      if (!sample || samples[sample]) continue;
      const w = readWavSound(sample);
      samples[sample] = { sampleRate: w.sampleRate, data: Buffer.from(w.samples.buffer, w.samples.byteOffset, w.samples.byteLength).toString("base64") };
    }
  }
  let shown: PageVideo | null = null;
  if (video) {
    const { path: _path, ...rest } = video;
    shown = rest;
  }
  return { file: path, title: file.title, rate: file.rate.name, gauge: file.gauge, cues: file.cues.map(cueToJson), styles, presets, adrBeep: loadAdrBeep(), samples, video: shown };
}
