import type { ExportModel } from "./export-model.js";
import { layerCues } from "./export-model.js";
import { otioColourOf } from "./marker-colours.js";
import { cueMarkerText } from "./sprocket-tags.js";

/**
 * An OpenTimelineIO timeline of the music: each cue a clip on a music track (bar 1 to its end, in
 * record time from the timeline's global_start_time; overlapping cues on further tracks), each hit
 * a marker on its cue's clip, in the clip's own time (which here is record time, as the clip's
 * source range starts at bar 1's frame). A hit before bar 1 (in the count-in) sits on the track.
 */
export function otioTimeline(m: ExportModel): string {
  const rate = m.rate.fps.toNumber();
  const time = (value: number) => ({ OTIO_SCHEMA: "RationalTime.1", rate, value });
  const range = (start: number, duration: number) => ({ OTIO_SCHEMA: "TimeRange.1", duration: time(duration), start_time: time(start) });
  const marker = (h: ExportModel["hits"][number]) => ({
    OTIO_SCHEMA: "Marker.2",
    metadata: { sprocket: { cue: h.cue, bar: h.bar, beat: h.beat } },
    name: h.label,
    color: otioColourOf(h.colour),
    marked_range: range(h.frame, 0),
  });
  const origin = m.cues.length ? Math.min(...m.cues.map((c) => c.from), ...m.hits.map((h) => h.frame)) : 0;
  const tracks = layerCues(m.cues).map((layer, k) => {
    const children: object[] = [];
    const trackMarkers: object[] = [];
    let at = origin;
    for (const c of layer) {
      if (c.from > at) children.push({ OTIO_SCHEMA: "Gap.1", metadata: {}, name: "", source_range: range(0, c.from - at), effects: [], markers: [], enabled: true });
      const own = m.hits.filter((h) => h.cue === c.id);
      const inside = own.filter((h) => h.frame >= c.from && h.frame < c.to);
      trackMarkers.push(...own.filter((h) => !inside.includes(h)).map((h) => ({ ...marker(h), marked_range: range(h.frame - origin, 0) })));
      children.push({
        OTIO_SCHEMA: "Clip.2",
        metadata: { sprocket: { cue: c.id, note: cueMarkerText(c.id, c.title) } },
        name: `${c.id}${c.title ? ` ${c.title}` : ""}`,
        source_range: range(c.from, c.to - c.from),
        effects: [],
        markers: inside.map(marker),
        enabled: true,
        media_references: { DEFAULT_MEDIA: { OTIO_SCHEMA: "MissingReference.1", metadata: {}, name: "", available_range: null, available_image_bounds: null } },
        active_media_reference_key: "DEFAULT_MEDIA",
      });
      at = c.to;
    }
    return { OTIO_SCHEMA: "Track.1", metadata: {}, name: k ? `Music ${k + 1}` : "Music", source_range: null, effects: [], markers: trackMarkers, enabled: true, kind: "Audio", children };
  });
  const timeline = {
    OTIO_SCHEMA: "Timeline.1",
    metadata: { sprocket: { fps: m.rate.name } },
    name: `${m.title || "Sprocket"} music`,
    global_start_time: time(origin),
    tracks: { OTIO_SCHEMA: "Stack.1", metadata: {}, name: "tracks", source_range: null, effects: [], markers: [], enabled: true, children: tracks },
  };
  return JSON.stringify(timeline, null, 2) + "\n";
}
