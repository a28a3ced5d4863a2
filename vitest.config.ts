import { defineConfig } from "vitest/config";

// Picture tests run the real ffmpeg on real video: give them time on a busy two-core machine.
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
