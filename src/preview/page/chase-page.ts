import type { FrameRate } from "../../engine/frame-rate.js";
import { formatTimecode } from "../../engine/timecode.js";
import { ChaseClock, listenLtc, listenMtc, type ChaseTime } from "./chase.js";
import { followPicture } from "./follow.js";

export type ChaseMode = "off" | "ltc" | "mtc";

/** What the page lends the chase: its rate and picture, its cues' spans, and how to draw and switch cue. */
export interface ChaseHost {
  rate: FrameRate;
  video: HTMLVideoElement;
  ctx: AudioContext;
  /** The picture's first frame (since 00:00:00:00) and its length. */
  firstFrame: number;
  frames: number;
  /** Each cue's span, first warning click to end (frames since 00:00:00:00). */
  spans: () => { id: string; from: number; to: number }[];
  cue: () => string;
  useCue: (id: string) => void;
  draw: (pictureFrame: number) => void;
  /** Mutes the page's own click while chasing (unless asked for), unmutes after. */
  mute: (chasing: boolean) => void;
}

const STORE = { offset: "sprocket.chase.offsetFrames", latency: "sprocket.chase.latencyMs" };

/**
 * The page following the DAW: the overlay and bar|beat draw the incoming timecode's frame on every
 * display frame (the picture may lag, the streamers do not), the picture follows it (sought, played
 * at its speed), the cue changes with the timecode, and a silence longer than the freewheel says
 * "no timecode". The offset (frames) and latency (ms) are remembered on this machine.
 */
export class Chase {
  mode: ChaseMode = "off";
  private clock: ChaseClock | undefined;
  private stopListening: (() => void) | undefined;
  /** For inspection: what the chase shows now. */
  readonly shown = { frame: -1, at: 0, label: "", speed: 0, live: false, cue: "", between: "" };

  constructor(private readonly host: ChaseHost, private readonly say: (text: string) => void, private readonly show: (text: string) => void) {}

  get offsetFrames(): number {
    return Number(localStorage.getItem(STORE.offset) ?? 0) || 0;
  }
  get latencyMs(): number {
    return Number(localStorage.getItem(STORE.latency) ?? 0) || 0;
  }
  setOffsets(frames: number, ms: number): void {
    localStorage.setItem(STORE.offset, String(frames));
    localStorage.setItem(STORE.latency, String(ms));
    if (this.clock) Object.assign(this.clock, { offsetFrames: frames, latencyMs: ms });
  }

  /** Starts chasing; `input` is the audio input (LTC) or MIDI input (MTC) chosen, else the default (LTC) or every one (MTC). */
  async start(mode: ChaseMode, input?: string): Promise<void> {
    this.stop();
    this.mode = mode;
    this.host.mute(mode !== "off");
    if (mode === "off") return this.show("");
    const clock = new ChaseClock(this.host.rate.fps.toNumber());
    Object.assign(clock, { offsetFrames: this.offsetFrames, latencyMs: this.latencyMs });
    this.clock = clock;
    const hear = (t: ChaseTime) => clock.hear(t);
    this.show("waiting for timecode");
    try {
      await this.host.ctx.resume();
      this.stopListening = mode === "mtc" ? await listenMtc(this.host.rate, input, hear, this.say) : await listenLtc(this.host.ctx, this.host.rate, input, hear, this.say);
    } catch (e) {
      this.say(`Cannot chase ${mode.toUpperCase()}: ${(e as Error).message}`);
    }
    const step = () => {
      if (this.clock !== clock) return;
      this.frame(clock, performance.now());
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }

  stop(): void {
    this.stopListening?.();
    this.stopListening = undefined;
    this.clock = undefined;
    this.mode = "off";
    this.host.mute(false);
  }

  private frame(clock: ChaseClock, now: number): void {
    const t = clock.now(now);
    if (!t) return;
    const h = this.host;
    const at = Math.floor(t.frame + 1e-6);
    Object.assign(this.shown, { frame: at, at: now, label: formatTimecode(at, h.rate), speed: t.speed, live: t.live });
    if (!t.live) {
      h.video.pause();
      return this.show(`no timecode (last ${this.shown.label})`);
    }
    // The cue follows the timecode; between cues, the nearest and how far.
    const spans = h.spans();
    const inside = spans.find((s) => s.from <= at && at <= s.to);
    if (inside && inside.id !== h.cue()) h.useCue(inside.id);
    let between = "";
    if (!inside && spans.length) {
      const near = spans.reduce((a, b) => (Math.min(Math.abs(at - a.from), Math.abs(at - a.to)) <= Math.min(Math.abs(at - b.from), Math.abs(at - b.to)) ? a : b));
      const seconds = (at < near.from ? near.from - at : at - near.to) / h.rate.fps.toNumber();
      between = `between cues: ${near.id} ${at < near.from ? "starts in" : "ended"} ${seconds.toFixed(1)} s${at < near.from ? "" : " ago"}`;
    }
    Object.assign(this.shown, { cue: h.cue(), between });
    const n = at - h.firstFrame;
    if (n >= 0 && n < h.frames) {
      h.draw(n);
      followPicture(h.video, { cue: h.cue(), frame: n, playing: t.speed > 0, rate: Math.min(4, Math.max(0.25, t.speed || 1)) }, h.rate.fps.toNumber());
    }
    this.show(`${this.mode.toUpperCase()} ${this.shown.label}${t.speed ? ` ${t.speed.toFixed(2)}x` : " stopped"}${between ? `; ${between}` : ""}${n < 0 || n >= h.frames ? "; outside the picture" : ""}`);
  }
}
