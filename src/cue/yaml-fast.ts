import { blockEnd, type YMap, type YNode, type YScalar, type YSeq } from "./yaml-tree.js";

/**
 * A fast reader for the YAML cue files are written in: block mappings and lists (a list may sit at its
 * key's indent), single-line flow mappings and lists, plain and quoted single-line scalars, comments.
 * It answers only where it is sure: anything else (anchors, tags, block or multi-line scalars,
 * directives, tabs, a repeated key, an empty value, anything that is not valid YAML) gives undefined,
 * and the caller reads the text with the `yaml` package instead. Where it answers, it gives what
 * that package gives (test/yaml-fast.test.ts compares the two on every fixture and thousands of
 * variants of them). Loading and running the package cold costs a command some 40 ms; this, about 1.
 */
export function readSimpleYaml(text: string): YNode | undefined {
  if (/[\t\uFEFF\x00-\x08\x0B\x0C\x0E-\x1F\x7F\x85\u2028\u2029]|\r(?!\n)/.test(text)) return undefined;
  try {
    return new Reader(text).document();
  } catch (e) {
    if (e === DECLINE) return undefined;
    throw e;
  }
}

const DECLINE = Symbol("not for the fast reader");
const decline = (): never => {
  throw DECLINE;
};

interface Line {
  indent: number;
  /** offset of the line's first character after its indent */
  at: number;
  /** the line from `at`, without its line break */
  text: string;
}

const KEY = /^[A-Za-z_][A-Za-z0-9_-]*:(?= |$)/;
const SEQ_ITEM = /^-(?= |$)/;

class Reader {
  private readonly lines: Line[] = [];
  private i = 0;

  constructor(text: string) {
    let offset = 0;
    for (const raw of text.split("\n")) {
      const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
      let indent = 0; // (spaces only: YAML indents with nothing else)
      while (line[indent] === " ") indent++;
      const rest = line.slice(indent);
      if (rest !== "" && !rest.startsWith("#")) {
        if (indent === 0 && /^(---|\.\.\.|%)/.test(rest)) decline();
        this.lines.push({ indent, at: offset + indent, text: rest });
      }
      offset += raw.length + 1;
    }
  }

  document(): YNode {
    const first = this.lines[0] ?? decline();
    const root = this.block(first.indent);
    if (this.i < this.lines.length) decline();
    return root;
  }

  private block(indent: number): YNode {
    const line = this.lines[this.i]!;
    return SEQ_ITEM.test(line.text) ? this.seq(indent) : this.map(indent);
  }

  private map(indent: number): YMap {
    const map: YMap = { kind: "map", pairs: [], flow: false, start: this.lines[this.i]!.at, end: 0 };
    const keys = new Set<string>();
    while (this.i < this.lines.length) {
      const line = this.lines[this.i]!;
      if (line.indent < indent) break;
      if (line.indent > indent || SEQ_ITEM.test(line.text)) decline();
      const m = KEY.exec(line.text) ?? decline();
      const name = m[0].slice(0, -1);
      if (keys.has(name)) decline();
      keys.add(name);
      const key = scalar(name, line.at);
      const valueAt = skipSpaces(line.text, m[0].length);
      this.i++;
      if (valueAt === line.text.length || line.text[valueAt] === "#") {
        // The value is the block on the next lines: deeper, or a list at the key's own indent.
        const next = this.lines[this.i];
        if (!next || next.indent < indent || (next.indent === indent && !SEQ_ITEM.test(next.text))) decline();
        map.pairs.push({ key, value: next!.indent === indent ? this.seq(indent) : this.block(next!.indent) });
      } else {
        map.pairs.push({ key, value: this.inline(line, valueAt) });
      }
    }
    const last = map.pairs[map.pairs.length - 1];
    map.end = blockEnd(last?.value, last?.key, map.start);
    return map;
  }

  private seq(indent: number): YSeq {
    const seq: YSeq = { kind: "seq", items: [], flow: false, start: this.lines[this.i]!.at, end: 0 };
    while (this.i < this.lines.length) {
      const line = this.lines[this.i]!;
      if (line.indent < indent || (line.indent === indent && !SEQ_ITEM.test(line.text))) break;
      if (line.indent > indent) decline();
      const valueAt = skipSpaces(line.text, 1);
      if (valueAt === line.text.length || line.text[valueAt] === "#") {
        this.i++;
        const next = this.lines[this.i];
        if (!next || next.indent <= indent) decline();
        seq.items.push(this.block(next!.indent));
      } else if (SEQ_ITEM.test(line.text.slice(valueAt))) {
        decline();
      } else if (KEY.test(line.text.slice(valueAt))) {
        // A mapping begun on the item's line: its keys sit where the first one does.
        this.lines[this.i] = { indent: line.indent + valueAt, at: line.at + valueAt, text: line.text.slice(valueAt) };
        seq.items.push(this.map(line.indent + valueAt));
      } else {
        this.i++;
        seq.items.push(this.inline(line, valueAt));
      }
    }
    seq.end = blockEnd(seq.items[seq.items.length - 1], undefined, seq.start);
    return seq;
  }

  /** A value that sits on one line from `from` to the line's end (or a comment); nothing deeper may follow it. */
  private inline(line: Line, from: number): YNode {
    const flow = new Flow(line.text, line.at, from);
    const node = flow.value(false);
    const end = skipSpaces(line.text, flow.pos);
    if (end < line.text.length && !(line.text[end] === "#" && end > flow.pos)) decline();
    return node; // (a deeper line after it is refused by the mapping or list holding it)
  }
}

const skipSpaces = (s: string, i: number) => {
  while (s[i] === " ") i++;
  return i;
};

/** Values on one line: scalars, and flow mappings and lists (`inFlow`: inside brackets). */
class Flow {
  constructor(
    private readonly s: string,
    private readonly base: number,
    public pos: number,
  ) {}

  value(inFlow: boolean): YNode {
    const c = this.s[this.pos];
    if (c === "{") return this.flowMap();
    if (c === "[") return this.flowSeq();
    if (c === '"') return this.doubleQuoted();
    if (c === "'") return this.singleQuoted();
    return this.plain(inFlow);
  }

  private flowMap(): YMap {
    const map: YMap = { kind: "map", pairs: [], flow: true, start: this.base + this.pos, end: 0 };
    const keys = new Set<string>();
    this.pos = skipSpaces(this.s, this.pos + 1);
    if (this.s[this.pos] === "}") {
      map.end = this.base + ++this.pos;
      return map;
    }
    for (;;) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*:(?= )/.exec(this.s.slice(this.pos)) ?? decline();
      const name = m[0].slice(0, -1);
      if (keys.has(name)) decline();
      keys.add(name);
      const key = scalar(name, this.base + this.pos);
      this.pos = skipSpaces(this.s, this.pos + m[0].length);
      if (/^[,}\]#]|^$/.test(this.s.slice(this.pos, this.pos + 1))) decline();
      map.pairs.push({ key, value: this.value(true) });
      if (!this.separator("}")) {
        map.end = this.base + this.pos;
        return map;
      }
    }
  }

  private flowSeq(): YSeq {
    const seq: YSeq = { kind: "seq", items: [], flow: true, start: this.base + this.pos, end: 0 };
    this.pos = skipSpaces(this.s, this.pos + 1);
    if (this.s[this.pos] === "]") {
      seq.end = this.base + ++this.pos;
      return seq;
    }
    for (;;) {
      if (/^[,}\]#]|^$/.test(this.s.slice(this.pos, this.pos + 1))) decline();
      // (an entry `a: b` inside a list is a one-pair mapping in YAML: left to the full reader)
      const item = this.value(true);
      if (this.s.slice(this.pos).startsWith(":")) decline();
      seq.items.push(item);
      if (!this.separator("]")) {
        seq.end = this.base + this.pos;
        return seq;
      }
    }
  }

  /** After a flow entry: `,` and another entry (true) or the closing bracket (false). */
  private separator(close: string): boolean {
    this.pos = skipSpaces(this.s, this.pos);
    const c = this.s[this.pos];
    this.pos++;
    if (c === close) return false;
    if (c !== ",") decline();
    this.pos = skipSpaces(this.s, this.pos);
    if (this.s[this.pos] === close || this.s[this.pos] === ",") decline(); // (a trailing or empty entry)
    return true;
  }

  private doubleQuoted(): YScalar {
    const start = this.pos;
    let out = "";
    for (let i = start + 1; i < this.s.length; i++) {
      const c = this.s[i]!;
      if (c === '"') {
        this.pos = i + 1;
        return { kind: "scalar", value: out, source: out, start: this.base + start, end: this.base + this.pos };
      }
      if (c !== "\\") {
        out += c;
        continue;
      }
      const e = this.s[++i];
      const simple: Record<string, string> = { "\\": "\\", '"': '"', "/": "/", n: "\n", t: "\t", r: "\r" };
      if (e !== undefined && e in simple) out += simple[e];
      else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(this.s.slice(i + 1, i + 5))) {
        const code = parseInt(this.s.slice(i + 1, i + 5), 16);
        if (code >= 0xd800 && code <= 0xdfff) decline();
        out += String.fromCharCode(code);
        i += 4;
      } else decline();
    }
    return decline();
  }

  private singleQuoted(): YScalar {
    const start = this.pos;
    let out = "";
    for (let i = start + 1; i < this.s.length; i++) {
      if (this.s[i] !== "'") out += this.s[i];
      else if (this.s[i + 1] === "'") out += "'", i++;
      else {
        this.pos = i + 1;
        return { kind: "scalar", value: out, source: out, start: this.base + start, end: this.base + this.pos };
      }
    }
    return decline();
  }

  private plain(inFlow: boolean): YScalar {
    const start = this.pos;
    const first = this.s[start];
    if (first === undefined || /[-?:,[\]{}#&*!|>'"%@`]/.test(first)) {
      // (a plain scalar may begin with - ? : before a character that is not a space, e.g. -3)
      if (!(first === "-" && /^-[0-9.]/.test(this.s.slice(start)))) decline();
    }
    let end = start;
    for (; end < this.s.length; end++) {
      const c = this.s[end]!;
      if (c === "#" && this.s[end - 1] === " ") break;
      if (c === ":" && (end + 1 === this.s.length || this.s[end + 1] === " " || (inFlow && /[,[\]{}]/.test(this.s[end + 1]!)))) decline();
      if (inFlow && /[,[\]{}]/.test(c)) break;
    }
    const text = this.s.slice(start, end).replace(/ +$/, ""); // (spaces only: a no-break space is the scalar's)
    this.pos = start + text.length;
    return scalar(text, this.base + start);
  }
}

/** A plain scalar as YAML 1.2's core schema reads it (forms the fast reader is unsure of are declined). */
function scalar(text: string, start: number): YScalar {
  let value: unknown = text;
  if (/^(?:~|[Nn]ull|NULL)$/.test(text)) value = null;
  else if (/^(?:[Tt]rue|TRUE)$/.test(text)) value = true;
  else if (/^(?:[Ff]alse|FALSE)$/.test(text)) value = false;
  else if (/^[-+]?[0-9]+$/.test(text)) value = parseInt(text, 10);
  else if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(text)) value = parseFloat(text);
  else if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$|^0o|^0x/.test(text)) decline();
  return { kind: "scalar", value, source: text, start, end: start + text.length };
}
