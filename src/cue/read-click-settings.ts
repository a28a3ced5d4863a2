import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { clickPresetNames } from "../presets/click-presets.js";
import { BEEP_DEFAULTS, type ClickSettings } from "../engine/cue-model.js";
import { didYouMean } from "./did-you-mean.js";
import { FIELDS } from "./schema.js";
import type { Field } from "./yaml-field.js";

const SAMPLE_RATES = [44100, 48000, 88200, 96000];

/**
 * Reads a `click` mapping (project or cue level) into the settings it overrides. Sample paths are
 * resolved against the cue file's folder and must exist.
 */
export function readClickSettings(f: Field, cueFile: string): Partial<ClickSettings> | undefined {
  const m = f.map(FIELDS.click, "click settings such as { sound: urei, subdivide: 2 }");
  if (!m) return undefined;
  const out: Partial<ClickSettings> = {};
  if (m.has("sound")) {
    const names = clickPresetNames();
    const sound = m.get("sound").string("a click sound name");
    if (sound !== undefined && !names.includes(sound)) {
      const guess = didYouMean(sound, names);
      m.get("sound").fail(`There is no click sound "${sound}".${guess ? ` Did you mean "${guess}"?` : ""}`, `one of: ${names.join(", ")}`);
    } else if (sound !== undefined) out.sound = sound;
  }
  for (const [key, prop] of [["accent", "accentFile"], ["beat", "beatFile"]] as const) {
    if (!m.has(key)) continue;
    const text = m.get(key).string("the path of a WAV file");
    if (text === undefined) continue;
    const path = resolve(dirname(cueFile), text);
    if (!existsSync(path)) m.get(key).fail(`The sample ${text} does not exist (looked for ${path}).`, "a WAV file, relative to the cue file");
    else out[prop] = path;
  }
  if (m.has("subdivide")) {
    const v = m.get("subdivide").integer(1, 4);
    if (v !== undefined) out.subdivide = v;
  }
  if (m.has("tacet")) {
    const items = m.get("tacet").list("a list of bar ranges such as { from: 5, to: 8 }") ?? [];
    const ranges = items.map((item) => {
      const r = item.map(["from", "to"], "a bar range such as { from: 5, to: 8 }");
      const from = r?.require("from", "the first silent bar")?.integer(1);
      const to = r?.has("to") ? r.get("to").integer(1) : from;
      if (from !== undefined && to !== undefined && to < from) r!.get("to").fail(`The range ends (bar ${to}) before it starts (bar ${from}).`, `a bar from ${from} on`);
      return from !== undefined && to !== undefined && to >= from ? { from, to } : undefined;
    });
    if (ranges.every((r) => r)) out.tacet = ranges as { from: number; to: number }[];
  }
  if (m.has("beeps")) {
    const b = m.get("beeps");
    if (typeof b.raw() === "boolean") {
      if (b.raw()) out.beeps = { ...BEEP_DEFAULTS };
      else out.beeps = undefined; // explicit, so a cue can turn off the project's beeps
    } else {
      const bm = b.map(["count", "over"], "true, or { count: 3, over: 2 }");
      const count = bm?.has("count") ? bm.get("count").integer(1, 8) : BEEP_DEFAULTS.count;
      const over = bm?.has("over") ? bm.get("over").number("seconds from the first beep to the hit") : BEEP_DEFAULTS.over;
      if (over !== undefined && (over < 0 || over > 10)) bm!.get("over").fail("Beeps run over 0 to 10 seconds.", "seconds from 0 to 10");
      else if (bm && count !== undefined && over !== undefined) out.beeps = { count, over };
    }
  }
  if (m.has("sampleRate")) {
    const v = m.get("sampleRate").integer(1);
    if (v !== undefined && !SAMPLE_RATES.includes(v)) m.get("sampleRate").fail(`A click is written at ${SAMPLE_RATES.join(", ")} Hz.`, SAMPLE_RATES.join(", "));
    else if (v !== undefined) out.sampleRate = v;
  }
  if (m.has("bitDepth")) {
    const depth = parseBitDepth(String(m.get("bitDepth").raw()));
    if (depth === undefined) m.get("bitDepth").fail("The bit depth is 16, 24 or 32f (32-bit float).", "16, 24 or 32f");
    else out.bitDepth = depth;
  }
  return out;
}

/** `16`, `24`, `32f` / `32` (float). */
export function parseBitDepth(text: string): 16 | 24 | 32 | undefined {
  return ({ "16": 16, "24": 24, "32": 32, "32f": 32 } as const)[text.trim().toLowerCase() as "16"];
}
