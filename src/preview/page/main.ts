import type { Cue } from "../../engine/cue-model.js";
import { cueFromJson } from "../../engine/cue-json.js";
import { cuePlan } from "../../engine/cue-plan.js";
import { parseFrameRate, type FrameRate } from "../../engine/frame-rate.js";
import { overlayAt, type Overlay, type Shape } from "../../engine/overlay-model.js";
import { cueSection, pictureOverlay } from "../../engine/cue-overlay.js";
import { formatTimecode, parseTimecode } from "../../engine/timecode.js";
import { draw, type Ctx } from "../../render/draw-shapes.js";
import { ClickPlayer } from "./click-player.js";
import { CuePanel } from "./cue-panel.js";
import { newCueJson } from "./new-cue.js";
import { Follow, followPicture, frameShown } from "./follow.js";
import { Chase, type ChaseHost, type ChaseMode } from "./chase-page.js";
import { midiInputs } from "./chase.js";
import type { Control, PageState } from "../../app/preview-protocol.js";

/**
 * The preview page: the picture with the conductor overlay drawn live from the overlay model (the
 * function the renderers draw), the click through Web Audio, the transport, and the cue panel. The
 * frame shown is the one the video presents (requestVideoFrameCallback's media time, times the exact
 * rate); a seek aims at the middle of its frame. Opened with ?cue=ID&at=TIMECODE it starts paused on
 * that frame. Inspection and automation: window.sprocketPreview.
 */
type State = PageState;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const video = $<HTMLVideoElement>("video");
const canvas = $<HTMLCanvasElement>("overlay");
const status = (text: string): void => {
  $("status").textContent = text;
};
const params = new URLSearchParams(location.search);
/** The conductor's view (?view=conductor): the picture and a large overlay only, following the desk's page. */
const conductor = params.get("view") === "conductor";
const follow = new Follow();

const preview = {
  ready: false,
  frame: -1,
  shapes: [] as Shape[],
  overlay: undefined as Overlay | undefined,
  onsets: [] as { frame: number; seconds: number }[],
  frames: [] as { mediaTime: number; displayTime: number; heard: number; frame: number }[],
  player: undefined as ClickPlayer | undefined,
  chase: undefined as unknown,
  /** The countdown number drawn now (0: none). */
  countdown: 0,
  seekFrame: (k: number) => seekTo(k),
  /** The cue's hits as the page has them (marked ones too), and the picture's first frame. */
  cuePanelHits: () => panel.hits(),
  firstFrame: () => page.state.video?.firstFrame ?? 0,
  play: () => video.play(),
  pause: () => video.pause(),
};
(window as unknown as { sprocketPreview: typeof preview }).sprocketPreview = preview;

async function fetchState(): Promise<State> {
  const r = await fetch("/api/state", { cache: "no-store" });
  const data = (await r.json()) as State & { error?: string };
  if (!r.ok) throw new Error(data.error ?? `the server answered ${r.status}`);
  return data;
}

/**
 * What the page knows and shows, in one place: the server's state, the cue as loaded or edited (a new
 * cue object, so a new plan, for every edit), its overlay, the transport's loop, the overlay's
 * optional parts (as `render --flash --feet` draws them).
 */
const page = {
  state: undefined as unknown as State,
  rate: undefined as unknown as FrameRate,
  fps: 24,
  cue: undefined as unknown as Cue,
  overlay: undefined as unknown as Overlay,
  loop: { on: false } as { in?: number; out?: number; on: boolean },
  shown: { flash: false, feet: false },
};
const player = new ClickPlayer();
/** The user's own click samples, decoded once (by their base64 text). */
const decoded = new Map<string, { sampleRate: number; samples: Float32Array }>();
preview.player = player;
let panel: CuePanel;

async function main(): Promise<void> {
  // The state came with the page; asked again only while the picture is being prepared.
  page.state = JSON.parse($("state").textContent!) as State;
  while (!page.state.video) {
    if (page.state.videoError) return status(`The picture cannot be shown: ${page.state.videoError}`);
    status(`Preparing a picture the browser can play… ${Math.round(page.state.videoProgress ?? 0)}%`);
    await new Promise((r) => setTimeout(r, 200));
    page.state = await fetchState();
  }
  page.rate = parseFrameRate(page.state.rate);
  // Each window its own overlay: &flash=1, &feet=1 (or 0) over what the command line asked for.
  const flag = (name: string, fallback: boolean) => (params.has(name) ? params.get(name) === "1" : fallback);
  page.shown.flash = flag("flash", page.state.flash);
  page.shown.feet = flag("feet", page.state.feet);
  page.fps = page.rate.fps.toNumber();
  await Promise.all([document.fonts.load("40px SprocketSans"), document.fonts.load("40px SprocketMono")]);
  const select = $<HTMLSelectElement>("cue");
  for (const c of page.state.cues) select.append(new Option(`${c.id}${c.title ? `  ${c.title}` : ""}`, c.id));
  const wanted = params.get("cue") ?? page.state.cue ?? page.state.cues[0]!.id;
  select.value = page.state.cues.some((c) => c.id === wanted) ? wanted : page.state.cues[0]!.id;
  select.addEventListener("change", () => {
    // Another cue chosen while this one has changes not saved: refused and said, never dropped.
    if (panel.dirty()) {
      const wanted = select.value;
      select.value = page.cue.id;
      return panel.message(`${unsaved()}: save them (S) or undo them (Ctrl+Z), then choose ${wanted}.`, true);
    }
    useCue(select.value, true);
  });
  canvas.width = page.state.video.width;
  canvas.height = page.state.video.height;
  document.body.style.setProperty("--aspect", String(page.state.video.width / page.state.video.height));
  if (conductor) {
    document.body.classList.add("conductor");
    video.muted = true; // the desk's page plays the sound
    player.muted = true;
  }
  panel = new CuePanel(page.state.file, page.state.hash, page.rate, (c) => setCue(c), () => currentFrame(), seekTo);
  // What was saved is what the file has: the cue is that when it is chosen again.
  panel.onSaved = (json) => {
    const i = page.state.cues.findIndex((c) => c.id === json.id);
    if (i >= 0) page.state.cues[i] = json;
    page.state.hash = panel.hash;
  };
  panel.onDeleted = (id) => {
    page.state.cues = page.state.cues.filter((c) => c.id !== id);
    page.state.hash = panel.hash;
    const select = $<HTMLSelectElement>("cue");
    select.querySelector(`option[value="${CSS.escape(id)}"]`)?.remove();
    select.value = page.state.cues[0]!.id;
    useCue(select.value, true);
  };
  if (params.get("tap") === "1") await tap();
  if (!video.getAttribute("src")) video.src = "/video";
  if (video.readyState < HTMLMediaElement.HAVE_METADATA) await new Promise<void>((resolve) => video.addEventListener("loadedmetadata", () => resolve(), { once: true }));
  useCue(select.value, false);
  const at = params.get("at");
  await seekTo(at ? parseTimecode(at, page.rate) - page.state.video.firstFrame : firstClickFrame());
  if (conductor) followTheDesk();
  else {
    wireTransport();
    wireChase();
    // Paused, the desk says where it is twice a second, for a window opened meanwhile.
    setInterval(() => video.paused && follow.tell({ cue: page.cue.id, frame: preview.frame, playing: false, rate: video.playbackRate }), 500);
  }
  onFrames();
  setInterval(watchFile, 2000);
  // Closing or reloading the page with changes not saved: the browser asks first.
  window.addEventListener("beforeunload", (e) => {
    if (!panel.dirty()) return;
    e.preventDefault();
    e.returnValue = "";
  });
  preview.ready = true;
  const picture = !page.state.video.reference ? "a slate (no reference video)" : page.state.video.proxy ? "a browser copy of the reference" : "the reference";
  status(`${page.state.title || page.state.file}: ${picture}, ${page.state.rate} fps`);
}

function useCue(id: string, seek: boolean): void {
  const json = page.state.cues.find((c) => c.id === id)!;
  panel.load(json);
  setCue(cueFromJson(json));
  if (seek) void seekTo(firstClickFrame());
}

/** A cue (as loaded or as edited in the page): its overlay, its click. */
function setCue(next: Cue): void {
  page.cue = next;
  const v = page.state.video!;
  buildOverlay();
  const preset = page.state.presets[page.cue.click.sound]!;
  const sample = (path: string | undefined) => {
    const s = path ? page.state.samples[path] : undefined;
    if (!s) return undefined;
    let d = decoded.get(s.data);
    if (!d) decoded.set(s.data, (d = { sampleRate: s.sampleRate, samples: new Float32Array(Uint8Array.from(atob(s.data), (c) => c.charCodeAt(0)).buffer) }));
    return d;
  };
  player.load(page.cue, page.rate, v.firstFrame, { accent: sample(page.cue.click.accentFile) ?? preset.accent, beat: sample(page.cue.click.beatFile) ?? preset.beat, sub: preset.sub, beep: page.state.adrBeep });
  panel.show(page.cue, currentFrame());
  drawFrame(currentFrame());
}

/** The cue's overlay over the whole picture, with the optional parts shown now. */
function buildOverlay(): void {
  const v = page.state.video!;
  const style = page.state.styles[page.cue.streamerStyle]!;
  // The section and overlay the renderers build for a picture of the whole reference (render --whole).
  const section = cueSection(cuePlan(page.cue, page.rate), v.firstFrame, v.frames, style.colors, { flash: page.shown.flash });
  page.overlay = pictureOverlay({ rate: page.rate, startFrame: v.firstFrame, width: v.width, height: v.height, streamerFraction: style.width, sections: [section], large: conductor, ...(page.shown.feet ? { gauge: page.state.gauge } : {}) });
  preview.overlay = page.overlay;
}

/** The cue shown and its changes not saved, in words (kept when another cue is asked for). */
const unsaved = () => `Cue ${page.cue.id} has changes not saved (${panel.unsaved().join("; ")})`;

/** The cue's first warning click, as a frame of the picture. */
const firstClickFrame = () => cuePlan(page.cue, page.rate).timing.countInFrame - page.state.video!.firstFrame;

const currentFrame = () => Math.max(0, Math.min(page.state.video!.frames - 1, frameShown(video, page.fps)));

/** Seeks to the middle of frame k (so no rounding lands on its neighbour), and draws it when there. */
function seekTo(k: number): Promise<void> {
  const frame = Math.max(0, Math.min(page.state.video!.frames - 1, k));
  const time = (frame + 0.5) / page.fps;
  // Near the frame's middle is there: Chromium keeps the address's #t= to the microsecond.
  const there = Math.abs(video.currentTime - time) < 0.001;
  // Already there, with the frame decoded (the page opens where its address put the picture): draw it.
  if (there && video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && !video.seeking) {
    drawFrame(frame);
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    video.addEventListener("seeked", () => {
      drawFrame(frame);
      resolve();
    }, { once: true });
    // On its way there already (the address's #t= seeks as the picture opens): asked again, the
    // browser would start that seek over.
    if (!(video.seeking && there)) video.currentTime = time;
  });
}

function drawFrame(n: number): void {
  const ctx = canvas.getContext("2d")!;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const shapes = overlayAt(page.overlay, n);
  for (const s of shapes) draw(ctx as unknown as Ctx, s, page.overlay);
  preview.countdown = countdown ? drawCountdown(ctx, n) : 0;
  preview.frame = n;
  preview.shapes = shapes;
  panel?.now(n);
  if (!conductor && page.cue) follow.tell({ cue: page.cue.id, frame: n, playing: !video.paused, rate: video.playbackRate });
}

/**
 * Each cue's span (first warning click to end), asked on every display frame while chasing: worked
 * out once for each state the server sent (the cue being edited from its own plan, as it is now).
 */
const spansOf = new WeakMap<PageState, { id: string; from: number; to: number }[]>();
function cueSpans(): { id: string; from: number; to: number }[] {
  let spans = spansOf.get(page.state);
  if (!spans) spansOf.set(page.state, (spans = page.state.cues.map((c) => span(cuePlan(cueFromJson(c), page.rate).timing, c.id))));
  const edited = span(cuePlan(page.cue, page.rate).timing, page.cue.id);
  return spans.map((s) => (s.id === edited.id ? edited : s));
}
const span = (t: { countInFrame: number; endFrame: number }, id: string) => ({ id, from: t.countInFrame, to: t.endFrame });

/** Following the DAW (--chase, or the page's chase control): LTC from an audio input or MTC. */
const chase = new Chase({
  get rate() { return page.rate; },
  video,
  ctx: player.ctx,
  get firstFrame() { return page.state.video!.firstFrame; },
  get frames() { return page.state.video!.frames; },
  spans: () => cueSpans(),
  cue: () => page.cue.id,
  useCue: (id) => {
    // The DAW went into another cue while this one has changes not saved: they are kept, and the page waits.
    if (panel.dirty()) return panel.message(`${unsaved()}, and the DAW is in cue ${id}: save them (S) or undo them (Ctrl+Z), and the page follows.`, true);
    $<HTMLSelectElement>("cue").value = id;
    useCue(id, false);
  },
  draw: (n) => drawFrame(n),
  mute: (chasing) => (player.muted = chasing ? !$<HTMLInputElement>("chaseClick").checked : $("mute").getAttribute("aria-pressed") === "true"),
} as ChaseHost, (text) => status(text), (text) => ($("chaseState").textContent = text));
preview.chase = chase.shown;

function wireChase(): void {
  const mode = $<HTMLSelectElement>("chase"), input = $<HTMLSelectElement>("chaseInput");
  const offset = $<HTMLInputElement>("chaseOffset"), latency = $<HTMLInputElement>("chaseLatency");
  offset.value = String(chase.offsetFrames);
  latency.value = String(chase.latencyMs);
  const offsets = () => chase.setOffsets(Number(offset.value) || 0, Number(latency.value) || 0);
  offset.addEventListener("change", offsets);
  latency.addEventListener("change", offsets);
  let listed = ""; // which kind of input the choice lists
  const start = async () => {
    if (mode.value !== "off") video.pause();
    if (listed !== mode.value) input.replaceChildren(new Option(mode.value === "mtc" ? "every MIDI input" : "default", ""));
    await chase.start(mode.value as ChaseMode, input.value || undefined);
    // With the permission given, the inputs have names: list them for a choice (audio inputs for
    // LTC, MIDI inputs for MTC).
    if (listed !== mode.value && mode.value !== "off") {
      const found = mode.value === "ltc"
        ? (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === "audioinput").map((d) => ({ id: d.deviceId, name: d.label || d.deviceId }))
        : await midiInputs();
      for (const d of found) input.append(new Option(d.name, d.id));
    }
    listed = mode.value;
  };
  mode.addEventListener("change", () => void start());
  input.addEventListener("change", () => mode.value !== "off" && void start());
  $<HTMLInputElement>("chaseClick").addEventListener("change", () => chase.mode !== "off" && (player.muted = !$<HTMLInputElement>("chaseClick").checked));
  if (page.state.chase !== "off") {
    mode.value = page.state.chase;
    void start();
  }
}

/**
 * The conductor's countdown to the next hit in free time (&countdown=1): 3, 2, 1 in the middle of the
 * picture over the last three seconds before it; the number drawn (0 for none).
 */
const countdown = params.get("countdown") === "1";
function drawCountdown(ctx: CanvasRenderingContext2D, n: number): number {
  const at = page.state.video!.firstFrame + n;
  const next = cuePlan(page.cue, page.rate).timing.hits.map((h) => h.frame).filter((f) => f > at).sort((a, b) => a - b)[0];
  if (next === undefined) return 0;
  const seconds = (next - at) / page.fps;
  if (seconds > 3) return 0;
  const shown = Math.ceil(seconds);
  const size = Math.round(canvas.height * 0.3);
  ctx.font = `${size}px SprocketMono`;
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.lineWidth = Math.max(2, size / 12);
  ctx.strokeStyle = "black";
  ctx.fillStyle = "white";
  ctx.strokeText(String(shown), canvas.width / 2, canvas.height * 0.3);
  ctx.fillText(String(shown), canvas.width / 2, canvas.height * 0.3);
  return shown;
}

/** The conductor's view: the overlay of the frame the desk shows, the picture kept with it; F or a double click for full screen. */
function followTheDesk(): void {
  follow.listen((m) => {
    if (m.cue !== page.cue.id && page.state.cues.some((c) => c.id === m.cue)) {
      $<HTMLSelectElement>("cue").value = m.cue;
      useCue(m.cue, false);
    }
    drawFrame(m.frame);
    followPicture(video, m, page.fps);
  });
  const fullScreen = () => void (document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen()).catch(() => undefined);
  document.addEventListener("keydown", (e) => {
    if (e.key === "f" || e.key === "F") fullScreen();
  });
  document.addEventListener("dblclick", fullScreen);
}

/** Every presented frame: its number from its media time, the overlay for it, and where it is on the audio clock. */
function onFrames(): void {
  const each = (_now: number, meta: VideoFrameCallbackMetadata) => {
    const n = Math.round(meta.mediaTime * page.fps);
    // A follower draws what the desk tells it, a chase what the DAW says: not what its own picture shows.
    if (conductor) return next();
    if (chase.mode === "off") drawFrame(n);
    if (page.loop.on && page.loop.in !== undefined && page.loop.out !== undefined && n >= page.loop.out) void seekTo(page.loop.in).then(() => video.play());
    const heard = player.frame(meta.mediaTime, meta.expectedDisplayTime, video.playbackRate, !video.paused);
    preview.frames.push({ mediaTime: meta.mediaTime, displayTime: meta.expectedDisplayTime, heard, frame: n });
    if (preview.frames.length > 20000) preview.frames.splice(0, 10000);
    next();
  };
  // Where requestVideoFrameCallback is missing (Firefox before 132), every display frame instead,
  // with the element's current time: the frame shown may then be a refresh late.
  const hasCallback = typeof (video as Partial<HTMLVideoElement>).requestVideoFrameCallback === "function";
  const next = hasCallback
    ? () => video.requestVideoFrameCallback(each)
    : () => requestAnimationFrame((now) => each(now, { mediaTime: video.currentTime, expectedDisplayTime: now } as VideoFrameCallbackMetadata));
  next();
}

function wireTransport(): void {
  const toggle = async () => {
    if (video.paused) {
      await player.ctx.resume();
      await video.play();
    } else video.pause();
  };
  video.addEventListener("play", () => ($("play").textContent = "⏸ pause"));
  video.addEventListener("pause", () => {
    $("play").textContent = "▶ play";
    player.reset();
  });
  video.addEventListener("seeking", () => player.reset());
  video.addEventListener("ratechange", () => player.reset());
  const step = (d: number) => {
    video.pause();
    void seekTo(currentFrame() + d);
  };
  // The previous or next hit becomes the selected one (what Alt+arrows move), and is shown.
  const jump = (pick: (hits: { frame: number; index: number }[]) => { frame: number; index: number } | undefined, extend = false) => {
    const hits = panel.hitFrames().map((f, index) => ({ frame: f - page.state.video!.firstFrame, index })).sort((a, b) => a.frame - b.frame);
    const hit = pick(hits);
    if (!hit) return;
    panel.select(hit.index, extend);
    void seekTo(hit.frame);
  };
  const prevHit = (extend = false) => jump((hits) => [...hits].reverse().find((h) => h.frame < currentFrame()), extend);
  const nextHit = (extend = false) => jump((hits) => hits.find((h) => h.frame > currentFrame()), extend);
  const toStart = () => void seekTo(firstClickFrame());
  // A hit on the frame that was on screen when the key went down (not when the handler runs): while
  // playing, the last frame presented at or before the key's time stamp, from the frame callbacks.
  const mark = (at: number) => {
    let frame = currentFrame();
    if (!video.paused) frame = preview.frames.findLast((f) => f.displayTime <= at)?.frame ?? frame;
    const absolute = page.state.video!.firstFrame + frame;
    // A frame outside the cue shown goes to the cue that holds it, when nothing of this one waits to be saved.
    const holds = (c: Cue) => {
      const t = cuePlan(c, page.rate).timing;
      return absolute >= t.countInFrame && absolute <= t.endFrame;
    };
    if (!holds(page.cue) && !panel.dirty()) {
      const other = page.state.cues.find((c) => c.id !== page.cue.id && holds(cueFromJson(c)));
      if (other) {
        $<HTMLSelectElement>("cue").value = other.id;
        useCue(other.id, false);
      }
    }
    panel.mark(absolute);
  };
  const pressed = (id: string, on: boolean) => $(id).setAttribute("aria-pressed", String(on));
  const actions: Record<string, () => void> = {
    play: () => void toggle(), back: () => step(-1), fwd: () => step(1), prevHit: () => prevHit(), nextHit: () => nextHit(), toStart,
    // The conductor's view in its own window (to put full screen on a second display), following this one.
    popOut: () => void window.open(`/?view=conductor&countdown=1&cue=${encodeURIComponent(page.cue.id)}&flash=${page.shown.flash ? 1 : 0}&feet=${page.shown.feet ? 1 : 0}`, "sprocket-conductor", "popup"),
    mark: () => mark(performance.now()),
    // The picture's cuts (the server's `spot` of the picture the page plays), proposed as hits.
    spotCuts: () => {
      panel.message("Looking for the picture's cuts…");
      void fetch("/api/spot", { cache: "no-store" }).then(async (r) => {
        const answer = (await r.json()) as { cuts?: { frame: number; label: string; timecode: string }[]; error?: string };
        if (!r.ok || !answer.cuts) return panel.message(answer.error ?? `The server answered ${r.status}.`, true);
        panel.propose(answer.cuts);
      });
    },
    acceptAll: () => panel.accept(true),
    rampToHit: () => panel.rampToSelected(),
    // A new cue over the loop (I, O), or from the frame shown to the next hit of any cue (else 30 s on).
    newCue: () => {
      const v = page.state.video!;
      const loop = page.loop.in !== undefined && page.loop.out !== undefined && page.loop.out > page.loop.in;
      const json = newCueJson(page.state.cues, v.firstFrame + (loop ? page.loop.in! : currentFrame()), loop ? v.firstFrame + page.loop.out! : undefined, page.fps);
      const [from, to] = [json.start, json.end!];
      page.state.cues.push(json);
      const select = $<HTMLSelectElement>("cue");
      select.append(new Option(json.id, json.id));
      select.value = json.id;
      panel.load(json, true);
      setCue(cueFromJson(json));
      panel.message(`A new cue ${json.id}, bar 1 at ${formatTimecode(from, page.rate)}, to ${formatTimecode(to, page.rate)}, 120 BPM in 4/4 to begin with: Save writes it into the cue file.`);
    },
    loopIn: () => (page.loop.in = currentFrame()), loopOut: () => (page.loop.out = currentFrame()),
    loop: () => pressed("loop", (page.loop.on = !page.loop.on)),
    mute: () => pressed("mute", (player.muted = !player.muted)),
    countIn: () => pressed("countIn", (player.countIn = !player.countIn)),
    flash: () => {
      pressed("flash", (page.shown.flash = !page.shown.flash));
      buildOverlay();
      drawFrame(currentFrame());
    },
    feet: () => {
      pressed("feet", (page.shown.feet = !page.shown.feet));
      buildOverlay();
      drawFrame(currentFrame());
    },
  };
  // A remote's commands (POST /api/control on the token), passed on by the server.
  new EventSource("/api/events").onmessage = (e: MessageEvent<string>) => {
    const c = JSON.parse(e.data) as Control;
    if (c.action === "play" && video.paused) void toggle();
    else if (c.action === "pause" && !video.paused) video.pause();
    else if (c.action === "locate") {
      if (c.cue && c.cue !== page.cue.id) {
        $<HTMLSelectElement>("cue").value = c.cue;
        useCue(c.cue, false);
      }
      void seekTo(parseTimecode(c.at, page.rate) - page.state.video!.firstFrame);
    }
  };
  pressed("flash", page.shown.flash);
  pressed("feet", page.shown.feet);
  for (const [id, f] of Object.entries(actions)) $(id).addEventListener("click", f);
  $("addTempo").addEventListener("submit", (e) => {
    e.preventDefault();
    panel.addTempo(Number($<HTMLInputElement>("addBar").value), $<HTMLInputElement>("addMeter").value, $<HTMLInputElement>("addBpm").value, $<HTMLInputElement>("addRamp").checked);
  });
  $<HTMLSelectElement>("rate").addEventListener("change", (e) => (video.playbackRate = Number((e.target as HTMLSelectElement).value)));
  $<HTMLInputElement>("level").addEventListener("input", (e) => (player.out.gain.value = Number((e.target as HTMLInputElement).value)));
  player.out.gain.value = 0.8;
  document.addEventListener("keydown", (e) => {
    const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement;
    if (typing) return;
    // Undo and redo (Ctrl or Cmd, with Shift to redo; Ctrl+Y too), rename (F2) and remove (Delete) the selected hit.
    const command = e.ctrlKey || e.metaKey;
    if (command && (e.key === "z" || e.key === "Z" || e.key === "y")) {
      if (e.shiftKey || e.key === "y") panel.redo();
      else panel.undo();
      e.preventDefault();
      return;
    }
    if (e.key === "F2") {
      panel.rename();
      e.preventDefault();
      return;
    }
    if (!panel.hasProposals() && (e.key === "Delete" || e.key === "Backspace") && !(e.target instanceof HTMLInputElement)) {
      panel.removeSelected();
      e.preventDefault();
      return;
    }
    if (e.altKey && (e.key === "ArrowLeft" || e.key === "ArrowRight")) {
      panel.nudge((e.key === "ArrowLeft" ? -1 : 1) * (e.shiftKey ? 10 : 1));
      e.preventDefault();
      return;
    }
    const second = Math.round(page.fps);
    const keys: Record<string, () => void> = { h: () => mark(e.timeStamp), H: () => mark(e.timeStamp), k: actions.spotCuts!, n: actions.newCue!, r: actions.rampToHit!, " ": actions.play!, ArrowLeft: e.shiftKey ? () => step(-second) : actions.back!, ArrowRight: e.shiftKey ? () => step(second) : actions.fwd!, "[": () => prevHit(e.shiftKey), "]": () => nextHit(e.shiftKey), "{": () => prevHit(true), "}": () => nextHit(true), Home: toStart, i: actions.loopIn!, o: actions.loopOut!, l: actions.loop!, m: actions.mute!, c: actions.countIn!, f: actions.flash!, e: actions.feet!, s: () => void panel.save(), p: actions.popOut! };
    // Enter and Delete act on the proposed cuts while there are some (Enter on a focused button stays the button's).
    if (panel.hasProposals() && !(e.target instanceof HTMLButtonElement) && (e.key === "Enter" || e.key === "Delete" || e.key === "Backspace")) {
      if (e.key === "Enter") panel.accept(e.shiftKey);
      else panel.reject();
      e.preventDefault();
      return;
    }
    const f = keys[e.key];
    if (f && !(e.target instanceof HTMLButtonElement && e.key === " ")) {
      f();
      e.preventDefault();
    }
  });
}

/** Reloads what changed on disk; with edits not yet saved, says so instead of losing them. */
async function watchFile(): Promise<void> {
  const r = await fetch("/api/hash", { cache: "no-store" });
  if (!r.ok) return;
  const { hash } = (await r.json()) as { hash: string };
  if (hash === panel.hash) return;
  if (panel.dirty()) return panel.conflict();
  page.state = await fetchState();
  panel.hash = page.state.hash;
  // The file's cues as they are now (one added or taken out there too); the one shown stays if it is still there.
  const select = $<HTMLSelectElement>("cue");
  const shown = select.value;
  select.replaceChildren(...page.state.cues.map((c) => new Option(`${c.id}${c.title ? `  ${c.title}` : ""}`, c.id)));
  select.value = page.state.cues.some((c) => c.id === shown) ? shown : page.state.cues[0]!.id;
  useCue(select.value, false);
  panel.message("The cue file changed on disk: reloaded.");
}

/** The onset tap (?tap=1): the click's onsets on the audio clock, as the device will play them. */
async function tap(): Promise<void> {
  await player.ctx.audioWorklet.addModule("/app/preview/page/onset-tap.js");
  const node = new AudioWorkletNode(player.ctx, "onset-tap");
  node.port.onmessage = (e: MessageEvent<{ frame: number; seconds: number }>) => preview.onsets.push(e.data);
  player.out.disconnect();
  player.out.connect(node);
  node.connect(player.ctx.destination);
}

main().catch((e: Error) => status(`The preview failed: ${e.message}`));
