import type { Cue } from "../engine/cue-model.js";
import type { WavHeader } from "../interchange/read-wav-header.js";

/** What `verify` reports: the stage's spec, the files handed in, each file's report and the checks' working state. */
/** What the stage asked for: 48 kHz 24-bit PCM unless told otherwise. */
export interface DeliverySpec {
  sampleRate: number;
  bits: number;
  float: boolean;
}

/** One file handed in: its headers, or why it has none (not a WAV, unreadable). */
export interface DeliveredFile {
  path: string;
  name: string;
  header?: WavHeader;
  unreadable?: { what: string; message: string };
}

export interface Problem {
  check: string;
  expected: string;
  received: string;
  /** The reason in words, for the table. */
  message: string;
}

export interface FileReport {
  path: string;
  cue: string | null;
  stem: string | null;
  /** How the file was matched to its cue. */
  matchedBy: "name" | "name timecode" | "timestamp" | null;
  status: "pass" | "fail";
  problems: Problem[];
  /** The time stamp as a timecode, where the file has one. */
  timestamp?: string;
  /** A name that agrees with the (correct) time stamp, for --fix-names. */
  rename?: string;
}

export interface MissingCue {
  id: string;
  title: string;
  start: string;
  reason: string;
}

/** A file on its way through the checks: its report, and what the sibling checks need. */
export interface Checked {
  report: FileReport;
  file: DeliveredFile;
  cue?: Cue;
  click: boolean;
  timestampOk: boolean;
  truncated: boolean;
}
