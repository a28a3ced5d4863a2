"""Scores written by notation programs, and the answers in exact fractions (test/fixtures/scores/).

Two kinds of file: MuseScore 3's own MusicXML exports (.musicxml and .mxl) of test scores made here
(the sources below, converted by `mscore3`, which must be installed: run with --musescore to remake
them), and files from the Unofficial MusicXML Test Suite (test/fixtures/scores/lilypond/, see
SOURCES.md there). For each file, its bar lines in seconds from bar 1 and its hits, read here
independently of Sprocket: the first part's measures walked through their durations, backups and
forwards, repeats and volta endings unrolled, every tempo (sound tempo, else the metronome mark, or a
metric modulation from the tempo before) applied from its place on, seconds summed as fractions.
"""
from fractions import Fraction as F
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "fixtures", "scores")
UNITS = {"whole": F(4), "half": F(2), "quarter": F(1), "eighth": F(1, 2), "16th": F(1, 4), "32nd": F(1, 8)}

# --- the test scores, as MusicXML sources MuseScore reads and writes again ---------------------------

def note(quarters, divisions, typ, dots=0):
    return f"<note><pitch><step>C</step><octave>5</octave></pitch><duration>{int(quarters * divisions)}</duration><voice>1</voice><type>{typ}</type>{'<dot/>' * dots}</note>"


def metronome(unit, dots, per_minute, qpm):
    return (f'<direction placement="above"><direction-type><metronome><beat-unit>{unit}</beat-unit>{"<beat-unit-dot/>" * dots}'
            f"<per-minute>{per_minute}</per-minute></metronome></direction-type><sound tempo=\"{qpm}\"/></direction>")


def words(text):
    return f'<direction placement="above"><direction-type><words>{text}</words></direction-type></direction>'


def rehearsal(text):
    return f'<direction placement="above"><direction-type><rehearsal>{text}</rehearsal></direction-type></direction>'


def time(beats, beat_type):
    return f"<attributes><time><beats>{beats}</beats><beat-type>{beat_type}</beat-type></time></attributes>"


def score(title, measures, second=None):
    """A score of one part (a flute), or two: `second` holds the cello's measures' contents."""
    body = "".join(f'<measure number="{n}"{extra}>{content}</measure>' for n, extra, content in measures)
    parts = '<score-part id="P1"><part-name>Flute</part-name></score-part>'
    cello = ""
    if second:
        parts += '<score-part id="P2"><part-name>Cello</part-name></score-part>'
        cello = '<part id="P2">' + "".join(f'<measure number="{n}"{extra}>{content}</measure>' for (n, extra, _), content in zip(measures, second)) + "</part>"
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<score-partwise version="3.1"><work><work-title>' + title + "</work-title></work>"
            "<part-list>" + parts + '</part-list><part id="P1">' + body + "</part>" + cello + "</score-partwise>\n")


D = 4  # divisions a quarter in the sources
FIRST = f"<attributes><divisions>{D}</divisions><key><fifths>0</fifths></key><time><beats>4</beats><beat-type>4</beat-type></time><clef><sign>G</sign><line>2</line></clef></attributes>"
SOURCES = {
    # A pick-up, 4/4 at 96, a rehearsal mark, a timecoded hit mid-bar, 2+2+3/8 with an eighth-note
    # mark, 6/8 in two with a dotted-quarter mark, a decimal tempo, a tempo mid-bar.
    "film-cue": score("Film Cue", [
        ("0", ' implicit="yes"', FIRST + metronome("quarter", 0, 96, 96) + note(1, D, "quarter")),
        ("1", "", note(4, D, "whole")),
        ("2", "", note(4, D, "whole")),
        ("3", "", rehearsal("A") + note(4, D, "whole")),
        ("4", "", note(1, D, "quarter") + words("door slams 01:00:09:12") + note(3, D, "half", 1)),
        ("5", "", time("2+2+3", 8) + metronome("eighth", 0, 240, 120) + note(F(7, 2), D, "half", 2)),
        ("6", "", note(F(7, 2), D, "half", 2)),
        ("7", "", time(6, 8) + metronome("quarter", 1, 72, 108) + note(3, D, "half", 1)),
        ("8", "", note(F(3, 2), D, "quarter", 1) + metronome("quarter", 1, 80, 120) + note(F(3, 2), D, "quarter", 1)),
        ("9", "", time(4, 4) + metronome("quarter", 0, "117.5", "117.5") + rehearsal("B") + note(4, D, "whole")),
        ("10", "", note(2, D, "half") + words("cut to black 01:00:19:20") + note(2, D, "half")),
        ("11", "", note(4, D, "whole") + '<barline location="right"><bar-style>light-heavy</bar-style></barline>'),
    ]),
    # 3/4 at 80, a repeat with first and second endings around a rehearsal mark, a tempo change after.
    "repeats": score("Repeats", [
        ("1", "", FIRST.replace("<beats>4</beats>", "<beats>3</beats>") + metronome("quarter", 0, 80, 80) + note(3, D, "half", 1)),
        ("2", "", note(3, D, "half", 1)),
        ("3", "", '<barline location="left"><repeat direction="forward"/></barline>' + rehearsal("R") + note(3, D, "half", 1)),
        ("4", "", '<barline location="left"><ending number="1" type="start"/></barline>' + note(3, D, "half", 1)
         + '<barline location="right"><ending number="1" type="stop"/><repeat direction="backward"/></barline>'),
        ("5", "", '<barline location="left"><ending number="2" type="start"/></barline>' + note(3, D, "half", 1)
         + '<barline location="right"><ending number="2" type="discontinue"/></barline>'),
        ("6", "", note(1, D, "quarter") + metronome("quarter", 0, 100, 100) + note(2, D, "half")),
        ("7", "", note(3, D, "half", 1) + words("end 01:00:14:00") + '<barline location="right"><bar-style>light-heavy</bar-style></barline>'),
    ]),
    # Two parts: the flute has the tempos and the marks; the cello plays two voices (a backup in every
    # bar) in 5/4 then 3/4, and its part must not change the reading.
    "two-parts": score("Two Parts", [
        ("1", "", FIRST.replace("<beats>4</beats>", "<beats>5</beats>") + metronome("quarter", 0, 132, 132) + note(5, D, "whole") ),
        ("2", "", note(5, D, "whole")),
        ("3", "", time(3, 4) + metronome("half", 1, 44, 132) + rehearsal("C") + note(3, D, "half", 1)),
        ("4", "", note(1, D, "quarter") + metronome("quarter", 0, 90, 90) + note(2, D, "half")),
        ("5", "", note(3, D, "half", 1) + '<barline location="right"><bar-style>light-heavy</bar-style></barline>'),
    ], second=[
        FIRST.replace("<beats>4</beats>", "<beats>5</beats>").replace("<sign>G</sign><line>2</line>", "<sign>F</sign><line>4</line>") + note(3, D, "half", 1) + note(2, D, "half") + f"<backup><duration>{5 * D}</duration></backup>" + note(5, D, "whole").replace("<voice>1</voice>", "<voice>2</voice>"),
        note(5, D, "whole"),
        time(3, 4) + note(1, D, "quarter") + note(1, D, "quarter") + note(1, D, "quarter"),
        note(3, D, "half", 1) + f"<backup><duration>{3 * D}</duration></backup>" + note(3, D, "half", 1).replace("<voice>1</voice>", "<voice>2</voice>"),
        note(3, D, "half", 1) + '<barline location="right"><bar-style>light-heavy</bar-style></barline>',
    ]),
}


def remake_with_musescore():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        env["XDG_RUNTIME_DIR"] = tmp
        for name, text in SOURCES.items():
            src = os.path.join(tmp, f"{name}-source.musicxml")
            with open(src, "w") as f:
                f.write(text)
            for ext in ("musicxml", "mxl"):
                subprocess.run(["mscore3", "-o", os.path.join(OUT, "musescore", f"{name}.{ext}"), src], check=True, env=env, capture_output=True)


# --- the independent reading ----------------------------------------------------------------------

def read_score(path):
    if path.endswith(".mxl"):
        z = zipfile.ZipFile(path)
        container = ET.fromstring(z.read("META-INF/container.xml"))
        root_file = container.find(".//rootfile").get("full-path")
        root = ET.fromstring(z.read(root_file))
    else:
        root = ET.parse(path).getroot()
    part = root.find("part")
    divisions = F(1)
    beats_in_bar = F(4)
    raw = []
    for m in part.findall("measure"):
        cursor, filled = F(0), F(0)
        events = []  # (position, kind, value)
        forward = backward = ending_start = None
        ending_stop = False
        for c in m:
            dur = lambda: F(int(c.find("duration").text)) / divisions if c.find("duration") is not None else F(0)
            if c.tag == "attributes":
                if c.find("divisions") is not None:
                    divisions = F(int(c.find("divisions").text))
                t = c.find("time")
                if t is not None:
                    beats = sum(int(x) for x in t.find("beats").text.split("+"))
                    beats_in_bar = F(beats * 4, int(t.find("beat-type").text))
            elif c.tag == "note":
                if c.find("chord") is None and c.find("grace") is None:
                    cursor += dur()
            elif c.tag == "backup":
                cursor -= dur()
            elif c.tag == "forward":
                cursor += dur()
            elif c.tag in ("direction", "sound"):
                sound = c if c.tag == "sound" else c.find("sound")
                met = c.find("direction-type/metronome") if c.tag == "direction" else None
                if sound is not None and sound.get("tempo") is not None:
                    events.append((cursor, "qpm", F(sound.get("tempo"))))
                elif met is not None:
                    units, last = [], None
                    for x in met:
                        if x.tag == "beat-unit":
                            last = UNITS[x.text]
                            units.append([last, 0])
                        elif x.tag == "beat-unit-dot":
                            units[-1][1] += 1
                    values = [u * (2 - F(1, 2 ** d)) for u, d in units]
                    per = met.find("per-minute")
                    if len(values) == 2:
                        events.append((cursor, "modulate", values[1] / values[0]))
                    elif per is not None and re.search(r"\d", per.text or ""):
                        events.append((cursor, "qpm", F(re.search(r"\d+(\.\d+)?", per.text).group(0)) * values[0]))
                if c.tag == "direction":
                    for dt in c.findall("direction-type/*"):
                        text = " ".join((dt.text or "").split())
                        if dt.tag == "rehearsal" and text:
                            events.append((cursor, "rehearsal", text))
                        elif dt.tag == "words" and re.search(r"\d\d:\d\d:\d\d[:;]\d\d", text):
                            events.append((cursor, "words", text))
            elif c.tag == "barline":
                r = c.find("repeat")
                if r is not None and r.get("direction") == "forward":
                    forward = True
                if r is not None and r.get("direction") == "backward":
                    backward = int(r.get("times", "2"))
                e = c.find("ending")
                if e is not None and e.get("type") == "start":
                    ending_start = [int(x) for x in re.split(r"[,\s]+", e.get("number")) if x]
                if e is not None and e.get("type") in ("stop", "discontinue"):
                    ending_stop = True
            filled = max(filled, cursor)
        raw.append({"implicit": m.get("implicit") == "yes", "length": filled if filled > 0 else beats_in_bar, "events": events,
                    "forward": forward, "backward": backward, "ending_start": ending_start, "ending_stop": ending_stop})
    # Repeats unrolled.
    played, i, start, pass_, skipping = [], 0, 0, 1, False
    while i < len(raw):
        m = raw[i]
        if m["forward"] and i != start:
            start, pass_ = i, 1
        if m["ending_start"]:
            skipping = pass_ not in m["ending_start"]
        skipped = skipping
        if not skipped:
            played.append((m, pass_))
        if m["ending_stop"]:
            skipping = False
        if m["backward"] is not None and not skipped:
            if pass_ < m["backward"]:
                pass_ += 1
                i = start
                continue
            start, pass_ = i + 1, 1
        i += 1
    return played


def answers(path):
    played = read_score(path)
    lead = 0
    while lead < len(played) - 1 and played[lead][0]["implicit"] and played[lead][1] == 1:
        lead += 1
    # Seconds at every measure's start from the score's start, the tempo 120 until the first one.
    qpm, t, starts, hits = F(120), F(0), [], []
    for m, pass_ in played:
        starts.append(t)
        pos = F(0)
        for at, kind, value in sorted(m["events"], key=lambda e: e[0]):
            t += (at - pos) * 60 / qpm
            pos = at
            if kind == "qpm":
                qpm = value
            elif kind == "modulate":
                qpm = qpm * value
            elif kind == "rehearsal":
                hits.append({"label": value if pass_ == 1 else f"{value} (time {pass_})", "seconds": t})
            elif kind == "words":
                tc = re.search(r"\d\d:\d\d:\d\d[:;]\d\d", value).group(0)
                hits.append({"label": " ".join(value.replace(tc, " ").split()), "timecode": tc, "seconds": t})
        t += (m["length"] - pos) * 60 / qpm
    bar1 = starts[lead]
    bars = [{"bar": k - lead + 1, "seconds": str(s - bar1)} for k, s in enumerate(starts) if k >= lead]
    bars.append({"bar": len(starts) - lead + 1, "seconds": str(t - bar1)})
    for h in hits:
        h["seconds"] = str(h["seconds"] - bar1)
    return {"bars": bars, "hits": hits}


def main():
    if "--musescore" in sys.argv:
        remake_with_musescore()
    expected = {}
    for folder in ("musescore", "lilypond"):
        for name in sorted(os.listdir(os.path.join(OUT, folder))):
            if name.endswith((".musicxml", ".mxl", ".xml")):
                expected[f"{folder}/{name}"] = answers(os.path.join(OUT, folder, name))
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    print(f"wrote {len(expected)} scores' answers to {os.path.relpath(os.path.join(OUT, 'expected.json'))}")


if __name__ == "__main__":
    main()
