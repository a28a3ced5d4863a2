import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ffmpeg from "@ffmpeg-installer/ffmpeg";
import type { TestProject } from "vitest/node";
import { numberedReferenceArgs, SHARED_SECONDS } from "./numbered-reference.js";

declare module "vitest" {
  interface ProvidedContext {
    /** Where the shared numbered reference will be (test/preview-helpers.ts, sharedNumberedReference). */
    numberedReference: string;
  }
}

/**
 * The Chromium files' global setup: their numbered reference, made once a run and in the background
 * while the first files run (each file made its own before, about 10 s of the page group's time,
 * which runs one file at a time). Written to a temporary name and renamed when
 * whole; a failure leaves ffmpeg's words in `.failed` beside it. `npm test` runs the Chromium files in
 * two vitest runs (scripts/test.js): it names a folder in SPROCKET_TEST_REFERENCES that outlives both,
 * so that the second finds the reference the first made.
 */
export default function setup(project: TestProject) {
  const kept = process.env.SPROCKET_TEST_REFERENCES;
  const dir = kept || mkdtempSync(join(tmpdir(), "sprocket-page-references-"));
  const path = join(dir, `numbered-${SHARED_SECONDS}.mp4`);
  const part = join(dir, `numbered-${SHARED_SECONDS}.part.mp4`);
  project.provide("numberedReference", path);
  if (existsSync(path)) return;
  rmSync(`${path}.failed`, { force: true });
  const child = spawn(ffmpeg.path, numberedReferenceArgs(part, SHARED_SECONDS), { stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  child.on("error", (e) => writeFileSync(`${path}.failed`, e.message));
  child.on("close", (code, signal) => (code === 0 ? renameSync(part, path) : writeFileSync(`${path}.failed`, `ffmpeg ended with ${code ?? signal}: ${err.trim()}`)));
  return () => {
    child.removeAllListeners(); // a run ended before ffmpeg did: nothing is to be written where the folder was
    child.kill();
    if (!kept) rmSync(dir, { recursive: true, force: true });
  };
}
