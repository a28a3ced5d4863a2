import type { Cue } from "../../engine/cue-model.js";
import { clickSchedule, type ClickKind } from "../../engine/click-schedule.js";
import { synthesize, type SoundSpec } from "../../engine/click-sound.js";
import { cuePlan } from "../../engine/cue-plan.js";
import { clickPlacement } from "../../engine/click-placement.js";
import type { FrameRate } from "../../engine/frame-rate.js";

/**
 * The click in the browser: the click WAV's own onsets (the engine's schedule, placed on the samples
 * the WAV has at the audio device's rate) and sounds (the engine's synthesis at that rate), each started on the audio clock, sample-accurately, by a
 * look-ahead scheduler. Where the picture is on the audio clock is learnt from every frame the video
 * presents: the frame's media time and expected display time, and getOutputTimestamp() (what the
 * device plays when), so a click is heard when its frame is seen. When that anchor (the middle of the
 * last second's frames) moves by more than 10 ms (a stall, a rate change), what is scheduled and not
 * yet begun is dropped and scheduled again; a pause or a seek stops it all. The scheduler ticks on a
 * Worker's timer (not throttled in a background tab); each sound is made once for its settings and
 * the device's rate, however often the cue is edited.
 */
export interface Scheduled {
  /** Media time (seconds into the picture) and audio-clock time of the click's first sample. */
  media: number;
  when: number;
  kind: ClickKind;
  bar: number;
  beat: number;
  /** Stopped before it began (the anchor moved): never heard. */
  dropped?: boolean;
}

const LOOKAHEAD = 0.25;
const TOLERANCE = 0.01;
/** Frames in the anchor's middle (about a second), and a move that is a jump, not the cadence. */
const WINDOW = 24;
const JUMP = 0.035;
/**
 * The middle of a second's frame offsets: the mean of their middle half. A 2:3 cadence splits them in
 * two clusters a refresh apart, where a median would flip from one to the other; a stalled frame is
 * left out like any outlier.
 */
const middle = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = Math.floor(s.length / 4);
  const mid = s.length > 3 ? s.slice(q, s.length - q) : s;
  return mid.reduce((a, b) => a + b, 0) / mid.length;
};

export class ClickPlayer {
  readonly ctx: AudioContext;
  readonly out: GainNode;
  private buffers = new Map<ClickKind, AudioBuffer>();
  private events: { media: number; kind: ClickKind; bar: number; beat: number }[] = [];
  private live: { source: AudioBufferSourceNode; when: number; entry: Scheduled }[] = [];
  /** Audio-clock time minus media time (over the rate) of the picture, and the rate. */
  private anchor: { offset: number; rate: number } | undefined;
  private recent: number[] = [];
  private begunUpTo = -Infinity;
  private next = 0;
  private ticking = false;
  private clockWorker: Worker | undefined;
  private interval: ReturnType<typeof setInterval> | undefined;
  /** Sounds made, by their settings (a synthesized one) or their samples (the user's own). */
  private made = new Map<string, AudioBuffer>();
  private madeFromSamples = new WeakMap<Float32Array, AudioBuffer>();
  /** What drives the scheduler, and how many sounds were synthesized: for inspection. */
  clock: "worker" | "page timer" = "page timer";
  synthesized = 0;
  countIn = true;
  muted = false;
  /** Every click started, for inspection (window.sprocketPreview.scheduled). */
  readonly scheduled: Scheduled[] = [];

  constructor() {
    this.ctx = new AudioContext({ latencyHint: "interactive" });
    this.out = this.ctx.createGain();
    this.out.connect(this.ctx.destination);
    try {
      const worker = new Worker(new URL("./tick-worker.js", import.meta.url), { type: "module" });
      worker.onmessage = () => this.schedule();
      // A Worker that cannot start: the page's own timer takes over.
      worker.onerror = () => this.useOwnTimer();
      this.clockWorker = worker;
      this.clock = "worker";
    } catch {
      this.clockWorker = undefined;
    }
  }

  private useOwnTimer(): void {
    this.clockWorker?.terminate();
    this.clockWorker = undefined;
    this.clock = "page timer";
    if (this.ticking) this.interval = setInterval(() => this.schedule(), 25);
  }

  /** The cue's clicks in media time (the picture's first frame is `firstFrame`), and its sounds. */
  load(cue: Cue, rate: FrameRate, firstFrame: number, sounds: Record<ClickKind, SoundSpec | { sampleRate: number; samples: Float32Array }>): void {
    const fps = rate.fps.toNumber();
    const offset = (cue.start - firstFrame) / fps;
    const plan = cuePlan(cue, rate);
    // Each click where the click WAV rendered at the device's rate has it: on the same sample.
    const place = clickPlacement(plan, this.ctx.sampleRate);
    this.events = [...clickSchedule(cue, rate, cue.click, plan.timing.endSeconds)].map((e) => ({ media: offset + place.secondsOf(place.onset(e.seconds, e.exact)), kind: e.kind, bar: e.bar, beat: e.beat }));
    for (const [kind, sound] of Object.entries(sounds) as [ClickKind, SoundSpec | { sampleRate: number; samples: Float32Array }][]) this.buffers.set(kind, this.sound(sound));
    this.reset();
  }

  /** A sound's buffer, made the first time its settings (or samples) are asked for. */
  private sound(sound: SoundSpec | { sampleRate: number; samples: Float32Array }): AudioBuffer {
    const buffer = (samples: Float32Array, sr: number) => {
      const b = this.ctx.createBuffer(1, samples.length, sr);
      b.copyToChannel(samples as Float32Array<ArrayBuffer>, 0);
      return b;
    };
    if ("samples" in sound) {
      let b = this.madeFromSamples.get(sound.samples);
      if (!b) this.madeFromSamples.set(sound.samples, (b = buffer(sound.samples, sound.sampleRate)));
      return b;
    }
    const key = JSON.stringify(sound);
    let b = this.made.get(key);
    if (!b) {
      this.synthesized++;
      this.made.set(key, (b = buffer(synthesize(sound, this.ctx.sampleRate), this.ctx.sampleRate)));
    }
    return b;
  }

  /**
   * The picture presented `mediaTime` at `displayTime` (performance.now() clock): where that is on the
   * audio clock (returned). A display shows 23.976 frames on a 60 Hz screen for two or three refreshes in turn,
   * so one frame says where the picture is only to within a refresh: the anchor is the middle of the
   * last second of frames (the mean of their middle half). Clicks not yet scheduled follow it; those already queued are scheduled again
   * only when it has moved by more than 10 ms. A jump (a stall) of more than two refreshes is followed at once.
   */
  frame(mediaTime: number, displayTime: number, rate: number, playing: boolean): number {
    const ts = this.ctx.getOutputTimestamp();
    const heard = ts.performanceTime
      ? (ts.contextTime ?? 0) + (displayTime - (ts.performanceTime ?? 0)) / 1000
      : this.ctx.currentTime + this.ctx.outputLatency + (displayTime - performance.now()) / 1000;
    if (!playing) {
      this.reset();
      return heard;
    }
    const offset = heard - mediaTime / rate;
    if (this.anchor && (this.anchor.rate !== rate || Math.abs(offset - middle(this.recent)) > JUMP)) this.recent = [];
    this.recent.push(offset);
    if (this.recent.length > WINDOW) this.recent.shift();
    const estimate = middle(this.recent);
    if (!this.anchor || this.anchor.rate !== rate || Math.abs(this.anchor.offset - estimate) > TOLERANCE) {
      this.drop();
      this.anchor = { offset: estimate, rate };
      // From this frame on, but never a click again that has already begun (no flam).
      this.next = this.events.findIndex((e) => e.media >= mediaTime - 1e-6 && e.media > this.begunUpTo);
      if (this.next < 0) this.next = this.events.length;
    } else this.anchor.offset = estimate; // the clicks scheduled from now on follow it; those queued are within 10 ms
    this.start();
    return heard;
  }

  /** Stops every click not yet heard and forgets where the picture is (pause, seek). */
  reset(): void {
    this.drop();
    this.anchor = undefined;
    this.recent = [];
    this.begunUpTo = -Infinity;
    if (!this.ticking) return;
    this.ticking = false;
    if (this.clockWorker) this.clockWorker.postMessage("stop");
    else clearInterval(this.interval);
  }

  /**
   * The audio clock as far as the device may already have rendered it. The page's currentTime is the
   * last render quantum the page heard of; the audio thread renders a callback's worth ahead of it, so
   * a click due within that much may have begun: stopping it would cut it and play it again (a flam).
   */
  private rendered(): number {
    return this.ctx.currentTime + Math.max(this.ctx.baseLatency || 0, 0.01) + 256 / this.ctx.sampleRate;
  }

  private drop(): void {
    const rendered = this.rendered();
    for (const l of this.live) {
      if (l.when <= rendered) {
        this.begunUpTo = Math.max(this.begunUpTo, l.entry.media);
        continue;
      }
      l.source.stop();
      l.entry.dropped = true;
    }
    this.live = [];
  }

  private start(): void {
    if (this.ticking) return;
    this.ticking = true;
    if (this.clockWorker) this.clockWorker.postMessage("start");
    else this.interval = setInterval(() => this.schedule(), 25);
    this.schedule();
  }

  private schedule(): void {
    const a = this.anchor;
    if (!a) return;
    const horizon = this.ctx.currentTime + LOOKAHEAD;
    while (this.next < this.events.length) {
      const e = this.events[this.next]!;
      const when = a.offset + e.media / a.rate;
      if (when > horizon) break;
      this.next++;
      if (when < this.ctx.currentTime || (!this.countIn && e.bar < 1) || this.muted) continue;
      const source = this.ctx.createBufferSource();
      source.buffer = this.buffers.get(e.kind) ?? null;
      source.playbackRate.value = 1;
      source.connect(this.out);
      source.start(when);
      const entry: Scheduled = { media: e.media, when, kind: e.kind, bar: e.bar, beat: e.beat };
      this.live.push({ source, when, entry });
      this.scheduled.push(entry);
    }
    this.live = this.live.filter((l) => l.when > this.ctx.currentTime - 1);
  }
}
