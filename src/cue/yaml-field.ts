import { UserError, type Problem, type SourceLocation } from "../errors.js";
import { didYouMean } from "./did-you-mean.js";
import { readYamlTree } from "./yaml-full.js";
import { LineIndex, type YNode } from "./yaml-tree.js";

/**
 * Reads a YAML document field by field, keeping each value's file:line:column and field path, and
 * collecting every problem instead of stopping at the first. The fast reader answers for the files
 * people write; anything else is read by the `yaml` package.
 */
export class YamlSource {
  readonly problems: Problem[] = [];
  private readonly lines: LineIndex;
  /** The document's tree (with each node's place in the text, for edits). */
  readonly tree: YNode | null;

  constructor(readonly file: string, text: string) {
    this.lines = new LineIndex(text);
    const { root, errors } = readYamlTree(text);
    this.tree = root;
    for (const e of errors) this.problems.push({ message: `The file is not valid YAML: ${e.message}`, location: this.at(e.offset) });
  }

  at(offset: number): SourceLocation {
    const { line, column } = this.lines.at(offset);
    return { file: this.file, line, column };
  }

  root(): Field {
    return new Field(this, "", this.tree, 0);
  }
}

const MAX_SHOWN = 60;

/** How a YAML value reads back to the user in "received". */
function describe(node: YNode | null): string {
  if (node === null) return "nothing";
  if (node.kind === "map") return "a mapping";
  if (node.kind === "seq") return "a list";
  if (node.kind === "scalar") {
    const v = node.value;
    if (v === null) return "nothing";
    const text = typeof v === "string" ? JSON.stringify(v) : String(v);
    return text.length > MAX_SHOWN ? text.slice(0, MAX_SHOWN) + "…" : text;
  }
  return "an unexpected value";
}

export class Field {
  constructor(
    readonly source: YamlSource,
    readonly path: string,
    readonly node: YNode | null,
    /** Where to point when the value is missing: the start of the mapping that should hold it. */
    private readonly fallbackOffset: number,
  ) {}

  get present(): boolean {
    return this.node !== null && !(this.node.kind === "scalar" && this.node.value === null);
  }

  location(): SourceLocation {
    return this.source.at(this.node?.start ?? this.fallbackOffset);
  }

  /** Records a problem with this field (received is its value) and returns undefined. */
  fail(message: string, expected?: string, hint?: string, received?: string): undefined {
    this.source.problems.push({
      message,
      location: this.location(),
      field: this.path || "(top level)",
      ...(expected ? { expected } : {}),
      received: received ?? describe(this.node),
      ...(hint ? { hint } : {}),
    });
    return undefined;
  }

  /** The plain value of a scalar (string, number, boolean), without checking it; undefined for lists and mappings. */
  raw(): unknown {
    return this.node?.kind === "scalar" ? this.node.value : undefined;
  }

  string(expected = "text"): string | undefined {
    const v = this.raw();
    if (typeof v === "string") return v;
    if (typeof v === "number" && this.node?.kind === "scalar") return this.node.source;
    if (typeof v === "number") return String(v);
    return this.fail(`${this.name()} must be ${expected}.`, expected);
  }

  number(expected = "a number"): number | undefined {
    const v = this.raw();
    if (typeof v === "number" && Number.isFinite(v)) return v;
    return this.fail(`${this.name()} must be ${expected}.`, expected);
  }

  integer(min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const expected = max === Number.MAX_SAFE_INTEGER ? `a whole number from ${min}` : `a whole number from ${min} to ${max}`;
    const v = this.raw();
    if (typeof v === "number" && Number.isInteger(v) && v >= min && v <= max) return v;
    return this.fail(`${this.name()} must be ${expected}.`, expected);
  }

  boolean(): boolean | undefined {
    const v = this.raw();
    if (typeof v === "boolean") return v;
    return this.fail(`${this.name()} must be true or false.`, "true or false");
  }

  /** Items of a list, each as a Field. */
  list(expected = "a list"): Field[] | undefined {
    const node = this.node;
    if (node?.kind !== "seq") return this.fail(`${this.name()} must be ${expected}.`, expected);
    return node.items.map((item, i) => new Field(this.source, `${this.path}[${i}]`, item, node.start));
  }

  /** A mapping whose keys must be among `known` (others are reported, with a likely correction). */
  map(known: readonly string[], expected = "a mapping"): MapField | undefined {
    const node = this.node;
    if (node?.kind !== "map") return this.fail(`${this.name()} must be ${expected}.`, expected);
    const entries = new Map<string, Field>();
    for (const pair of node.pairs) {
      const keyNode = pair.key;
      const key = keyNode?.kind === "scalar" ? String(keyNode.value) : "";
      const path = this.path ? `${this.path}.${key}` : key;
      if (!known.includes(key)) {
        const guess = didYouMean(key, known);
        new Field(this.source, path, keyNode, node.start).fail(
          `Unknown field "${key}".${guess ? ` Did you mean "${guess}"?` : ""}`,
          `one of: ${known.join(", ")}`,
        );
        continue;
      }
      entries.set(key, new Field(this.source, path, pair.value, keyNode?.start ?? 0));
    }
    return new MapField(this, entries);
  }

  /**
   * Converts the value's text with a parser that throws UserError (timecodes, tempos...), reporting
   * its problem at this field.
   */
  parse<T>(parser: (text: string) => T, expected: string): T | undefined {
    const text = this.string(expected);
    if (text === undefined) return undefined;
    return this.attempt(() => parser(text));
  }

  /** Runs a check that may throw UserError, reporting its problem at this field. */
  attempt<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      for (const p of e.problems) {
        this.source.problems.push({ ...p, location: this.location(), field: this.path, received: p.received ?? describe(this.node) });
      }
      return undefined;
    }
  }

  /** `cues[0].start` reads as `start`; the top level as "The file". */
  name(): string {
    const last = this.path.split(".").pop() ?? "";
    return this.path ? `"${last}"` : "The file";
  }
}

export class MapField {
  constructor(
    readonly field: Field,
    private readonly entries: Map<string, Field>,
  ) {}

  has(key: string): boolean {
    return this.entries.get(key)?.present ?? false;
  }

  /** The field at `key` (absent fields read as not present, located at this mapping). */
  get(key: string): Field {
    const path = this.field.path ? `${this.field.path}.${key}` : key;
    return this.entries.get(key) ?? new Field(this.field.source, path, null, this.field.node?.start ?? 0);
  }

  /** The field at `key`, reporting it missing when absent. */
  require(key: string, expected: string): Field | undefined {
    const f = this.get(key);
    if (f.present) return f;
    return f.fail(`Missing field "${key}"${this.field.path ? ` in ${this.field.path}` : ""}.`, expected);
  }
}
