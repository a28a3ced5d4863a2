import type { Cue } from "./cue-model.js";
import type { FrameRate } from "./frame-rate.js";
import { cuePlan } from "./cue-plan.js";
import { pulseQuarters } from "./meter.js";
import { Rational } from "./rational.js";
import { formatTimecode, frameToFields } from "./timecode.js";

/**
 * A cue's tempo map as Standard MIDI File events at absolute ticks (pure: encoding is elsewhere).
 * Tick 0 is the first warning click. Tempos are microseconds per quarter, each the nearest integer
 * to the value that brings the MIDI clock back onto the true time at the end of its span (so the
 * integer rounding never accumulates); ramps are stepped every sixteenth note the same way, so every
 * step boundary lands on the true curve's time.
 */

export type MidiEvent =
  | { tick: number; type: "trackName" | "marker" | "cuePoint" | "text"; text: string }
  | { tick: number; type: "smpteOffset"; frameRate: 24 | 25 | 29 | 30; hour: number; min: number; sec: number; frame: number; subFrame: number }
  | { tick: number; type: "timeSignature"; numerator: number; denominator: number; metronome: number; thirtyseconds: 8 }
  | { tick: number; type: "setTempo"; microsecondsPerBeat: number };

export const DEFAULT_PPQ = 960;
const STEP_QUARTERS = Rational.of(1, 4);

/** What Sprocket writes in a text event so `sprocket import` can read its own files back exactly. */
export const SPROCKET_TAG = "sprocket-cue";

/** The SMPTE Offset of an instant (frames from 00:00:00:00, fractional), with its rate in MIDI's four codes. */
export function smpteOffset(frames: number, rate: FrameRate): Extract<MidiEvent, { type: "smpteOffset" }> {
  // Rates above 30 are written at half rate: the odd frame goes into the hundredths (subframes).
  const halve = rate.nominal > 30;
  let whole = Math.floor(frames + 1e-9);
  let sub = Math.floor((frames - whole) * 100 + 0.5);
  if (sub >= 100) [whole, sub] = [whole + 1, 0];
  const { h, m, s, f } = frameToFields(whole, rate);
  const code = ({ 24: 24, 25: 25, 30: rate.dropPerMinute ? 29 : 30 } as const)[(halve ? rate.nominal / 2 : rate.nominal) as 24 | 25 | 30];
  return { tick: 0, type: "smpteOffset", frameRate: code, hour: h, min: m, sec: s, frame: halve ? Math.floor(f / 2) : f, subFrame: halve ? Math.min(99, Math.floor((f % 2) * 50 + sub / 2)) : sub };
}

export function midiTempoMap(cue: Cue, rate: FrameRate, title: string, ppq = DEFAULT_PPQ): { events: MidiEvent[]; tickOf: (q: number) => number; endTick: number } {
  const map = cue.map;
  const timing = cuePlan(cue, rate).timing;
  const q0 = map.quartersAt(1 - cue.countIn);
  const tickOfExact = (q: Rational) => Number(q.sub(q0).mul(ppq).round());
  const tickOf = (q: number) => Math.floor((q - q0.toNumber()) * ppq + 0.5);
  const endQ = map.quarters(timing.endSeconds);
  const endTick = Math.max(tickOf(endQ), 1);
  const events: MidiEvent[] = [];
  const startTc = formatTimecode(cue.start, rate);
  events.push({ tick: 0, type: "trackName", text: `${cue.id}${cue.title ? ` ${cue.title}` : ""}` });
  events.push(smpteOffset(cue.start + timing.countInSeconds * rate.fps.toNumber(), rate));
  const tag = { id: cue.id, fps: rate.name, countIn: cue.countIn, bar1: tickOfExact(map.quartersAt(1)), start: startTc, ...(title ? { project: title } : {}) };
  events.push({ tick: 0, type: "text", text: [SPROCKET_TAG, ...Object.entries(tag).map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)].join(" ") });
  for (const [i, r] of map.regions.entries()) {
    const tick = i === 0 ? 0 : tickOfExact(r.q);
    events.push({ tick, type: "timeSignature", numerator: r.meter.numerator, denominator: r.meter.denominator, metronome: Number(pulseQuarters(r.meter).mul(24).round()), thirtyseconds: 8 });
  }
  // Tempo steps from tick 0 to the cue's end: one per constant span, one per sixteenth inside a ramp.
  // The end, snapped to a whole tick: each span's target time must be taken where its last tick is.
  const endR = q0.add(Rational.of(Math.max(tickOf(endQ), ppq), ppq));
  const segments = map.tempoSegments();
  const steps: [Rational, Rational][] = [];
  segments.forEach((seg, i) => {
    const from = i === 0 ? q0 : seg.q0;
    const next = segments[i + 1]?.q0;
    const to = next && next.lt(endR) ? next : endR;
    if (!from.lt(to)) return;
    if (!seg.ramp) steps.push([from, to]);
    else for (let a = from; a.lt(to); a = a.add(STEP_QUARTERS)) steps.push([a, a.add(STEP_QUARTERS).lt(to) ? a.add(STEP_QUARTERS) : to]);
  });
  // Each step's tempo is the nearest integer to what lands the MIDI clock on the true time at its end.
  const startSeconds = map.seconds(q0);
  let clock = 0; // microseconds of MIDI time at the start of the current step
  let lastTempo = -1;
  for (const [a, b] of steps) {
    const ta = tickOfExact(a);
    const tb = tickOfExact(b);
    if (tb <= ta) continue;
    const target = (map.seconds(b) - startSeconds) * 1e6;
    const tempo = Math.round(((target - clock) * ppq) / (tb - ta));
    if (tempo !== lastTempo) events.push({ tick: ta, type: "setTempo", microsecondsPerBeat: tempo });
    lastTempo = tempo;
    clock += (tempo * (tb - ta)) / ppq;
  }
  events.push({ tick: 0, type: "cuePoint", text: `Count-in: ${cue.countIn} bar${cue.countIn === 1 ? "" : "s"} from ${formatTimecode(timing.countInFrame, rate)} (tick 0 is the first warning click)` });
  events.push({ tick: 0, type: "marker", text: "Tick 0: first warning click" });
  events.push({ tick: tickOfExact(map.quartersAt(1)), type: "marker", text: `${cue.id}${cue.title ? ` ${cue.title}` : ""} @ ${startTc}` });
  // A hit placed musically also carries its bar|beat, so an import puts it back on the beat exactly.
  timing.hits.forEach((h, i) => {
    const hit = cue.hits[i]!;
    const musical = hit.bar !== undefined ? ` = ${hit.bar}|${hit.beat!.toDecimal(6)}` : "";
    events.push({ tick: tickOf(h.quarters), type: "marker", text: `${h.label} @ ${h.timecode}${musical}` });
  });
  events.push({ tick: endTick, type: "cuePoint", text: `End @ ${formatTimecode(timing.endFrame, rate)}` });
  events.sort((a, b) => a.tick - b.tick);
  return { events, tickOf, endTick };
}
