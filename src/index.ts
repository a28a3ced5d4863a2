/** Sprocket as a library: the pure timing core and the cue file reader. */
export { Rational } from "./engine/rational.js";
export { FRAME_RATES, RATE_NAMES, parseFrameRate, isDropFrame, type FrameRate } from "./engine/frame-rate.js";
export { formatTimecode, parseTimecode, framesPerDay } from "./engine/timecode.js";
export { formatFeetFrames, parseFeetFrames, parseGauge, GAUGES, type Gauge } from "./engine/feet-frames.js";
export { frameToSeconds, secondsToFrame, frameToSamples, frameToSamplesExact, convertFrame, type Rounded } from "./engine/time-convert.js";
export { parseTempo, frameClickToBpm, framesPerBeatToBpm, bpmToFramesPerBeat, nearestFrameClick, type FrameClick } from "./engine/tempo-value.js";
export { makeMeter, type Meter } from "./engine/meter.js";
export { TempoMap, type TempoEvent, type TempoMapProblem } from "./engine/tempo-map.js";
export { cueTiming, hitTiming, type CueTiming, type HitTiming } from "./engine/cue-timing.js";
export { readCueFile, parseCueFile } from "./cue/read-cue-file.js";
export { cueFileSchema } from "./cue/schema.js";
export type { Cue, CueFile, Hit } from "./engine/cue-model.js";
export { UserError, ExternalToolError, BugError, type Problem, type SourceLocation } from "./errors.js";
