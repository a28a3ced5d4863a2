import type { Document, LineCounter, Node } from "yaml";
import { yamlPackage } from "../system/yaml-package.js";

/**
 * Finds where a value sits in a JSON text (line and column), for messages about OTIO files. JSON is
 * parsed fast with JSON.parse; only when something must be located is the text parsed again with
 * positions (JSON is YAML 1.2, and the yaml package keeps every node's range).
 */
export class JsonLocator {
  private doc?: Document.Parsed;
  private lines?: LineCounter;

  constructor(private readonly text: string) {}

  locate(path: readonly (string | number)[]): { line: number; column: number } | undefined {
    if (!this.doc || !this.lines) {
      const yaml = yamlPackage();
      this.lines = new yaml.LineCounter();
      this.doc = yaml.parseDocument(this.text, { lineCounter: this.lines, uniqueKeys: false });
    }
    for (let n = path.length; n >= 0; n--) {
      const node = this.doc.getIn(path.slice(0, n), true) as Node | undefined;
      const at = node?.range?.[0];
      if (at !== undefined) {
        const { line, col } = this.lines.linePos(at);
        return { line, column: col };
      }
    }
    return undefined;
  }
}

/** Line and column of a JSON.parse failure, from the position its message gives. */
export function jsonErrorPosition(text: string, error: Error): { line: number; column: number } | undefined {
  const lc = /line (\d+) column (\d+)/.exec(error.message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(error.message);
  if (!pos) return undefined;
  const before = text.slice(0, Number(pos[1]));
  const line = before.split("\n").length;
  return { line, column: before.length - before.lastIndexOf("\n") };
}
