import type { Problem } from "../errors.js";
import type { Timeline, TimelineMarker } from "./model.js";

/**
 * The picture's cuts as markers, for hits on the cuts (`import --cuts`): one at the first frame of
 * every shot of the main picture track but the first, labelled with the incoming shot. A dissolve or
 * wipe is marked where it begins (where the EDL puts the incoming event's record in). The main track
 * is the first video track that holds a shot (V, else V2...): an OTIO whose first track is empty
 * still gives its cuts, and says which track they came from; a file with no picture says so.
 */
export function cutMarkers(t: Timeline): { markers: TimelineMarker[]; warnings: Problem[] } {
  const order = (name: string) => (name === "V" ? 1 : Number(/^V(\d+)$/.exec(name)?.[1] ?? Infinity));
  const track = [...new Set(t.events.map((e) => e.track))].filter((n) => order(n) < Infinity).sort((a, b) => order(a) - order(b))[0];
  const warnings: Problem[] = [];
  if (!track) warnings.push({ message: `${t.file} holds no picture events, so --cuts adds no hits.`, location: { file: t.file } });
  else if (track !== "V") warnings.push({ message: `${t.file}'s first video track holds no shots; --cuts reads the cuts of ${track}, the first track with picture.`, location: { file: t.file } });
  const shots = t.events.filter((e) => e.track === track).sort((a, b) => a.recordIn - b.recordIn);
  const markers = shots.slice(1).map((e) => {
    const name = e.source.clip ?? e.source.file?.split(/[\\/]/).pop() ?? e.source.reel ?? `event ${e.id}`;
    const how = e.transition ? `${e.transition.kind} (${e.transition.to - e.transition.from} frames) to` : "cut to";
    return { frame: e.transition?.from ?? e.recordIn, duration: 0, name: `${how} ${name}`, comment: "", location: e.location };
  });
  return { markers, warnings };
}
