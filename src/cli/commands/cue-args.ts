import { UserError } from "../../errors.js";
import { resolve } from "node:path";
import type { VideoOptions } from "../../render/render-video.js";

/** A numeric flag with a default and limits, or a usage error naming it. */
export function numberFlag(values: Record<string, unknown>, name: string, fallback: number, min: number, max: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new UserError({ message: `--${name} must be a number from ${min} to ${max}.`, received: String(raw) });
  return n;
}

/** The ids given by a repeatable --cue, or undefined for all of them (selectCues checks they exist). */
export function cueList(values: { cue?: string[] | string }): string[] | undefined {
  const wanted = values.cue === undefined ? [] : typeof values.cue === "string" ? [values.cue] : values.cue;
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
