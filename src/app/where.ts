import type { CueFile } from "../engine/cue-model.js";
import { pickCue } from "../cue/select-cues.js";
import { looksLikeFeetFrames, parseFeetFrames } from "../engine/feet-frames.js";
import { rampEndTempo } from "../engine/fit-ramp.js";
import { formatTimecode, looksLikeTimecode, parseTimecode } from "../engine/timecode.js";
import { beatToFrame, frameToCue, parseMusicalPlace, parseNudge } from "../engine/where.js";
import { writtenRamp } from "../engine/written-ramp.js";
import { UserError } from "../errors.js";

const round = (x: number, d = 3) => Number(x.toFixed(d));

export interface WhereOptions {
  /** The cue, for musical places and feet (needed when the file has several). */
  cue?: string;
}

/** A bar and beat of a cue, answered as a timecode (the nearest frame and how far the beat is from it). */
export interface BeatAnswer {
  input: string; cue: string; bar: number; beat: number; timecode: string; frames: number; seconds: number; feetFrames: string; offsetFrames: number; offsetMs: number;
  /** For "12|3 -6f": the nudged frame, and the ramp that puts the beat there (or why none does). */
  nudged?: { frames: number; timecode: string };
  ramp?: { fromBar: number; fromBpm: number; toBpm: number; landsFramesAsWritten: number; replacesTempoEventsAtBars: number[]; cueLines: string[] } | { unreachable: string };
}

/** A timecode or feet+frames, answered as the cue it falls in (or the nearest, between cues) and its bar and beat. */
export interface TimeAnswer {
  input: string; cue: string | null; between?: true; nearest?: string; bar: number | null; beat: number | null; timecode: string; frames: number; seconds: number; feetFrames: string;
  offsetFrames: number | null; offsetMs: number | null; nearestClick?: { bar: number; beat: number };
}

export type WhereAnswer = BeatAnswer | TimeAnswer;

/**
 * Answers notes like "bar 12, beat 3" or "01:24:38:14" both ways, exactly: the use case behind
 * `sprocket where`. A musical place may be followed by a nudge ("12|3 -6f", or "12|3" then "-6f").
 */
export function whereIs(file: CueFile, inputs: readonly string[], options: WhereOptions = {}): WhereAnswer[] {
  const rate = file.rate;
  // "12|3 -6f" as one argument, or as two.
  const notes: { text: string; place: string; nudge?: number }[] = [];
  for (const raw of inputs) {
    const [first, second] = raw.trim().split(/\s+/, 2) as [string, string | undefined];
    const nudge = parseNudge(second ?? first, rate);
    if (second === undefined && nudge !== undefined) {
      const prev = notes[notes.length - 1];
      if (!prev || prev.nudge !== undefined || !parseMusicalPlace(prev.place)) throw new UserError({ message: `"${raw}" nudges a bar and beat, but none comes before it.`, expected: "12|3 -6f" });
      prev.nudge = nudge;
      prev.text += ` ${raw}`;
      continue;
    }
    notes.push({ text: raw, place: first, ...(second !== undefined ? { nudge: parseNudge(second, rate) ?? NaN } : {}) });
  }
  return notes.map((n) => {
    if (n.nudge !== undefined && Number.isNaN(n.nudge)) throw new UserError({ message: `"${n.text}" ends in something that is not a nudge.`, expected: "a nudge such as -6f, +2f or -40ms" });
    return parseMusicalPlace(n.place) ? beatAnswer(file, n, options) : timeAnswer(file, n, options);
  });
}

function beatAnswer(file: CueFile, n: { text: string; place: string; nudge?: number }, options: WhereOptions): BeatAnswer {
  const rate = file.rate;
  const fps = rate.fps.toNumber();
  const place = parseMusicalPlace(n.place)!;
  const { cue } = pickCue(file, options.cue);
  const a = beatToFrame(cue, place, rate, file.gauge);
  const result: BeatAnswer = {
    input: n.text, cue: cue.id, bar: place.bar, beat: place.beat.toNumber(), timecode: formatTimecode(a.frame, rate), frames: a.frame,
    seconds: round(a.seconds, 6), feetFrames: a.feetFrames, offsetFrames: round(a.offsetFrames), offsetMs: round((a.offsetFrames / fps) * 1000),
  };
  if (n.nudge === undefined) return result;
  // The nudged note, and the ramp over the bars before it that puts the beat there.
  const target = a.frame + Math.round(n.nudge);
  const q = cue.map.quartersAt(place.bar, place.beat).toNumber();
  // From the last tempo event in a bar before the beat's (at most four bars back), as `ramp --from` would.
  const fromBar = Math.max(1, Math.min(place.bar - 1, Math.max(place.bar - 4, ...cue.tempo.filter((e) => e.bar < place.bar).map((e) => e.bar))));
  const fromQ = cue.map.quartersAt(fromBar).toNumber();
  const samePulse = cue.map.meterAt(fromQ).pulse.eq(cue.map.meterAt(q - 1e-9).pulse);
  const ramp = !samePulse ? { unreachable: "the beat is in a meter with another pulse than the bar the ramp would start at" } : fromQ < q ? rampEndTempo(cue.map, fromQ, q, (target - cue.start) / fps) : undefined;
  const written = ramp && !("unreachable" in ramp) ? writtenRamp(cue, rate, ramp, (target - cue.start) / fps) : undefined;
  return {
    ...result,
    nudged: { frames: Math.round(n.nudge), timecode: formatTimecode(target, rate) },
    ramp: written
      ? { fromBar, fromBpm: written.from.bpm, toBpm: written.to.bpm, landsFramesAsWritten: round(written.landingFrames, 6), replacesTempoEventsAtBars: written.replaces, cueLines: written.lines }
      : { unreachable: ramp && "unreachable" in ramp ? ramp.unreachable : "the beat comes before any bar a ramp could start at" },
  };
}

function timeAnswer(file: CueFile, n: { text: string; place: string }, options: WhereOptions): TimeAnswer {
  const rate = file.rate;
  const fps = rate.fps.toNumber();
  let frame: number;
  let only;
  if (looksLikeTimecode(n.place)) frame = parseTimecode(n.place, rate);
  else if (looksLikeFeetFrames(n.place)) {
    only = pickCue(file, options.cue).cue;
    frame = only.start + parseFeetFrames(n.place, file.gauge);
  } else throw new UserError({ message: `"${n.text}" is not a place Sprocket reads.`, expected: "a bar and beat (12|3), a timecode (01:24:38:14) or feet+frames from bar 1 (12+04)" });
  const a = frameToCue(only ? [only] : options.cue ? [pickCue(file, options.cue).cue] : file.cues, frame, rate, file.gauge);
  return {
    input: n.text, cue: a.inside ? a.cue.id : null, ...(a.inside ? {} : { between: true as const, nearest: a.cue.id }), bar: a.inside ? a.bar : null, beat: a.inside ? round(a.beat, 4) : null,
    timecode: formatTimecode(a.frame, rate), frames: a.frame, seconds: round(a.seconds, 6), feetFrames: a.feetFrames,
    offsetFrames: a.inside ? round(a.offsetFrames) : null, offsetMs: a.inside ? round((a.offsetFrames / fps) * 1000) : null, ...(a.inside ? { nearestClick: a.nearestClick } : {}),
  };
}
