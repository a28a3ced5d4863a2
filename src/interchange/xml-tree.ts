import { createRequire } from "node:module";
import type * as Saxes from "saxes";
import { UserError } from "../errors.js";

/** saxes, loaded when an XML file is first read: the commands that read cuts do not pay for it otherwise (about 4 ms). */
let saxes: typeof Saxes | undefined;
const saxesLibrary = () => (saxes ??= createRequire(import.meta.url)("saxes") as typeof Saxes);

/**
 * A whole XML document as a small tree of elements, each keeping the line and column of its start
 * tag for messages. The XML itself is read by saxes, a strict (well-formedness checking) parser.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Text directly inside the element (trimmed). */
  text: string;
  line: number;
  column: number;
}

export function parseXml(text: string, file: string): XmlElement {
  const parser = new (saxesLibrary().SaxesParser)({ position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let failure: { message: string; line: number; column: number } | undefined;
  parser.on("opentag", (tag) => {
    const el: XmlElement = { name: tag.name, attrs: { ...(tag.attributes as Record<string, string>) }, children: [], text: "", line: parser.line, column: parser.column + 1 };
    stack[stack.length - 1]?.children.push(el);
    if (!stack.length) root = el;
    stack.push(el);
  });
  parser.on("closetag", () => {
    const el = stack.pop();
    if (el) el.text = el.text.trim();
  });
  parser.on("text", (t) => {
    const el = stack[stack.length - 1];
    if (el) el.text += t;
  });
  parser.on("error", (e) => {
    failure ??= { message: e.message.replace(/^\d+:\d+: /, ""), line: parser.line, column: parser.column + 1 };
  });
  try {
    parser.write(text.replace(/^\uFEFF/, "")).close();
  } catch (e) {
    failure ??= { message: (e as Error).message.replace(/^\d+:\d+: /, ""), line: parser.line, column: parser.column + 1 };
  }
  if (failure || !root) {
    throw new UserError({
      message: `${file} is not well-formed XML: ${failure?.message ?? "it has no root element"}.`,
      location: { file, ...(failure ? { line: failure.line, column: failure.column } : {}) },
      expected: "an XML document",
    });
  }
  return root;
}

/** The element's children with one of these names, in order. */
export function childrenNamed(el: XmlElement, ...names: string[]): XmlElement[] {
  return el.children.filter((c) => names.includes(c.name));
}

/** Every element below `el` (depth first, in document order) with one of these names. */
export function descendantsNamed(el: XmlElement, ...names: string[]): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    for (const c of e.children) {
      if (names.includes(c.name)) out.push(c);
      walk(c);
    }
  };
  walk(el);
  return out;
}
