import type { FrameRate } from "../../engine/frame-rate.js";
import { MtcDecoder, mtcRateProblem } from "../../engine/mtc.js";
import type { LtcRead } from "../../engine/ltc-read.js";

/** A time the DAW said: where the picture is (frames since 00:00:00:00, fractional) at `at` (performance.now() ms). */
export interface ChaseTime {
  frame: number;
  at: number;
  /** A locate (MTC full frame): the DAW jumped and stands there. */
  locate?: boolean;
}

/**
 * Where the DAW's timecode is now, from the times it said: each time re-anchors the clock, and the
 * speed is learnt over the times of the last quarter second, at least 80 ms apart (times can come
 * in bursts: two LTC words read in one audio callback, messages held up by a busy page; a speed from
 * two times a few ms apart would be a speed of tens). A locate stands still. With nothing heard for
 * `freewheelMs` it has stopped: "no timecode". `offsetFrames` moves the picture against the
 * timecode; `latencyMs` is how late the timecode reaches the page (it is added, in frames at the
 * running speed).
 */
export class ChaseClock {
  /** The times heard in the last SPEED_WINDOW_MS since the last jump or locate, oldest first; the last is the clock's anchor. */
  private heard: { frame: number; at: number }[] = [];
  private speed = 0;
  offsetFrames = 0;
  latencyMs = 0;

  constructor(private readonly fps: number, readonly freewheelMs = 2000) {}

  private get anchor(): { frame: number; at: number } | undefined {
    return this.heard[this.heard.length - 1];
  }

  hear(t: ChaseTime): void {
    const previous = this.anchor;
    if (t.locate) {
      this.speed = 0;
      this.heard = [];
    } else if (previous && t.at >= previous.at) {
      const expected = previous.frame + (this.speed * this.fps * (t.at - previous.at)) / 1000;
      // Far from where the clock expected it: a jump (a locate while rolling), not a speed; the
      // speed stays as it was and is learnt again from here.
      if (Math.abs(t.frame - expected) > JUMP_FRAMES) this.heard = [];
      else {
        this.heard = this.heard.filter((h) => t.at - h.at <= SPEED_WINDOW_MS);
        const base = this.heard[0];
        if (base && t.at - base.at >= SPEED_SPAN_MS) {
          // A new speed is taken at once when it differs much (a roll, a stop, a shuttle), else smoothed.
          const measured = (t.frame - base.frame) / (((t.at - base.at) / 1000) * this.fps);
          this.speed = Math.abs(measured - this.speed) > 0.25 ? measured : 0.8 * this.speed + 0.2 * measured;
        }
      }
    }
    this.heard.push({ frame: t.frame, at: t.at });
  }

  /** Where the picture should be at `now`: its frame (fractional), its speed, and whether timecode is coming. */
  now(now: number): { frame: number; speed: number; live: boolean } | undefined {
    const anchor = this.anchor;
    if (!anchor) return undefined;
    const live = now - anchor.at <= this.freewheelMs;
    const speed = live ? this.speed : 0;
    const since = live ? now - anchor.at + this.latencyMs : 0;
    return { frame: anchor.frame + this.offsetFrames + (speed * this.fps * since) / 1000, speed, live };
  }
}

/** More than this many frames from where the clock expected a time is a jump, not a speed (a DAW shuttles at up to 8x: 2 frames a time at 8x is 16). */
const JUMP_FRAMES = 24;
/** The speed is measured over the times of the last this many ms, between times at least SPEED_SPAN_MS apart. */
const SPEED_WINDOW_MS = 250;
const SPEED_SPAN_MS = 80;

type Say = (text: string) => void;

type MidiNavigator = Navigator & { requestMIDIAccess?: (o: { sysex: boolean }) => Promise<MIDIAccess> };

/** The MIDI inputs there are now (empty without Web MIDI). */
export async function midiInputs(): Promise<{ id: string; name: string }[]> {
  const nav = navigator as MidiNavigator;
  if (!nav.requestMIDIAccess) return [];
  const access = await nav.requestMIDIAccess({ sysex: true });
  return [...access.inputs.values()].map((i) => ({ id: i.id, name: i.name || i.id }));
}

/**
 * MTC from the MIDI input `inputId`, or from every MIDI input when none is chosen (Web MIDI: Chrome,
 * Edge, Opera). Returns a function that stops listening.
 */
export async function listenMtc(rate: FrameRate, inputId: string | undefined, hear: (t: ChaseTime) => void, say: Say): Promise<() => void> {
  const nav = navigator as MidiNavigator;
  if (!nav.requestMIDIAccess) {
    say("This browser has no Web MIDI: chase MTC in Chrome, Edge or Opera (or chase LTC).");
    return () => undefined;
  }
  const access = await nav.requestMIDIAccess({ sysex: true }); // a locate is a SysEx full frame
  const decoder = new MtcDecoder(rate);
  let warned = false;
  const chosen = () => [...access.inputs.values()].filter((i) => !inputId || i.id === inputId);
  const listen = (input: MIDIInput) => {
    input.onmidimessage = (e: MIDIMessageEvent) => {
      const t = e.data ? decoder.push(e.data) : undefined;
      if (!t) return;
      const problem = mtcRateProblem(t.rateCode, rate);
      if (problem && !warned) say(`Chasing MTC, but ${problem}: the picture drifts from the DAW.`);
      warned ||= !!problem;
      hear({ frame: t.frame, at: e.timeStamp, ...(t.kind === "full-frame" ? { locate: true } : {}) });
    };
  };
  chosen().forEach(listen);
  access.onstatechange = () => chosen().forEach(listen);
  const names = chosen().map((i) => i.name || i.id);
  if (!names.length) say(inputId ? "Chasing MTC: the chosen MIDI input is not there (reconnect it, or choose another)." : "Chasing MTC: no MIDI input yet (connect the DAW's MTC port).");
  else say(`Chasing MTC from ${names.join(", ")}.`);
  return () => {
    access.onstatechange = null;
    access.inputs.forEach((i) => (i.onmidimessage = null));
  };
}

/** LTC from an audio input, read in an AudioWorklet on the audio clock. Returns a function that stops it. */
export async function listenLtc(ctx: AudioContext, rate: FrameRate, deviceId: string | undefined, hear: (t: ChaseTime) => void, say: Say): Promise<() => void> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: { ...(deviceId ? { deviceId: { exact: deviceId } } : {}), echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
  await ctx.audioWorklet.addModule("/app/preview/page/ltc-in.js");
  const node = new AudioWorkletNode(ctx, "ltc-in", { processorOptions: { rate: rate.name } });
  const source = ctx.createMediaStreamSource(stream);
  const silent = ctx.createGain();
  silent.gain.value = 0; // the worklet runs when it leads somewhere; nothing is heard
  source.connect(node).connect(silent).connect(ctx.destination);
  node.port.onmessage = (e: MessageEvent<LtcRead>) => {
    const w = e.data;
    // The word ended at its input sample `end`: that long ago on the audio clock. Forwards, the
    // picture is then at the start of the next frame; backwards, at the start of this one.
    const ago = ctx.currentTime - w.end / ctx.sampleRate;
    hear({ frame: w.reverse ? w.frame : w.frame + 1, at: performance.now() - ago * 1000 });
  };
  say(`Chasing LTC from ${stream.getAudioTracks()[0]?.label || "the audio input"}.`);
  return () => {
    node.port.onmessage = null;
    source.disconnect();
    stream.getTracks().forEach((t) => t.stop());
  };
}
