import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { CueFile } from "../engine/cue-model.js";
import { BugError, receivedError } from "../errors.js";
import type { RenderedOutput } from "../render/outputs.js";
import { stopChild, trackChild } from "../system/atomic-file.js";
import type { ClickSettings } from "../engine/cue-model.js";
import type { SentError } from "../errors.js";
import type { OutputKind } from "../render/outputs.js";
import type { VideoOptions } from "../render/video-options.js";
import type { LtcOptions } from "../render/render-ltc.js";

/** What one child is sent: the cue file's path, its cues and the options, as plain data. */
export interface RenderBatch {
  cueFile: string;
  options: { cues: string[]; outDir: string; only: readonly OutputKind[]; click: Partial<ClickSettings>; clickNotes: boolean; video: Omit<VideoOptions, "onProgress">; ltc: LtcOptions };
}
export type RenderBatchResult = { outputs: RenderedOutput[] } | { error: SentError };
/** What a child says: each file as it is written, then its result. */
export type RenderBatchMessage = { output: RenderedOutput } | RenderBatchResult;

/**
 * Renders cues side by side in child processes, at most `jobs` at once (the click is JavaScript on one
 * thread, so processes are what use the cores). Each child takes a batch of cues (about four batches a
 * job, so a long cue does not leave the other cores idle), reads the cue file once, and runs the very
 * code a serial render runs, so the files are the same. `onOutput` is told each file as it is
 * written; the result lists them in cue order.
 */
export async function renderInParallel(file: CueFile, cueIds: readonly string[], options: Omit<RenderBatch["options"], "cues">, jobs: number, onOutput?: (output: RenderedOutput) => void): Promise<RenderedOutput[]> {
  const entry = fileURLToPath(new URL("./render-child.js", import.meta.url));
  const size = Math.max(1, Math.ceil(cueIds.length / (jobs * 4)));
  const batches: string[][] = [];
  for (let i = 0; i < cueIds.length; i += size) batches.push(cueIds.slice(i, i + size));
  const results: RenderedOutput[][] = new Array(batches.length);
  let next = 0;
  let failed: Error | undefined;
  const running = new Set<ChildProcess>();
  const one = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const child = fork(entry, [], { stdio: ["ignore", "ignore", "pipe", "ipc"], serialization: "advanced" });
      trackChild(child, true);
      running.add(child);
      let err = "", answer: RenderBatchResult | undefined;
      child.stderr!.on("data", (d: Buffer) => (err += d));
      child.on("message", (m: RenderBatchMessage) => {
        if ("output" in m) onOutput?.(m.output);
        else answer = m;
      });
      child.on("error", reject);
      child.on("exit", (code, signal) => {
        running.delete(child);
        if (!answer) return reject(new BugError(`a parallel render's child ended (${signal ?? `exit status ${code}`}) without an answer${err ? `: ${err.trim()}` : ""}`));
        if ("error" in answer) return reject(receivedError(answer.error));
        results[i] = answer.outputs;
        resolve();
      });
      const batch: RenderBatch = { cueFile: file.file, options: { ...options, cues: batches[i]! } };
      child.send(batch);
    });
  const worker = async () => {
    // After a failure no new batch starts and those running are stopped (each removes what it was
    // writing); the first failure is said.
    while (next < batches.length && !failed) {
      try {
        await one(next++);
      } catch (e) {
        if (!failed) for (const child of running) stopChild(child);
        failed ??= e as Error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, batches.length) }, worker));
  if (failed) throw failed;
  return results.flat();
}
