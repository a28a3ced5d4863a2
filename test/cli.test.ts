import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fixture, ROOT, sprocket, sprocketJson } from "./helpers.js";

describe("the command line", () => {
  it("--help lists every command; --version prints the package version", () => {
    const help = sprocket(["--help"]);
    expect(help.status).toBe(0);
    for (const cmd of ["tc", "tempo", "check", "fit", "ramp", "clickbook", "where", "verify", "import", "export", "conform", "cuesheet", "doctor", "preview", "render"]) expect(help.stdout).toMatch(new RegExp(`^  ${cmd} `, "m"));
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, "utf8"));
    expect(sprocket(["--version"]).stdout.trim()).toBe(pkg.version);
  });

  it("each command runs from its own bundle, and the unbundled entry answers alike", () => {
    const names = ["tc", "tempo", "check", "fit", "ramp", "clickbook", "where", "verify", "import", "export", "conform", "cuesheet", "doctor", "preview", "render"];
    for (const name of [...names, "main"]) expect(existsSync(`${ROOT}dist/cli-bundle/${name}.cjs`), name).toBe(true);
    const unbundled = (args: string[]) => {
      const r = spawnSync(process.execPath, [`${ROOT}dist/cli/main.js`, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    for (const args of [["--help"], ["tc", "107892", "--fps", "29.97df", "--json"], ["check", fixture("cues/night-train-23976.yaml"), "--json"], ["help", "render"], ["frobnicate"], ["tempo"]]) {
      expect(sprocket(args), args.join(" ")).toEqual(unbundled(args));
    }
  });

  it("every command has --help, starting with its usage line", () => {
    for (const cmd of ["tc", "tempo", "check", "fit", "ramp", "clickbook", "where", "verify", "import", "export", "conform", "cuesheet", "doctor", "preview", "render"]) {
      const r = sprocket([cmd, "--help"]);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: sprocket ${cmd} `));
    }
  });

  it("bad usage exits 2 with the fix and no stack trace", () => {
    const cases = [["frobnicate"], ["tc", "01:00:00:00"], ["tc", "01:00:00:00", "--fps", "24", "--frobs"], ["tempo"], ["tc", "banana", "--fps", "24"]];
    for (const args of cases) {
      const r = sprocket(args);
      expect([args.join(" "), r.status]).toEqual([args.join(" "), 2]);
      expect(r.stderr).toMatch(/^error: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(sprocket(["tc", "01:00:00:00"]).stderr).toContain("--fps is required.");
  });

  it("colours errors only on request of a terminal, never with NO_COLOR", () => {
    const r = sprocket(["tc", "x", "--fps", "24"], { NO_COLOR: "1" });
    expect(r.stderr).not.toContain("\u001b[");
  });

  it("the domain's timecode vectors", () => {
    const vectors: [string, string, string][] = [
      ["1800", "29.97df", "00:01:00;02"], ["17982", "29.97df", "00:10:00;00"], ["107892", "29.97df", "01:00:00;00"],
      ["107892", "29.97", "00:59:56:12"], ["3600", "59.94df", "00:01:00;04"], ["215784", "59.94df", "01:00:00;00"], ["90000", "25", "01:00:00:00"],
    ];
    for (const [value, fps, want] of vectors) expect(sprocketJson(["tc", value, "--fps", fps]).timecode, `${value}@${fps}`).toBe(want);
  });

  it("tc reads timecode, frames, seconds and feet+frames as the same instant", () => {
    for (const value of ["01:00:00;00", "107892", "3599.9964s", "6743+04"]) {
      const j = sprocketJson(["tc", value, "--fps", "29.97df"]);
      expect(j).toMatchObject({ timecode: "01:00:00;00", frames: 107892, seconds: 3599.9964, secondsExact: "8999991/2500", feetFrames: "6743+04" });
      expect(j.samples).toEqual({ rate: 48000, value: 172799827, exact: false, exactValue: "172799827.2" });
    }
  });

  it("tc says when seconds fall between frames, and converts between rates", () => {
    expect(sprocketJson(["tc", "1.01s", "--fps", "24"])).toMatchObject({ frames: 24, rounding: { residualFrames: expect.closeTo(-0.24, 9) } });
    const j = sprocketJson(["tc", "01:00:00:00", "--fps", "25", "--to", "23.976"]);
    expect(j.converted).toMatchObject({ fps: "23.976", timecode: "00:59:56:10", frames: 86314, exact: false });
    expect(j.converted.offsetFrames).toBeCloseTo(86314 - 3600 * 24000 / 1001, 9);
    expect(sprocket(["tc", "01:00:00:00", "--fps", "25", "--to", "23.976"]).stdout).toMatch(/at 23\.976 +00:59:56:10 +\(frame 86314, nearest frame: \+0\.314 frames/);
  });

  it("a label drop frame skips is refused, naming its neighbours", () => {
    const r = sprocket(["tc", "00:01:00;00", "--fps", "29.97df"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("hint: The nearest labels are 00:00:59;29 and 00:01:00;02.");
  });

  it("the domain's tempo vectors", () => {
    expect(sprocketJson(["tempo", "120", "--fps", "24"])).toMatchObject({ bpm: 120, framesPerBeat: 12, frameClick: "12-0", secondsPerBeat: 0.5 });
    expect(sprocketJson(["tempo", "14f", "--fps", "24"]).bpm).toBeCloseTo(102.857, 3);
    expect(sprocketJson(["tempo", "14-4", "--fps", "24"]).bpm).toBeCloseTo(99.3103, 4);
    expect(sprocketJson(["tempo", "12-2", "--fps", "24"]).bpm).toBeCloseTo(117.551, 3);
    expect(sprocketJson(["tempo", "102.9", "--fps", "24"])).toMatchObject({ frameClick: "14-0", frameClickExact: false });
  });

  it("check prints a readable table, and a bad cue file exits 2 listing every problem", () => {
    const ok = sprocket(["check", fixture("cues/night-train-23976.yaml")]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/door slams +01:02:25:14 +23\+01 +8\|3\.7808 +-2\.63 +-109\.6/);
    const bad = sprocket(["check", fixture("cues/bad-example.yaml")]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/bad-example\.yaml:\d+:\d+: cues\[0\]\.tempo\[1\]\.bmp: Unknown field "bmp"\. Did you mean "bpm"\?/);
    expect(bad.stderr).toMatch(/^\d+ problems\.$/m);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it("check --cue picks cues and names the ones that do not exist", () => {
    expect(sprocketJson(["check", fixture("cues/midnight-24.yaml"), "--cue", "midnight-24"]).cues).toHaveLength(1);
    const r = sprocket(["check", fixture("cues/midnight-24.yaml"), "--cue", "9M9"]);
    expect([r.status, r.stderr.split("\n")[0]]).toEqual([2, 'error: No cue "9M9" in ' + fixture("cues/midnight-24.yaml") + "."]);
    const typo = sprocket(["check", fixture("cues/midnight-24.yaml"), "--cue", "midnihgt-24"]);
    expect([typo.status, typo.stderr.split("\n")[0]]).toEqual([2, 'error: No cue "midnihgt-24" in ' + fixture("cues/midnight-24.yaml") + '. Did you mean "midnight-24"?']);
  });
});
