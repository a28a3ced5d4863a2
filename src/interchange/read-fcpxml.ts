import type { FrameRate } from "../engine/frame-rate.js";
import { Rational } from "../engine/rational.js";
import { driftWords, frameRateFor, rateName } from "../engine/rate-match.js";
import { UserError } from "../errors.js";
import { Findings } from "./findings.js";
import { countingRate } from "./label-counting.js";
import type { EditEvent, SourceRef, Timeline, TimelineMarker, Transition } from "./model.js";
import { childrenNamed, descendantsNamed, parseXml, type XmlElement } from "./xml-tree.js";

/**
 * Final Cut Pro's FCPXML (1.8 and later): a project's sequence (frame duration from its format,
 * `tcStart`, `tcFormat`) and its spine of asset-clip, clip, ref-clip, sync-clip, mc-clip, video,
 * title, gap and audition elements, with connected clips in lanes and secondary storylines. Times are
 * rational seconds (`1001/24000s`). The spine's offsets are in the sequence's own time, which begins
 * at `tcStart`: Final Cut and Resolve write a sequence starting at 01:00:00:00 as `tcStart="3600s"`
 * with its first clip at `offset="3600s"`, so an offset is the record time as it stands. An element's
 * `offset` is in its parent's time and its `start` begins its own, so a child's time t sits at
 * parent(offset) + (t - start) on the timeline; an audition is a container whose time begins at its
 * offset. A clip with `<conform-rate>` (scaleEnabled 1, the default) plays its media frame for frame
 * at the timeline's rate, so its own times are media times and run srcFrameRate / timeline rate
 * faster. Markers and chapter markers are placed that way through every level of nesting; one that
 * falls between frames is on the frame that shows it (the frame it is in). `timeMap` retimes give
 * the speed. Markers of a disabled clip, or of a sync-clip's own components, are not on the timeline
 * Final Cut shows and are left out with a warning.
 */

const STORY = ["asset-clip", "clip", "ref-clip", "sync-clip", "mc-clip", "video", "audio", "title", "gap", "spine", "transition", "audition"];
const MARKERS = ["marker", "chapter-marker"];

const MAX_SECONDS = 8_640_000;

/** `<conform-rate srcFrameRate>`'s names (the DTD's list), as exact rates. */
const CONFORM_RATES: Record<string, Rational> = {
  "23.98": Rational.of(24000, 1001), "24": Rational.of(24), "25": Rational.of(25), "29.97": Rational.of(30000, 1001), "30": Rational.of(30),
  "47.95": Rational.of(48000, 1001), "48": Rational.of(48), "50": Rational.of(50), "59.94": Rational.of(60000, 1001), "60": Rational.of(60),
};

/** An FCPXML time: `1001/24000s`, `5s`, `0s` (also a plain decimal). */
export function parseFcpTime(text: string): Rational | undefined {
  const m = /^\s*(-?\d+(?:\.\d+)?)(?:\/(\d+))?s\s*$/.exec(text);
  if (!m) return undefined;
  const n = Rational.parse(m[1]!);
  if (!n || (m[2] && BigInt(m[2]) === 0n)) return undefined;
  const t = m[2] ? n.div(BigInt(m[2])) : n;
  // Beyond a hundred days a time is not a timeline's; it would only overflow the frame counts.
  return t.lt(MAX_SECONDS) && t.gt(-MAX_SECONDS) ? t : undefined;
}

/** Maps an element's own time (seconds) to a record frame (exact; rounded where used). */
type ToRecord = (seconds: Rational) => Rational;

class FcpReader {
  readonly found: Findings;
  readonly events: EditEvent[] = [];
  readonly audioEvents: EditEvent[] = [];
  readonly markers: TimelineMarker[] = [];
  readonly resources = new Map<string, XmlElement>();

  constructor(file: string, readonly rate: FrameRate) {
    this.found = new Findings(file);
  }

  time(el: XmlElement, attr: string, fallback?: Rational): Rational {
    const v = el.attrs[attr];
    if (v === undefined) {
      if (fallback) return fallback;
      this.found.error({ message: `<${el.name}> has no ${attr}.`, field: `${el.name}@${attr}`, expected: `${attr}="…s", e.g. ${attr}="1001/24000s"` }, el.line, el.column);
      return Rational.ZERO;
    }
    const t = parseFcpTime(v);
    if (t) return t;
    this.found.error({ message: `<${el.name}> ${attr} is not an FCPXML time.`, field: `${el.name}@${attr}`, expected: "a rational time such as 1001/24000s or 5s", received: JSON.stringify(v) }, el.line, el.column);
    return Rational.ZERO;
  }

  frame(x: Rational, el: XmlElement, what: string): number {
    if (!x.isInteger()) this.found.warn(`${what} falls between frames (frame ${x.toDecimal(3)}); the nearest frame is used.`, el.line, el.column);
    return Number(x.round());
  }

  /** Walks a container's story elements. `lane` says where a connected element sits (undefined: the primary storyline). */
  container(el: XmlElement, toRecord: ToRecord, depth: "primary" | "inside", lane?: number, shown = true): void {
    let pending: Transition | undefined;
    for (const c of el.children) {
      if (MARKERS.includes(c.name) || !STORY.includes(c.name)) continue;
      const offset = this.time(c, "offset", Rational.ZERO);
      const start = this.time(c, "start", Rational.ZERO);
      const childLane = c.attrs.lane === undefined ? undefined : Number(c.attrs.lane);
      const pace = this.rate.fps.mul(this.conformScale(c));
      const own: ToRecord = (t) => toRecord(offset).add(t.sub(start).mul(pace));
      if (c.name === "transition") {
        const d = this.time(c, "duration");
        pending = { kind: "dissolve", from: this.frame(toRecord(offset), c, "A transition"), to: this.frame(toRecord(offset.add(d)), c, "A transition"), code: c.attrs.name ?? "transition" };
        continue;
      }
      if (c.name === "spine") {
        // A secondary storyline: its items are laid out in its own time from its offset.
        // With a lane it is laid on the timeline (its items are events there); without, it is a clip's own content.
        this.container(c, (t) => toRecord(offset).add(t.mul(this.rate.fps)), childLane !== undefined ? "primary" : depth, childLane ?? lane, shown);
        continue;
      }
      if (c.name === "audition") {
        // The first story element is the active pick; its offset counts from the audition's, and it sits in the audition's lane.
        const active = c.children.find((x) => STORY.includes(x.name));
        const pick = active && active.attrs.lane === undefined && c.attrs.lane !== undefined ? { ...active, attrs: { ...active.attrs, lane: c.attrs.lane } } : active;
        if (pick) this.container({ ...c, children: [pick] }, (t) => toRecord(offset).add(t.mul(this.rate.fps)), depth, lane, shown);
        continue;
      }
      const duration = this.time(c, "duration");
      // An event: a story element of the main storyline, or connected to it, or in a secondary storyline.
      const place = childLane ?? (depth === "primary" ? lane ?? 0 : undefined);
      if (place !== undefined && c.name !== "gap") this.event(c, toRecord(offset), toRecord(offset.add(duration)), start, place, pending);
      if (depth === "primary" || childLane !== undefined) pending = undefined;
      const visible = shown && c.attrs.enabled !== "0";
      const why = !shown ? "inside a sync-clip's own components" : c.attrs.enabled === "0" ? "on a disabled clip" : undefined;
      for (const m of childrenNamed(c, ...MARKERS)) this.marker(m, own, start, start.add(duration.mul(this.conformScale(c))), c, why);
      // Children of a ref-clip live in the compound clip's media, not on this timeline; a sync-clip's
      // components (its picture and sound) are edited into it, and only its own markers are on the timeline.
      if (c.name !== "ref-clip") this.container(c, own, "inside", place, visible && c.name !== "sync-clip");
    }
  }

  /** How much faster than real time a clip's own time runs: srcFrameRate / timeline rate under `<conform-rate>` with scaling on. */
  conformScale(c: XmlElement): Rational {
    const conform = childrenNamed(c, "conform-rate")[0];
    if (!conform || conform.attrs.scaleEnabled === "0" || conform.attrs.srcFrameRate === undefined) return Rational.ONE;
    const src = CONFORM_RATES[conform.attrs.srcFrameRate];
    if (src) return src.div(this.rate.fps);
    this.found.error({ message: "<conform-rate> names a frame rate FCPXML does not have.", field: "conform-rate@srcFrameRate", expected: Object.keys(CONFORM_RATES).join(", "), received: JSON.stringify(conform.attrs.srcFrameRate) }, conform.line, conform.column);
    return Rational.ONE;
  }

  event(c: XmlElement, from: Rational, to: Rational, start: Rational, lane: number, transition?: Transition): void {
    const video = this.hasVideo(c);
    const speed = this.speedOf(c);
    const event: EditEvent = {
      id: c.attrs.name ?? c.name,
      track: video ? (lane === 0 ? "V" : `V${lane > 0 ? lane + 1 : lane}`) : "A",
      // Sound is placed to the sample in FCP: only picture between frames is worth a warning.
      recordIn: video ? this.frame(from, c, `<${c.name}> "${c.attrs.name ?? ""}"`) : Number(from.round()),
      recordOut: video ? this.frame(to, c, `<${c.name}> "${c.attrs.name ?? ""}"`) : Number(to.round()),
      source: this.sourceOf(c),
      sourceIn: Number(start.mul(this.rate.fps).round()),
      sourceOut: Number(start.add(this.time(c, "duration")).mul(this.rate.fps).round()),
      speed,
      ...(transition ? { transition } : {}),
      comments: [],
      location: this.found.at(c.line, c.column),
    };
    (video ? this.events : this.audioEvents).push(event);
  }

  hasVideo(c: XmlElement): boolean {
    if (c.name === "audio") return false;
    if (c.name === "asset-clip") return this.resources.get(c.attrs.ref ?? "")?.attrs.hasVideo !== "0" && c.attrs.srcEnable !== "audio";
    if (c.name === "clip" || c.name === "sync-clip") return descendantsNamed(c, "video", "asset-clip", "ref-clip", "title", "mc-clip").some((v) => v.attrs.lane === undefined || Number(v.attrs.lane) >= 0);
    return c.attrs.srcEnable !== "audio";
  }

  sourceOf(c: XmlElement): SourceRef {
    const source: SourceRef = {};
    if (c.attrs.name) source.clip = c.attrs.name;
    const refEl = c.attrs.ref ? c : descendantsNamed(c, "video", "asset-clip").find((v) => v.attrs.ref);
    const res = refEl ? this.resources.get(refEl.attrs.ref!) : undefined;
    if (res?.name === "asset") {
      const src = res.attrs.src ?? childrenNamed(res, "media-rep")[0]?.attrs.src;
      if (src) source.file = src;
      if (!source.clip && res.attrs.name) source.clip = res.attrs.name;
    } else if (res?.name === "media") {
      source.clip = res.attrs.name ?? source.clip ?? "";
    }
    const reel = descendantsNamed(c, "md").find((m) => m.attrs.key === "com.apple.proapps.studio.reel")?.attrs.value;
    if (reel) source.reel = reel;
    return source;
  }

  /** 1 without a retime; the slope of a `timeMap` whose segments all share one (0: a hold); null when it varies. */
  speedOf(c: XmlElement): Rational | null {
    const points = childrenNamed(c, "timeMap").flatMap((t) => childrenNamed(t, "timept")).map((p) => ({ t: this.time(p, "time"), v: this.time(p, "value") }));
    if (points.length < 2) return Rational.ONE;
    const slopes = points.slice(1).map((p, i) => (p.t.eq(points[i]!.t) ? undefined : p.v.sub(points[i]!.v).div(p.t.sub(points[i]!.t))));
    const first = slopes[0];
    return first && slopes.every((s) => s && s.eq(first)) ? first : null;
  }

  marker(m: XmlElement, own: ToRecord, visibleFrom: Rational, visibleTo: Rational, owner: XmlElement, hidden?: string): void {
    const start = this.time(m, "start");
    const name = m.attrs.value ?? "";
    const whose = `<${owner.name}> "${owner.attrs.name ?? ""}"`;
    if (hidden) {
      this.found.warn(`Marker "${name}" is ${hidden} (${whose}), which Final Cut's timeline does not show; it is left out.`, m.line, m.column);
      return;
    }
    if (start.lt(visibleFrom) || !start.lt(visibleTo)) {
      this.found.warn(`Marker "${name}" is in a part of ${whose} that is trimmed out of the timeline; it is left out.`, m.line, m.column);
      return;
    }
    const duration = m.attrs.duration ? this.time(m, "duration") : Rational.ZERO;
    const at = own(start);
    if (!at.isInteger()) this.found.warn(`Marker "${name}" falls between frames (frame ${at.toDecimal(3)}); it is placed on the frame that shows it, ${at.floor()}.`, m.line, m.column);
    this.markers.push({
      frame: Number(at.floor()),
      duration: Number(duration.mul(this.rate.fps).round()),
      name,
      comment: m.attrs.note ?? childrenNamed(m, "note")[0]?.text ?? "",
      location: this.found.at(m.line, m.column),
    });
  }
}

export function readFcpxml(text: string, file: string, projectRate?: FrameRate): Timeline {
  const root = parseXml(text, file);
  if (root.name === "xmeml") {
    throw new UserError({ message: `${file} is Final Cut Pro 7 XML (xmeml), which Sprocket does not read.`, location: { file }, hint: "Export FCPXML (1.8 or later), an OTIO file or a CMX 3600 EDL instead." });
  }
  if (root.name !== "fcpxml") throw new UserError({ message: `${file} is XML but not FCPXML (its root is <${root.name}>).`, location: { file, line: root.line }, expected: "<fcpxml version=\"1.8\"> or later" });
  const found = new Findings(file);
  const version = /^(\d+)\.(\d+)/.exec(root.attrs.version ?? "");
  if (!version || Number(version[1]) * 100 + Number(version[2]) < 108) found.warn(`FCPXML version ${root.attrs.version ?? "(none)"}: Sprocket reads 1.8 and later; this file is read the same way.`, root.line, root.column);
  const resources = new Map<string, XmlElement>();
  for (const res of descendantsNamed(root, "format", "asset", "media", "effect")) if (res.attrs.id) resources.set(res.attrs.id, res);
  const projects = descendantsNamed(root, "project");
  const sequence = projects.length ? childrenNamed(projects[0]!, "sequence")[0] : descendantsNamed(root, "sequence").find((s) => !isInsideResources(root, s));
  if (!sequence) throw new UserError({ message: `${file} holds no project (timeline).`, location: { file }, hint: "Export the project (File > Export XML with the project selected)." });
  if (projects.length > 1) found.warn(`${file} holds ${projects.length} projects; the first, "${projects[0]!.attrs.name ?? ""}", is read.`, projects[0]!.line, projects[0]!.column);
  const format = resources.get(sequence.attrs.format ?? "");
  const frameDuration = format?.attrs.frameDuration ? parseFcpTime(format.attrs.frameDuration) : undefined;
  if (!frameDuration || !frameDuration.gt(0)) {
    throw new UserError({ message: "The project's sequence has no format with a frame duration, so its frame rate is unknown.", location: { file, line: sequence.line, column: sequence.column }, expected: "<format frameDuration=\"1001/24000s\"> referenced by the sequence" });
  }
  const fileRate = Rational.ONE.div(frameDuration);
  const rate = projectRate ?? frameRateFor(fileRate, sequence.attrs.tcFormat === "DF");
  if (!rate) throw new UserError({ message: `${file}'s sequence runs at ${fileRate.toDecimal(3)} fps, not a rate Sprocket knows.`, location: { file, line: format!.line, column: format!.column }, hint: "Give the project's rate with --fps." });
  if (!fileRate.eq(rate.fps)) {
    throw new UserError({
      message: `${file}'s sequence runs at ${rateName(fileRate)} fps (frameDuration ${format!.attrs.frameDuration}), but the project is at ${rate.name}: their frames ${driftWords(fileRate, rate)}.`,
      location: { file, line: format!.line, column: format!.column },
      expected: `frameDuration ${rate.fps.d}/${rate.fps.n}s (${rate.name})`,
      received: `frameDuration ${format!.attrs.frameDuration}`,
      hint: "Export the project at the project's rate, or check the project's rate (--fps, or fps in the cue file).",
    });
  }
  const r = new FcpReader(file, rate);
  r.found.warnings.push(...found.warnings);
  for (const [id, res] of resources) r.resources.set(id, res);
  if (sequence.attrs.tcFormat === "DF") r.found.attempt(() => countingRate(rate, true), "tcFormat", sequence.line, sequence.column);
  const tcStart = r.time(sequence, "tcStart", Rational.ZERO);
  const spine = childrenNamed(sequence, "spine")[0];
  if (!spine) throw new UserError({ message: "The project's sequence has no spine.", location: { file, line: sequence.line, column: sequence.column }, expected: "<spine> inside <sequence>" });
  const first = spine.children.find((c) => STORY.includes(c.name));
  if (first && r.time(first, "offset", Rational.ZERO).lt(tcStart)) {
    r.found.warn(`The spine begins at ${first.attrs.offset ?? "0s"}, before the sequence's start (tcStart="${sequence.attrs.tcStart}"); offsets are read as the sequence's own time, as Final Cut and Resolve write them.`, first.line, first.column);
  }
  // Offsets are in the sequence's own time, which already begins at tcStart.
  r.container(spine, (t) => t.mul(rate.fps), "primary");
  r.found.throwIfAny();
  return { format: `FCPXML ${root.attrs.version ?? ""}`.trim(), file, ...(projects[0]?.attrs.name ? { title: projects[0].attrs.name } : {}), rate, fileRate, events: r.events, audioEvents: r.audioEvents, markers: r.markers, warnings: r.found.warnings };
}

function isInsideResources(root: XmlElement, target: XmlElement): boolean {
  return childrenNamed(root, "resources").some((res) => descendantsNamed(res, "sequence").includes(target));
}
