import type * as Yaml from "yaml";
import { yamlPackage } from "../system/yaml-package.js";
import { readSimpleYaml } from "./yaml-fast.js";
import { blockEnd, type YNode } from "./yaml-tree.js";

/** Reads YAML with the fast reader where it answers, else with the `yaml` package: the tree and the errors. */
export function readYamlTree(text: string): { root: YNode | null; errors: { message: string; offset: number }[] } {
  const fast = readSimpleYaml(text);
  return fast ? { root: fast, errors: [] } : readFullYaml(text);
}

/** Reads any YAML with the `yaml` package: the tree the cue-file reader walks, the document (for edits), and the errors with their offsets. */
export function readFullYaml(text: string) {
  const yaml = yamlPackage();
  const doc = yaml.parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const errors = doc.errors.map((e) => ({ message: e.message.split("\n")[0]!, offset: e.pos[0] }));
  const made = new Map<unknown, YNode>(); // (an alias may lead back to a node being made)
  const tree = (node: unknown): YNode | null => {
    if (node === null || node === undefined) return null;
    if (yaml.isAlias(node)) return tree(node.resolve(doc) ?? null) ?? { kind: "other", start: node.range?.[0] ?? 0, end: node.range?.[1] ?? 0 };
    const seen = made.get(node);
    if (seen) return seen;
    const [start, end] = (node as Yaml.Node).range ?? [0, 0];
    if (yaml.isScalar(node)) {
      const out: YNode = { kind: "scalar", value: node.value, source: String(node.source ?? node.value), start, end };
      made.set(node, out);
      return out;
    }
    if (yaml.isMap(node)) {
      const out: YNode = { kind: "map", pairs: [], flow: Boolean(node.flow), start, end };
      made.set(node, out);
      for (const p of node.items) out.pairs.push({ key: tree(p.key), value: tree(p.value) });
      const last = out.pairs[out.pairs.length - 1];
      if (!out.flow) out.end = blockEnd(last?.value, last?.key, start);
      return out;
    }
    if (yaml.isSeq(node)) {
      const out: YNode = { kind: "seq", items: [], flow: Boolean(node.flow), start, end };
      made.set(node, out);
      for (const item of node.items) out.items.push(tree(item));
      if (!out.flow) out.end = blockEnd(out.items[out.items.length - 1], undefined, start);
      return out;
    }
    return { kind: "other", start, end };
  };
  return { root: tree(doc.contents), doc, errors };
}
