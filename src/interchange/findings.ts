import { UserError, type Problem, type SourceLocation } from "../errors.js";

/** At most this many problems are printed for one file; a file of garbage should not scroll for pages. */
const MAX_PROBLEMS = 25;

/**
 * What a reader found wrong (problems: the file is refused) or doubtful (warnings: read, and said),
 * each located at file:line:column like the cue file's own problems.
 */
export class Findings {
  readonly problems: Problem[] = [];
  readonly warnings: Problem[] = [];

  constructor(readonly file: string) {}

  at(line?: number, column?: number): SourceLocation {
    return { file: this.file, ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}) };
  }

  error(p: Omit<Problem, "location">, line?: number, column?: number): undefined {
    this.problems.push({ ...p, location: this.at(line, column) });
    return undefined;
  }

  warn(message: string, line?: number, column?: number, hint?: string): void {
    this.warnings.push({ message, location: this.at(line, column), ...(hint ? { hint } : {}) });
  }

  /** Runs a parser that may throw UserError (a timecode...), recording its problem here with the field named. */
  attempt<T>(fn: () => T, field: string, line?: number, column?: number): T | undefined {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      for (const p of e.problems) this.problems.push({ ...p, field, location: this.at(line, column) });
      return undefined;
    }
  }

  /** Refuses the file with every problem found (the first few dozen), in file order. */
  throwIfAny(): void {
    if (!this.problems.length) return;
    const sorted = [...this.problems].sort((a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0));
    const shown = sorted.slice(0, MAX_PROBLEMS);
    if (sorted.length > MAX_PROBLEMS) shown.push({ message: `… and ${sorted.length - MAX_PROBLEMS} more problems in ${this.file}.`, location: this.at() });
    throw new UserError(shown);
  }
}

/** Splits text into lines (LF, CRLF or a lone CR, as old Mac programs write), without a byte-order mark. */
export function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
}

/** The 1-based column where each whitespace-separated token of a line starts. */
export function tokensWithColumns(line: string): { text: string; column: number }[] {
  // A scan rather than matchAll: an EDL has thousands of lines, and this is most of reading one.
  const out: { text: string; column: number }[] = [];
  let start = -1;
  for (let i = 0; i <= line.length; i++) {
    const c = line.charCodeAt(i);
    const blank = i === line.length || c === 32 || (c >= 9 && c <= 13) || (c >= 128 && /\s/.test(line[i]!));
    if (blank && start >= 0) {
      out.push({ text: line.slice(start, i), column: start + 1 });
      start = -1;
    } else if (!blank && start < 0) start = i;
  }
  return out;
}
