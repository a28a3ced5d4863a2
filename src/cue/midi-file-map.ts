import { Rational } from "../engine/rational.js";
import { UserError } from "../errors.js";
import type { MidiTempoData } from "../interchange/read-midi-file.js";

/**
 * A MIDI file's own timing, as the file states it: seconds at any tick through its tempo events
 * (microseconds per MIDI quarter, constant between events), and bars and beats through its time
 * signatures: a bar is numerator x (4 x ppq / denominator) ticks. The time signature's last byte
 * (notated 32nd notes in a MIDI quarter, `bb`, 8 almost always) does not change that: the SMF spec
 * counts ticks in MIDI quarters, and DryWetMidi, Tone.js, mido and every writer's intent count bars
 * so whatever `bb` says; it is kept only as information (the importer warns when it is not 8). Pure.
 */
export interface Region {
  tick: number;
  numerator: number;
  denominator: number;
  /** One click, as a fraction of a whole note (from the metronome clocks when they say a dotted pulse). */
  pulse: Rational;
  /** Ticks in a notated quarter, a bar and a pulse. */
  quarterTicks: number;
  barTicks: number;
  pulseTicks: number;
  firstBar: number;
  /** Notated quarters from tick 0 to this region's start. */
  q0: number;
}

export class MidiFileMap {
  private readonly ticks: number[];
  private readonly seconds: number[];
  private readonly usPerQuarter: number[];
  readonly regions: Region[];

  constructor(readonly ppq: number, tempos: readonly { tick: number; usPerQuarter: number }[], meters: MidiTempoData["meters"]) {
    this.ticks = tempos.map((t) => t.tick);
    this.usPerQuarter = tempos.map((t) => t.usPerQuarter);
    this.seconds = [0];
    for (let i = 1; i < tempos.length; i++) this.seconds.push(this.seconds[i - 1]! + ((this.ticks[i]! - this.ticks[i - 1]!) * this.usPerQuarter[i - 1]!) / ppq / 1e6);
    this.regions = [];
    for (const m of meters) {
      const prev = this.regions[this.regions.length - 1];
      // A quarter is ppq ticks, whatever the 32nds-per-quarter byte says.
      const quarter = Rational.of(ppq);
      const quarterTicks = ppq;
      const whole = Rational.of(m.numerator, m.denominator);
      // The metronome byte counts MIDI clocks, 24 to a quarter: a click of clocks / 96 of a whole note.
      const byClock = Rational.of(m.clocksPerClick, 96);
      const dotted = byClock.eq(Rational.of(3, m.denominator)) || byClock.eq(Rational.of(1, m.denominator));
      const pulse = dotted && whole.div(byClock).isInteger() ? byClock : Rational.of(1, m.denominator);
      const barTicks = Number(whole.mul(quarter).mul(4).round());
      let firstBar = 1;
      let q0 = 0;
      if (prev) {
        const bars = (m.tick - prev.tick) / prev.barTicks;
        if (!Number.isInteger(bars)) throw new UserError({ message: `The meter change to ${m.numerator}/${m.denominator} at tick ${m.tick} is not on a bar line.`, hint: "Sprocket changes meter only at the start of a bar." });
        firstBar = prev.firstBar + bars;
        q0 = prev.q0 + (m.tick - prev.tick) / prev.quarterTicks;
      }
      if (barTicks <= 0) throw new UserError({ message: `The time signature at tick ${m.tick} (${m.numerator}/${m.denominator}) makes a bar shorter than a tick.`, expected: "a time signature such as 4/4" });
      this.regions.push({ tick: m.tick, numerator: m.numerator, denominator: m.denominator, pulse, quarterTicks, barTicks, pulseTicks: Math.max(1, Number(pulse.mul(quarter).mul(4).round())), firstBar, q0 });
    }
  }

  private tempoIndex(tick: number): number {
    let [lo, hi] = [0, this.ticks.length - 1];
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.ticks[mid]! <= tick) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Seconds from tick 0. */
  secondsAt(tick: number): number {
    const i = this.tempoIndex(tick);
    return this.seconds[i]! + ((tick - this.ticks[i]!) * this.usPerQuarter[i]!) / this.ppq / 1e6;
  }

  /** MIDI quarters a minute in force at a tick. */
  midiQpmAt(tick: number): number {
    return 60e6 / this.usPerQuarter[this.tempoIndex(tick)]!;
  }

  regionAt(tick: number): Region {
    let r = this.regions[0]!;
    for (const x of this.regions) if (x.tick <= tick) r = x;
    return r;
  }

  /** Notated quarters from tick 0. */
  quartersAt(tick: number): number {
    const r = this.regionAt(tick);
    return r.q0 + (tick - r.tick) / r.quarterTicks;
  }

  /** The bar a tick is in, and where that bar starts. */
  barAt(tick: number): { bar: number; start: number; region: Region } {
    const r = this.regionAt(tick);
    const bars = Math.floor((tick - r.tick) / r.barTicks + 1e-9);
    return { bar: r.firstBar + bars, start: r.tick + bars * r.barTicks, region: r };
  }

  /** The tick of a bar's first beat. */
  barTick(bar: number): number {
    const r = [...this.regions].reverse().find((x) => x.firstBar <= bar) ?? this.regions[0]!;
    return r.tick + (bar - r.firstBar) * r.barTicks;
  }

  /** Pulses a minute at a tick, in the meter there (for the cue file's bpm). */
  bpmAt(tick: number, midiQpm = this.midiQpmAt(tick)): number {
    const r = this.regionAt(tick);
    return (midiQpm * this.ppq) / r.quarterTicks / r.pulse.mul(4).toNumber();
  }
}
