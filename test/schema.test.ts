import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import Ajv2020 from "ajv/dist/2020.js";
import { cueFileSchema } from "../src/cue/schema.js";
import { fixture, ROOT } from "./helpers.js";

const published = JSON.parse(readFileSync(`${ROOT}schema/cue-file.schema.json`, "utf8"));
const validate = new Ajv2020.default({ allErrors: true, strict: false }).compile(published);
const read = (path: string) => parse(readFileSync(path, "utf8"));

describe("the published JSON Schema", () => {
  it("is the one the reader uses (run `npm run schema` after changing src/cue/schema.ts)", () => {
    expect(published).toEqual(JSON.parse(JSON.stringify(cueFileSchema)));
  });
  it("accepts the bundled example and every oracle cue file", () => {
    const files = [`${ROOT}examples/night-train.yaml`, ...readdirSync(fixture("cues")).filter((f) => f.endsWith(".yaml") && !f.startsWith("bad")).map((f) => fixture(`cues/${f}`))];
    for (const f of files) expect([f, validate(read(f)), validate.errors]).toEqual([f, true, null]);
  });
  it("rejects misspelt fields, a hit with no place, a frame click in bpm, an unknown rate", () => {
    const mutations: ((f: any) => void)[] = [
      (f) => (f.cues[0].tempo[0] = { bar: 1, bmp: 120 }),
      (f) => (f.cues[0].hits[0] = { label: "nowhere" }),
      (f) => (f.cues[0].tempo[0] = { bar: 1, bpm: "14-4" }),
      (f) => (f.fps = "23.5"),
    ];
    for (const mutate of mutations) {
      const file = read(`${ROOT}examples/night-train.yaml`);
      mutate(file);
      expect([mutate.toString(), validate(file)]).toEqual([mutate.toString(), false]);
    }
  });
});
