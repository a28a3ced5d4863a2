import { readFileSync } from "node:fs";
import midiFile from "midi-file";
import { UserError } from "../errors.js";

/** The parts of a Standard MIDI File that make a tempo map, at absolute ticks, merged across tracks. */
export interface MidiTempoData {
  ppq: number;
  tempos: { tick: number; usPerQuarter: number }[];
  meters: { tick: number; numerator: number; denominator: number; clocksPerClick: number }[];
  markers: { tick: number; text: string }[];
  cuePoints: { tick: number; text: string }[];
  texts: { tick: number; text: string }[];
  trackName?: string;
  smpte?: { frameRate: 24 | 25 | 29 | 30; hour: number; min: number; sec: number; frame: number; subFrame: number };
}

type AnyEvent = { deltaTime: number; type: string; [k: string]: unknown };

export function readMidiTempoData(path: string): MidiTempoData {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new UserError({ message: `Cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? e}).`, location: { file: path } });
  }
  let parsed: { header: { ticksPerBeat?: number; framesPerSecond?: number }; tracks: AnyEvent[][] };
  try {
    parsed = midiFile.parseMidi(bytes) as never;
  } catch (e) {
    throw new UserError({ message: `${path} is not a Standard MIDI File: ${(e as Error).message}.`, location: { file: path }, expected: "a .mid file exported from a DAW" });
  }
  if (!parsed.header.ticksPerBeat) {
    throw new UserError({
      message: `${path} counts time in SMPTE frames, not beats, so it holds no tempo map.`,
      location: { file: path },
      hint: "Export the tempo map from your DAW with a ticks-per-quarter (PPQ) resolution, e.g. 960.",
    });
  }
  const data: MidiTempoData = { ppq: parsed.header.ticksPerBeat, tempos: [], meters: [], markers: [], cuePoints: [], texts: [] };
  for (const [trackIndex, track] of parsed.tracks.entries()) {
    let tick = 0;
    for (const e of track) {
      tick += e.deltaTime;
      if (e.type === "setTempo") data.tempos.push({ tick, usPerQuarter: e.microsecondsPerBeat as number });
      else if (e.type === "timeSignature") data.meters.push({ tick, numerator: e.numerator as number, denominator: e.denominator as number, clocksPerClick: e.metronome as number });
      else if (e.type === "marker") data.markers.push({ tick, text: String(e.text) });
      else if (e.type === "cuePoint") data.cuePoints.push({ tick, text: String(e.text) });
      else if (e.type === "text") data.texts.push({ tick, text: String(e.text) });
      else if (e.type === "trackName" && trackIndex === 0 && data.trackName === undefined) data.trackName = String(e.text);
      else if (e.type === "smpteOffset" && !data.smpte) data.smpte = e as never;
    }
  }
  const byTick = <T extends { tick: number }>(xs: T[]) => xs.sort((a, b) => a.tick - b.tick);
  // Where two tempos or meters share a tick, the later one in the file holds.
  const lastPerTick = <T extends { tick: number }>(xs: T[]) => byTick(xs).filter((x, i, all) => all[i + 1]?.tick !== x.tick);
  data.tempos = lastPerTick(data.tempos);
  data.meters = lastPerTick(data.meters);
  byTick(data.markers);
  byTick(data.cuePoints);
  return data;
}
