"""Where every click and hit of a cue falls, from exact fractions and 40-digit decimals.

An independent model of Sprocket's tempo-map rules (README, "Tempo maps"), kept in pulse counts
rather than quarter notes: tempo is pulses a minute; a ramp is linear in pulses from the previous
tempo event to its own; a meter change without a tempo keeps the pulses a minute; a ramp's arrival
tempo in a new pulse is converted to the ramp's own pulse. Ramp times use the closed-form integral,
checked against Simpson's rule; times to positions use bisection, not the closed-form inverse.
"""
from decimal import Decimal as D, getcontext
from fractions import Fraction as F
from timecode_oracle import day_length, fps, frame_of, label_of

getcontext().prec = 40


def dec(x):
    return D(x.numerator) / D(x.denominator) if isinstance(x, F) else D(x)


def parse_label(text, rate):
    h, m, s, f = int(text[0:2]), int(text[3:5]), int(text[6:8]), int(text[9:11])
    return frame_of(h, m, s, f, rate)


def fraction_of(text):
    n, d = text.split("/")
    return F(int(n), int(d))


class Cue:
    def __init__(self, case):
        self.rate = case["fps"]
        self.fps = fps(self.rate)
        self.count_in = case.get("countIn", 2)
        self.start = parse_label(case["start"], self.rate)
        self.bars = {}  # bar -> (pulses per bar, pulse as a fraction of a whole note)
        meter, pulse = (4, 4), None  # pulse None: one click per note of the denominator
        self.points = []  # (pulse index, bpm after it, ramp?, bpm arriving, in the ramp's pulse)
        events = {e["bar"]: [] for e in case["tempo"]}
        for e in case["tempo"]:
            events[e["bar"]].append(e)
        last_bar = max(events) + 400
        p = F(0)
        for bar in range(1, last_bar + 1):
            for e in events.get(bar, []):
                if "meter" in e:
                    meter = tuple(int(x) for x in e["meter"].split("/"))
                    pulse = fraction_of(e["pulse"]) if "pulse" in e else None
            pulse_value = pulse if pulse is not None else F(1, meter[1])
            count = F(meter[0], meter[1]) / pulse_value
            assert count.denominator == 1
            self.bars[bar] = (int(count), pulse_value, p)
            for e in events.get(bar, []):
                if "bpm" not in e and "click" not in e:
                    continue
                new = F(str(e["bpm"])) if "bpm" in e else self.click_bpm(e["click"])
                at = p + F(str(e.get("beat", 1))) - 1
                arriving = new
                if e.get("ramp") and self.points:
                    ramp_pulse = self.pulse_at(self.points[-1][0])
                    arriving = new * pulse_value / ramp_pulse
                self.points.append((at, new, bool(e.get("ramp")), arriving))
            p += self.bars[bar][0]
        first = self.bars[1]
        for k in range(1, self.count_in + 1):
            self.bars[1 - k] = (first[0], first[1], -first[0] * k)
        # Quarter notes from bar 1 to the start of each bar (for MIDI ticks).
        self.bar_q = {}
        q = F(0)
        for bar in range(1, last_bar + 1):
            self.bar_q[bar] = q
            q += self.bars[bar][0] * self.bars[bar][1] * 4
        for k in range(1, self.count_in + 1):
            self.bar_q[1 - k] = -first[0] * first[1] * 4 * k

    def ticks(self, bar, beat, ppq=960):
        """MIDI ticks from the first warning click (tick 0) to a bar and beat."""
        q = self.bar_q[bar] + (F(str(beat)) - 1) * self.bars[bar][1] * 4 - self.bar_q[1 - self.count_in]
        return q * ppq

    def click_bpm(self, click):
        if isinstance(click, (int, float)):
            return self.fps * 60 / F(str(click))
        fr, e = click.split("-")
        return self.fps * 60 / (int(fr) + F(int(e), 8))

    def pulse_at(self, p):
        return max((b for b in self.bars.values() if b[2] <= p), key=lambda b: b[2])[1]

    def position(self, bar, beat):
        return self.bars[bar][2] + F(str(beat)) - 1

    def time(self, p):
        """Seconds from bar 1 beat 1 to pulse index p (a Fraction or Decimal)."""
        p = dec(p)
        pts = self.points
        if p <= 0:
            return p * 60 / dec(pts[0][1])
        t = D(0)
        for i, (pa, bpm_a, _, _) in enumerate(pts):
            nxt = pts[i + 1] if i + 1 < len(pts) else None
            pb = dec(nxt[0]) if nxt else None
            end = p if pb is None or p < pb else pb
            if nxt and nxt[2]:
                a, b = dec(bpm_a), dec(nxt[3])
                slope = (b - a) / (pb - dec(pa))
                here = a + slope * (end - dec(pa))
                t += 60 / slope * (here / a).ln() if slope != 0 else (end - dec(pa)) * 60 / a
            else:
                t += (end - dec(pa)) * 60 / dec(bpm_a)
            if pb is None or p <= pb:
                return t
        return t

    def simpson_check(self):
        """The closed-form ramp integral against Simpson's rule over each ramp."""
        for i in range(1, len(self.points)):
            pa, bpm_a, _, _ = self.points[i - 1]
            pb, _, ramp, arriving = self.points[i]
            if not ramp:
                continue
            n, a, b = 2000, dec(pa), dec(pb)
            h = (b - a) / n
            bpm = lambda x: dec(bpm_a) + (dec(arriving) - dec(bpm_a)) * (x - a) / (b - a)
            s = sum((1 if k in (0, n) else 4 if k % 2 else 2) * 60 / bpm(a + k * h) for k in range(n + 1)) * h / 3
            closed = self.time(pb) - self.time(pa)
            assert abs(s - closed) < D("1e-13") * abs(closed), (s, closed)

    def pulse_index_at(self, t):
        """Bisection: the pulse index whose time is t (seconds from bar 1)."""
        t = dec(t)
        lo, hi = D(-1000), D(100000)
        for _ in range(200):
            mid = (lo + hi) / 2
            if self.time(mid) < t:
                lo = mid
            else:
                hi = mid
        return (lo + hi) / 2

    def bar_beat(self, p):
        p = dec(p)
        bar = max((b for b, v in self.bars.items() if dec(v[2]) <= p + D("1e-20")), key=lambda b: self.bars[b][2])
        return bar, float(p - dec(self.bars[bar][2]) + 1)

    def frame_at_or_before(self, seconds):
        return self.start + int((seconds * dec(self.fps) + D("1e-20")).__floor__())

    def nearest_frame(self, seconds):
        return self.start + int((seconds * dec(self.fps) + D("0.5")).__floor__())

    def at_frame(self, label):
        """The instance of a label nearest the cue's start, within 12 hours either way."""
        day = day_length(self.rate)
        return self.start + (parse_label(label, self.rate) - self.start + day // 2) % day - day // 2

    def hit(self, h):
        if "at" in h:
            frame = self.at_frame(h["at"])
            t = dec(F(frame - self.start) / self.fps)
            p = self.pulse_index_at(t)
        else:
            p = dec(self.position(h["bar"], h.get("beat", 1)))
            t = self.time(p)
            frame = self.nearest_frame(t)
        k = int(p.__floor__())
        near = min((k - 1, k, k + 1, k + 2), key=lambda i: abs(self.time(i) - t))
        offset = t - self.time(near)
        bar, beat = self.bar_beat(p)
        return {"label": h["label"], "timecode": label_of(frame, self.rate), "seconds": float(t), "bar": bar,
                "beat": beat, "offsetFrames": float(offset * dec(self.fps)), "offsetMs": float(offset * 1000)}


def expected(case):
    cue = Cue(case)
    cue.simpson_check()
    count_in = cue.time(cue.position(1 - cue.count_in, 1))
    hits = [cue.hit(h) for h in case.get("hits", [])]
    if "end" in case:
        end = cue.start + (parse_label(case["end"], cue.rate) - cue.start) % day_length(cue.rate)
    else:
        last = max([dec(cue.position(e["bar"], e.get("beat", 1))) for e in case["tempo"]] +
                   [dec(cue.position(h["bar"], h.get("beat", 1))) if "bar" in h else cue.pulse_index_at(F(cue.at_frame(h["at"]) - cue.start) / cue.fps) for h in case.get("hits", [])])
        bar, _ = cue.bar_beat(last)
        end = cue.start + int(-((-(cue.time(last + cue.bars[bar][0]) * dec(cue.fps) - D("1e-20"))).__floor__()))
    beats = []
    last_bar = max(e["bar"] for e in case["tempo"]) + 3
    for bar in range(1 - cue.count_in, last_bar + 1):
        for beat in range(1, cue.bars[bar][0] + 1):
            beats.append({"bar": bar, "beat": beat, "seconds": str(cue.time(cue.position(bar, beat))), "ticks": int(cue.ticks(bar, beat))})
        beats.append({"bar": bar, "beat": 1.5, "seconds": str(cue.time(cue.position(bar, F(3, 2)))), "ticks": int(cue.ticks(bar, F(3, 2)))})
    # SMPTE Offset of tick 0 (the first warning click): hour byte with MIDI's rate code, then the label
    # and hundredths of a frame (rounded half up). Rates above 30 go at half rate, the odd frame in the hundredths.
    x = cue.start * 1 + (count_in * dec(cue.fps) if not isinstance(count_in, F) else count_in * cue.fps)
    whole = int(D(str(x)).__floor__()) if not isinstance(x, F) else x.__floor__()
    sub = int(((D(str(x)) - whole) * 100 + D("0.5")).__floor__()) if not isinstance(x, F) else ((x - whole) * 100 + F(1, 2)).__floor__()
    if sub >= 100:
        whole, sub = whole + 1, 0
    label = label_of(whole, cue.rate)
    h, m, s_, f = int(label[0:2]), int(label[3:5]), int(label[6:8]), int(label[9:11])
    nominal = round(float(cue.fps))
    halve = nominal > 30
    base = nominal // 2 if halve else nominal
    code = {24: 0, 25: 1, 30: 2 if ";" in label else 3}[base]
    smpte = [code << 5 | h, m, s_, f // 2 if halve else f, min(99, (f % 2) * 50 + sub // 2) if halve else sub]
    return {
        "smpteOffset": smpte,
        "start": case["start"],
        "countIn": {"bars": cue.count_in, "timecode": label_of(cue.frame_at_or_before(count_in), cue.rate), "seconds": float(count_in)},
        "end": {"timecode": label_of(end, cue.rate), "derived": "end" not in case},
        "hits": hits,
        "beats": beats,
    }


def time_exact(cue, p):
    """Exact seconds (a Fraction) to pulse p when no ramp comes before it, else None."""
    p = F(p)
    if p <= 0:
        return p * 60 / cue.points[0][1]
    t = F(0)
    for i, (pa, bpm_a, _, _) in enumerate(cue.points):
        nxt = cue.points[i + 1] if i + 1 < len(cue.points) else None
        if nxt and nxt[2] and p > pa:
            return None
        end = p if nxt is None or p < nxt[0] else nxt[0]
        t += (end - pa) * 60 / bpm_a
        if nxt is None or p <= nxt[0]:
            return t
    return t


def round_half_up_any(x):
    return int((x + (F(1, 2) if isinstance(x, F) else D("0.5"))).__floor__())


def clicks(case, sample_rate):
    """Every click of a cue: (onset sample in the file, kind, bar, beat), and where the file sits.

    The file starts on the frame at or before the first warning click; its time reference is that
    frame's sample count since midnight, rounded half up; each click's onset is the sample nearest
    its exact time on that same grid, less the time reference.
    """
    cue = Cue(case)
    settings = case.get("click", {})
    sub = settings.get("subdivide", 1)
    tacet = [(t["from"], t.get("to", t["from"])) for t in settings.get("tacet", [])]
    first_frame = cue.frame_at_or_before(cue.time(cue.position(1 - cue.count_in, 1)))
    day = day_length(cue.rate)
    base = F(first_frame % day) / cue.fps
    offset = F(first_frame - cue.start) / cue.fps
    time_reference = round_half_up_any(base * sample_rate)
    exp = expected(case)
    end_frame = parse_label(exp["end"]["timecode"], cue.rate)
    end_frame = cue.start + (end_frame - cue.start) % day
    end_time = F(end_frame - cue.start) / cue.fps

    def onset(t):
        x = (base + (t - offset)) * sample_rate if isinstance(t, F) else (dec(base) + (t - dec(offset))) * sample_rate
        return round_half_up_any(x) - time_reference

    out = []
    bar = 1 - cue.count_in
    done = False
    while not done:
        for beat in range(1, cue.bars[bar][0] + 1):
            for s in range(sub):
                p = cue.position(bar, 1) + (beat - 1) + F(s, sub)
                t = time_exact(cue, p)
                t = t if t is not None else cue.time(p)
                if (t if isinstance(t, F) else t) > (end_time if isinstance(t, F) else dec(end_time)):
                    done = True
                    break
                if any(a <= bar <= b for a, b in tacet):
                    continue
                kind = "sub" if s else "accent" if beat == 1 else "beat"
                out.append([onset(t), kind, bar, float(beat + F(s, sub))])
            if done:
                break
        bar += 1
    beeps = settings.get("beeps")
    if beeps:
        count, over = (3, 2) if beeps is True else (beeps.get("count", 3), beeps.get("over", 2))
        for h in case.get("hits", []):
            if "at" in h:
                t_hit = F(cue.at_frame(h["at"]) - cue.start) / cue.fps
            else:
                p = cue.position(h["bar"], h.get("beat", 1))
                t_hit = time_exact(cue, p) if time_exact(cue, p) is not None else cue.time(p)
            for i in range(count):
                before = F(0) if count == 1 else F(str(over)) * (count - 1 - i) / (count - 1)
                t = t_hit - (before if isinstance(t_hit, F) else dec(before))
                at = onset(t)
                if at >= 0:
                    out.append([at, "beep", None, None])
    out.sort(key=lambda c: (c[0], c[1] != "beep"))
    return {"sampleRate": sample_rate, "start": label_of(first_frame, cue.rate), "timeReference": time_reference,
            "endSample": onset(end_time), "clicks": out}
