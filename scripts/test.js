#!/usr/bin/env node
// The test run of `npm test` (after the build, the type check and the import check): the groups of
// vitest.config.ts in three vitest runs, so that the machine's two cores are used while the Chromium
// files wait on real time. First, side by side: the quick and house groups, at the lowest CPU priority
// (SCHED_IDLE through `chrt` where Linux has it, else nice 19), and the page group one file at a time,
// without the files in QUIET. Then the QUIET files alone: their checks are of real time to the
// millisecond and fail beside the renders even at the lowest priority (test/preview-click.test.ts).
// `npm test -- <vitest arguments>` runs `vitest run <arguments>` as it is, all groups in their order.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { setPriority, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const QUIET = ["test/preview-click.test.ts"];
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const VITEST = join(ROOT, "node_modules", "vitest", "vitest.mjs");

const given = process.argv.slice(2);
if (given.length > 0) {
  const child = spawn(process.execPath, [VITEST, "run", ...given], { cwd: ROOT, stdio: "inherit" });
  child.on("close", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  await runAll();
}

async function runAll() {
  const references = mkdtempSync(join(tmpdir(), "sprocket-test-references-"));
  const env = { ...process.env, SPROCKET_TEST_REFERENCES: references, ...(process.stdout.isTTY ? { FORCE_COLOR: "1" } : {}) };
  const started = Date.now();
  const children = new Set();
  const stop = (signal) => {
    for (const child of children) child.kill(signal);
    rmSync(references, { recursive: true, force: true });
    process.exit(1);
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));

  /** One vitest run; its lines go to our output as they come (live) or all at once when it ends. */
  const run = (name, args, { low = false, live = true } = {}) => new Promise((resolve) => {
    const from = Date.now();
    const command = [process.execPath, VITEST, "run", ...args];
    const idle = low && idleScheduling();
    const child = spawn(idle ? "chrt" : command[0], idle ? ["--idle", "0", ...command] : command.slice(1), { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    children.add(child);
    if (low && !idle) lower(child.pid);
    const held = [];
    const emit = (target, s) => (live ? target.write(s) : held.push([target, s]));
    // Whole lines only, so that a held block never lands in the middle of a live line.
    const out = (stream, target) => {
      let rest = "";
      stream.on("data", (d) => {
        const text = rest + d;
        const cut = text.lastIndexOf("\n") + 1;
        rest = text.slice(cut);
        if (cut > 0) emit(target, text.slice(0, cut));
      });
      stream.on("end", () => rest && emit(target, rest + "\n"));
    };
    out(child.stdout, process.stdout);
    out(child.stderr, process.stderr);
    child.on("error", (e) => {
      process.stderr.write(`Could not start vitest for ${name}: ${e.message}\n`);
    });
    child.on("close", (code, signal) => {
      children.delete(child);
      for (const [target, s] of held) target.write(s);
      const seconds = (Date.now() - from) / 1000;
      resolve({ name, ok: code === 0, seconds, said: code === null ? `ended by ${signal}` : code === 0 ? "passed" : "failed" });
    });
  });

  const first = await Promise.all([
    run("quick + house", ["--project", "quick", "--project", "house"], { low: true }),
    run("page", ["--project", "page", ...QUIET.flatMap((f) => ["--exclude", f])], { live: false }),
  ]);
  const alone = await run("page, alone", ["--project", "page", ...QUIET]);
  rmSync(references, { recursive: true, force: true });
  const results = [...first, alone];
  const total = (Date.now() - started) / 1000;
  process.stdout.write(`\nnpm test: ${results.map((r) => `${r.name} ${r.said} in ${r.seconds.toFixed(1)} s`).join("; ")} (the first two side by side); ${total.toFixed(1)} s in all.\n`);
  process.exit(results.every((r) => r.ok) ? 0 : 1);
}

/** Whether `chrt --idle 0` works here (Linux's util-linux; some containers refuse the call). */
function idleScheduling() {
  if (process.platform !== "linux") return false;
  const r = spawnSync("chrt", ["--idle", "0", process.execPath, "-e", "0"], { stdio: "ignore" });
  return r.status === 0;
}

/** Nice 19 (or the lowest class on Windows) for a process; its children inherit it. */
function lower(pid) {
  try {
    setPriority(pid, 19);
  } catch (e) {
    process.stderr.write(`Could not lower the tests' priority (${e.message}); they run at the normal one.\n`);
  }
}
