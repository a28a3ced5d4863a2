import { parseCueFile } from "../cue/read-cue-file.js";
import { cueToJson, type CueJson } from "../engine/cue-json.js";
import type { SoundSpec } from "../engine/click-sound.js";
import type { Gauge } from "../engine/feet-frames.js";
import { loadAdrBeep, loadClickPreset } from "../presets/click-presets.js";
import { loadStreamerStyle, type StreamerStyle } from "../presets/streamer-styles.js";
import { readWavSound } from "../render/wav-read.js";
import type { PlayableVideo } from "./playable-video.js";

/**
 * Everything the page needs, as JSON: the project's cues (the engine rebuilds them in the browser),
 * their streamer styles and click sounds (the presets' synthesis data, or the user's own samples),
 * and the picture it plays (null while it is being prepared).
 */
export interface PreviewState {
  file: string;
  title: string;
  rate: string;
  gauge: Gauge;
  cues: CueJson[];
  styles: Record<string, StreamerStyle>;
  presets: Record<string, { accent: SoundSpec; beat: SoundSpec; sub: SoundSpec }>;
  adrBeep: SoundSpec;
  /** The user's own samples, by path: rate and base64 float32 samples. */
  samples: Record<string, { sampleRate: number; data: string }>;
  video: (Omit<PlayableVideo, "path">) | null;
}

export function previewState(path: string, text: string, video: PlayableVideo | undefined): PreviewState {
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
  const { path: _path, ...shown } = video ?? ({} as PlayableVideo);
  return { file: path, title: file.title, rate: file.rate.name, gauge: file.gauge, cues: file.cues.map(cueToJson), styles, presets, adrBeep: loadAdrBeep(), samples, video: video ? shown : null };
}
