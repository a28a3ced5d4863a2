import type { CueFile } from "../engine/cue-model.js";
import { pickCue } from "../cue/select-cues.js";
import { hitTiming } from "../engine/cue-timing.js";
import { rampEndTempo, rampStart, qpmToBpm, type RampFit } from "../engine/fit-ramp.js";
import { barQuarters } from "../engine/meter.js";
import { Rational } from "../engine/rational.js";
import { writtenRamp } from "../engine/written-ramp.js";
import { UserError } from "../errors.js";

export interface RampOptions {
  /** The cue (needed when the file has several). */
  cue?: string;
  /** The label of the hit to land. */
  toHit: string;
  /** The bar where the ramp starts, from the tempo there (with `endBpm`: no earlier than this; default 1). */
  fromBar?: number;
  /** The beat that must land on the hit (default: the click nearest it now). */
  atBar?: number;
  atBeat?: number;
  /** Fix the end tempo and find where the ramp must start instead. */
  endBpm?: number;
}

/** The ramp, unrounded (`sprocket ramp --json` rounds it for reading). */
export interface RampResult {
  cue: string;
  hit: { label: string; timecode: string };
  from: { bar: number; beat: number; bpm: number; written: string };
  to: { bar: number; beat: number; bpm: number; written: string };
  /** Frames from the hit at which the beat lands with the tempos as the cue file will hold them. */
  landsFramesAsWritten: number;
  bars: number;
  /** How much later (+) or earlier the beat lands than now, in frames. */
  shiftFrames: number;
  change: { bpm: number; percent: number };
  perBar: { bpm: number; percent: number };
  /** The tempo events to write in the cue file. */
  cueLines: string[];
  replacesTempoEventsAtBars: number[];
}

/**
 * The ramp that lands a beat exactly on a hit, linear in beats: the use case behind `sprocket ramp`.
 * From the tempo at `fromBar` to the end tempo that puts the beat on the hit, or (with `endBpm`) from
 * the start that does.
 */
export function rampToHit(file: CueFile, options: RampOptions): RampResult {
  const { cue } = pickCue(file, options.cue);
  const matches = cue.hits.filter((h) => h.label === options.toHit);
  if (matches.length !== 1) throw new UserError({ message: matches.length ? `${matches.length} hits are labelled "${options.toHit}": give them distinct labels.` : `Cue ${cue.id} has no hit "${options.toHit}".`, expected: cue.hits.map((h) => h.label).join(", ") });
  const map = cue.map;
  const fps = file.rate.fps.toNumber();
  const hit = hitTiming(matches[0]!, cue, file.rate);
  const toQ = options.atBar !== undefined ? map.quartersAt(options.atBar, Rational.fromNumber(options.atBeat ?? 1)).toNumber() : map.nearestPulse(hit.seconds).q;
  const fromQ = map.quartersAt(options.fromBar ?? 1).toNumber();
  const meter = map.meterAt(fromQ);
  if (!map.meterAt(toQ - 1e-9).pulse.eq(meter.pulse)) throw new UserError("The beat is in a meter with another pulse than the ramp's start: a ramp cannot span a change of pulse.");
  const pulseQ = meter.pulse.mul(4).toNumber();
  const fit: RampFit | { unreachable: string } = options.endBpm === undefined ? rampEndTempo(map, fromQ, toQ, hit.seconds) : rampStart(map, fromQ, toQ, options.endBpm * pulseQ, hit.seconds);
  if ("unreachable" in fit) throw new UserError({ message: `No ramp lands it: ${fit.unreachable}.`, hint: "Start the ramp earlier (--from), or aim for another beat (--at-bar, --at-beat)." });
  const startBpm = qpmToBpm(map, fit.fromQ, fit.fromQpm);
  const endTempo = fit.toQpm / pulseQ;
  const bars = (fit.toQ - fit.fromQ) / barQuarters(meter).toNumber();
  const change = endTempo - startBpm;
  const from = map.positionAt(fit.fromQ);
  const to = map.positionAt(fit.toQ);
  const shiftFrames = (hit.seconds - map.seconds(toQ)) * fps;
  // The tempos as the cue file will hold them, and where the beat lands with exactly those.
  const written = writtenRamp(cue, file.rate, fit, hit.seconds);
  return {
    cue: cue.id,
    hit: { label: hit.label, timecode: hit.timecode },
    from: { bar: from.bar, beat: from.beat, bpm: written.from.bpm, written: written.from.text },
    to: { bar: to.bar, beat: to.beat, bpm: written.to.bpm, written: written.to.text },
    landsFramesAsWritten: written.landingFrames,
    bars,
    shiftFrames,
    change: { bpm: change, percent: (change / startBpm) * 100 },
    perBar: { bpm: change / bars, percent: (change / bars / startBpm) * 100 },
    cueLines: written.lines,
    replacesTempoEventsAtBars: written.replaces,
  };
}
