// What the benchmarks share: the project's root, its built modules, a seeded random number, and timing.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("..", import.meta.url));
/** A module of the built project (dist/), e.g. load("engine/timecode.js"). */
export const load = (path) => import(join(root, "dist", path));
/** A repeatable pseudo-random number in [0, 1) from a seed. */
export function seeded(seed) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Seconds `fn` takes, and what it returns. */
export function time(fn) {
  const t0 = process.hrtime.bigint();
  const r = fn();
  return [Number(process.hrtime.bigint() - t0) / 1e9, r];
}
/** Runs the sprocket command line (as a user would) and returns its result. */
export const sprocket = (args) => spawnSync(process.execPath, [join(root, "bin/sprocket.js"), ...args], { encoding: "utf8" });
