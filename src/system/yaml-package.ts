import { createRequire } from "node:module";
import type * as Yaml from "yaml";

/**
 * The `yaml` package, loaded when first needed (synchronously: files are read in one go). Most
 * commands never need it: the fast reader answers for the cue files people write, and OTIO locations
 * are looked up only to point at a problem.
 */
export function yamlPackage(): typeof Yaml {
  return (loaded ??= createRequire(import.meta.url)("yaml") as typeof Yaml);
}
let loaded: typeof Yaml | undefined;
