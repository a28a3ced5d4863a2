import { BugError, ExternalToolError, ReportedError, SystemError, UserError, type Problem } from "../errors.js";
import { describeSystemFailure } from "../system/system-failure.js";
import { bold, dim, red } from "./style.js";

/** Exit statuses: 0 success, 1 failure (external tool, bug), 2 bad usage or bad input. */
export const EXIT = { ok: 0, failure: 1, badInput: 2 } as const;

function where(p: Problem): string {
  const l = p.location;
  // A message that already starts with its file's name needs no file in front of it.
  const named = l && l.line === undefined && p.message.startsWith(l.file);
  const at = l && !named ? [l.file, l.line, l.column].filter((x) => x !== undefined).join(":") + ": " : "";
  return at + (p.field ? `${p.field}: ` : "");
}

/** Formats one user problem: where, what, then expected / received / hint lines. */
export function formatProblem(p: Problem, stream: NodeJS.WriteStream = process.stderr): string {
  const lines = [`${red(stream, bold(stream, "error:"))} ${where(p)}${p.message}`];
  if (p.expected) lines.push(`  ${dim(stream, "expected:")} ${p.expected}`);
  if (p.received) lines.push(`  ${dim(stream, "received:")} ${p.received}`);
  if (p.hint) lines.push(`  ${dim(stream, "hint:")} ${p.hint}`);
  return lines.join("\n");
}

/** The one top-level handler: prints the error for a person and returns the exit status. */
export function reportError(failure: unknown, stream: NodeJS.WriteStream = process.stderr): number {
  // The machine's own failures (a full disk, a permission) are said in words wherever they arose.
  const err = describeSystemFailure(failure);
  if (err instanceof SystemError) {
    stream.write(`${red(stream, bold(stream, "error:"))} ${err.message}\n`);
    if (err.hint) stream.write(`  ${dim(stream, "hint:")} ${err.hint}\n`);
    return EXIT.failure;
  }
  if (err instanceof ReportedError) {
    // A child run with --json said its failure as JSON: say it in words here.
    const json = /^\s*\{\s*"error"/.test(err.text) ? (JSON.parse(err.text) as { error: Problem & { file?: string; line?: number; column?: number } }).error : undefined;
    if (json) stream.write(formatProblem({ ...json, ...(json.file ? { location: { file: json.file, ...(json.line ? { line: json.line } : {}), ...(json.column ? { column: json.column } : {}) } } : {}) }, stream) + "\n");
    else stream.write(err.text.endsWith("\n") ? err.text : err.text + "\n");
    return err.exitCode;
  }
  if (err instanceof UserError) {
    stream.write(err.problems.map((p) => formatProblem(p, stream)).join("\n") + "\n");
    if (err.problems.length > 1) stream.write(`${err.problems.length} problems.\n`);
    return EXIT.badInput;
  }
  if (err instanceof ExternalToolError) {
    stream.write(`${red(stream, bold(stream, "error:"))} ${err.message}\n`);
    if (err.how !== "not started") stream.write(`  ${err.tool} ${err.how === "exited" ? `exited with ${err.exitCode}` : "was stopped by a signal"}.\n`);
    if (err.stderrTail) stream.write(err.stderrTail.replace(/^/gm, "  | ") + "\n");
    return EXIT.failure;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  stream.write(`${red(stream, bold(stream, "This is a bug in Sprocket"))}${err instanceof BugError ? "" : " (an unexpected exception)"}. Please report it with the command you ran and this output:\n`);
  stream.write((e.stack ?? e.message) + "\n");
  return EXIT.failure;
}

/**
 * The same handler for `--json`: the error as JSON on standard output, `{ error: { kind, message,
 * file, line, column, field, expected, received, hint }, problems: [...] }`, with the same exit status.
 */
export function reportErrorJson(failure: unknown, out: NodeJS.WritableStream = process.stdout): number {
  const err = describeSystemFailure(failure);
  const put = (error: Record<string, unknown>, problems?: Record<string, unknown>[]) => out.write(JSON.stringify({ error, ...(problems && problems.length > 1 ? { problems } : {}) }, null, 2) + "\n");
  const flat = (p: Problem) => ({ message: p.message, ...(p.location ? { file: p.location.file, ...(p.location.line !== undefined ? { line: p.location.line } : {}), ...(p.location.column !== undefined ? { column: p.location.column } : {}) } : {}), ...(p.field ? { field: p.field } : {}), ...(p.expected ? { expected: p.expected } : {}), ...(p.received ? { received: p.received } : {}), ...(p.hint ? { hint: p.hint } : {}) });
  if (err instanceof ReportedError) {
    // A child's failure: JSON already (a child run with --json), or words for a person (on stderr).
    if (/^\s*\{\s*"error"/.test(err.text)) out.write(err.text.endsWith("\n") ? err.text : err.text + "\n");
    else process.stderr.write(err.text.endsWith("\n") ? err.text : err.text + "\n");
    return err.exitCode;
  }
  if (err instanceof UserError) {
    const problems = err.problems.map((p) => ({ kind: "input", ...flat(p) }));
    put(problems[0]!, problems);
    return EXIT.badInput;
  }
  if (err instanceof SystemError) {
    put({ kind: "system", message: err.message, code: err.code, ...(err.path ? { file: err.path } : {}), ...(err.hint ? { hint: err.hint } : {}) });
    return EXIT.failure;
  }
  if (err instanceof ExternalToolError) {
    put({ kind: "external", message: err.message, tool: err.tool, how: err.how, exitCode: err.exitCode, stderrTail: err.stderrTail });
    return EXIT.failure;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  put({ kind: "bug", message: `This is a bug in Sprocket${err instanceof BugError ? "" : " (an unexpected exception)"}: ${e.message}. Please report it with the command you ran.`, stack: e.stack ?? "" });
  return EXIT.failure;
}
