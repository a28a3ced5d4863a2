import type { FlagValues } from "../command.js";

/** `sprocket import`'s flags, shared by the command and the helpers for each kind of file. */
export const IMPORT_OPTIONS = {
  output: { type: "string", short: "o" },
  fps: { type: "string" },
  start: { type: "string" },
  "count-in": { type: "string" },
  bpm: { type: "string" },
  end: { type: "string" },
  sequence: { type: "string" },
  lenient: { type: "boolean" },
  id: { type: "string" },
  title: { type: "string" },
  into: { type: "string" },
  cue: { type: "string" },
  cuts: { type: "boolean" },
  track: { type: "string" },
  json: { type: "boolean" },
} as const;

export type ImportValues = FlagValues<typeof IMPORT_OPTIONS>;
