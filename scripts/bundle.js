// Bundles what tsc compiled into dist/, for speed where people wait. Run by `npm run build` after tsc.
//
// The command line: one CommonJS file per command, dist/cli-bundle/NAME.cjs, plus main.cjs for help,
// the version and unknown commands.
//
// Why: every command a user types pays Node's start-up and the loading of its modules. Node 20 loads
// one CommonJS file faster than dozens of ES modules (measured in bench/startup-bench.js: `tc` 1.30x
// bare Node unbundled, 1.10x bundled). Each bundle holds only its command's code; the packages in
// node_modules stay outside. A module's `import.meta.url` is its own file's URL in dist/, as unbundled
// (the presets folder, the page's files, the parallel render's child are found from it).
import { build } from "esbuild";
import { readFileSync, rmSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const out = join(dist, "cli-bundle");
const { COMMAND_SUMMARIES } = await import(pathToFileURL(join(dist, "cli", "command-list.js")).href);
const names = Object.keys(COMMAND_SUMMARIES);

const entries = [
  ...names.map((name) => ({
    name,
    code: `import { runCli } from "./cli/run-cli.js";\nimport { ${name}Command } from "./cli/commands/${name}.js";\nrunCli(process.argv.slice(2), async () => ${name}Command);\n`,
  })),
  {
    name: "main",
    code: `import { runCli } from "./cli/run-cli.js";\nrunCli(process.argv.slice(2), async (name) => { throw new Error("main.cjs was asked for the command " + name + ", which has its own bundle"); });\n`,
  },
];

/** Each module's import.meta.url becomes its own file's URL, worked out from where the bundle is. */
const ownUrl = {
  name: "own-import-meta-url",
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, (args) => {
      if (!args.path.startsWith(dist)) return undefined;
      const rel = relative(dist, args.path).split("\\").join("/");
      const text = readFileSync(args.path, "utf8").replaceAll("import.meta.url", `__sprocketModuleUrl(${JSON.stringify(rel)})`);
      return { contents: text, loader: "js" };
    });
  },
};

// The preview page: its main module and everything it imports in one ES module, so the browser asks
// for one file, not thirty, before it can show the first frame (the page falls back to main.js
// without it). The Worker and the audio worklets are loaded by their own URLs, unbundled.
const page = build({
  entryPoints: [join(dist, "preview", "page", "main.js")],
  bundle: true,
  platform: "browser",
  format: "esm",
  target: "es2022",
  outfile: join(dist, "preview", "page", "bundle.js"),
  logLevel: "warning",
});

rmSync(out, { recursive: true, force: true });
await page;
await Promise.all(
  entries.map((e) =>
    build({
      stdin: { contents: e.code, resolveDir: dist, sourcefile: `${e.name}-entry.js`, loader: "js" },
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      packages: "external",
      outfile: join(out, `${e.name}.cjs`),
      banner: { js: `"use strict";\nconst __sprocketModuleUrl = (rel) => require("node:url").pathToFileURL(require("node:path").join(__dirname, "..", rel)).href;` },
      plugins: [ownUrl],
      logLevel: "warning",
    }),
  ),
);
