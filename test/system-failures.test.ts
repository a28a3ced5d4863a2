import { spawn, spawnSync } from "node:child_process";
import { chmodSync, chownSync, closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixture, ROOT } from "./helpers.js";

/**
 * The machine's own failures, created for real: a full disk (a 2 MB tmpfs, when the tests run as root
 * and may mount one), a folder the user may not write (as an unprivileged user), a read-only disk, a
 * folder at the output path, a file where the output folder should be, a name too long for the disk,
 * a cue file removed while it is read. Each is said in words with the path, exit status 1 (2 for the
 * user's own input), no stack trace, and nothing left at the output path.
 */
const root = process.getuid?.() === 0;
const cueFile = fixture("cues/night-train-23976.yaml");
const tmp = () => mkdtempSync(join(tmpdir(), "sprocket-sysfail-"));

/** Runs the CLI, as another user when `uid` is given. */
function run(args: string[], uid?: number) {
  const r = spawnSync(process.execPath, [`${ROOT}bin/sprocket.js`, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, ...(uid !== undefined ? { uid, gid: uid } : {}) });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectWords(r: { status: number | null; stderr: string }, status: number, words: RegExp) {
  expect(r.stderr).toMatch(words);
  expect(r.stderr).not.toMatch(/bug in Sprocket|^\s+at /m);
  expect(r.status).toBe(status);
}

const mounts: string[] = [];
/** A fresh tmpfs of `size`, or undefined where this process may not mount one. */
function tmpfs(size: string, readOnly = false): string | undefined {
  if (!root) return undefined;
  const dir = tmp();
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${size}${readOnly ? ",ro" : ""}`, "tmpfs", dir]);
  if (r.status !== 0) return undefined;
  mounts.push(dir);
  return dir;
}
afterAll(() => {
  for (const m of mounts) spawnSync("umount", [m]);
});

describe("a full disk", () => {
  const disk = tmpfs("2m");
  if (!disk) console.log("full-disk tests skipped: they need root and permission to mount a tmpfs");
  it.skipIf(!disk)("is refused before writing, naming what the render needs and what is free", () => {
    const r = run(["render", cueFile, "--only", "click,midi", "--out", disk!]);
    expectWords(r, 1, /error: Not enough free space on the disk of .*: this render needs \d+(\.\d)? MB \(clicks \d+(\.\d)? MB, MIDI [\d.]+ (bytes|kB)\), and 2\.\d MB is free\. Nothing was written\./);
    expect(readdirSync(disk!)).toEqual([]);
  });
  it.skipIf(!disk)("with --no-space-check, the write fails in words and leaves nothing behind", () => {
    const r = run(["render", cueFile, "--only", "click", "--out", disk!, "--no-space-check"]);
    expectWords(r, 1, /error: The disk is full: Sprocket could not write .*night-train-23976_click_[\d-]+\.wav\. It needs \d+(\.\d)? MB; [\d.]+ (kB|MB) is free there\. Nothing was left at the output path\./);
    expect(readdirSync(disk!)).toEqual([]);
  });
  it.skipIf(!disk)("ffmpeg running out of space on a picture is said the same way, and as JSON", () => {
    const small = tmpfs("64k")!;
    const r = run(["render", cueFile, "--only", "video", "--out", small, "--no-space-check", "--json"]);
    expect(r.status).toBe(1);
    const error = JSON.parse(r.stdout).error;
    expect(error).toMatchObject({ kind: "system", code: "ENOSPC", hint: expect.stringContaining("--out DIR") });
    expect(error.message).toMatch(/^The disk is full: Sprocket could not write .*_picture_[\d-]+\.mov\. It needs about [\d.]+ MB; [\d.]+ kB is free there\./);
    expect(readdirSync(small)).toEqual([]);
  });
});

describe("permissions and read-only disks", () => {
  // Root writes anywhere, so as root the render runs as nobody, who must be able to read the project.
  const asNobody = root && run(["--version"], 65534).status === 0;
  if (root && !asNobody) console.log("permission test skipped: the user nobody cannot read this checkout");
  it.skipIf(root && !asNobody)("a folder the user may not write: permission denied, with the path", () => {
    const dir = tmp();
    const out = join(dir, "locked");
    mkdirSync(out);
    if (root) chownSync(dir, 0, 0);
    else chmodSync(out, 0o555);
    chmodSync(dir, 0o755);
    const r = run(["render", cueFile, "--only", "midi", "--out", out], root ? 65534 : undefined);
    expectWords(r, 1, /error: Permission denied: Sprocket may not write .*locked[\\/]night-train-23976_tempo_[\d-]+\.mid \(the folder .*locked is not writable for you, or the file is locked\)\. Nothing was left at the output path\.\n  hint: Choose a folder you can write to/);
    expect(readdirSync(out)).toEqual([]);
  });
  const ro = tmpfs("1m", true);
  it.skipIf(!ro)("a read-only disk", () => {
    const r = run(["render", cueFile, "--only", "midi", "--out", ro!]);
    expectWords(r, 1, /error: .*night-train-23976_tempo_[\d-]+\.mid is on a read-only disk: Sprocket could not write it\./);
  });
});

describe("things in the way", () => {
  it("a folder at the output path", () => {
    const out = tmp();
    const r0 = run(["render", cueFile, "--only", "midi", "--out", out, "--json"]);
    const path: string = JSON.parse(r0.stdout).outputs[0].path;
    rmSync(path);
    mkdirSync(path);
    const r = run(["render", cueFile, "--only", "midi", "--out", out]);
    expectWords(r, 1, /error: .*_tempo_[\d-]+\.mid is a folder, where Sprocket needs a file\.\n  hint: Remove or rename the folder/);
    expect(readdirSync(out).filter((n) => n.includes("partial"))).toEqual([]);
  });
  it("a file where the output folder should be, and under it", () => {
    const file = join(tmp(), "notes.txt");
    writeFileSync(file, "x");
    expectWords(run(["render", cueFile, "--only", "midi", "--out", file]), 1, /error: .*notes\.txt is a file, where Sprocket needs a folder\./);
    expectWords(run(["render", cueFile, "--only", "midi", "--out", join(file, "sub")]), 1, /error: A part of .*notes\.txt[\\/]sub is a file, where Sprocket needs a folder\./);
  });
  it("an output file in a folder that does not exist (conform -o) is said as such, not as a file removed meanwhile", () => {
    const out = join(tmp(), "no-such-folder", "new.yaml");
    const r = run(["conform", fixture("conform/film-23976.yaml"), "--from", fixture("conform/film-23976-old.edl"), "--to", fixture("conform/film-23976-insert.edl"), "-o", out]);
    expectWords(r, 1, /error: The folder .*no-such-folder does not exist, so Sprocket could not write new\.yaml in it\./);
    expect(r.stderr).not.toContain("moved or removed");
  });
  it("a cue id that makes a name too long for the disk", () => {
    const dir = tmp();
    const cue = join(dir, "long.yaml");
    writeFileSync(cue, `fps: 24\ncues:\n  - id: "${"M".repeat(40)}"\n    title: "${"a very long title ".repeat(2)}"\n    start: "01:00:00:00"\n    tempo: [{ bar: 1, bpm: 120 }]\n`);
    // The file name is held to its parts' lengths (40 characters each), so this one fits...
    expect(run(["render", cue, "--only", "midi", "--out", dir]).status).toBe(0);
    // ...and a folder name past the disk's limit is said in words.
    const r = run(["render", cue, "--only", "midi", "--out", join(dir, "x".repeat(300))]);
    expectWords(r, 1, /error: The name x{300} is too long for this disk\./);
  });
});

describe("a cue file removed while it is read", () => {
  const fifo = process.platform !== "win32" && spawnSync("mkfifo", [join(tmpdir(), `sprocket-probe-${process.pid}`)]).status === 0;
  if (fifo) rmSync(join(tmpdir(), `sprocket-probe-${process.pid}`));
  it.skipIf(!fifo)("is said, not parsed half-read (the file is a pipe the test writes half of, then removes)", async () => {
    const dir = tmp();
    const path = join(dir, "cue.yaml");
    expect(spawnSync("mkfifo", [path]).status).toBe(0);
    const child = spawn(process.execPath, [`${ROOT}bin/sprocket.js`, "check", path], { env: { ...process.env, NO_COLOR: "1" } });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    const done = new Promise<number | null>((resolve) => child.on("close", resolve));
    const fd = openSync(path, "w"); // waits until the reader has opened it
    writeSync(fd, "title: Half\nfps: 24\n");
    rmSync(path);
    closeSync(fd);
    const status = await done;
    expectWords({ status, stderr }, 1, /error: The cue file .*cue\.yaml was removed while Sprocket was reading it\./);
  });
  it("a missing cue file and a folder given as one are the user's input (exit 2)", () => {
    const dir = tmp();
    expectWords(run(["check", join(dir, "none.yaml")]), 2, /^error: There is no cue file .*none\.yaml\.$/m);
    expectWords(run(["check", dir]), 2, /^error: .* is a folder, not a cue file\.$/m);
  });
});
