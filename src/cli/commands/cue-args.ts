import { UserError } from "../../errors.js";
import { resolve } from "node:path";
import type { CueFile } from "../../engine/cue-model.js";
import type { VideoOptions } from "../../render/render-video.js";

/** The cue named by --cue, or the only cue of the file. */
export function pickCue(file: CueFile, id: string | undefined) {
  if (id === undefined) {
    if (file.cues.length === 1) return { cue: file.cues[0]!, index: 0 };
    throw new UserError({ message: `${file.file} has ${file.cues.length} cues: say which with --cue.`, expected: file.cues.map((c) => c.id).join(", ") });
  }
  const index = file.cues.findIndex((c) => c.id === id);
  if (index < 0) throw new UserError({ message: `No cue "${id}" in ${file.file}.`, expected: file.cues.map((c) => c.id).join(", ") });
  return { cue: file.cues[index]!, index };
}

/** A numeric flag with a default and limits, or a usage error naming it. */
export function numberFlag(values: Record<string, unknown>, name: string, fallback: number, min: number, max: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new UserError({ message: `--${name} must be a number from ${min} to ${max}.`, received: String(raw) });
  return n;
}

/** The cues named by a repeatable --cue (every one must exist), or undefined for all of them. */
export function cueList(values: { cue?: string[] | string }, file: CueFile): string[] | undefined {
  const wanted = values.cue === undefined ? [] : typeof values.cue === "string" ? [values.cue] : values.cue;
  const missing = wanted.filter((id) => !file.cues.some((c) => c.id === id));
  if (missing.length) throw new UserError({ message: `No cue ${missing.map((m) => `"${m}"`).join(", ")} in ${file.file}.`, expected: file.cues.map((c) => c.id).join(", ") });
  return wanted.length ? wanted : undefined;
}

/** The reference and overlay flags `render` and `preview` share, as the picture's options. */
export function pictureFlags(values: { video?: string; "video-start"?: string; "allow-rate-mismatch"?: boolean; flash?: boolean; feet?: boolean; preroll?: string; tail?: string }): VideoOptions {
  const seconds = (name: "preroll" | "tail") => (values[name] === undefined ? undefined : numberFlag(values, name, 0, 0, 3600));
  return {
    ...(seconds("preroll") !== undefined ? { preroll: seconds("preroll")! } : {}),
    ...(seconds("tail") !== undefined ? { tail: seconds("tail")! } : {}),
    ...(values.video ? { video: resolve(values.video) } : {}),
    ...(values["video-start"] ? { videoStart: values["video-start"] } : {}),
    allowRateMismatch: !!values["allow-rate-mismatch"],
    flash: !!values.flash,
    feet: !!values.feet,
  };
}
