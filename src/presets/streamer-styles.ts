import { readdirSync, readFileSync } from "node:fs";
import { BugError } from "../errors.js";
import { PRESETS_DIR } from "./click-presets.js";

/** A streamer style (presets/streamers/*.json): band width as a fraction of the picture's, and colours. */
export interface StreamerStyle {
  width: number;
  colors: { warning: string; downbeat: string; end: string; hit: string };
}

export const DEFAULT_STREAMER_STYLE = "classic";

export function streamerStyleNames(): string[] {
  return readdirSync(`${PRESETS_DIR}streamers`).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();
}

export function loadStreamerStyle(name: string): StreamerStyle {
  const path = `${PRESETS_DIR}streamers/${name}.json`;
  const data = JSON.parse(readFileSync(path, "utf8")) as Partial<StreamerStyle>;
  const colors = data.colors;
  if (!(typeof data.width === "number" && data.width > 0 && data.width < 0.5) || !colors || !["warning", "downbeat", "end", "hit"].every((k) => typeof (colors as Record<string, unknown>)[k] === "string")) {
    throw new BugError(`The streamer style ${path} is malformed: it needs width (0-0.5 of the picture) and colors { warning, downbeat, end, hit }.`);
  }
  return data as StreamerStyle;
}
