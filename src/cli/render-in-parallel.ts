import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ReportedError } from "../errors.js";
import { trackChild } from "../system/atomic-file.js";
import type { RenderedOutput } from "../render/outputs.js";

/**
 * Renders cues side by side: child `sprocket render FILE --cue ID...` processes, at most `jobs` at
 * once (the click is JavaScript on one thread, so processes are what use the cores). Each child takes a
 * batch of cues (about four batches a job, so a long cue does not leave the other cores idle) and reads
 * the cue file once for its batch: a long project costs a few readings of its file, not one a cue.
 * Each child runs the very code a serial render runs, so the files are the same. Manifests come back
 * in cue order.
 */
export async function renderInParallel(cueFile: string, cueIds: string[], passThrough: string[], jobs: number): Promise<RenderedOutput[]> {
  const bin = fileURLToPath(new URL("../../bin/sprocket.js", import.meta.url));
  const size = Math.max(1, Math.ceil(cueIds.length / (jobs * 4)));
  const batches: string[][] = [];
  for (let i = 0; i < cueIds.length; i += size) batches.push(cueIds.slice(i, i + size));
  const results: RenderedOutput[][] = new Array(batches.length);
  let next = 0;
  const one = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [bin, "render", cueFile, ...batches[i]!.flatMap((id) => ["--cue", id]), ...passThrough, "--jobs", "1", "--json", "--quiet"], { stdio: ["ignore", "pipe", "pipe"] });
      trackChild(child);
      let out = "", err = "";
      child.stdout.on("data", (d: Buffer) => (out += d));
      child.stderr.on("data", (d: Buffer) => (err += d));
      child.on("close", (code) => {
        // A child run with --json says its failure as JSON on its standard output.
        if (code !== 0) return reject(new ReportedError(code ?? 1, err || out));
        results[i] = (JSON.parse(out) as { outputs: RenderedOutput[] }).outputs;
        resolve();
      });
    });
  const worker = async () => {
    while (next < batches.length) await one(next++);
  };
  await Promise.all(Array.from({ length: Math.min(jobs, batches.length) }, worker));
  return results.flat();
}
