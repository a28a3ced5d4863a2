"""A delivery folder for `sprocket verify` (test/fixtures/delivery/), from exact fractions.

A 29.97 DF cue file of three cues (one across minute 1, where labels are dropped; one with a
delivery start two seconds before bar 1, across the ten-minute mark; one nobody delivers), and the
files a composer might hand in: what each WAV's headers hold (sample rate, bit depth, channels,
time stamp in samples since midnight, length) and which checks it must fail. The test writes the
files from this with an independent WAV writer; every time stamp is the exact frame time times the
sample rate, rounded here (halves up, or floored where the other rounding is wanted).
"""
from fractions import Fraction as F
import json
import os
from tempo_oracle import Cue, parse_label
from timecode_oracle import label_of, round_half_up

RATE = "29.97df"
FPS = F(30000, 1001)
CUES = [
    {"id": "1M1", "title": "Opening Titles", "start": "01:00:58;11", "end": "01:01:08;00"},
    {"id": "1M2", "title": "The Chase", "start": "01:09:59;12", "deliveryStart": "01:09:57;12", "end": "01:10:10;00"},
    {"id": "1M3", "title": "Farewell", "start": "01:20:00;00", "end": "01:20:20;00"},
]
TEMPO = [{"bar": 1, "bpm": 120, "meter": "4/4"}]


def cue_file():
    lines = ["# Written by test/oracle/delivery_oracle.py: edit it there and run `npm run oracle`.", 'title: "Delivery Test"', f'fps: "{RATE}"', "cues:"]
    for c in CUES:
        lines.append(f'  - id: "{c["id"]}"')
        for key in ("title", "start", "deliveryStart", "end"):
            if key in c:
                lines.append(f'    {key}: "{c[key]}"')
        lines.append("    tempo:")
        lines += [f"      - {{ bar: {e['bar']}, bpm: {e['bpm']}, meter: {e['meter']} }}" for e in TEMPO]
    return "\n".join(lines) + "\n"


def exact_sample(frame, sample_rate):
    return F(frame) / FPS * sample_rate


def dashes(frame):
    return label_of(frame, RATE).replace(":", "-").replace(";", "-")


def deliveries():
    frames = {}
    for c in CUES:
        start = parse_label(c["start"], RATE)
        oracle_cue = Cue({"fps": RATE, "start": c["start"], "countIn": 2, "tempo": TEMPO})
        count_in = oracle_cue.frame_at_or_before(oracle_cue.time(oracle_cue.position(-1, 1)))
        frames[c["id"]] = {"bar1": start, "delivery": parse_label(c.get("deliveryStart", c["start"]), RATE),
                           "end": parse_label(c["end"], RATE), "countIn": count_in}
    files = []

    def add(name, cue, stem, expect, sample_rate=48000, bits=24, channels=2, start=None, stamp=None, seconds=None, **extra):
        f = frames[cue]
        at = f["delivery"] if start is None else start
        exact = exact_sample(at, sample_rate)
        # Lengths in 1/300 s: whole samples at both 48 and 44.1 kHz; two seconds past the cue's end.
        length = seconds if seconds is not None else F(((F(f["end"] - f["delivery"]) / FPS) * 300).__ceil__(), 300) + 2
        files.append({"name": name, "cue": cue, "stem": stem, "sampleRate": sample_rate, "bits": bits, "channels": channels,
                      "stamp": str(round_half_up(exact) if stamp is None else stamp(exact)), "samples": int(length * sample_rate),
                      "expect": expect, **extra})

    s1 = frames["1M1"]["bar1"]
    assert exact_sample(s1, 48000).denominator != 1 and (exact_sample(s1, 48000) % 1) >= F(1, 2), "1M1's bar 1 must fall past the middle of a sample"
    head = f"1M1_Opening-Titles_{{}}_{dashes(s1)}.wav"
    add(head.format("Strings"), "1M1", "Strings", [])
    add(head.format("Brass"), "1M1", "Brass", [])
    add(head.format("Percussion"), "1M1", "Percussion", ["sampleRate"], sample_rate=44100)
    add(head.format("Choir"), "1M1", "Choir", ["bitDepth"], bits=16)
    add(head.format("Synth"), "1M1", "Synth", ["stemLength"], seconds=F(((F(frames["1M1"]["end"] - s1) / FPS) * 300).__ceil__(), 300) + F(1, 2))
    add(head.format("FX"), "1M1", "FX", ["truncated"], truncateToBytes=200000)
    add(head.format("Harp"), "1M1", "Harp", ["stemStart"], stamp=lambda e: e.__floor__())
    add(head.format("Piano"), "1M1", "Piano", ["ixmlFlag"], ixml={"rate": "30000/1001", "flag": "NDF"})
    add(head.format("Celeste"), "1M1", "Celeste", ["channels"], channels=1)
    d2 = frames["1M2"]["delivery"]
    late = exact_sample(d2 + 1, 48000)
    add(f"1M2_The-Chase_Score_{dashes(d2 + 1)}.wav", "1M2", "Score", ["timestamp"], start=d2 + 1,
        offsetSamples=int(round_half_up(round_half_up(late) - exact_sample(d2, 48000))))
    add(f"1M2_The-Chase_Strings_{dashes(d2 - 5)}.wav", "1M2", "Strings", ["name"], rename=f"1M2_The-Chase_Strings_{dashes(d2)}.wav")
    add(f"1M2_The-Chase_Alt_{dashes(d2)}.wav", "1M2", "Alt", ["format"], mp3=True)
    stray = parse_label("00:30:00;00", RATE)
    files.append({"name": f"Temp_Love_Theme_{dashes(stray)}.wav", "cue": None, "stem": "Temp_Love_Theme", "sampleRate": 48000, "bits": 24, "channels": 2,
                  "stamp": str(round_half_up(exact_sample(stray, 48000))), "samples": 48000, "expect": ["cue"]})
    click = frames["1M2"]["countIn"]
    return {
        "cueFile": "delivery-2997df.yaml",
        "files": files,
        "click": {"cue": "1M2", "name": f"1M2_The-Chase_click_{dashes(click)}.wav", "stamp": str(round_half_up(exact_sample(click, 48000)))},
        "missing": ["1M3"],
        "labels": {k: {n: label_of(v, RATE) for n, v in f.items()} for k, f in frames.items()},
    }


def write_all(fixtures):
    out = os.path.join(fixtures, "delivery")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "delivery-2997df.yaml"), "w") as f:
        f.write(cue_file())
    data = deliveries()
    with open(os.path.join(out, "expected.json"), "w") as f:
        f.write(json.dumps(data, indent=1) + "\n")
    return len(data["files"])
