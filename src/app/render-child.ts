import { readCueFile } from "../cue/read-cue-file.js";
import { sendableError } from "../errors.js";
import { stopEverything } from "../system/atomic-file.js";
import { renderCues } from "./render-cues.js";
import type { RenderBatch, RenderBatchMessage, RenderBatchResult } from "./render-in-parallel.js";
import type { RenderedOutput } from "../render/outputs.js";

/**
 * One child of a parallel render (src/app/render-in-parallel.ts): it is sent a batch (the cue file's
 * path and the options, as plain data), renders it with the very code a serial render runs, and sends
 * back each file as it is written, then all of them or the failure. When the process that started it goes away, it stops and
 * removes what it was writing.
 */

let finished = false;
process.on("disconnect", () => {
  if (!finished) stopEverything("the render that started this one stopped");
});
process.once("message", (batch: RenderBatch) => {
  void (async () => {
    let result: RenderBatchResult;
    try {
      const onOutput = (output: RenderedOutput) => process.send!({ output } satisfies RenderBatchMessage);
      result = { outputs: await renderCues(readCueFile(batch.cueFile), { ...batch.options, spaceCheck: false, onOutput }) };
    } catch (e) {
      result = { error: sendableError(e) };
    }
    finished = true;
    process.send!(result, () => process.disconnect());
  })();
});
