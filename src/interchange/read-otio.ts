import { FRAME_RATES, type FrameRate } from "../engine/frame-rate.js";
import { Rational } from "../engine/rational.js";
import { driftWords, exactRate, frameRateFor, rateName } from "../engine/rate-match.js";
import { UserError } from "../errors.js";
import { Findings } from "./findings.js";
import { JsonLocator, jsonErrorPosition } from "./json-locator.js";
import type { EditEvent, SourceRef, Timeline, TimelineMarker, Transition } from "./model.js";

/**
 * OpenTimelineIO's JSON (.otio): Timeline > Stack > Track > Clip | Gap | Transition | Stack.
 * Record positions are the running sum of the items' durations on each track, from the timeline's
 * global_start_time (and through each track's own source_range); transitions overlap the cut they
 * sit on. Rates are floats (23.976023976023979 is 24000/1001). Markers' marked_range is in their
 * owner's time: a clip's marker at media frame m sits at the clip's record in + (m - its source in),
 * applied through every level of nesting. LinearTimeWarp scales the source; FreezeFrame holds it.
 */

type Json = Record<string, unknown>;
type Path = (string | number)[];

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const schemaOf = (v: Json) => String(v.OTIO_SCHEMA ?? "").replace(/\.\d+$/, "");

/** Maps a time in an item's own frames to a record frame. */
type ToRecord = (frames: Rational) => Rational;
/** Record frames a nested composition shows, [from, to): what lies outside is trimmed away. */
type Bounds = { from: Rational; to: Rational };

class OtioReader {
  readonly found: Findings;
  readonly locator: JsonLocator;
  readonly events: EditEvent[] = [];
  readonly audioEvents: EditEvent[] = [];
  readonly markers: TimelineMarker[] = [];
  private videoTracks = 0;
  /** Markers written by OTIO's EDL adapter, at record time. */
  cmxMarkers = 0;

  constructor(text: string, file: string, readonly rate: FrameRate) {
    this.found = new Findings(file);
    this.locator = new JsonLocator(text);
  }

  where(path: Path) {
    return this.locator.locate(path) ?? { line: undefined, column: undefined };
  }

  fail(path: Path, message: string, expected: string, received: unknown): never {
    const at = this.where(path);
    this.found.error({ message, field: path.join("."), expected, received: received === undefined ? "nothing" : JSON.stringify(received).slice(0, 80) }, at.line, at.column);
    this.found.throwIfAny();
    throw new Error("unreachable");
  }

  warn(path: Path, message: string): void {
    const at = this.where(path);
    this.found.warn(message, at.line, at.column);
  }

  object(v: unknown, path: Path, what: string): Json {
    return isObject(v) ? v : this.fail(path, `Expected ${what} here.`, what, v);
  }

  list(v: unknown, path: Path): unknown[] {
    return Array.isArray(v) ? v : this.fail(path, "Expected a list here.", "a JSON array", v);
  }

  /** A RationalTime as frames at the project's rate (exact when its rate is the project's). */
  time(v: unknown, path: Path): Rational {
    const t = this.object(v, path, "a RationalTime { rate, value }");
    if (typeof t.rate !== "number" || !(t.rate > 0) || typeof t.value !== "number" || !Number.isFinite(t.value)) {
      return this.fail(path, "A RationalTime needs a positive rate and a finite value.", "{ \"rate\": 24.0, \"value\": 86400.0 }", t);
    }
    if (Math.abs(t.value / t.rate) > 8_640_000) return this.fail(path, "This time is more than a hundred days from zero: not a timeline's.", "a time within a day or so", t);
    const value = Rational.fromNumber(t.value);
    const r = exactRate(t.rate);
    return r.eq(this.rate.fps) ? value : value.div(r).mul(this.rate.fps);
  }

  range(v: unknown, path: Path): { start: Rational; duration: Rational } {
    const r = this.object(v, path, "a TimeRange { start_time, duration }");
    return { start: this.time(r.start_time, [...path, "start_time"]), duration: this.time(r.duration, [...path, "duration"]) };
  }

  /** A record position in whole frames; one between frames is rounded and said. */
  frame(x: Rational, path: Path, what: string): number {
    if (!x.isInteger()) this.warn(path, `${what} falls between frames (${x.toDecimal(3)}); the nearest frame is used.`);
    return Number(x.round());
  }

  /** How long an item lasts on its track, in project frames. */
  duration(item: Json, path: Path): Rational {
    if (item.source_range) return this.range(item.source_range, [...path, "source_range"]).duration;
    const s = schemaOf(item);
    if (s === "Clip") {
      const ref = mediaReference(item);
      if (isObject(ref) && ref.available_range) return this.range(ref.available_range, [...path, "media_reference", "available_range"]).duration;
      return this.fail(path, "A clip has neither a source_range nor a media reference with an available_range: its length is unknown.", "source_range on the clip", undefined);
    }
    if (s === "Track") return this.children(item, path).reduce((sum: Rational, c, i) => (schemaOf(c) === "Transition" ? sum : sum.add(this.duration(c, [...path, "children", i]))), Rational.ZERO);
    if (s === "Stack") return this.children(item, path).reduce((max: Rational, c, i) => { const d = this.duration(c, [...path, "children", i]); return d.gt(max) ? d : max; }, Rational.ZERO);
    return this.fail(path, `A ${s || "value"} here needs a source_range to give its length.`, "source_range", undefined);
  }

  children(item: Json, path: Path): Json[] {
    return this.list(item.children ?? [], [...path, "children"]).map((c, i) => this.object(c, [...path, "children", i], "a Clip, Gap, Transition, Stack or Track"));
  }

  trimStart(item: Json, path: Path): Rational {
    return item.source_range ? this.range(item.source_range, [...path, "source_range"]).start : Rational.ZERO;
  }

  markersOf(item: Json, path: Path, toRecord: ToRecord, opts: { visible?: { from: Rational; to: Rational }; cmx?: boolean; bounds?: Bounds } = {}): void {
    const { visible, cmx: cmxQuirk, bounds } = opts;
    this.list(item.markers ?? [], [...path, "markers"]).forEach((mv, i) => {
      const mp = [...path, "markers", i];
      const m = this.object(mv, mp, "a Marker");
      const r = this.range(m.marked_range, [...mp, "marked_range"]);
      let at = toRecord(r.start);
      const name = typeof m.name === "string" ? m.name : "";
      if (cmxQuirk && isObject(m.metadata) && isObject(m.metadata.cmx_3600)) {
        // OTIO's own EDL adapter stores a LOC's record timecode as the clip's time (OTIO issues #169, #345);
        // its markers say so by their cmx_3600 metadata.
        at = r.start;
        this.cmxMarkers++;
      } else if ((visible && (r.start.lt(visible.from) || !r.start.lt(visible.to))) || (bounds && (at.lt(bounds.from) || !at.lt(bounds.to)))) {
        this.warn(mp, `Marker "${name}" is in a part of its ${schemaOf(item).toLowerCase()} that is trimmed out of the timeline; it is left out.`);
        return;
      }
      const comment = typeof m.comment === "string" ? m.comment : String((((m.metadata as Json | undefined)?.fcp_xml as Json | undefined)?.comment as string | null | undefined) ?? "");
      const colour = colourOf(m.color);
      this.markers.push({ frame: this.frame(at, mp, `Marker "${name}"`), duration: Number(r.duration.round()), name, comment, ...(colour ? { colour } : {}), location: this.found.at() });
    });
  }

  /** A track's items, laid end to end from its record mapping. */
  track(track: Json, path: Path, toRecord: ToRecord, nested: boolean, bounds?: Bounds, only?: number): void {
    const kind = String(track.kind ?? "Video");
    const name = kind !== "Video" || nested ? "" : ++this.videoTracks === 1 ? "V" : `V${this.videoTracks}`;
    const trackStart = this.trimStart(track, path);
    const trackToRecord: ToRecord = (t) => toRecord(t.sub(trackStart));
    this.markersOf(track, path, trackToRecord, bounds ? { bounds } : {});
    let offset = Rational.ZERO;
    let pending: { transition: Transition } | undefined;
    this.children(track, path).forEach((item, i) => {
      if (only !== undefined && i !== only) return;
      const ip = [...path, "children", i];
      const s = schemaOf(item);
      if (s === "Transition") {
        const inOff = this.time(item.in_offset ?? { rate: 1, value: 0 }, [...ip, "in_offset"]);
        const outOff = this.time(item.out_offset ?? { rate: 1, value: 0 }, [...ip, "out_offset"]);
        const type = String(item.transition_type ?? "SMPTE_Dissolve");
        pending = { transition: { kind: /wipe/i.test(type) ? "wipe" : "dissolve", from: this.frame(trackToRecord(offset.sub(inOff)), ip, "A transition"), to: this.frame(trackToRecord(offset.add(outOff)), ip, "A transition"), code: type } };
        return;
      }
      if (!["Clip", "Gap", "Stack", "Track"].includes(s)) this.fail([...ip, "OTIO_SCHEMA"], `Unknown item "${String(item.OTIO_SCHEMA)}" in a track.`, "Clip, Gap, Transition, Stack or Track", item.OTIO_SCHEMA);
      const start = this.trimStart(item, ip);
      const length = this.duration(item, ip);
      const here = offset;
      const itemToRecord: ToRecord = (c) => trackToRecord(here.add(c.sub(start)));
      const recordIn = this.frame(trackToRecord(here), ip, `Item ${i}`);
      const recordOut = this.frame(trackToRecord(here.add(length)), ip, `Item ${i}`);
      if (s !== "Gap" && !nested) {
        (kind === "Video" ? this.events : this.audioEvents).push({
          id: String(i + 1),
          track: kind === "Video" ? name : "A",
          recordIn,
          recordOut,
          source: s === "Clip" ? this.sourceOf(item) : { clip: String(item.name ?? "") },
          sourceIn: Number(start.round()),
          sourceOut: Number(start.add(length).round()),
          speed: this.speedOf(item, ip),
          ...(pending ? { transition: pending.transition } : {}),
          comments: sprocketNote(item),
          // Located lazily: finding a line in a big JSON text costs more than reading it.
          location: this.found.at(),
        });
      }
      pending = undefined;
      // Inside a nested composition, what its own range trims away is not on the timeline either.
      const within: Bounds = { from: trackToRecord(here), to: trackToRecord(here.add(length)) };
      const inner = bounds ? { from: max(within.from, bounds.from), to: min(within.to, bounds.to) } : within;
      if (s === "Clip") this.markersOf(item, ip, itemToRecord, { visible: { from: start, to: start.add(length) }, cmx: true, ...(bounds ? { bounds } : {}) });
      if (s === "Gap") this.markersOf(item, ip, itemToRecord, bounds ? { bounds } : {});
      if (s === "Stack") this.stack(item, ip, itemToRecord, true, inner);
      // A track's own time is trimmed by the track itself (see the start of this method).
      if (s === "Track") this.track(item, ip, (c) => trackToRecord(here.add(c)), true, inner);
      offset = offset.add(length);
    });
  }

  stack(stack: Json, path: Path, toRecord: ToRecord, nested: boolean, bounds?: Bounds): void {
    if (nested) this.markersOf(stack, path, toRecord, bounds ? { bounds } : {});
    this.children(stack, path).forEach((c, i) => {
      const cp = [...path, "children", i];
      if (schemaOf(c) === "Track") this.track(c, cp, toRecord, nested, bounds);
      else if (schemaOf(c) === "Stack") this.stack(c, cp, (t) => toRecord(t.sub(this.trimStart(c, cp))), true, bounds);
      // A clip or gap straight in a stack (OTIO's own nested_example.otio) starts at the stack's time 0:
      // read as a video track of that one item.
      else if (schemaOf(c) === "Clip" || schemaOf(c) === "Gap") this.track({ OTIO_SCHEMA: "Track.1", kind: "Video", children: stack.children }, path, toRecord, nested, bounds, i);
      else this.fail([...cp, "OTIO_SCHEMA"], `A stack holds tracks, stacks and clips; found "${String(c.OTIO_SCHEMA)}".`, "Track, Stack, Clip or Gap", c.OTIO_SCHEMA);
    });
  }

  sourceOf(clip: Json): SourceRef {
    const ref = mediaReference(clip);
    const source: SourceRef = {};
    if (typeof clip.name === "string" && clip.name) source.clip = clip.name;
    if (isObject(ref)) {
      const rs = schemaOf(ref);
      if (rs === "ExternalReference" && typeof ref.target_url === "string") source.file = ref.target_url;
      if (rs === "ImageSequenceReference" && typeof ref.target_url_base === "string") source.file = `${ref.target_url_base}${String(ref.name_prefix ?? "")}#${String(ref.name_suffix ?? "")}`;
      if (rs === "GeneratorReference" && /black/i.test(`${String(ref.generator_kind ?? "")} ${String(ref.name ?? "")}`)) source.black = true;
    }
    const cmx = (clip.metadata as Json | undefined)?.cmx_3600 as Json | undefined;
    if (typeof cmx?.reel === "string") source.reel = cmx.reel;
    const fileComment = (Array.isArray(cmx?.comments) ? cmx.comments : []).map((c) => /^(SOURCE FILE|FROM FILE|FROM CLIP):\s*(.+)$/i.exec(String(c))?.[2]).find(Boolean);
    if (fileComment && !source.file) source.file = fileComment.trim();
    return source;
  }

  speedOf(item: Json, path: Path): Rational | null {
    let speed = Rational.ONE;
    this.list(item.effects ?? [], [...path, "effects"]).forEach((ev, i) => {
      const e = this.object(ev, [...path, "effects", i], "an effect");
      const s = schemaOf(e);
      if (s === "FreezeFrame") speed = Rational.ZERO;
      else if (s === "LinearTimeWarp") {
        if (typeof e.time_scalar !== "number") this.fail([...path, "effects", i, "time_scalar"], "A LinearTimeWarp needs its time_scalar.", "a number (1.0 is normal speed)", e.time_scalar);
        speed = speed.mul(Rational.fromNumber(e.time_scalar as number));
      }
    });
    return speed;
  }
}

/** The cue tag Sprocket's own OTIO export keeps in a clip's metadata, as the event's comment. */
function sprocketNote(item: Json): string[] {
  const note = ((item.metadata as Json | undefined)?.sprocket as Json | undefined)?.note;
  return typeof note === "string" ? [note] : [];
}

const max = (a: Rational, b: Rational) => (a.gt(b) ? a : b);
const min = (a: Rational, b: Rational) => (a.lt(b) ? a : b);

function mediaReference(clip: Json): unknown {
  if (isObject(clip.media_references)) return clip.media_references[String(clip.active_media_reference_key ?? "DEFAULT_MEDIA")];
  return clip.media_reference;
}

/** OTIO writes a marker colour as a name (`RED`), or as a Color object with a name or r, g, b. */
function colourOf(c: unknown): string | undefined {
  if (typeof c === "string") return c || undefined;
  if (!isObject(c)) return undefined;
  if (typeof c.name === "string" && c.name) return c.name;
  const hex = (v: unknown) => Math.round(Math.min(1, Math.max(0, Number(v) || 0)) * 255).toString(16).padStart(2, "0");
  return typeof c.r === "number" ? `#${hex(c.r)}${hex(c.g)}${hex(c.b)}` : undefined;
}

export function readOtio(text: string, file: string, projectRate?: FrameRate): Timeline {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    const at = jsonErrorPosition(text, e as Error);
    throw new UserError({ message: `${file} is not valid JSON: ${(e as Error).message}`, location: { file, ...(at ?? {}) }, expected: "an OpenTimelineIO file (.otio)" });
  }
  const peek = new OtioReader(text, file, projectRate ?? FRAME_RATES[0]!);
  let root = peek.object(json, [], "an OTIO Timeline");
  let rootPath: Path = [];
  if (schemaOf(root) === "SerializableCollection") {
    const timelines = peek.list(root.children, ["children"]).map((c, i) => [c, i] as const).filter(([c]) => isObject(c) && schemaOf(c) === "Timeline");
    if (!timelines.length) peek.fail(["children"], "The collection holds no Timeline.", "a Timeline", undefined);
    if (timelines.length > 1) peek.warn(["children"], `The collection holds ${timelines.length} timelines; the first is read.`);
    [root, rootPath] = [timelines[0]![0] as Json, ["children", timelines[0]![1]]];
  }
  if (schemaOf(root) !== "Timeline") peek.fail([...rootPath, "OTIO_SCHEMA"], "This is not an OTIO Timeline.", "OTIO_SCHEMA Timeline.1", root.OTIO_SCHEMA);
  const tracks = peek.object(root.tracks, [...rootPath, "tracks"], "the timeline's Stack of tracks");
  const timelineRate = fileRateOf(root, tracks);
  const rate = projectRate ?? (timelineRate && frameRateFor(timelineRate));
  if (!rate) {
    throw new UserError({ message: `${file} does not say a frame rate Sprocket knows${timelineRate ? ` (it says ${timelineRate.toDecimal(3)})` : ""}.`, location: { file }, hint: "Give the project's rate with --fps, e.g. --fps 23.976." });
  }
  const r = new OtioReader(text, file, rate);
  if (timelineRate && !timelineRate.eq(rate.fps)) {
    throw new UserError({
      message: `${file} is a ${rateName(timelineRate)} fps timeline, but the project is at ${rate.name}: their frames ${driftWords(timelineRate, rate)}.`,
      location: { file },
      expected: `a timeline at ${rate.name}`,
      received: `${rateName(timelineRate)} fps`,
      hint: "Export the timeline at the project's rate, or check the project's rate (--fps, or fps in the cue file).",
    });
  }
  const start = root.global_start_time ? r.time(root.global_start_time, [...rootPath, "global_start_time"]) : Rational.ZERO;
  const stackStart = r.trimStart(tracks, [...rootPath, "tracks"]);
  const toRecord: ToRecord = (t) => start.add(t.sub(stackStart));
  r.markersOf(tracks, [...rootPath, "tracks"], toRecord);
  r.stack(tracks, [...rootPath, "tracks"], toRecord, false);
  if (r.cmxMarkers) r.warn([...rootPath, "tracks"], `${r.cmxMarkers} marker${r.cmxMarkers === 1 ? "" : "s"} came from an EDL through OTIO's EDL adapter, which keeps a LOC's record timecode as the marker's time (OTIO issues #169 and #345): read as record timecodes.`);
  r.found.throwIfAny();
  return {
    format: "OpenTimelineIO",
    file,
    ...(typeof root.name === "string" ? { title: root.name } : {}),
    rate,
    ...(timelineRate ? { fileRate: timelineRate } : {}),
    events: r.events,
    audioEvents: r.audioEvents,
    markers: r.markers,
    warnings: [...peek.found.warnings, ...r.found.warnings],
  };
}

/** The timeline's own rate: its global_start_time's, else that of the first timed item on a video track. */
function fileRateOf(root: Json, tracks: Json): Rational | undefined {
  const rateIn = (t: unknown) => (isObject(t) && typeof t.rate === "number" && t.rate > 0 ? exactRate(t.rate) : undefined);
  const fromStart = rateIn(root.global_start_time);
  if (fromStart) return fromStart;
  for (const track of Array.isArray(tracks.children) ? tracks.children : []) {
    if (!isObject(track) || (track.kind ?? "Video") !== "Video") continue;
    for (const item of Array.isArray(track.children) ? track.children : []) {
      const found = isObject(item) && isObject(item.source_range) ? rateIn(item.source_range.duration) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}
