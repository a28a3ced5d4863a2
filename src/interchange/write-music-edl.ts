import { isDropFrame } from "../engine/frame-rate.js";
import { formatTimecode } from "../engine/timecode.js";
import { layerCues, type ExportModel } from "./export-model.js";
import { avidColourOf } from "./marker-colours.js";
import { cueMarkerText } from "./sprocket-tags.js";

/**
 * A music EDL (CMX 3600) for the picture editor: one audio event per cue from bar 1 to its end, its
 * reel the cue id (8 characters at most, as CMX allows) and its full name in FROM CLIP NAME, with
 * a `* Sprocket cue ID: title` comment that reads it back as a cue, and every hit of the cue as an Avid `* LOC:` marker at its record timecode. Overlapping cues go on
 * further audio channels (A, A2, A3...). Source and record timecodes are the same: the music's own
 * time is the picture's.
 */
export function musicEdl(m: ExportModel): string {
  const tc = (f: number) => formatTimecode(f, m.rate);
  const lines = [`TITLE: ${m.title || "Sprocket"} music`, `FCM: ${isDropFrame(m.rate) ? "DROP FRAME" : "NON-DROP FRAME"}`, ""];
  const channelOf = new Map<string, string>();
  layerCues(m.cues).forEach((layer, k) => layer.forEach((c) => channelOf.set(c.id, k ? `A${k + 1}` : "A")));
  m.cues.forEach((c, i) => {
    const reel = c.id.toUpperCase().replace(/[^A-Z0-9_]/g, "_").slice(0, 8).padEnd(8);
    const event = String(i + 1).padStart(3, "0");
    lines.push(`${event}  ${reel} ${channelOf.get(c.id)!.padEnd(5)} C        ${tc(c.from)} ${tc(c.to)} ${tc(c.from)} ${tc(c.to)}`);
    lines.push(`* FROM CLIP NAME:  ${c.id}${c.title ? ` ${c.title}` : ""}`);
    lines.push(`* ${cueMarkerText(c.id, c.title)}`);
    for (const h of m.hits.filter((x) => x.cue === c.id)) lines.push(`* LOC: ${tc(h.frame)} ${avidColourOf(h.colour).toUpperCase().padEnd(7)} ${h.label}`);
    lines.push("");
  });
  return lines.join("\n");
}
