import { RATE_NAMES } from "../engine/frame-rate.js";
import { GAUGES } from "../engine/feet-frames.js";

/**
 * The cue file's JSON Schema (draft 2020-12). It is published as schema/cue-file.schema.json
 * (`npm run schema` writes it; a test keeps the two equal) for editors to complete and check cue
 * files, and the reader takes its field names from here, so the two cannot drift apart.
 * The reader checks more than a schema can say (timecodes that exist, hits inside their cue...).
 */

const timecode = {
  type: "string",
  pattern: "^\\d{1,2}[:;]\\d{2}[:;]\\d{2}[:;]\\d{2}$",
  description: "Timecode HH:MM:SS:FF (drop frame: HH:MM:SS;FF). Quote it in YAML.",
};
const streamer = {
  description: "Streamer length: seconds (2, \"2.5s\"), frames (\"48f\"), or \"none\".",
  oneOf: [{ type: "number", exclusiveMinimum: 0 }, { type: "string", pattern: "^(\\d+(\\.\\d+)?(s|f)|none)$" }],
};
const fraction = (example: string) => ({ type: "string", pattern: "^\\d+/(1|2|4|8|16|32|64)$", examples: [example] });

const tempoEvent = {
  type: "object",
  additionalProperties: false,
  required: ["bar"],
  properties: {
    bar: { type: "integer", minimum: 1, description: "Bar where the event takes effect." },
    beat: { type: "number", minimum: 1, description: "1-based beat (pulse) in the bar; 1 when absent." },
    bpm: { type: "number", exclusiveMinimum: 0, description: "Tempo in pulses (clicks) a minute." },
    click: {
      description: "Tempo as a frame click F-e (frames and eighths of a frame a beat), or whole frames a beat.",
      oneOf: [{ type: "string", pattern: "^\\d+-[0-7]$" }, { type: "number", exclusiveMinimum: 0 }],
    },
    meter: { ...fraction("7/8"), description: "Meter from this bar on, e.g. 4/4, 7/8, 6/8." },
    pulse: { ...fraction("3/8"), description: "What one click is worth: 6/8 with pulse 3/8 clicks in two. Default: one click per note of the meter's denominator." },
    ramp: { type: "boolean", description: "Reach this tempo linearly (in beats) from the previous tempo event." },
  },
};

const hit = {
  type: "object",
  additionalProperties: false,
  required: ["label"],
  properties: {
    at: { ...timecode, description: "Timecode of the hit." },
    bar: { type: "integer", minimum: 1, description: "Bar of a hit placed musically." },
    beat: { type: "number", minimum: 1, description: "1-based beat (fractional allowed) with bar; 1 when absent." },
    label: { type: "string", minLength: 1, description: "What happens (\"door slams\")." },
    streamer,
    color: { type: "string", description: "Streamer colour: white, green, yellow, red, blue, cyan, magenta, orange, or #rrggbb (default: the streamer style's)." },
    punch: { oneOf: [{ type: "boolean" }, { type: "integer", minimum: 1, maximum: 24 }], description: "Punch on the hit: true (2 frames), false, or its length in frames." },
    flutter: { enum: [0, 1, 3, 5, 7], description: "Punches on every other frame leading into the hit." },
    weight: { type: "number", exclusiveMinimum: 0, description: "How much landing this hit matters to `sprocket fit` (default 1)." },
    important: { type: "boolean", description: "`sprocket fit` only offers tempos that land this hit." },
  },
  oneOf: [{ required: ["at"] }, { required: ["bar"] }],
};

const clickSettings = {
  type: "object",
  additionalProperties: false,
  description: "How the click track sounds and is written. At the top level: the defaults for every cue.",
  properties: {
    sound: { type: "string", description: "Click sound preset: urei (default), beep, woodblock (presets/clicks)." },
    accent: { type: "string", description: "Your own WAV for beat 1 of each bar, relative to this file." },
    beat: { type: "string", description: "Your own WAV for the other beats, relative to this file." },
    subdivide: { type: "integer", minimum: 1, maximum: 4, description: "Clicks per beat (1: none; 2: eighths in 4/4...); the extra ones are quieter." },
    tacet: {
      type: "array",
      description: "Bars with no click.",
      items: { type: "object", additionalProperties: false, required: ["from"], properties: { from: { type: "integer", minimum: 1 }, to: { type: "integer", minimum: 1 } } },
    },
    beeps: {
      description: "ADR-style beeps (1 kHz, 1/30 s) into every hit: true for three over 2 s, the last on the hit.",
      oneOf: [
        { type: "boolean" },
        { type: "object", additionalProperties: false, properties: { count: { type: "integer", minimum: 1, maximum: 8 }, over: { type: "number", minimum: 0, maximum: 10 } } },
      ],
    },
    sampleRate: { enum: [44100, 48000, 88200, 96000], description: "Default 48000." },
    bitDepth: { enum: [16, 24, "32f"], description: "PCM 16 or 24-bit (default), or 32-bit float." },
  },
};

const cue = {
  type: "object",
  additionalProperties: false,
  required: ["id", "start", "tempo"],
  properties: {
    id: { type: ["string", "number"], description: "Cue number, e.g. 3M12." },
    title: { type: "string" },
    start: { ...timecode, description: "Timecode of bar 1, beat 1." },
    end: { ...timecode, description: "Timecode where the cue ends. Default: one bar past the last hit or tempo event." },
    deliveryStart: { ...timecode, description: "Timecode where the cue's delivered audio (its mix and stems) starts, when not at bar 1: a pickup or a pre-roll. `sprocket verify` checks time stamps against it." },
    countIn: { type: "integer", minimum: 0, maximum: 16, description: "Bars of warning clicks before bar 1 (default 2)." },
    streamer: { ...streamer, description: "Default streamer length for this cue's hits (default 2 s)." },
    streamerStyle: { type: "string", description: "Streamer style preset from presets/streamers: classic (default), wide." },
    composer: { type: "string", description: "For the cue sheet." },
    publisher: { type: "string", description: "For the cue sheet." },
    usage: { enum: ["original", "licensed"], description: "For the cue sheet: music written for the picture, or licensed (default original)." },
    notes: { type: "string", description: "Spotting notes: what the cue is for." },
    tempo: { type: "array", minItems: 1, items: tempoEvent },
    hits: { type: "array", items: hit },
    click: clickSettings,
  },
};

export const cueFileSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://github.com/sprocket-scoring/sprocket/schema/cue-file.schema.json",
  title: "Sprocket cue file",
  type: "object",
  additionalProperties: false,
  required: ["fps", "cues"],
  properties: {
    title: { type: "string", description: "Project (film) title." },
    fps: { description: "Picture rate.", oneOf: [{ enum: RATE_NAMES }, { enum: [23.976, 23.98, 24, 25, 29.97, 30, 48, 50, 59.94, 60] }] },
    video: { type: "string", description: "Reference video, relative to this file." },
    gauge: { enum: GAUGES, description: "Film gauge for feet+frames (default 35mm-4perf)." },
    click: clickSettings,
    composer: { type: "string", description: "Default for every cue, on the cue sheet." },
    publisher: { type: "string", description: "Default for every cue, on the cue sheet." },
    usage: { enum: ["original", "licensed"], description: "Default for every cue: music written for the picture, or licensed (default original)." },
    streamerStyle: { type: "string", description: "Streamer style preset from presets/streamers: classic (default), wide." },
    cues: { type: "array", minItems: 1, items: cue },
  },
} as const;

export const FIELDS = {
  file: Object.keys(cueFileSchema.properties),
  cue: Object.keys(cue.properties),
  tempo: Object.keys(tempoEvent.properties),
  hit: Object.keys(hit.properties),
  click: Object.keys(clickSettings.properties),
};
