"""Cases for `sprocket fit`, `ramp` and `clickbook`, built from a known tempo with exact fractions.

Hits are placed on a tempo's grid and rounded to the nearest frame, as a music editor spots them; the
cue files given to Sprocket do not contain that tempo. A brute-force scan of tempos (0.001 BPM steps)
independently says how many hits the best tempo can land; ramps are solved by bisection in 40-digit
decimals on the closed-form ramp time.
"""
from decimal import Decimal as D
from fractions import Fraction as F
from timecode_oracle import fps, label_of, round_half_up, feet_frames, frame_of
from tempo_oracle import dec, parse_label


def bpm_of_click(rate, click):
    fr, e = click.split("-")
    return fps(rate) * 60 / (int(fr) + F(int(e), 8))


def spot(rate, start_frame, seconds):
    """The nearest frame to an instant (seconds from the downbeat), as a timecode, and that frame."""
    frame = start_frame + round_half_up(seconds * fps(rate))
    return label_of(frame, rate), frame


def landed_count(times, bpm, grid, tol):
    c = 60 * grid / bpm
    return sum(1 for t in times if abs(t - round(t / c) * c) <= tol)


def brute_best(times, lo, hi, grid, tol):
    best = 0
    b = lo
    while b <= hi:
        best = max(best, landed_count(times, b, grid, tol))
        b += 0.001
    return best


def fit_case(name, rate, start, tempo_yaml, true_bpm, beats, grid, tol_frames, lo, hi, from_bar_seconds=F(0), from_bar=1, extra=None):
    start_frame = parse_label(start, rate)
    hits, times = [], []
    for i, b in enumerate(beats):
        t = from_bar_seconds + F(b) * 60 / true_bpm
        tc, frame = spot(rate, start_frame, t)
        hits.append({"at": tc, "label": f"hit {i + 1}"})
        times.append(float(F(frame - start_frame) / fps(rate) - from_bar_seconds))
    tol = tol_frames / float(fps(rate))
    case = {
        "fps": rate, "start": start, "tempo": tempo_yaml, "hits": hits,
        "expect": {"trueBpm": float(true_bpm), "grid": grid, "tolerance": tol_frames, "min": lo, "max": hi, "fromBar": from_bar,
                   "hitSeconds": times, "bestLanded": brute_best(times, lo, hi, {"beat": 1, "8th": 0.5}[grid], tol),
                   "trueLanded": landed_count(times, float(true_bpm), {"beat": 1, "8th": 0.5}[grid], tol)},
    }
    if extra:
        case["expect"].update(extra)
    return name, case


def ramp_case(name, rate, start, tempo_yaml, from_bar, to_bar, to_beat, start_qpm, end_qpm, quarters_before, quarters_ramp):
    """The true map: constant `start_qpm` to bar `from_bar`, then a ramp to `end_qpm` over `quarters_ramp` quarters."""
    start_frame = parse_label(start, rate)
    t_from = D(quarters_before) * 60 / dec(F(start_qpm))
    a, b, L = dec(F(start_qpm)), dec(F(end_qpm)), D(quarters_ramp)
    t_hit = t_from + 60 * L / (b - a) * (b / a).ln()
    frame = start_frame + int((t_hit * D(fps(rate).numerator) / D(fps(rate).denominator) + D("0.5")).__floor__())
    hit_seconds = D(frame - start_frame) * D(fps(rate).denominator) / D(fps(rate).numerator)
    need = hit_seconds - t_from
    lo, hi = a / 50, a * 50
    f = lambda x: 60 * L / (x - a) * (x / a).ln() - need if x != a else 60 * L / a - need
    for _ in range(300):
        mid = (lo + hi) / 2
        if (f(mid) > 0) == (f(lo) > 0):
            lo = mid
        else:
            hi = mid
    return name, {
        "fps": rate, "start": start, "tempo": tempo_yaml, "hits": [{"at": label_of(frame, rate), "label": "land"}],
        "expect": {"fromBar": from_bar, "atBar": to_bar, "atBeat": to_beat, "trueEndQpm": float(end_qpm), "endQpmForSpottedHit": float((lo + hi) / 2)},
    }


def fit_cases():
    cases = dict([
        fit_case("fit-click-24", "24", "01:00:00:00", [{"bar": 1, "bpm": 120}], bpm_of_click("24", "14-4"),
                 [F(5, 2), 8, F(27, 2), 21, F(53, 2), 35, 44], "8th", 1, 40, 240),
        fit_case("fit-conflict-25", "25", "10:00:00:00", [{"bar": 1, "bpm": 100}], F(100),
                 [4, 9, 15] + [F(b * 100, 113) for b in (20, 27, 33)], "beat", 0.5, 90, 130),
    ])
    # After a ramp: 120 -> 90 over bars 1-5 (16 beats), then really 84.5 BPM; the cue file knows only the ramp.
    a, b = D(120), D(90)
    ramp_seconds = F(str(60 * D(16) / (b - a) * (b / a).ln()))
    name, case = fit_case("fit-after-ramp-2997df", "29.97df", "00:00:58;00", [{"bar": 1, "bpm": 120, "meter": "4/4"}, {"bar": 5, "bpm": 90, "ramp": True}],
                          F("84.5"), [3, 7, 12, 18, 25], "beat", 1, 60, 120, from_bar_seconds=ramp_seconds, from_bar=5)
    cases[name] = case
    cases.update(dict([
        ramp_case("ramp-24", "24", "01:00:00:00", [{"bar": 1, "bpm": 120, "meter": "4/4"}], 9, 17, 1, 120, 100, 32, 32),
        ramp_case("ramp-23976-click", "23.976", "02:00:00:00", [{"bar": 1, "click": "12-0", "meter": "3/4"}], 5, 13, 2,
                  bpm_of_click("23.976", "12-0"), bpm_of_click("23.976", "14-0"), 12, 25),
    ]))
    return cases


def clickbook_cases():
    out = []
    for click, rate, start, n in (("14-4", "24", None, 40), ("120", "29.97df", "00:59:59;00", 70), ("102.9", "25", "01:00:00:00", 30), ("14f", "23.976", None, 20)):
        if "-" in click:
            bpm = bpm_of_click(rate, click)
        elif click.endswith("f"):
            bpm = fps(rate) * 60 / F(click[:-1])
        else:
            bpm = F(click)
        start_frame = parse_label(start, rate) if start else 0
        rows = []
        for i in range(n):
            seconds = F(60 * i) / bpm
            frames = seconds * fps(rate)
            near = round_half_up(frames)
            rows.append({"beat": i + 1, "seconds": float(seconds), "frames": float(frames), "timecode": label_of(start_frame + near, rate), "feetFrames": feet_frames(near, "35mm-4perf")})
        out.append({"click": click, "fps": rate, "start": start, "beats": n, "rows": rows})
    return out
