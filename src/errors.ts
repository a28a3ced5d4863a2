/**
 * The three kinds of failure Sprocket reports, handled at one top-level catch (src/cli/main.ts):
 * - UserError: bad input or usage. Printed without a stack; exit status 2.
 * - ExternalToolError: a program we spawned (ffmpeg...) failed. Shows its exit code and stderr tail; exit 1.
 * - SystemError: the machine refused (a full disk, a permission, a read-only disk...). Said in words
 *   with the path and what to do, no stack; exit 1.
 * - anything else is a bug: printed as a bug, with its stack; exit 1.
 */

/** Where in a file a problem is: 1-based line and column. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

/** One problem with the user's input, said so it can be fixed. */
export interface Problem {
  /** What is wrong, in a sentence. */
  message: string;
  location?: SourceLocation;
  /** Dotted path of the field, e.g. `cues[0].tempo[2].bpm`. */
  field?: string;
  expected?: string;
  received?: string;
  /** How to fix it, or an example. */
  hint?: string;
}

export class UserError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem | Problem[] | string) {
    const list = typeof problems === "string" ? [{ message: problems }] : Array.isArray(problems) ? problems : [problems];
    super(list.map((p) => p.message).join("\n"));
    this.name = "UserError";
    this.problems = list;
  }
}

export class ExternalToolError extends Error {
  constructor(
    readonly tool: string,
    /** The exit status; null when it did not start or was stopped by a signal (see `how`). */
    readonly exitCode: number | null,
    readonly stderrTail: string,
    message: string,
    readonly how: "exited" | "signal" | "not started" = exitCode === null ? "signal" : "exited",
  ) {
    super(message);
    this.name = "ExternalToolError";
  }
}

/** The operating system refused: said in words with the path and what to do. */
export class SystemError extends Error {
  constructor(
    message: string,
    /** The system's error code (ENOSPC, EACCES...). */
    readonly code: string,
    readonly path?: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "SystemError";
  }
}

/** Raised where the code itself is wrong (an invariant broke), never for bad input. */
export class BugError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BugError";
  }
}

/** A failure already reported in full (by a child Sprocket process): print its text as it is. */
export class ReportedError extends Error {
  constructor(
    readonly exitCode: number,
    readonly text: string,
  ) {
    super(text);
    this.name = "ReportedError";
  }
}

/** A failure as plain data, to cross from a child process (a parallel render's) to the one that reports it. */
export type SentError =
  | { kind: "user"; problems: Problem[] }
  | { kind: "tool"; tool: string; exitCode: number | null; stderrTail: string; message: string; how: ExternalToolError["how"] }
  | { kind: "system"; message: string; code: string; path?: string; hint?: string }
  | { kind: "bug"; message: string; stack?: string };

export function sendableError(e: unknown): SentError {
  if (e instanceof UserError) return { kind: "user", problems: e.problems };
  if (e instanceof ExternalToolError) return { kind: "tool", tool: e.tool, exitCode: e.exitCode, stderrTail: e.stderrTail, message: e.message, how: e.how };
  if (e instanceof SystemError) return { kind: "system", message: e.message, code: e.code, ...(e.path ? { path: e.path } : {}), ...(e.hint ? { hint: e.hint } : {}) };
  const err = e instanceof Error ? e : new Error(String(e));
  return { kind: "bug", message: err.message, ...(err.stack ? { stack: err.stack } : {}) };
}

/** The failure a child sent, as the error it was (a bug keeps the child's stack). */
export function receivedError(s: SentError): Error {
  switch (s.kind) {
    case "user": return new UserError(s.problems);
    case "tool": return new ExternalToolError(s.tool, s.exitCode, s.stderrTail, s.message, s.how);
    case "system": return new SystemError(s.message, s.code, s.path, s.hint);
    case "bug": return Object.assign(new Error(s.message), s.stack ? { stack: s.stack } : {});
  }
}
