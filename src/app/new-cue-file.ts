import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { basename, dirname, relative, resolve } from "node:path";
import { cueFileYaml, PLACEHOLDER_TEMPO } from "../cue/write-cue-yaml.js";
import { parseFrameRate } from "../engine/frame-rate.js";
import { frameRateFor, rateName } from "../engine/rate-match.js";
import { formatTimecode, parseTimecode } from "../engine/timecode.js";
import { UserError } from "../errors.js";
import { writeAtomically } from "../system/atomic-file.js";
import { probeVideo } from "../system/probe-video.js";
import { checkImported } from "./imported-cue-file.js";

export interface NewCueFileOptions {
  /** The cue file to make (it must not exist). */
  path: string;
  /** The reference video. */
  video: string;
  /** The project's rate (default: the reference's). */
  fps?: string;
  /** The reference's first frame's timecode (default: its timecode track; one without is refused). */
  videoStart?: string;
}

/**
 * A cue file begun from a reference alone (`preview --new`): the reference as its `video`, one cue
 * over the whole picture with a placeholder tempo, to spot in the page (marks, the picture's cuts,
 * new cues). An existing file is never replaced.
 */
export async function newCueFile(options: NewCueFileOptions): Promise<{ path: string; rate: string; start: string; end: string }> {
  const path = resolve(options.path);
  if (existsSync(path)) throw new UserError({ message: `${options.path} exists already: --new begins a cue file, it never replaces one.`, hint: `Open it without --new: sprocket preview ${options.path}` });
  const video = await probeVideo(options.video);
  const label = options.videoStart ?? video.timecode;
  // As the preview itself: a reference without a timecode needs its first frame's, or its frames say no time.
  if (label === undefined) throw new UserError({ message: `${options.video} has no start timecode (no tmcd track or timecode tag): the cue file's times would be guesses.`, hint: "Give its first frame's timecode with --video-start." });
  const rate = options.fps ? parseFrameRate(options.fps) : frameRateFor(video.rate, /;/.test(label));
  if (!rate) throw new UserError({ message: `${options.video} runs at ${rateName(video.rate)} fps, which is no rate of post.`, hint: "Give the project's rate with --fps." });
  const first = parseTimecode(label, rate);
  const start = formatTimecode(first, rate), end = formatTimecode(first + video.frames - 1, rate);
  const name = basename(options.video).replace(/\.[^.]+$/, "");
  const text = cueFileYaml({ title: name, fps: rate.name, cues: [{ id: "M1", title: name, start, end, countIn: 0, tempoComment: PLACEHOLDER_TEMPO, tempo: [{ bar: 1, bpm: 120 }], hits: [] }] }, `Begun by sprocket preview --new from ${basename(options.video)}`)
    .replace(/^fps: .*$/m, (line) => `${line}\nvideo: ${JSON.stringify(relative(dirname(path), resolve(options.video)).split("\\").join("/"))}`);
  checkImported(text);
  await writeAtomically(path, (fh) => writeFile(fh, text));
  return { path, rate: rate.name, start, end };
}
