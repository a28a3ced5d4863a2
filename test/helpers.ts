import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import tonejs from "@tonejs/midi";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
export const readFixture = <T>(name: string): T => JSON.parse(readFileSync(fixture(name), "utf8")) as T;

/** Runs the built CLI as a user would (bin/sprocket.js), with colour off unless asked. */
export function sprocket(args: string[], env: Record<string, string | undefined> = {}) {
  const r = spawnSync(process.execPath, [`${ROOT}bin/sprocket.js`, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function sprocketJson<T = any>(args: string[]): T {
  const r = sprocket([...args, "--json"]);
  if (r.status !== 0) throw new Error(`sprocket ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** The first problem of the UserError a function throws (fails the test if it throws none). */
export function problemOf(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    const problems = (e as { problems?: { message: string; hint?: string; expected?: string; received?: string }[] }).problems;
    if (problems?.[0]) return problems[0];
    throw e;
  }
  throw new Error("expected a UserError, but nothing was thrown");
}

/** Renders a cue file's MIDI tempo map through the CLI and reads it with @tonejs/midi (an independent parser). */
export function renderMidi(cueFile: string, args: string[] = []) {
  const out = mkdtempSync(join(tmpdir(), "sprocket-midi-"));
  const manifest = sprocketJson(["render", cueFile, "--only", "midi", "--out", out, ...args]);
  const path: string = manifest.outputs[0].path;
  const bytes = readFileSync(path);
  return { path, bytes, midi: new tonejs.Midi(bytes), manifest };
}

