import { join, resolve } from "node:path";
import { smfBytes, type SmfEvent } from "./smf-writer.js";
import type { Cue, CueFile } from "../engine/cue-model.js";
import { pulseClicks } from "../engine/click-schedule.js";
import { cuePlan } from "../engine/cue-plan.js";
import { DEFAULT_PPQ, midiTempoMap, type MidiEvent } from "../engine/midi-tempo-map.js";
import { Rational } from "../engine/rational.js";
import { formatTimecode } from "../engine/timecode.js";
import { writeAtomically } from "../system/atomic-file.js";
import { deliveryName } from "../delivery/delivery-name.js";
import type { RenderedOutput } from "./outputs.js";

/** General MIDI percussion (channel 10): Hi Wood Block on beat 1, Low Wood Block on the other beats. */
export const CLICK_NOTES = { channel: 9, accent: 76, beat: 77, sub: 77, velocity: { accent: 127, beat: 100, sub: 64 } } as const;

type TrackEvent = SmfEvent;

/** Absolute-tick events to a midi-file track (delta times, end of track). */
function toTrack(events: ({ tick: number; type: string } & Record<string, unknown>)[], endTick: number): TrackEvent[] {
  const sorted = [...events].sort((a, b) => a.tick - b.tick);
  let last = 0;
  const track: TrackEvent[] = sorted.map(({ tick, ...e }) => {
    const delta = tick - last;
    last = tick;
    return { deltaTime: delta, ...e };
  });
  track.push({ deltaTime: Math.max(0, endTick - last), type: "endOfTrack" });
  return track;
}

/** The click as MIDI notes: accent and beat on distinct GM percussion notes, subdivisions softer. */
function clickNoteEvents(cue: Cue, endSeconds: number, tickOf: (q: number) => number) {
  const events: ({ tick: number; type: string } & Record<string, unknown>)[] = [{ tick: 0, type: "trackName", text: "Click" }];
  for (const c of pulseClicks(cue, cue.click, endSeconds)) {
    const kind = c.kind as "accent" | "beat" | "sub";
    const tick = tickOf(cue.map.quartersAt(c.bar, Rational.fromNumber(c.beat)).toNumber());
    const note = CLICK_NOTES[kind];
    events.push({ tick, type: "noteOn", channel: CLICK_NOTES.channel, noteNumber: note, velocity: CLICK_NOTES.velocity[kind] });
    events.push({ tick: tick + DEFAULT_PPQ / 8, type: "noteOff", channel: CLICK_NOTES.channel, noteNumber: note, velocity: 0 });
  }
  return events;
}

/** A cue's tempo map (and, if asked, its click as notes) as the bytes of a type 1 Standard MIDI File. */
export function midiBytes(file: CueFile, cue: Cue, options: { clickNotes?: boolean } = {}): Buffer {
  const timing = cuePlan(cue, file.rate).timing;
  const { events, tickOf, endTick } = midiTempoMap(cue, file.rate, file.title);
  const tracks = [toTrack(events as (MidiEvent & Record<string, unknown>)[], endTick)];
  if (options.clickNotes) tracks.push(toTrack(clickNoteEvents(cue, timing.endSeconds, tickOf), endTick + DEFAULT_PPQ / 8));
  return smfBytes(1, DEFAULT_PPQ, tracks);
}

/** Renders one cue's tempo map as a type 1 Standard MIDI File in `outDir`. */
export async function renderMidi(file: CueFile, cue: Cue, outDir: string, options: { clickNotes?: boolean } = {}): Promise<RenderedOutput> {
  const timing = cuePlan(cue, file.rate).timing;
  const bytes = midiBytes(file, cue, options);
  const start = formatTimecode(timing.countInFrame, file.rate);
  const path = resolve(join(outDir, deliveryName(cue, "tempo", start, "mid")));
  await writeAtomically(path, async (fh) => {
    await fh.write(bytes);
  }, bytes.length);
  return {
    kind: "midi",
    cue: cue.id,
    path,
    start,
    duration: timing.endSeconds - timing.countInSeconds,
    detail: `SMF type 1, ${DEFAULT_PPQ} PPQ${options.clickNotes ? ", tempo and click tracks" : ""}`,
  };
}
