#!/usr/bin/env node
// Launcher: runs the compiled CLI. `npm install` / `npm ci` compile it through the `prepare` script.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const main = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write("sprocket: the compiled CLI is missing (dist/). Run `npm install` or `npm run build` in the sprocket folder.\n");
  process.exit(1);
}
await import(main.href);
