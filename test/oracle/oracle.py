#!/usr/bin/env python3
"""Writes the expected answers Sprocket's tests compare against (test/fixtures/), and the cue files
they are about (test/fixtures/cues/). Run it after changing a case: `npm run oracle`.

Needs only Python 3 (fractions, decimal) and PyYAML is not used: cue files are written by hand.
"""
import json
import os
import random
from timecode_oracle import timecode_fixture, tempo_value_fixture
from tempo_oracle import clicks, expected
from fit_oracle import clickbook_cases, fit_cases
from interchange_oracle import write_all as write_interchange
from conform_oracle import write_all as write_conform
from midi_oracle import write_all as write_midi
from where_oracle import where_fixture
from delivery_oracle import write_all as write_delivery
import score_oracle

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures")

CASES = {
    # The example: ramp, frame click, 6/8 in two, at 23.976.
    "night-train-23976": {
        "title": "Night Train", "fps": "23.976", "start": "01:02:10:05", "end": "01:03:02:00", "countIn": 2,
        "tempo": [{"bar": 1, "bpm": 120, "meter": "4/4"}, {"bar": 9, "click": "14-0"},
                  {"bar": 13, "bpm": 96, "ramp": True}, {"bar": 17, "meter": "6/8", "pulse": "3/8", "bpm": 60}],
        "click": {"subdivide": 2, "tacet": [{"from": 5, "to": 6}]},
        "hits": [{"at": "01:02:25:14", "label": "door slams"}, {"at": "01:02:40:00", "label": "cut to car", "flutter": 3},
                 {"bar": 21, "beat": 1, "label": "train", "streamer": "3s"}, {"at": "01:02:08:00", "label": "in the count-in"},
                 {"bar": 14, "beat": 2.5, "label": "mid-ramp"}, {"at": "01:02:37:11", "label": "in the ramp"},
                 {"at": "01:02:52:03", "label": "in six-eight"}],
    },
    # Odd and compound meters, frame clicks, mid-bar tempo changes, a ramp at 29.97 DF across minute 1.
    "odd-meters-2997df": {
        "fps": "29.97df", "start": "00:00:58;00", "countIn": 1,
        "tempo": [{"bar": 1, "meter": "7/8", "bpm": 180}, {"bar": 3, "meter": "6/8", "pulse": "3/8", "bpm": 70},
                  {"bar": 5, "click": "12-4"}, {"bar": 7, "beat": 2, "click": "14-0", "ramp": True},
                  {"bar": 8, "meter": "5/4"}, {"bar": 9, "beat": 3, "bpm": 100},
                  {"bar": 11, "meter": "3/4", "bpm": 90, "ramp": True}, {"bar": 13, "beat": 3, "bpm": 132}],
        "click": {"beeps": True},
        "hits": [{"at": "00:01:00;02", "label": "first DF label"}, {"at": "00:01:01;15", "label": "stab"},
                 {"bar": 6, "beat": 1.5, "label": "in the ramp"}, {"at": "00:01:10;10", "label": "five four"},
                 {"bar": 14, "beat": 2, "label": "last"}],
    },
    # 6/8 in six, then in two, ramps in a compound pulse, a meter-only change inside a ramp, 2/2.
    "compound-25": {
        "fps": "25", "start": "10:00:00:00", "end": "10:01:30:00", "countIn": 3,
        "tempo": [{"bar": 1, "meter": "6/8", "bpm": 240}, {"bar": 3, "meter": "6/8", "pulse": "3/8", "bpm": 80},
                  {"bar": 5, "bpm": 60, "ramp": True}, {"bar": 7, "meter": "12/8", "pulse": "3/8"},
                  {"bar": 9, "bpm": 90, "ramp": True}, {"bar": 11, "meter": "2/2"}],
        "hits": [{"at": "10:00:03:07", "label": "a"}, {"at": "10:00:10:00", "label": "b"}, {"at": "10:00:17:19", "label": "c"},
                 {"bar": 12, "beat": 2, "label": "d"}, {"at": "09:59:58:00", "label": "count-in"}],
    },
    # A count-in that starts the day before: timecode wraps at 24 hours.
    "midnight-24": {
        "fps": "24", "start": "00:00:02:00", "end": "00:00:20:00", "countIn": 2,
        "tempo": [{"bar": 1, "bpm": 120, "meter": "4/4"}, {"bar": 3, "click": "9-7"}],
        "hits": [{"at": "00:00:03:12", "label": "hit"}, {"at": "23:59:59:00", "label": "before midnight"}],
    },
    # 30 fps non-drop, 3/4, for the SMPTE Offset's rate bits.
    "simple-30": {
        "fps": "30", "start": "00:59:58:15", "end": "01:00:20:00", "countIn": 1,
        "tempo": [{"bar": 1, "bpm": 100, "meter": "3/4"}, {"bar": 5, "bpm": 75, "ramp": True}],
        "hits": [{"at": "01:00:05:00", "label": "on the hour"}],
    },
    # A long ramp (64 bars, 60 -> 180 BPM) at 29.97 non-drop, then 5/8: no error may build up along it.
    "long-ramp-2997": {
        "fps": "29.97", "start": "00:10:00:00", "countIn": 1,
        "tempo": [{"bar": 1, "bpm": 60, "meter": "4/4"}, {"bar": 65, "bpm": 180, "ramp": True}, {"bar": 70, "meter": "5/8"}],
        "hits": [{"bar": 40, "beat": 3, "label": "middle"}, {"at": "00:12:00:00", "label": "late"}],
    },
    # 59.94 DF across the ten-minute mark (no labels dropped) and minute 11 (four dropped).
    "fast-5994df": {
        "fps": "59.94df", "start": "00:09:59;00", "end": "00:11:20;00", "countIn": 2,
        "tempo": [{"bar": 1, "bpm": 140, "meter": "3/4"}, {"bar": 5, "click": "24-4", "meter": "4/4"},
                  {"bar": 9, "bpm": 70, "ramp": True}],
        "hits": [{"at": "00:10:00;00", "label": "ten"}, {"at": "00:11:00;04", "label": "eleven"}, {"bar": 8, "beat": 3, "label": "bar 8"}],
    },
    # A rubato map: a decimal tempo (6 places) on every bar and no end. Exact sums of such tempos pass
    # a double's range after about 85 events (the seconds came out NaN); they must stay right and fast.
    "rubato-decimal-24": {
        "fps": "24", "start": "01:00:00:00", "countIn": 1,
        "tempo": [{"bar": 1, "bpm": 96.5, "meter": "4/4"}] + [{"bar": b, "bpm": random.Random(b).randint(70000000, 130000000) / 1000000} for b in range(2, 121)],
        "hits": [{"bar": 110, "beat": 2.25, "label": "late by bar"}, {"at": "01:03:50:00", "label": "late by timecode"}],
    },
}


def yaml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    return json.dumps(v)


def cue_yaml(name, case):
    head = ["# Written by test/oracle/oracle.py: edit the case there and run `npm run oracle`."]
    head += [f"title: {json.dumps(case.get('title', name))}", f"fps: {json.dumps(case['fps'])}", "cues:"]
    cue = [f"  - id: {json.dumps(name)}", f"    start: {json.dumps(case['start'])}"]
    if "end" in case:
        cue.append(f"    end: {json.dumps(case['end'])}")
    cue.append(f"    countIn: {case.get('countIn', 2)}")
    if "click" in case:
        cue.append("    click: { " + ", ".join(f"{k}: {yaml_value(v) if not isinstance(v, list) else '[' + ', '.join('{ ' + ', '.join(f'{a}: {b}' for a, b in x.items()) + ' }' for x in v) + ']'}" for k, v in case["click"].items()) + " }")
    for key in ("tempo", "hits"):
        cue.append(f"    {key}:")
        for item in case.get(key, []):
            cue.append("      - { " + ", ".join(f"{k}: {yaml_value(v)}" for k, v in item.items()) + " }")
    return "\n".join(head + cue) + "\n"


def write(path, data):
    with open(path, "w") as f:
        f.write(data if isinstance(data, str) else json.dumps(data, indent=1) + "\n")


def main():
    write(os.path.join(FIXTURES, "timecode.json"), timecode_fixture())
    write(os.path.join(FIXTURES, "tempo-values.json"), tempo_value_fixture())
    results = {}
    for name, case in CASES.items():
        write(os.path.join(FIXTURES, "cues", f"{name}.yaml"), cue_yaml(name, case))
        results[name] = expected(case)
    write(os.path.join(FIXTURES, "cues.json"), results)
    write(os.path.join(FIXTURES, "clicks.json"), {name: {str(sr): clicks(case, sr) for sr in (48000, 44100)} for name, case in CASES.items()})
    fits = fit_cases()
    os.makedirs(os.path.join(FIXTURES, "fit"), exist_ok=True)
    for name, case in fits.items():
        write(os.path.join(FIXTURES, "fit", f"{name}.yaml"), cue_yaml(name, case))
    write(os.path.join(FIXTURES, "fit.json"), {name: case["expect"] for name, case in fits.items()})
    write(os.path.join(FIXTURES, "clickbook.json"), clickbook_cases())
    write(os.path.join(FIXTURES, "where.json"), where_fixture(CASES))
    n = write_interchange()
    k = write_conform()
    m = write_midi()
    d = write_delivery(FIXTURES)
    score_oracle.main()
    print(f"wrote timecode, tempo values, {len(CASES)} cues, {n} editorial files, {k} conform cases, {m} MIDI files and {d} delivered files to {os.path.normpath(FIXTURES)}")


if __name__ == "__main__":
    main()
