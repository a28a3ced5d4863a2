"""Timecode, feet+frames, samples and tempo-value answers from exact fractions.

Independent of Sprocket's TypeScript: labels are found by walking hours and minutes (not by the
usual closed-form drop-frame formula), 3-perf feet by the foot-start formula floor(64k/3).
"""
from fractions import Fraction as F
import random

# name: (fps numerator, denominator, nominal label rate, labels dropped a minute)
RATES = {
    "23.976": (24000, 1001, 24, 0), "24": (24, 1, 24, 0), "25": (25, 1, 25, 0),
    "29.97": (30000, 1001, 30, 0), "29.97df": (30000, 1001, 30, 2), "30": (30, 1, 30, 0),
    "48": (48, 1, 48, 0), "50": (50, 1, 50, 0), "59.94": (60000, 1001, 60, 0),
    "59.94df": (60000, 1001, 60, 4), "60": (60, 1, 60, 0),
}


def fps(rate):
    num, den, _, _ = RATES[rate]
    return F(num, den)


def minute_length(rate, minute):
    _, _, nominal, drop = RATES[rate]
    return nominal * 60 - (drop if minute % 10 else 0)


def hour_length(rate):
    return sum(minute_length(rate, m) for m in range(60))


def day_length(rate):
    return 24 * hour_length(rate)


def label_of(frame, rate):
    _, _, nominal, drop = RATES[rate]
    n = frame % day_length(rate)
    h, n = divmod(n, hour_length(rate))
    m = 0
    while n >= minute_length(rate, m):
        n -= minute_length(rate, m)
        m += 1
    first = drop if m % 10 else 0
    s, f = divmod(n + first, nominal)
    sep = ";" if drop else ":"
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{f:02d}"


def frame_of(h, m, s, f, rate):
    """Frame index of a valid label, by adding up the hours and minutes before it."""
    _, _, nominal, drop = RATES[rate]
    n = h * hour_length(rate) + sum(minute_length(rate, k) for k in range(m))
    first = drop if m % 10 else 0
    return n + s * nominal + f - first


def round_half_up(x):
    return (x + F(1, 2)).__floor__()


def feet_frames(n, gauge):
    sign = "-" if n < 0 else ""
    n = abs(n)
    if gauge == "35mm-3perf":
        start = lambda k: (64 * k) // 3
        k = (3 * n) // 64
        while start(k + 1) <= n:
            k += 1
        while start(k) > n:
            k -= 1
        return f"{sign}{k}+{n - start(k):02d}"
    per = {"35mm-4perf": 16, "16mm": 40}[gauge]
    return f"{sign}{n // per}+{n % per:02d}"


def interesting_frames(rate, rng):
    _, _, nominal, drop = RATES[rate]
    day = day_length(rate)
    frames = {0, 1, day - 1, day, day + 1, hour_length(rate), hour_length(rate) - 1}
    for h in (0, 1, 12, 23):
        for m in list(range(0, 12)) + [19, 20, 21, 29, 30, 50, 59]:
            first = drop if m % 10 else 0
            start = frame_of(h, m, 0, first, rate)
            frames.update({start - 1, start, start + 1})
    frames.update(rng.randrange(0, 2 * day) for _ in range(150))
    return sorted(f for f in frames if f >= 0)


def timecode_fixture():
    rng = random.Random(1001)
    out = {}
    for rate in RATES:
        _, _, nominal, drop = RATES[rate]
        rows = []
        for n in interesting_frames(rate, rng):
            seconds = F(n) / fps(rate)
            rows.append({
                "frame": n,
                "label": label_of(n, rate),
                "seconds": str(seconds),
                "samples48k": str(seconds * 48000),
                "samples48kRounded": round_half_up(seconds * 48000),
                "samples44k1": str(seconds * 44100),
                "samples44k1Rounded": round_half_up(seconds * 44100),
                "feet4perf": feet_frames(n, "35mm-4perf"),
                "feet3perf": feet_frames(n, "35mm-3perf"),
                "feet16mm": feet_frames(n, "16mm"),
            })
        invalid = []
        sep = ";" if drop else ":"
        for h, m in ((0, 1), (0, 9), (0, 11), (1, 59), (23, 59)):
            for f in range(drop):
                first = frame_of(h, m, 0, drop, rate)
                invalid.append({"label": f"{h:02d}:{m:02d}:00{sep}{f:02d}", "nearest": [label_of(first - 1, rate), label_of(first, rate)]})
        last = frame_of(0, 0, 5, nominal - 1, rate)
        invalid.append({"label": f"00:00:05{sep}{nominal:02d}", "nearest": [label_of(last, rate), label_of(last + 1, rate)]})
        invalid.append({"label": f"24:00:00{sep}{drop:02d}", "nearest": None})
        invalid.append({"label": f"00:60:00{sep}{drop:02d}", "nearest": None})
        out[rate] = {"framesPerDay": day_length(rate), "rows": rows, "invalid": invalid}
    conversions = []
    for n, a, b in ((90000, "25", "23.976"), (86400, "24", "23.976"), (107892, "29.97df", "29.97"),
                    (107892, "29.97df", "25"), (1, "24", "25"), (3, "25", "24"), (172800, "48", "24"),
                    (215784, "59.94df", "29.97df"), (12345, "30", "29.97"), (2, "25", "24")):
        exact = F(n) / fps(a) * fps(b)
        frame = round_half_up(exact)
        conversions.append({"frame": n, "from": a, "to": b, "toFrame": frame, "toLabel": label_of(frame, b),
                            "exact": exact.denominator == 1, "residualFrames": float(frame - exact)})
    return {"rates": out, "conversions": conversions}


def tempo_value_fixture():
    rows = []
    for rate in ("24", "23.976", "25", "29.97df", "30"):
        r = fps(rate)
        cases = [("120", F(120)), ("102.9", F("102.9")), ("60", F(60)), ("117.551", F("117.551")), ("300", F(300))]
        cases += [(f"{fr}-{e}", r * 60 / (fr + F(e, 8))) for fr, e in ((24, 0), (12, 0), (12, 2), (14, 4), (14, 0), (9, 7), (31, 1))]
        cases += [(f"{x}f", r * 60 / F(x)) for x in ("14", "14.5", "8", "36.25")]
        for text, bpm in cases:
            fpb = r * 60 / bpm
            eighths = round_half_up(fpb * 8)
            click_bpm = r * 60 / F(eighths, 8)
            rows.append({"value": text, "fps": rate, "bpm": float(bpm), "framesPerBeat": float(fpb),
                         "frameClick": f"{eighths // 8}-{eighths % 8}", "frameClickBpm": float(click_bpm),
                         "secondsPerBeat": float(60 / bpm)})
    return rows
