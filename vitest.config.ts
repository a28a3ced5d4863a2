import { defineConfig } from "vitest/config";

/**
 * Three groups of tests. `quick`: the pure engine and the readers, in process (`npm run test:quick`,
 * under a minute). `house`: everything that runs the command line, ffmpeg and the renders. `page`: the
 * preview in a real Chromium, whose checks are of real time (clicks on their samples, the chase within
 * a frame): one file at a time, after the others, so that it measures the page and not a machine busy
 * with ffmpeg; the numbered reference its files share is made at the start, while the others run
 * (test/page-references.ts). The first two run two files at a time (the machines are 2 cores).
 * `npm test` runs them through scripts/test.js instead: the page group beside the other two (those at
 * the lowest CPU priority), then alone the one file whose millisecond checks need a quiet machine.
 */
const QUICK = [
  "timecode", "time-convert", "tempo-value", "tempo-map", "click-engine", "cue-plan", "cue-json", "overlay-model",
  "chase-clock", "mtc", "ltc-read", "cue-file-errors", "edit-cue-text", "yaml-fast", "schema", "wav-header",
  "interop-editorial", "interop-bwf", "interop-midi", "fuzz", "fit-claims", "check", "midi", "notes", "portability",
].map((name) => `test/${name}.test.ts`);
const PAGE = ["preview", "preview-click", "preview-pieces", "chase", "chase-ltc", "conductor", "spotting-page"].map((name) => `test/${name}.test.ts`);

// Picture tests run the real ffmpeg on real video: give them time on a busy two-core machine.
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 180_000,
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: "quick", include: QUICK, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: "house", include: ["test/**/*.test.ts"], exclude: [...QUICK, ...PAGE], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: "page", include: PAGE, fileParallelism: false, globalSetup: ["test/page-references.ts"], sequence: { groupOrder: 1 } } },
    ],
  },
});
