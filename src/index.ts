/**
 * Sprocket as a library: the use cases the command line runs (render, import markers, export
 * markers or scores, import a DAW's tempo map, a score or spotting notes, conform, verify, where, fit, ramp), with typed options and results, and under them the pure timing core and the cue file
 * reader. The README's "Sprocket as a library" shows each; its examples run in test/library.test.ts.
 */
export { renderCues, type RenderCuesOptions } from "./app/render-cues.js";
export { importMarkersInto, markersToCueFile, type ImportMarkersOptions, type ImportMarkersResult, type MarkersToCueFileOptions, type MarkersToCueFileResult } from "./app/import-markers.js";
export { conformCues, type ConformOptions, type ConformResult } from "./app/conform.js";
export { verifyDeliveries, type VerifyOptions, type VerifyResult } from "./app/verify.js";
export { exportMarkers, type ExportMarkersOptions, type ExportMarkersResult } from "./app/export-markers.js";
export { whereIs, type WhereOptions, type WhereAnswer, type BeatAnswer, type TimeAnswer } from "./app/where.js";
export { fitTempo, applyFit, type FitOptions, type FitResult, type FitCandidate, type ApplyFitResult } from "./app/fit.js";
export { rampToHit, type RampOptions, type RampResult } from "./app/ramp.js";
export { importMidi, type ImportMidiOptions, type ImportMidiResult } from "./app/import-midi.js";
export { importSpotting, type ImportSpottingOptions, type ImportSpottingResult } from "./app/import-spotting.js";
export { exportScores, type ExportScoreOptions, type ExportedScore } from "./app/export-score.js";
export { importScore, type ImportScoreOptions, type ImportScoreResult } from "./app/import-score.js";
export type { RenderedOutput, OutputKind } from "./render/outputs.js";
export type { VideoOptions, PictureFormat } from "./render/video-options.js";
export { cuePlan, type CuePlan } from "./engine/cue-plan.js";
export type { ClickSettings } from "./engine/cue-model.js";
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
export { UserError, SystemError, ExternalToolError, BugError, type Problem, type SourceLocation } from "./errors.js";
