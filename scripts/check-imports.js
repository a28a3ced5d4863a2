#!/usr/bin/env node
// Checks the house's rule: every import points down a floor, and no module imports itself back by
// any path (no circle, type-only imports included). Run by `npm test`; `node scripts/check-imports.js`.
//
// The floors, lowest first: a folder may import its own modules and those of the floors below it.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const FLOORS = [
  ["errors.ts", "version.ts"],
  ["engine"],
  ["system"],
  ["presets"],
  ["interchange"],
  ["cue"],
  ["conform", "delivery"],
  ["render"],
  ["app"],
  ["preview"],
  ["cli"],
  ["index.ts"],
];

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "src");
const files = [];
(function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) files.push(p);
  }
})(root);

/** The floor of a module: its top folder under src/ (or its own name at the top). */
const floorOf = (file) => {
  const top = relative(root, file).split(/[\\/]/)[0];
  const k = FLOORS.findIndex((f) => f.includes(top));
  return k < 0 ? undefined : k;
};

const problems = [];
const edges = new Map();
for (const file of files) {
  if (floorOf(file) === undefined) problems.push(`${relative(root, file)}: its folder is on no floor (add it to FLOORS in scripts/check-imports.js)`);
  const text = readFileSync(file, "utf8");
  const targets = [];
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)"(\.{1,2}\/[^"]+)"/g)) {
    const target = resolve(dirname(file), m[1]).replace(/\.js$/, ".ts");
    targets.push(target);
    const [from, to] = [floorOf(file), floorOf(target)];
    if (from !== undefined && to !== undefined && to > from) {
      const line = text.slice(0, m.index).split("\n").length;
      problems.push(`src/${relative(root, file)}:${line}: imports ${relative(root, target)}, a floor above it (${FLOORS[from].join("/")} may import only from ${FLOORS.slice(0, from + 1).flat().join(", ")})`);
    }
  }
  edges.set(file, targets.filter((t) => files.includes(t)));
}

// Circles: strongly connected components of more than one module (Tarjan), or a module importing itself.
let index = 0;
const stack = [], on = new Set(), idx = new Map(), low = new Map();
function connect(v) {
  idx.set(v, index); low.set(v, index); index++;
  stack.push(v); on.add(v);
  for (const w of edges.get(v) ?? []) {
    if (!idx.has(w)) { connect(w); low.set(v, Math.min(low.get(v), low.get(w))); }
    else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) === idx.get(v)) {
    const group = [];
    let w;
    do { w = stack.pop(); on.delete(w); group.push(w); } while (w !== v);
    if (group.length > 1 || (edges.get(v) ?? []).includes(v)) problems.push(`an import circle: ${group.map((f) => relative(root, f)).sort().join(" <-> ")}`);
  }
}
for (const f of files) if (!idx.has(f)) connect(f);

if (problems.length) {
  console.error(`check-imports: ${problems.length} problem${problems.length === 1 ? "" : "s"} in the house's floors:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  process.exit(1);
}
console.log(`check-imports: ${files.length} modules, every import points down a floor, no circle.`);
