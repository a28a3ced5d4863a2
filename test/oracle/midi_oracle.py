"""Standard MIDI Files that reproduce what went wrong importing DAW tempo maps, and the answers in exact
fractions (test/fixtures/midi/): each file's bar lines and markers as the file itself times them.

Independent of Sprocket's TypeScript: the files are written byte by byte here, bars are walked through
the time signatures one by one, and seconds are summed from the tempo events as fractions.
"""
from fractions import Fraction as F
import json
import os
from timecode_oracle import fps, label_of, frame_of

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "fixtures", "midi")
RATE = "25"  # every file's SMPTE offset says 25 fps, 01:00:00:00


def vlq(n):
    out = [n & 0x7F]
    n >>= 7
    while n:
        out.insert(0, 0x80 | (n & 0x7F))
        n >>= 7
    return bytes(out)


def meta(kind, data):
    return bytes([0xFF, kind]) + vlq(len(data)) + data


def track(events):
    """events: (tick, bytes) in any order; written sorted (stable), with End of Track."""
    body, last = b"", 0
    for tick, data in sorted(events, key=lambda e: e[0]):
        body += vlq(tick - last) + data
        last = tick
    end = max([last] + [t for t, _ in events])
    body += vlq(end - last) + meta(0x2F, b"")
    return b"MTrk" + len(body).to_bytes(4, "big") + body


def smf(tracks, ppq, fmt=1):
    return b"MThd" + (6).to_bytes(4, "big") + fmt.to_bytes(2, "big") + len(tracks).to_bytes(2, "big") + ppq.to_bytes(2, "big") + b"".join(tracks)


def tempo(tick, us):
    return (tick, meta(0x51, us.to_bytes(3, "big")))


def timesig(tick, n, d, clocks=24, thirtyseconds=8):
    return (tick, meta(0x58, bytes([n, d.bit_length() - 1, clocks, thirtyseconds])))


def marker(tick, text):
    return (tick, meta(0x06, text.encode("latin-1")))


def smpte(tick=0, h=1, m=0, s=0, f=0, sub=0, code=0x20):
    return (tick, meta(0x54, bytes([code | h, m, s, f, sub])))


def note(tick, length, key=60):
    return [(tick, bytes([0x90, key, 100])), (tick + length, bytes([0x80, key, 0]))]


class Timing:
    """The file's own timing: seconds at a tick (tempo events summed exactly), bars through its meters."""

    def __init__(self, ppq, tempos, meters):
        self.ppq, self.tempos, self.meters = ppq, sorted(tempos), sorted(meters)

    def seconds(self, tick):
        t, us, at = F(0), 500000, 0
        for tk, u in self.tempos:
            if tk >= tick:
                break
            t += F(tk - at) * us / self.ppq / 1000000
            at, us = tk, u
        return t + F(tick - at) * us / self.ppq / 1000000

    def bar_ticks(self, last_tick):
        """The tick of every bar line from tick 0 to the first at or after last_tick."""
        out, tick, k = [], 0, 0
        while True:
            while k + 1 < len(self.meters) and self.meters[k + 1][0] <= tick:
                k += 1
            _, n, d, thirty = self.meters[k]
            out.append(tick)
            if tick >= last_tick:
                return out
            # The SMF spec counts ticks in MIDI quarters; the 32nds-per-quarter byte does not change a bar.
            tick += int(F(n, d) * 4 * self.ppq)


def case(name, ppq, tempos, meters, markers=(), notes=(), fmt=1, extra_tracks=(), start=(1, 0, 0, 0)):
    """One file: tempo map and markers in track 0 (markers in track 1, as several DAWs write them)."""
    t0 = [smpte(0, *start)] + [tempo(t, u) for t, u in tempos] + [timesig(t, n, d, c, th) for t, n, d, c, th in meters]
    t1 = [marker(t, text) for t, text in markers] + [e for t, length in notes for e in note(t, length)]
    data = smf([track(t0), track(t1), *extra_tracks], ppq, fmt)
    timing = Timing(ppq, tempos, [(t, n, d, th) for t, n, d, c, th in meters])
    last = max([0] + [t for t, _ in tempos] + [t for t, _ in markers] + [t + length for t, length in notes])
    bars = timing.bar_ticks(last)
    start_frame = frame_of(*start, RATE)
    rhu = lambda x: (x + F(1, 2)).__floor__()
    expected = {
        "fps": RATE,
        "bars": [float(timing.seconds(b)) for b in bars],
        "hits": [{"label": text, "timecode": label_of(start_frame + rhu(timing.seconds(t) * fps(RATE)), RATE)} for t, text in markers],
        "end": label_of(start_frame + rhu(timing.seconds(bars[-1]) * fps(RATE)), RATE),
    }
    return name, data, expected


def steps(from_tick, every, count, q0, q1):
    """Tempo steps every `every` ticks from quarters-a-minute q0 towards q1 (each step the line's value at its start), as microseconds."""
    return [(from_tick + k * every, round(60000000 / (q0 + (q1 - q0) * F(k, count)))) for k in range(count)]


def cases():
    out = []
    # 1. A meter change to another denominator with no tempo on its tick: 1/4 -> 2/2 (a pick-up bar first).
    out.append(case("meter-quarter-to-half", 480, [(0, 600000)], [(0, 1, 4, 24, 8), (480, 2, 2, 48, 8)],
                    markers=[(480 + 1920 * 2, "bar 4"), (480 + 1920 * 5 + 960, "bar 7 beat 2")], notes=[(0, 480 + 1920 * 8)]))
    # 4/4 -> 6/8 with the metronome on dotted quarters (36 clocks), no tempo at the change.
    out.append(case("meter-44-to-68-dotted", 480, [(0, 500000)], [(0, 4, 4, 24, 8), (1920 * 2, 6, 8, 36, 8)],
                    markers=[(1920 * 2 + 1440 * 3, "6/8 bar 4"), (1920 * 2 + 1440 * 5 + 720, "in two")], notes=[(0, 1920 * 2 + 1440 * 8)]))
    # Sibelius's 3/4 -> 7/8 (metronome on eighths), no tempo at the change.
    out.append(case("meter-34-to-78", 960, [(0, 750000)], [(0, 3, 4, 24, 8), (2880 * 3, 7, 8, 12, 8)],
                    markers=[(2880 * 3 + 3360 * 4, "7/8 bar 5")], notes=[(0, 2880 * 3 + 3360 * 6)]))
    # 2. A ritardando in 16th steps (120 -> 90 over 2 bars) and then "a tempo" (120) on the next bar.
    rit = steps(1920 * 2, 120, 32, 120, 90)
    out.append(case("ritardando-a-tempo", 480, [(0, 500000)] + rit + [(1920 * 4, 500000)], [(0, 4, 4, 24, 8)],
                    markers=[(1920 * 3, "mid-ritardando"), (1920 * 4, "a tempo"), (1920 * 6 + 480, "after")], notes=[(0, 1920 * 7)]))
    # 3. Tempo steps running across a 2/2 -> 6/8 change (the metronome on dotted quarters after it).
    across = steps(1920 * 2, 120, 24, 100, 130)
    out.append(case("steps-across-pulse-change", 480, [(0, 600000)] + across + [(1920 * 2 + 120 * 24, 461538)], [(0, 2, 2, 48, 8), (1920 * 3, 6, 8, 36, 8)],
                    markers=[(1920 * 3 + 1440 * 2, "6/8 bar 3")], notes=[(0, 1920 * 3 + 1440 * 5)]))
    # 6. A constant tempo whose notes last 12.5 s: the cue ends on the bar line after them, not one bar in.
    out.append(case("constant-12s5", 480, [(0, 500000)], [(0, 4, 4, 24, 8)], notes=[(0, 480 * 25)]))
    # The 32nds-per-quarter byte at 12 (as a WinJammer file writes its 6/8): information only. A 6/8 bar
    # is 6 eighths of ppq/2 ticks whatever it says (DryWetMidi, Tone.js, mido and the SMF spec agree).
    out.append(case("thirtyseconds-12", 480, [(0, 1000000)], [(0, 6, 8, 24, 12)], markers=[(1440 * 3, "bar 4"), (1440 * 25 + 720, "bar 26 beat 4")], notes=[(0, 1440 * 26)]))
    # 7. A broken SMPTE offset: frame 47 at 30 fps.
    out.append(case("broken-smpte", 480, [(0, 500000)], [(0, 4, 4, 24, 8)], notes=[(0, 1920)], start=(0, 0, 0, 47)))
    out[-1] = (out[-1][0], out[-1][1].replace(bytes([0xFF, 0x54, 5, 0x20]), bytes([0xFF, 0x54, 5, 0x60])), out[-1][2])
    # 5. Format 2: two independent sequences with their own tempo maps; the second is read with --sequence 2.
    seq2 = track([smpte(0), tempo(0, 428571), timesig(0, 3, 4), marker(1440 * 2, "second sequence, bar 3")] + note(0, 1440 * 4))
    name, data, expected = case("format2-two-sequences", 480, [(0, 600000)], [(0, 4, 4, 24, 8)], markers=[(1920, "first sequence, bar 2")], notes=[(0, 1920 * 3)], fmt=2)
    # In format 2 each track is a sequence: fold the first sequence's two tracks into one, add the second.
    first = track([smpte(0), tempo(0, 600000), timesig(0, 4, 4), marker(1920, "first sequence, bar 2")] + note(0, 1920 * 3))
    data = smf([first, seq2], 480, 2)
    t2 = Timing(480, [(0, 428571)], [(0, 3, 4, 8)])
    bars2 = t2.bar_ticks(1440 * 4)
    rhu = lambda x: (x + F(1, 2)).__floor__()
    start = frame_of(1, 0, 0, 0, RATE)
    expected["sequence2"] = {"bars": [float(t2.seconds(b)) for b in bars2], "hits": [{"label": "second sequence, bar 3", "timecode": label_of(start + rhu(t2.seconds(1440 * 2) * fps(RATE)), RATE)}],
                             "end": label_of(start + rhu(t2.seconds(bars2[-1]) * fps(RATE)), RATE)}
    out.append((name, data, expected))
    return out


def write_all():
    os.makedirs(OUT, exist_ok=True)
    expected = {}
    for name, data, exp in cases():
        with open(os.path.join(OUT, f"{name}.mid"), "wb") as fh:
            fh.write(data)
        expected[name] = exp
    with open(os.path.join(OUT, "expected.json"), "w") as fh:
        json.dump(expected, fh, indent=1)
        fh.write("\n")
    return len(expected)
