import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deliveryName } from "../src/delivery/delivery-name.js";
import { sprocketJson } from "./helpers.js";

/**
 * CI runs on Linux; users are on macOS and Windows too. Every file name Sprocket makes must be legal
 * on all three: no `< > : " / \ | ? *` or control characters, no trailing dot or space, not a name
 * Windows reserves (CON, PRN, AUX, NUL, COM1-9, LPT1-9, with any extension), and short enough.
 */
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;
function legalEverywhere(name: string): boolean {
  return !/[<>:"/\\|?*\x00-\x1f]/.test(name) && !/[. ]$/.test(name) && !RESERVED.test(name) && Buffer.byteLength(name) <= 255 && name.normalize("NFC") === name;
}

const HOSTILE = ["CON", "nul", "a: b", "what?*", 'say "cut"', "<i>|o|</i>", "back\\slash/fwd", "trailing.", "trailing ", "ümlaut ß", "音楽", "🎬 take", "x".repeat(300), "...", "COM1", "lpt9.txt"];

describe("file names are legal on Windows, macOS and Linux", () => {
  it("delivery names for hostile cue ids and titles", () => {
    for (const id of HOSTILE) for (const title of HOSTILE) for (const kind of ["click", "tempo", "picture", "notes"]) {
      const name = deliveryName({ id, title }, kind, "01:02:03;04", "wav");
      expect([id, title, name, legalEverywhere(name)]).toEqual([id, title, name, true]);
    }
  });
  it("every file a render writes for a cue named CON with a title full of forbidden characters", () => {
    const dir = mkdtempSync(join(tmpdir(), "sprocket-names-"));
    const cue = join(dir, "cue.yaml");
    writeFileSync(cue, `title: 'A: "B" <C>'\nfps: 24\ncues:\n  - id: "CON"\n    title: 'What? *Now* | "here" / there\\\\ .'\n    start: "01:00:00:00"\n    tempo: [{ bar: 1, bpm: 120 }]\n  - id: "AUX."\n    start: "01:01:00:00"\n    tempo: [{ bar: 1, bpm: 120 }]\n`);
    const out = join(dir, "out");
    const manifest = sprocketJson(["render", cue, "--only", "click,midi,notes", "--out", out, "--jobs", "1"]);
    expect(manifest.outputs.length).toBe(10);
    const names = readdirSync(out);
    expect(names.filter((n) => !legalEverywhere(n))).toEqual([]);
  });
});
