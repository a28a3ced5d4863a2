// Links this package's own `sprocket` command into node_modules/.bin, which npm does not do for the
// package being developed, so ./node_modules/.bin/sprocket works in a fresh clone after `npm ci`.
// Runs from the `prepare` script. On Windows it writes a .cmd shim instead of a symlink.
import { chmodSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

const root = fileURLToPath(new URL("..", import.meta.url));
const binDir = join(root, "node_modules", ".bin");
if (!existsSync(join(root, "node_modules"))) process.exit(0); // installed as a dependency: npm links it
mkdirSync(binDir, { recursive: true });
const target = join(binDir, "sprocket");
if (process.platform === "win32") {
  writeFileSync(`${target}.cmd`, `@node "%~dp0\\..\\..\\bin\\sprocket.js" %*\r\n`);
} else {
  rmSync(target, { force: true });
  symlinkSync("../../bin/sprocket.js", target);
  chmodSync(join(root, "bin", "sprocket.js"), 0o755);
}
