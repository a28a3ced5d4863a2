import { BugError, ExternalToolError, ReportedError, UserError, type Problem } from "../errors.js";
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
export function reportError(err: unknown, stream: NodeJS.WriteStream = process.stderr): number {
  if (err instanceof ReportedError) {
    stream.write(err.text.endsWith("\n") ? err.text : err.text + "\n");
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
