import type { Timeline, TimelineMarker } from "./model.js";

/**
 * The picture's cuts as markers, for hits on the cuts (`import --cuts`): one at the first frame of
 * every shot of the main picture track but the first, labelled with the incoming shot. A dissolve or
 * wipe is marked where it begins (where the EDL puts the incoming event's record in).
 */
export function cutMarkers(t: Timeline): TimelineMarker[] {
  const shots = t.events.filter((e) => e.track === "V").sort((a, b) => a.recordIn - b.recordIn);
  return shots.slice(1).map((e) => {
    const name = e.source.clip ?? e.source.file?.split(/[\\/]/).pop() ?? e.source.reel ?? `event ${e.id}`;
    const how = e.transition ? `${e.transition.kind} (${e.transition.to - e.transition.from} frames) to` : "cut to";
    return { frame: e.transition?.from ?? e.recordIn, duration: 0, name: `${how} ${name}`, comment: "", location: e.location };
  });
}
