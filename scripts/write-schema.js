// Writes schema/cue-file.schema.json from src/cue/schema.ts (through the build in dist/).
import { writeFileSync } from "node:fs";
import { cueFileSchema } from "../dist/cue/schema.js";

const path = new URL("../schema/cue-file.schema.json", import.meta.url);
writeFileSync(path, JSON.stringify(cueFileSchema, null, 2) + "\n");
console.log(`wrote ${path.pathname}`);
