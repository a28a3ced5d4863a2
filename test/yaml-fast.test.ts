import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readSimpleYaml } from "../src/cue/yaml-fast.js";
import { readFullYaml } from "../src/cue/yaml-full.js";
import { ROOT } from "./helpers.js";

/**
 * The fast cue-file reader against the `yaml` package: wherever the fast one answers, the package
 * must read the same text without an error into the same tree (kinds, values, texts, and every
 * node's offset, which errors point at). Checked on every cue file in the project and on thousands of
 * variants of them, some of them valid YAML the fast reader must decline, some not YAML at all.
 */
function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? yamlFiles(p) : name.endsWith(".yaml") ? [p] : [];
  });
}
const FILES = [...yamlFiles(join(ROOT, "test/fixtures")), ...yamlFiles(join(ROOT, "examples"))];

/** The same answer as the package, or a decline. */
function agrees(text: string): boolean {
  const fast = readSimpleYaml(text);
  if (fast === undefined) return false;
  const full = readFullYaml(text);
  expect(full.errors, text).toEqual([]);
  expect(fast, text).toEqual(full.root);
  return true;
}

let seed = 20261204;
const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
const PIECES = [..." -:#'\"{}[],\n\r\t.&*!|>?%@`\\0123456789abz~é", "  ", "- ", ": ", " #", "null", "true", "1e3", "0x1F", "0o7", ".5", "-3", "+4", "\\u00e9", "\\x41", "''", "---", "\n  ", "\n- ", "\u00a0", "\u2028", "\u3000"];

function mutate(text: string): string {
  const lines = text.split("\n");
  for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
    const k = Math.floor(random() * lines.length);
    const line = lines[k]!;
    const at = Math.floor(random() * (line.length + 1));
    switch (Math.floor(random() * 6)) {
      case 0: lines[k] = line.slice(0, at) + pick(PIECES) + line.slice(at); break;
      case 1: lines[k] = line.slice(0, at) + line.slice(at + 1 + Math.floor(random() * 3)); break;
      case 2: lines[k] = " ".repeat(Math.floor(random() * 3)) + line; break;
      case 3: lines[k] = line.replace(/^ {1,2}/, ""); break;
      case 4: lines.splice(k, 0, line); break;
      default: lines[k] = line.replace(/"([^"]*)"/, random() < 0.5 ? "'$1'" : "$1"); break;
    }
  }
  return lines.join(random() < 0.1 ? "\r\n" : "\n");
}

describe("the fast cue-file reader", () => {
  it("reads every cue file in the project, exactly as the yaml package does", () => {
    expect(FILES.length).toBeGreaterThan(15);
    for (const f of FILES) expect(agrees(readFileSync(f, "utf8")), f).toBe(true);
  });

  it("agrees with the yaml package on thousands of variants, or leaves them to it", () => {
    let answered = 0, total = 0;
    for (let round = 0; round < 300; round++) {
      for (const f of FILES) {
        const text = mutate(readFileSync(f, "utf8"));
        total++;
        if (agrees(text)) answered++;
      }
    }
    // (it must answer for a good share, or this would test nothing)
    console.log(`the fast reader answered for ${answered} of ${total} variants`);
    expect(answered / total).toBeGreaterThan(0.3);
    expect(answered).toBeLessThan(total);
  });

  it("answers for the forms cue files use, and declines what it does not read", () => {
    const answered = [
      "a: 1\nb: [1, 2.50, -3, +4, .5, 1.]\nc: { x: 'it''s', y: \"\\u00e9\\n\" }\n",
      "cues:\n- id: A\n  tempo:\n  - { bar: 1, bpm: 120 }\n  hits: []\n- id: B # two\n",
      "# head\n\ntitle: Ça va, oui?  # no, a comment\nlabel: cut [A], then {B}\nat: 01:02:03:04\n",
      "x:\r\n  - ~\r\n  - Null\r\n  - FALSE\r\n  - null value\r\n",
      "a:   \n    b: c\n",
      "label: no-break space at the end\u00a0\ntitle: \u00a0begins with one\n",
    ];
    for (const text of answered) expect(agrees(text), text).toBe(true);
    const declined = [
      "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: |\n  text\n", "a: one\n  two\n", "a:\nb: 2\n", "a: 1\na: 2\n",
      "%YAML 1.2\n---\na: 1\n", "a: 1e3\n", "a: 0x1F\n", "a: .inf\n", "a: {b:1}\n", "a: [1, 2,]\n", "a: [b: 1]\n",
      "a: \"\\x41\"\n", "\ta: 1\n", "a: b: c\n", "- - 1\n", "plain\n", "", "a: [1,\n  2]\n", "'a': 1\n",
    ];
    for (const text of declined) expect(readSimpleYaml(text), text).toBeUndefined();
  });
});
