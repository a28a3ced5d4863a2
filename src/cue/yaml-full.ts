import { createRequire } from "node:module";
import type * as Yaml from "yaml";
import type { YNode } from "./yaml-tree.js";

/**
 * The `yaml` package, loaded when first needed (synchronously: a cue file is read in one go). Most
 * commands never need it: the fast reader answers for the cue files people write.
 */
export function yamlPackage(): typeof Yaml {
  return (loaded ??= createRequire(import.meta.url)("yaml") as typeof Yaml);
}
let loaded: typeof Yaml | undefined;

/** Reads any YAML with the `yaml` package: the tree the cue-file reader walks, the document (for edits), and the errors with their offsets. */
export function readFullYaml(text: string) {
  const yaml = yamlPackage();
  const doc = yaml.parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const errors = doc.errors.map((e) => ({ message: e.message.split("\n")[0]!, offset: e.pos[0] }));
  const made = new Map<unknown, YNode>(); // (an alias may lead back to a node being made)
  const tree = (node: unknown): YNode | null => {
    if (node === null || node === undefined) return null;
    if (yaml.isAlias(node)) return tree(node.resolve(doc) ?? null) ?? { kind: "other", start: node.range?.[0] ?? 0 };
    const seen = made.get(node);
    if (seen) return seen;
    const start = (node as Yaml.Node).range?.[0] ?? 0;
    if (yaml.isScalar(node)) {
      const out: YNode = { kind: "scalar", value: node.value, source: String(node.source ?? node.value), start };
      made.set(node, out);
      return out;
    }
    if (yaml.isMap(node)) {
      const out: YNode = { kind: "map", pairs: [], start };
      made.set(node, out);
      for (const p of node.items) out.pairs.push({ key: tree(p.key), value: tree(p.value) });
      return out;
    }
    if (yaml.isSeq(node)) {
      const out: YNode = { kind: "seq", items: [], start };
      made.set(node, out);
      for (const item of node.items) out.items.push(tree(item));
      return out;
    }
    return { kind: "other", start };
  };
  return { root: tree(doc.contents), doc, errors };
}
