import { basename, resolve } from "node:path";
import { markersToCues } from "../cue/markers-to-cues.js";
import { parseCueFile } from "../cue/read-cue-file.js";
import { cueFileYaml } from "../cue/write-cue-yaml.js";
import { cuePlan } from "../engine/cue-plan.js";
import { parseFrameRate, type FrameRate } from "../engine/frame-rate.js";
import { frameRateFor, rateName } from "../engine/rate-match.js";
import { ShotChangeFinder } from "../engine/shot-changes.js";
import { formatTimecode, parseTimecode } from "../engine/timecode.js";
import { UserError } from "../errors.js";
import type { TimelineMarker } from "../interchange/model.js";
import { decodeSmallFrames } from "../system/decode-frames.js";
import { probeVideo } from "../system/probe-video.js";
import { readInputText } from "../system/read-input-file.js";
import { addMarkersAsHits } from "./import-markers.js";
import { checkAndWrite, importedFrom } from "./imported-cue-file.js";

/** The size the reference is scanned at: enough to tell shots apart, small enough to be quick. */
const SCAN_WIDTH = 64;
const SCAN_HEIGHT = 36;

export interface SpotOptions {
  /** The reference video. */
  reference: string;
  /** How different a frame must be from the one before, 0-1 (default 0.1). */
  threshold?: number;
  /** The reference's first frame's timecode (default: its own timecode track, else 00:00:00:00). */
  videoStart?: string;
  /** The project's rate (default: the cue file's, else the reference's). */
  fps?: string;
  /** Add the cuts as hits to this cue file (in place, or to `output`). */
  into?: string;
  /** Only into this cue. */
  cue?: string;
  /** Without `into`: a new cue file (one cue over the reference) holding the cuts. */
  output?: string;
  /** The proposed hits' colour (default cyan). */
  colour?: string;
}

export interface SpottedCut {
  /** Its label in the reference's own timecode, and its frame counted from the reference's first frame. */
  timecode: string;
  frame: number;
  score: number;
}

export interface SpotResult {
  reference: string;
  rate: string;
  /** The reference's first frame's timecode, and its frames. */
  start: string;
  frames: number;
  cuts: SpottedCut[];
  /** With --into: what was added, what falls outside every cue, what was there already. */
  added?: { cue: string; label: string; timecode: string }[];
  outside?: { label: string; timecode: string; nearest?: string }[];
  skipped?: { label: string; timecode: string; reason: string }[];
  /** The cue file written, if any. */
  path: string | null;
  warnings: string[];
}

/**
 * The use case behind `sprocket spot`: the reference's shot changes, found in its decoded frames
 * (engine/shot-changes.ts), each on the first frame of the new shot, as proposed hits "cut N".
 */
export async function spot(options: SpotOptions): Promise<SpotResult> {
  const threshold = options.threshold ?? 0.1;
  if (!(threshold > 0 && threshold < 1)) throw new UserError({ message: "--threshold must be a difference between 0 and 1.", received: String(options.threshold), expected: "e.g. 0.1 (the default); lower finds more" });
  const intoText = options.into !== undefined ? readInputText(options.into, "cue file") : undefined;
  const intoFile = intoText !== undefined ? parseCueFile(intoText, options.into!) : undefined;
  const video = await probeVideo(options.reference);
  const dropFrame = /;/.test(options.videoStart ?? video.timecode ?? "");
  const referenceRate = frameRateFor(video.rate, dropFrame);
  let rate: FrameRate;
  if (options.fps) rate = parseFrameRate(options.fps);
  else if (intoFile) rate = intoFile.rate;
  else if (referenceRate) rate = referenceRate;
  else throw new UserError({ message: `${options.reference} runs at ${rateName(video.rate)} fps, which is no rate of post.`, hint: "Give the project's rate with --fps." });
  if (intoFile && rate.name !== intoFile.rate.name) throw new UserError({ message: `--fps ${rate.name} is not ${options.into}'s rate (${intoFile.rate.name}).` });
  if (!rate.fps.eq(video.rate)) throw new UserError({ message: `${options.reference} runs at ${rateName(video.rate)} fps, not the project's ${rate.name}: its frames would not be the cue file's frames.`, hint: "Spot a reference at the project's rate (or give the rate with --fps)." });
  const warnings: string[] = [];
  const label = options.videoStart ?? video.timecode;
  // Hits written into a cue file need the reference's real timecode; a list can count from 00:00:00:00.
  if (label === undefined && (intoFile || options.output !== undefined)) throw new UserError({ message: `${options.reference} has no start timecode (no tmcd track or timecode tag): its cuts cannot be placed in a cue file.`, hint: "Give its first frame's timecode with --video-start." });
  if (label === undefined) warnings.push(`${options.reference} has no timecode track: its first frame is taken as 00:00:00:00 (--video-start to give it).`);
  const first = parseTimecode(label ?? "00:00:00:00", rate);

  const finder = new ShotChangeFinder({ threshold });
  const frames = await decodeSmallFrames(options.reference, SCAN_WIDTH, SCAN_HEIGHT, (rgb) => finder.push(rgb, SCAN_WIDTH, SCAN_HEIGHT), `scanning ${options.reference} for shot changes`);
  finder.end();
  const cuts = finder.cuts.map((c) => ({ timecode: formatTimecode(first + c.frame, rate), frame: c.frame, score: c.score }));
  const base = { reference: resolve(options.reference), rate: rate.name, start: formatTimecode(first, rate), frames, cuts, warnings };
  const colour = options.colour ?? "cyan";
  const marker = (c: SpottedCut, i: number): TimelineMarker => ({ frame: first + c.frame, duration: 0, name: `cut ${i + 1}`, comment: "", colour, location: { file: options.reference } });

  if (intoFile) {
    // A cut on a frame that already has a hit (whatever its name) is not proposed again.
    const taken = new Set(intoFile.cues.flatMap((cue) => cuePlan(cue, rate).timing.hits.map((h) => h.frame)));
    const markers = cuts.map(marker).filter((m) => !taken.has(m.frame));
    const skipped = cuts.map(marker).filter((m) => taken.has(m.frame)).map((m) => ({ label: m.name, timecode: formatTimecode(m.frame, rate), reason: "a hit is on this frame already" }));
    const r = await addMarkersAsHits(intoText!, intoFile, markers, { into: options.into!, ...(options.cue !== undefined ? { cue: options.cue } : {}), ...(options.output !== undefined ? { output: options.output } : {}) });
    return { ...base, added: r.added.map((h) => ({ cue: intoFile.cues[h.cueIndex]!.id, label: h.label, timecode: h.timecode })), outside: r.outside, skipped: [...skipped, ...r.skipped], path: r.wrote ? r.path : null, warnings: [...warnings, ...r.warnings] };
  }
  if (options.output !== undefined) {
    // One cue over the whole reference, the cuts its hits.
    const name = basename(options.reference).replace(/\.[^.]+$/, "");
    const whole: TimelineMarker = { frame: first, duration: frames, name: `M1 ${name}`, comment: "", location: { file: options.reference } };
    const made = markersToCues([whole, ...cuts.map(marker)], rate, 2);
    const yaml = cueFileYaml({ title: name, fps: rate.name, cues: made.cues }, importedFrom(options.reference).replace("sprocket import", "sprocket spot"));
    await checkAndWrite(yaml, options.output);
    return { ...base, path: resolve(options.output), warnings: [...warnings, ...made.warnings] };
  }
  return { ...base, path: null };
}
