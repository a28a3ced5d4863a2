import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixture, readFixture, sprocketJson } from "./helpers.js";

interface Hit { label: string; timecode: string; bar: number; beat: number; offsetFrames: number; seconds: number }
const cases = readFixture<Record<string, { start: string; countIn: { timecode: string }; end: { timecode: string }; hits: Hit[] }>>("cues.json");

function renderNotes(cueFile: string) {
  const out = mkdtempSync(join(tmpdir(), "sprocket-notes-"));
  const outputs = sprocketJson(["render", cueFile, "--only", "notes", "--out", out]).outputs as { kind: string; path: string }[];
  const read = (ext: string) => readFileSync(outputs.find((o) => o.path.endsWith(ext))!.path, "utf8");
  return { outputs, md: read(".md"), html: read(".html"), svg: read(".svg") };
}

/** Every opening tag has its closing tag, in order (self-closing tags aside). */
function balanced(xml: string): boolean {
  const stack: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*?(\/?)>/g)) {
    if (m[3]) continue;
    if (!m[1]) stack.push(m[2]!);
    else if (stack.pop() !== m[2]) return false;
  }
  return stack.length === 0;
}

describe("timing notes", () => {
  it("Markdown, HTML and an SVG tempo plot per cue, in the manifest as notes", () => {
    const { outputs } = renderNotes(fixture("cues/night-train-23976.yaml"));
    expect(outputs.map((o) => [o.kind, o.path.split(".").pop()])).toEqual([["notes", "md"], ["notes", "html"], ["notes", "svg"]]);
  });
  for (const name of ["night-train-23976", "odd-meters-2997df"]) {
    it(`${name}: the landmarks and every hit as the oracle has them`, () => {
      const exp = cases[name]!;
      const { md, html } = renderNotes(fixture(`cues/${name}.yaml`));
      expect(md).toContain(`Bar 1 at **${exp.start}**, ends **${exp.end.timecode}**`);
      expect(md).toContain(`from **${exp.countIn.timecode}**`);
      for (const h of exp.hits) {
        const row = md.split("\n").find((l) => l.startsWith(`| ${h.label} |`));
        expect(row, h.label).toBeDefined();
        const cells = row!.split(" | ");
        expect(cells[1]).toBe(h.timecode);
        expect(cells[3]).toBe(`${h.bar}\\|${Number(h.beat.toFixed(3))}`);
        expect(Math.abs(Number(cells[4]) - h.offsetFrames)).toBeLessThanOrEqual(0.005 + 1e-9);
        expect(html).toContain(`<td>${h.label}</td><td>${h.timecode}</td>`);
      }
    });
  }
  it("the plot puts each hit where its time is, and is well-formed SVG; HTML escapes the user's text", () => {
    const dir = mkdtempSync(join(tmpdir(), "sprocket-notes-"));
    const cue = join(dir, "cue.yaml");
    writeFileSync(cue, 'fps: 24\ncues:\n  - id: "1M<1>"\n    title: \'Tom & "Jerry"\'\n    start: "01:00:00:00"\n    end: "01:00:20:00"\n    countIn: 0\n    tempo: [{ bar: 1, bpm: 120 }]\n    hits: [{ at: "01:00:05:00", label: "<b>bang</b>" }, { at: "01:00:15:00", label: two }]\n');
    const { svg, html, md } = renderNotes(cue);
    expect(balanced(svg)).toBe(true);
    expect(balanced(html.replace(/<!doctype html>/i, "").replace(/<meta[^>]*>/g, ""))).toBe(true);
    expect(html).toContain("<h1>1M&lt;1&gt; Tom &amp; &quot;Jerry&quot;</h1>");
    expect(html).not.toContain("<b>bang</b>");
    // x runs from the first warning click (here bar 1, 0 s) to the end (20 s) over 60..940
    const lines = [...svg.matchAll(/<line x1="([\d.]+)" x2="[\d.]+" y1="20" y2="280" stroke="#c00"/g)].map((m) => Number(m[1]));
    expect(lines.map((x) => Math.round(x))).toEqual([60 + 880 * (5 / 20), 60 + 880 * (15 / 20)]);
    expect(md).toContain("| &lt;b&gt;bang&lt;/b&gt; |".replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
  });
});
