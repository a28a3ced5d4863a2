import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { BugError } from "../errors.js";
import { soundSpecProblems, type ClickSounds, type SoundSpec } from "../engine/click-sound.js";

/** The presets folder shipped with the package. */
export const PRESETS_DIR = fileURLToPath(new URL("../../presets/", import.meta.url));

/** Names of the click presets (files in presets/clicks). */
export function clickPresetNames(): string[] {
  return readdirSync(`${PRESETS_DIR}clicks`).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();
}

function readPreset(path: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch (e) {
    throw new BugError(`The shipped preset ${path} cannot be read: ${(e as Error).message}`);
  }
}

/** A click preset's three sound specs, checked (a broken shipped preset is a bug). */
export function loadClickPreset(name: string): ClickSounds<SoundSpec> {
  const path = `${PRESETS_DIR}clicks/${name}.json`;
  const data = readPreset(path);
  const problems = (["accent", "beat", "sub"] as const).flatMap((k) => soundSpecProblems(data[k], `${name}.${k}`));
  if (problems.length) throw new BugError(`The click preset ${path} is malformed: ${problems.join("; ")}`);
  return { accent: data.accent as SoundSpec, beat: data.beat as SoundSpec, sub: data.sub as SoundSpec };
}

/** The ADR beep's sound spec. */
export function loadAdrBeep(): SoundSpec {
  const data = readPreset(`${PRESETS_DIR}adr-beep.json`);
  const problems = soundSpecProblems(data.sound, "adr-beep.sound");
  if (problems.length) throw new BugError(`presets/adr-beep.json is malformed: ${problems.join("; ")}`);
  return data.sound as SoundSpec;
}
