#!/usr/bin/env node
// Launcher (CommonJS: bin/package.json says so, and Node starts a CommonJS file faster): runs the named
// command from its bundle, dist/cli-bundle/NAME.cjs, so a command loads only its own code; help, the
// version and unknown commands from main.cjs. `npm install` / `npm ci` build dist/ and the bundles
// through the `prepare` script; without bundles the unbundled dist/cli/main.js runs.
"use strict";
const { existsSync } = require("node:fs");
const { join } = require("node:path");
const { pathToFileURL } = require("node:url");

const dist = join(__dirname, "..", "dist");
const bundle = (name) => join(dist, "cli-bundle", `${name}.cjs`);
const [first, second] = process.argv.slice(2);
const named = first === "help" ? second : first;
if (named && /^[a-z]+$/.test(named) && existsSync(bundle(named))) require(bundle(named));
else if (existsSync(bundle("main"))) require(bundle("main"));
else if (existsSync(join(dist, "cli", "main.js"))) import(pathToFileURL(join(dist, "cli", "main.js")).href);
else {
  process.stderr.write("sprocket: the compiled CLI is missing (dist/). Run `npm install` or `npm run build` in the sprocket folder.\n");
  process.exitCode = 1;
}
