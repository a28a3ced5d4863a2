import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { WaveFile } from "wavefile";
import { parse } from "yaml";
import { fixture, ROOT, sprocketJson } from "./helpers.js";

/**
 * "Sprocket as a library": every example in that section of the README, run as it stands by Node in a
 * folder that holds the files it names, importing only the package's entry point ("sprocket",
 * resolved through node_modules as a user's project resolves it). What each prints and writes is
 * checked against what the command line says of the same files.
 */
const readme = readFileSync(join(ROOT, "README.md"), "utf8");
const section = readme.slice(readme.indexOf("## Sprocket as a library"), readme.indexOf("## Editorial formats"));
const examples = [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);

const dir = mkdtempSync(join(tmpdir(), "sprocket-library-"));
mkdirSync(join(dir, "node_modules"));
symlinkSync(ROOT.replace(/[\\/]$/, ""), join(dir, "node_modules", "sprocket"), "dir");
// A short cue (a 6-second slate renders quickly), the editor's markers for it, and a cut and its new version.
writeFileSync(join(dir, "cues.yaml"), 'title: Library\nfps: 24\ncues:\n  - id: "1M1"\n    title: Door\n    start: "01:00:01:00"\n    end: "01:00:05:00"\n    countIn: 1\n    tempo:\n      - { bar: 1, bpm: 120 }\n');
writeFileSync(join(dir, "reel1_markers.txt"), "editor\t01:00:02:12\tV1\tred\tdoor slam\t1\r\neditor\t01:00:30:00\tV1\tgreen\tlater\t1\r\n");
copyFileSync(fixture("conform/film-23976.yaml"), join(dir, "film.yaml"));
// Two hits a little off a 120 BPM grid, the second of them for a ramp to land.
writeFileSync(join(dir, "spotted.yaml"), 'fps: 24\ncues:\n  - id: "2M1"\n    start: "01:00:00:00"\n    tempo:\n      - { bar: 1, bpm: 120 }\n    hits:\n      - { at: "01:00:02:12", label: knock }\n      - { at: "01:00:09:05", label: slam }\n');
copyFileSync(fixture("conform/film-23976-old.edl"), join(dir, "reel3_v7.edl"));
copyFileSync(fixture("conform/film-23976-head-trim.edl"), join(dir, "reel3_v8.edl"));

function run(code: string) {
  const file = join(dir, `example-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, code);
  return spawnSync(process.execPath, [file], { cwd: dir, encoding: "utf8" });
}

describe("Sprocket as a library: the README's examples, run", () => {
  it("has the five examples (render, import markers, conform, verify, where/fit/ramp), each importing only from \"sprocket\"", () => {
    expect(examples.length).toBe(5);
    for (const e of examples) expect([...e.matchAll(/from "([^"]+)"/g)].map((m) => m[1])).toEqual(["sprocket"]);
  });

  it("renders a cue's click and picture, and each file is what the command line would write", () => {
    const r = run(examples[0]!);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    // The click starts on its first warning click: one bar of 4 at 120 BPM before bar 1 (01:00:01:00).
    expect(r.stdout).toMatch(/^click .*1M1_Door_click_00-59-59-00\.wav from 00:59:59:00$/m);
    expect(r.stdout).toMatch(/^video .*\.mov from /m);
    expect(r.stdout).toContain("2 files");
    const wav = new WaveFile(readFileSync(join(dir, "out", "1M1_Door_click_00-59-59-00.wav")));
    expect([(wav.fmt as { sampleRate: number }).sampleRate, wav.bitDepth]).toEqual([48000, "24"]);
    // The same audio and time stamp as the command line's click (the bext's origination time is the moment it was made).
    const cli = new WaveFile(readFileSync(sprocketJson(["render", join(dir, "cues.yaml"), "--only", "click", "--out", join(dir, "cli")]).outputs[0].path));
    const stamp = (w: WaveFile) => (w.bext as { timeReference: number[] }).timeReference;
    expect([Buffer.from((cli.data as { samples: Uint8Array }).samples).equals(Buffer.from((wav.data as { samples: Uint8Array }).samples)), stamp(cli)]).toEqual([true, stamp(wav)]);
  });

  it("imports the editor's markers into the cue file", () => {
    const r = run(examples[1]!);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toBe("+ 1M1 01:00:02:12 door slam\n1 outside every cue\n");
    expect(parse(readFileSync(join(dir, "cues.yaml"), "utf8")).cues[0].hits).toEqual([{ at: "01:00:02:12", label: "door slam", color: "red" }]);
  });

  it("conforms two EDLs, as the command line does", () => {
    const r = run(examples[2]!);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    const cli = sprocketJson(["conform", join(dir, "film.yaml"), "--from", join(dir, "reel3_v7.edl"), "--to", join(dir, "reel3_v8.edl"), "--accept"]);
    expect(r.stdout).toBe(`${cli.cues.map((c: { id: string; status: string }) => `${c.id}: ${c.status}`).join("\n")}\nsomething needs you\n`);
    expect(existsSync(join(dir, "film_v8.yaml")) && existsSync(join(dir, "report", "conform-report.md"))).toBe(true);
  });

  it("verifies the delivery folder the render example wrote, as the command line does", () => {
    const r = run(examples[3]!);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toBe("pass out/1M1_Door_click_00-59-59-00.wav\nmissing 1M1: only its click track was delivered\nnot ready\n");
    const cli = spawnSync(process.execPath, [join(ROOT, "bin", "sprocket.js"), "verify", "cues.yaml", "out", "--json"], { cwd: dir, encoding: "utf8" });
    expect([cli.status, JSON.parse(cli.stdout).missing]).toEqual([3, ["1M1"]]);
  });

  it("answers where, fit and ramp as the command line's --json does", () => {
    const r = run(examples[4]!);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    const cue = join(dir, "spotted.yaml");
    const where = sprocketJson(["where", cue, "3|1", "01:00:02:12"]).results;
    const fit = sprocketJson(["fit", cue, "--candidates", "1"]).candidates[0];
    const ramp = sprocketJson(["ramp", cue, "--to-hit", "slam", "--from", "2"]);
    expect(r.stdout).toBe([
      ...where.map((a: { input: string; timecode: string; bar: number; beat: number }) => `${a.input}: ${a.timecode} bar ${a.bar} beat ${a.beat}`),
      `${fit.bpm} BPM lands ${fit.landed} of 2`,
      `ramp to ${ramp.to.bpm} BPM: ${ramp.cueLines.join(" ")}`,
    ].join("\n") + "\n");
  });

  it("exports the cues and hits as markers the way `export` writes them", async () => {
    const { exportMarkers } = await import("../src/index.js");
    const { readCueFile } = await import("../src/cue/read-cue-file.js");
    const file = readCueFile(fixture("cues/night-train-23976.yaml"));
    const r = await exportMarkers(file, { format: "avid-markers" });
    const cli = spawnSync(process.execPath, [join(ROOT, "bin", "sprocket.js"), "export", fixture("cues/night-train-23976.yaml"), "--format", "avid-markers"], { encoding: "utf8" });
    expect([cli.status, r.data.toString()]).toEqual([0, cli.stdout]);
    expect([r.cues, r.hits, r.path]).toEqual([1, file.cues[0]!.hits.length, null]);
    await expect(exportMarkers(file, { format: "fcp7" })).rejects.toThrow(/Unknown export format "fcp7"/);
  });

  it("exports a cue as a score and imports it back, as `export --format musicxml` and `import` do", async () => {
    const { exportScores, importScore, readCueFile } = await import("../src/index.js");
    const file = readCueFile(fixture("cues/night-train-23976.yaml"));
    const [score] = await exportScores(file);
    const cli = spawnSync(process.execPath, [join(ROOT, "bin", "sprocket.js"), "export", fixture("cues/night-train-23976.yaml"), "--format", "musicxml"], { encoding: "utf8" });
    expect([cli.status, score!.data]).toEqual([0, cli.stdout]);
    const dir = mkdtempSync(join(tmpdir(), "sprocket-lib-score-"));
    writeFileSync(join(dir, "3M12.musicxml"), score!.data);
    const back = await importScore({ file: join(dir, "3M12.musicxml") });
    expect([back.id, back.ramps, back.hits, back.path]).toEqual(["night-train-23976", 1, file.cues[0]!.hits.length, null]);
  });
});
