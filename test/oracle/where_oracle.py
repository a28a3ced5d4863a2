"""Answers for `sprocket where` (test/fixtures/where.json), from the tempo oracle's exact timing: every
beat and half beat of two cues to the frame nearest it (and the beat's distance from that frame), and
frames around the minute and ten-minute marks to the cue, bar, fractional beat and nearest click.
"""
from decimal import Decimal as D
from tempo_oracle import Cue, dec, expected, parse_label
from timecode_oracle import label_of, day_length


def answers(case, frames):
    cue = Cue(case)
    fps = dec(cue.fps)
    musical = []
    last_bar = max(e["bar"] for e in case["tempo"]) + 2
    for bar in range(1 - cue.count_in, last_bar + 1):
        for beat in [b for k in range(1, cue.bars[bar][0] + 1) for b in (k, k + 0.5)]:
            t = cue.time(cue.position(bar, beat))
            frame = cue.nearest_frame(t)
            musical.append({"input": f"{bar}|{beat:g}", "timecode": label_of(frame, cue.rate), "frames": frame, "seconds": float(t),
                            "offsetFrames": float(t * fps - (frame - cue.start))})
    first = cue.frame_at_or_before(cue.time(cue.position(1 - cue.count_in, 1)))
    # The cue's end as the oracle has it (given, or one bar past the last hit or tempo event).
    last = cue.start + (parse_label(expected(case)["end"]["timecode"], cue.rate) - cue.start) % day_length(cue.rate)
    timecodes = []
    for frame in frames:
        label = label_of(frame, cue.rate)
        if not first <= frame <= last:
            timecodes.append({"input": label, "inside": False})
            continue
        h = cue.hit({"at": label, "label": ""})
        p = cue.pulse_index_at(D(frame - cue.start) / fps)
        k = int(p.__floor__())
        near = min((k - 1, k, k + 1, k + 2), key=lambda i: abs(cue.time(i) - D(frame - cue.start) / fps))
        bar, beat = cue.bar_beat(near)
        timecodes.append({"input": label, "inside": True, "bar": h["bar"], "beat": h["beat"], "offsetFrames": h["offsetFrames"], "nearestClick": {"bar": bar, "beat": beat}})
    return {"musical": musical, "timecodes": timecodes}


def where_fixture(cases):
    odd = cases["odd-meters-2997df"]
    fast = cases["fast-5994df"]
    c_odd, c_fast = Cue(odd), Cue(fast)
    # Around minute 1 at 29.97 DF (00:00:59;29 -> 00:01:00;02) and across the whole cue every 7 frames.
    odd_frames = sorted(set(range(c_odd.start - 80, c_odd.start + 900, 7)) | set(range(c_odd.start + 55, c_odd.start + 70)))
    # Around the ten-minute mark (no labels dropped) and minute 11 (four dropped) at 59.94 DF.
    ten, eleven = parse_label("00:10:00;00", "59.94df"), parse_label("00:11:00;04", "59.94df")
    fast_frames = sorted(set(range(ten - 40, ten + 40)) | set(range(eleven - 40, eleven + 40)) | set(range(c_fast.start - 200, c_fast.start + 5200, 13)))
    # A rubato map of 120 decimal tempos and no end (its exact sums pass a double's range): every beat,
    # and a frame every 97 across the cue.
    rubato = cases["rubato-decimal-24"]
    c_rub = Cue(rubato)
    rubato_frames = list(range(c_rub.start - 40, c_rub.start + 6900, 97))
    return {"odd-meters-2997df": answers(odd, odd_frames), "fast-5994df": answers(fast, fast_frames), "rubato-decimal-24": answers(rubato, rubato_frames)}
