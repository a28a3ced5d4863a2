"""Editorial files (EDLs, marker lists, OTIO, FCPXML) written from positions designed in frames, and
the frames every reader must find in them (test/fixtures/interchange/).

Independent of Sprocket's TypeScript: labels come from timecode_oracle.label_of (which walks hours
and minutes), FCPXML times are exact fractions of seconds summed through the nesting here, and the
cue spans for `import --into` are worked out from the tempo by hand (constant tempos only).
"""
from fractions import Fraction as F
import json
import os
from timecode_oracle import RATES, fps, frame_of, label_of
from tempo_oracle import parse_label

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "fixtures", "interchange")


def ndf_twin(rate):
    return {"29.97df": "29.97", "59.94df": "59.94"}.get(rate, rate)


def lab(frame, rate, sep=None):
    """A label in the rate's own counting; `sep` forces the last separator (":" writes DF labels FCM-only)."""
    text = label_of(frame, rate)
    return text if sep is None else text[:8] + sep + text[9:]


def event_line(num, reel, chan, trans, s_in, s_out, r_in, r_out, rate, sep=None, gap="  "):
    tcs = " ".join(lab(x, rate, sep) for x in (s_in, s_out, r_in, r_out))
    return f"{num}{gap}{reel:<8} {chan:<5} {trans:<8} {tcs}"


def ev(id, r_in, r_out, s_in, track="V", speed=(1, 1), clip=None, file=None, reel=None, transition=None, s_out=None):
    e = {"id": id, "track": track, "recordIn": r_in, "recordOut": r_out, "sourceIn": s_in, "speed": list(speed)}
    if s_out is not None:
        e["sourceOut"] = s_out
    src = {k: v for k, v in (("clip", clip), ("file", file), ("reel", reel)) if v is not None}
    e["source"] = src
    if transition:
        e["transition"] = transition
    return e


def mk(frame, duration, label, colour=None):
    m = {"frame": frame, "duration": duration, "label": label}
    if colour:
        m["colour"] = colour
    return m


def edl_df_semicolon():
    """29.97 DF with ';' labels: cuts across 01:00:00;00 and the dropped 01:01:00;00, a dissolve, an M2
    freeze and a 200% M2, audio kept apart, LOC markers."""
    rate = "29.97df"
    r0 = frame_of(0, 59, 58, 0, rate)
    s0 = frame_of(10, 0, 0, 0, rate)
    lines = ["TITLE: REEL 3 v7", "FCM: DROP FRAME", ""]
    exp_events, exp_audio, exp_markers = [], [], []
    # 001: 100 frames across the hour.
    lines += [event_line("001", "A001C003", "V", "C", s0, s0 + 100, r0, r0 + 100, rate), "* FROM CLIP NAME:  3-12A", "* SOURCE FILE: A001C003_230101_R1AB.mov",
              f"* LOC: {lab(r0 + 61, rate)} RED     door slam: hard"]
    exp_events.append(ev("001", r0, r0 + 100, s0, clip="3-12A", file="A001C003_230101_R1AB.mov", reel="A001C003"))
    exp_markers.append(mk(r0 + 61, 0, "door slam: hard", "RED"))
    # 002: 1800 frames, across 01:01:00;02 (the labels ;00 and ;01 do not exist).
    r1 = r0 + 100
    lines += [event_line("002", "A001C004", "V", "C", s0 + 500, s0 + 2300, r1, r1 + 1800, rate), "* FROM CLIP NAME:  3-12B",
              f"* LOC: {lab(frame_of(1, 1, 0, 2, rate), rate)} GREEN   first label of minute 1"]
    exp_events.append(ev("002", r1, r1 + 1800, s0 + 500, clip="3-12B", reel="A001C004"))
    exp_markers.append(mk(frame_of(1, 1, 0, 2, rate), 0, "first label of minute 1", "GREEN"))
    # 003: a 30-frame dissolve from 3-12B into 3-14 (the outgoing side is zero length).
    r2 = r1 + 1800
    lines += [event_line("003", "A001C004", "V", "C", s0 + 2300, s0 + 2300, r2, r2, rate),
              event_line("003", "B002C001", "V", "D    030", s0 + 9000, s0 + 9240, r2, r2 + 240, rate),
              "EFFECTS NAME IS CROSS DISSOLVE", "* FROM CLIP NAME:  3-12B", "* TO CLIP NAME:  3-14"]
    exp_events.append(ev("003", r2, r2 + 240, s0 + 9000, clip="3-14", reel="B002C001", transition={"kind": "dissolve", "from": r2, "to": r2 + 30}))
    # 004: a freeze frame (M2 000.0): one source frame held for 45.
    r3 = r2 + 240
    lines += [event_line("004", "B002C002", "V", "C", s0 + 12000, s0 + 12001, r3, r3 + 45, rate), f"M2   B002C002       000.0                {lab(s0 + 12000, rate)}",
              "* FROM CLIP NAME:  3-15 FF", f"* LOC: {lab(r3 + 10, rate)} BLUE"]
    exp_events.append(ev("004", r3, r3 + 45, s0 + 12000, speed=(0, 1), clip="3-15 FF", reel="B002C002"))
    exp_markers.append(mk(r3 + 10, 0, "blue marker", "BLUE"))
    # 005: 200% (M2 060.0 at 30 labelled frames a second): 90 source frames in 45.
    r4 = r3 + 45
    lines += [event_line("005", "B002C003", "V", "C", s0 + 13000, s0 + 13090, r4, r4 + 45, rate), f"M2   B002C003       060.0                {lab(s0 + 13000, rate)}",
              "* FROM CLIP NAME:  3-16 (200%)"]
    exp_events.append(ev("005", r4, r4 + 45, s0 + 13000, speed=(2, 1), clip="3-16 (200%)", reel="B002C003"))
    # 006: sound only, kept apart.
    lines += [event_line("006", "A001C003", "AA", "C", s0, s0 + 1000, r0, r0 + 1000, rate), "* FROM CLIP NAME:  3-12A"]
    exp_audio.append(ev("006", r0, r0 + 1000, s0, track="AA", clip="3-12A", reel="A001C003"))
    return "\n".join(lines) + "\n", {"fps": rate, "format": "CMX 3600 EDL", "title": "REEL 3 v7", "events": exp_events, "audioEvents": exp_audio, "markers": exp_markers}


def edl_df_fcm_only():
    """29.97 DF written with ':' everywhere (the FCM line says drop frame), then FCM: NON-DROP FRAME
    between events, as Avid writes it for a source tape that counts non-drop: the source labels after
    it count every frame, the record labels (and LOCs) still count drop frame, as the sequence does."""
    rate = "29.97df"
    r0 = frame_of(0, 9, 59, 0, rate)
    s0 = frame_of(20, 0, 0, 0, rate)
    lines = ["TITLE: FCM ONLY", "FCM: DROP FRAME", ""]
    events, markers = [], []
    lines += [event_line("001", "C001", "V", "C", s0, s0 + 120, r0, r0 + 120, rate, sep=":"), "* FROM CLIP NAME:  ten minutes", f"* LOC: {lab(frame_of(0, 10, 0, 0, rate), rate, ':')} YELLOW  minute ten"]
    events.append(ev("001", r0, r0 + 120, s0, clip="ten minutes", reel="C001"))
    markers.append(mk(frame_of(0, 10, 0, 0, rate), 0, "minute ten", "YELLOW"))
    r1 = r0 + 120
    lines += [event_line("002", "C002", "V", "C", s0 + 200, s0 + 2000, r1, r1 + 1800, rate, sep=":"), "* FROM CLIP NAME:  eleven", f"* LOC: {lab(frame_of(0, 11, 0, 2, rate), rate, ':')} RED     minute eleven"]
    events.append(ev("002", r1, r1 + 1800, s0 + 200, clip="eleven", reel="C002"))
    markers.append(mk(frame_of(0, 11, 0, 2, rate), 0, "minute eleven", "RED"))
    lines += ["", "FCM: NON-DROP FRAME"]
    ndf = ndf_twin(rate)
    r2 = r1 + 1800
    tcs = " ".join([lab(s0 + 4000, ndf), lab(s0 + 4300, ndf), lab(r2, rate, ":"), lab(r2 + 300, rate, ":")])
    lines += [f"003  C003     V     C        {tcs}", "* FROM CLIP NAME:  source counted non-drop", f"* LOC: {lab(r2 + 150, rate, ':')} GREEN   record still drop frame"]
    events.append(ev("003", r2, r2 + 300, s0 + 4000, clip="source counted non-drop", reel="C003"))
    markers.append(mk(r2 + 150, 0, "record still drop frame", "GREEN"))
    # Back to a drop-frame source tape: FCM: DROP FRAME before the next event.
    r3 = r2 + 300
    lines += ["FCM: DROP FRAME", event_line("004", "C004", "V", "C", s0 + 5000, s0 + 5100, r3, r3 + 100, rate, sep=":"), "* FROM CLIP NAME:  drop frame again"]
    events.append(ev("004", r3, r3 + 100, s0 + 5000, clip="drop frame again", reel="C004"))
    assert label_of(s0 + 4000, ndf) != label_of(s0 + 4000, rate) and label_of(r2, ndf) != label_of(r2, rate), "the countings must differ here"
    return "\n".join(lines) + "\n", {"fps": rate, "format": "CMX 3600 EDL", "title": "FCM ONLY", "events": events, "audioEvents": [], "markers": markers}


def edl_avid_23976():
    """An Avid-style EDL at 23.976: CRLF, tabs mixed with spaces, 6-digit event numbers, every source
    comment (FROM CLIP NAME, SOURCE FILE, FROM CLIP, FROM FILE, none), a >>> SOURCE table, comments
    with and without '*', a reversed M2, a wipe, sound-only events, *LOC: without a space."""
    rate = "23.976"
    r0 = frame_of(1, 0, 0, 0, rate)
    lines = ["TITLE:   AVID 23976 ", "FCM: NON-DROP FRAME", ""]
    events, audio, markers = [], [], []

    def line(num, reel, chan, trans, s_in, s_out, r_in, r_out):
        return event_line(num, reel, chan, trans, s_in, s_out, r_in, r_out, rate, gap="\t ").replace("V     C", "V\tC", 1)
    s = frame_of(14, 2, 3, 4, rate)
    lines += [line("000001", "A026C019_170614_R287", "V", "C", s, s + 73, r0, r0 + 73), "*FROM CLIP NAME:  92-2A* ", "*LOC: " + lab(r0 + 5, rate) + " Green   Sc 92 INTERCUT ", "*ASC_SOP (0.9 0.9 0.9)(0 0 0)(1 1 1) "]
    events.append(ev("000001", r0, r0 + 73, s, clip="92-2A*", reel="A026C019_170614_R287"))
    markers.append(mk(r0 + 5, 0, "Sc 92 INTERCUT", "Green"))
    r = r0 + 73
    lines += [line("000002", "B027C005", "V", "C", s + 1000, s + 1100, r, r + 100), "* FROM CLIP:  S:\\path\\to\\B027C005.0001.exr"]
    events.append(ev("000002", r, r + 100, s + 1000, file="S:\\path\\to\\B027C005.0001.exr", reel="B027C005"))
    r += 100
    lines += [line("000003", "NUC1", "V", "C", s + 2000, s + 2050, r, r + 50), "* FROM FILE: /Volumes/Media/nucoda_0003.mov", "AUD  3    4"]
    events.append(ev("000003", r, r + 50, s + 2000, file="/Volumes/Media/nucoda_0003.mov", reel="NUC1"))
    r += 50
    # Reversed at normal speed: Avid writes M2 -024.0 and a one-frame source range.
    lines += [line("000004", "D004C005", "V", "C", s + 3000, s + 3001, r, r + 90), f"M2   D004C005      -024.0                {lab(s + 3000, rate)} ", "* FROM CLIP NAME:  92PT-5 REVERSE"]
    events.append(ev("000004", r, r + 90, s + 3000, speed=(-1, 1), clip="92PT-5 REVERSE", reel="D004C005"))
    r += 90
    # A wipe into a shot known only by its reel, widened by the source table below.
    lines += [line("000005", "D004C005", "V", "C", s + 3100, s + 3100, r, r), line("000005", "TAPE7", "V", "W001 025", s + 5000, s + 5060, r, r + 60), "EFFECTS NAME IS EDGE WIPE"]
    events.append(ev("000005", r, r + 60, s + 5000, reel="TAPE7_FULL_NAME_2023", transition={"kind": "wipe", "from": r, "to": r + 25}))
    lines += [line("000006", "A026C019_170614_R287", "A", "C", s, s + 73, r0, r0 + 73), line("000007", "A026C019_170614_R287", "A2", "C", s, s + 73, r0, r0 + 73)]
    audio += [ev("000006", r0, r0 + 73, s, track="A", reel="A026C019_170614_R287"), ev("000007", r0, r0 + 73, s, track="A2", reel="A026C019_170614_R287")]
    lines += ["", ">>> SOURCE TAPE7 TAPE7_FULL_NAME_2023 ", "REM generated for Sprocket's tests"]
    return "\r\n".join(lines) + "\r\n", {"fps": rate, "format": "CMX 3600 EDL", "title": "AVID 23976", "events": events, "audioEvents": audio, "markers": markers}


def edl_avid_sources_23976():
    """Avid at 23.976 with sources the way real cuts carry them: a 30 fps recorder's timecode (frame
    :29 is no label at 23.976: the record side is read, the source is said and left to conform), a
    dissolve whose two lines each carry a SOURCE FILE (the incoming shot gets the second), an M2 line
    for the outgoing side of a dissolve (its speed through the mix: no error), and a dissolve between
    two takes of one reel with one M2 line (the incoming side's). Then a 48 fps source with no M2 but
    a "48FPS" comment (read at 2x where the durations agree, said where they do not)."""
    rate = "23.976"
    r = frame_of(1, 0, 0, 0, rate)
    s = frame_of(12, 0, 0, 0, rate)
    lines = ["TITLE: SOURCES", "FCM: NON-DROP FRAME", ""]
    events, warnings = [], []
    line = lambda *a: event_line(*a, rate)
    lines += [line("001", "A001", "V", "C", s, s + 48, r, r + 48), "* FROM CLIP NAME:  a one", "* SOURCE FILE: A001.mov"]
    events.append(ev("001", r, r + 48, s, clip="a one", file="A001.mov", reel="A001"))
    r += 48
    lines += [f"002  REC30    V     C        14:02:03:29 14:02:05:29 {lab(r, rate)} {lab(r + 48, rate)}", "* FROM CLIP NAME:  30 fps recorder"]
    events.append({**ev("002", r, r + 48, 0, clip="30 fps recorder", reel="REC30"), "sourceUnread": True})
    warnings.append("Event 002: its source in 14:02:03:29")
    r += 48
    lines += [line("003", "B001", "V", "C", s + 500, s + 500, r, r), "* FROM CLIP NAME:  b one", "* SOURCE FILE: B001.mov",
              line("003", "C001", "V", "D    012", s + 900, s + 960, r, r + 60), "EFFECTS NAME IS CROSS DISSOLVE", "* TO CLIP NAME:  c one", "* SOURCE FILE: C001.mov"]
    events.append(ev("003", r, r + 60, s + 900, clip="c one", file="C001.mov", reel="C001", transition={"kind": "dissolve", "from": r, "to": r + 12}))
    r += 60
    lines += [line("004", "D001", "V", "C", s + 2000, s + 2000, r, r), line("004", "E001", "V", "D    010", s + 3000, s + 3040, r, r + 40),
              f"M2   D001       048.0                {lab(s + 2000, rate)}", "* FROM CLIP NAME:  d fast", "* TO CLIP NAME:  e one"]
    events.append(ev("004", r, r + 40, s + 3000, clip="e one", reel="E001", transition={"kind": "dissolve", "from": r, "to": r + 10}))
    r += 40
    lines += [line("005", "F001", "V", "C", s + 4000, s + 4000, r, r), line("005", "F001", "V", "D    008", s + 4200, s + 4280, r, r + 40),
              f"M2   F001       048.0                {lab(s + 4200, rate)}", "* FROM CLIP NAME:  f take 1", "* TO CLIP NAME:  f take 2"]
    events.append(ev("005", r, r + 40, s + 4200, speed=(2, 1), clip="f take 2", reel="F001", transition={"kind": "dissolve", "from": r, "to": r + 8}))
    r += 40
    # A 48 fps source played at its speed, said only by a comment (no M2): the source lasts twice the record.
    lines += [line("006", "G001", "V", "C", s + 6000, s + 6080, r, r + 40), "* FROM CLIP NAME:  G001 48FPS"]
    events.append(ev("006", r, r + 40, s + 6000, speed=(2, 1), clip="G001 48FPS", reel="G001"))
    r += 40
    # The same comment where the durations do not agree with it: read at speed 1, and said.
    lines += [line("007", "H001", "V", "C", s + 7000, s + 7040, r, r + 40), "* FROM CLIP NAME:  H001 48FPS"]
    events.append(ev("007", r, r + 40, s + 7000, clip="H001 48FPS", reel="H001"))
    warnings.append("Event 007: a comment says 48 FPS")
    return "\n".join(lines) + "\n", {"fps": rate, "format": "CMX 3600 EDL", "title": "SOURCES", "events": events, "audioEvents": [], "markers": [], "warnings": warnings}


def edl_avid_marker_table_24():
    """An Avid EDL whose markers come as a table after the events (a "Marker Metadata" heading and a
    row a marker: user, timecode, track, colour, comment, duration) instead of LOC lines. No public
    sample of this table was at hand: the layout follows the issue's description and Media Composer's
    marker list columns."""
    rate = "24"
    r = frame_of(1, 0, 0, 0, rate)
    s = frame_of(20, 0, 0, 0, rate)
    lines = ["TITLE: REEL 1 LOCK", "FCM: NON-DROP FRAME", "",
             event_line("001", "A001", "V", "C", s, s + 300, r, r + 300, rate), "* FROM CLIP NAME:  1-1A",
             event_line("002", "A002", "V", "C", s + 1000, s + 1400, r + 300, r + 700, rate), "* FROM CLIP NAME:  1-2A", "",
             "MARKER METADATA", "NAME            TC              TRACK   COLOR     COMMENT                        DURATION"]
    rows = [("Isabel Yanes", r + 36, "V1", "red", "door slam", 1), ("Isabel Yanes", r + 420, "V1", "green", "1M2 starts: the chase", 240),
            ("editor", r + 650, "A1", "yellow", "", 1)]
    lines += [f"{u:<16}{lab(f, rate):<16}{t:<8}{c:<10}{comment:<31}{d}" for u, f, t, c, comment, d in rows]
    markers = [mk(f, d, comment or u, c) for u, f, t, c, comment, d in rows]
    events = [ev("001", r, r + 300, s, clip="1-1A", reel="A001"), ev("002", r + 300, r + 700, s + 1000, clip="1-2A", reel="A002")]
    return "\r\n".join(lines) + "\r\n", {"fps": rate, "format": "CMX 3600 EDL", "title": "REEL 1 LOCK", "events": events, "audioEvents": [], "markers": markers}


def resolve_markers_25():
    """DaVinci Resolve's marker EDL: one-frame events, not in order, `note |C: |M: |D:` lines whose
    name and note hold '|'."""
    rate = "25"
    base = frame_of(10, 0, 0, 0, rate)
    items = [(base + 500, "Blue", "Marker 3", "", 1, "Marker 3"),
             (base + 100, "Red", "Door | slam", "hit | two", 1, "Door | slam"),
             (base + 250, "Green", "3M4 Chase", "the chase cue", 375, "3M4 Chase"),
             (base + 175, "Cream", "Marker 2", "car horn", 1, "car horn")]
    lines = ["TITLE: Timeline 1", "FCM: NON-DROP FRAME", ""]
    for i, (f, colour, name, note, dur, _) in enumerate(items):
        lines += [f"{i + 1:03d}  001      V     C        {lab(f, rate)} {lab(f + 1, rate)} {lab(f, rate)} {lab(f + 1, rate)}  ",
                  f"{(note + ' ') if note else ' '}|C:ResolveColor{colour} |M:{name} |D:{dur}", ""]
    markers = [mk(f, dur, label, colour) for (f, colour, name, note, dur, label) in items]
    return "\n".join(lines), {"fps": rate, "format": "CMX 3600 EDL", "title": "Timeline 1", "events": [], "audioEvents": [], "markers": markers}


def avid_markers_24():
    """Media Composer's marker list: user, timecode, track, colour, comment, duration (and newer
    versions' extra columns), CRLF."""
    rate = "24"
    base = frame_of(1, 0, 0, 0, rate)
    rows = [("Isabel Yanes", base + 36, "V1", "red", "VFX - fade in", "1", ""),
            ("Isabel Yanes", base + 1000, "V1", "magenta", "3M2 The Chase", "480", ""),
            ("editor", base + 1200, "A1", "yellow", "", "1", ""),
            ("editor", base + 2000, "V1", "white", "door: slams \"hard\"", "1", "\t\twhite")]
    text = "".join(f"{u}\t{lab(f, rate)}\t{t}\t{c}\t{comment}\t{d}{extra}\r\n" for (u, f, t, c, comment, d, extra) in rows)
    markers = [mk(f, int(d), comment or u, c) for (u, f, t, c, comment, d, extra) in rows]
    return text, {"fps": rate, "format": "Avid marker list", "events": [], "audioEvents": [], "markers": markers}


def avid_markers_cr_25():
    """Media Composer's marker list where an editor pressed Return inside comments: the CR stays in
    the field (a lone CR, or two), lines end with LF. A field with a CR is one field; the break reads
    as a space."""
    rate = "25"
    base = frame_of(1, 0, 0, 0, rate)
    rows = [("ed", base + 250, "V1", "red", "door slam\rhard, on the cut", "1"),
            ("ed", base + 500, "V1", "green", "3M1 starts", "1"),
            ("ed", base + 1000, "V1", "yellow", "two lines\r\rand a blank one", "1"),
            ("ed", base + 1500, "V1", "blue", "ends in a return\r", "1")]
    text = "".join(f"{u}\t{lab(f, rate)}\t{t}\t{c}\t{comment}\t{d}\n" for (u, f, t, c, comment, d) in rows)
    words = lambda c: " ".join(c.replace("\r", " ").split())
    markers = [mk(f, int(d), words(comment), c) for (u, f, t, c, comment, d) in rows]
    return text, {"fps": rate, "format": "Avid marker list", "events": [], "audioEvents": [], "markers": markers}


def premiere_markers(rate, header, rows_spec):
    """Premiere Pro's marker list: UTF-16 LE with a BOM, tabs, CRLF, a trailing tab, a header in the
    user's language; drop frame written with ';' throughout."""
    df = RATES[rate][3] > 0

    def tc(f):
        t = label_of(f, rate)
        return t.replace(":", ";") if df else t
    lines = ["\t".join(header) + "\t"]
    markers = []
    for name, desc, f_in, length in rows_spec:
        lines.append("\t".join([name, desc, tc(f_in), tc(f_in + length), tc(length), "Kommentar"]) + "\t")
        markers.append(mk(f_in, length, name or desc))
    text = "\r\n".join(lines) + "\r\n"
    return b"\xff\xfe" + text.encode("utf-16-le"), {"fps": rate, "format": "Premiere Pro marker list", "events": [], "audioEvents": [], "markers": markers}


def rt(value, rate=24000 / 1001):
    return {"OTIO_SCHEMA": "RationalTime.1", "rate": rate, "value": float(value)}


def tr(start, duration, rate=24000 / 1001):
    return {"OTIO_SCHEMA": "TimeRange.1", "start_time": rt(start, rate), "duration": rt(duration, rate)}


def otio_nested_23976():
    """OTIO at 23.976 (the rate as the float 23.976023976023979): global_start_time, gaps, clip markers
    in the clip's own time, a transition, a LinearTimeWarp, a FreezeFrame, a nested stack with markers
    (one in a part its range trims away), a second video track trimmed by its source_range, sound."""
    G = frame_of(1, 0, 0, 0, "23.976")
    def clip(name, start, dur, markers=(), effects=(), url=None):
        ref = {"OTIO_SCHEMA": "ExternalReference.1", "target_url": url} if url else {"OTIO_SCHEMA": "MissingReference.1"}
        return {"OTIO_SCHEMA": "Clip.2", "name": name, "source_range": tr(start, dur), "effects": list(effects), "markers": list(markers),
                "media_references": {"DEFAULT_MEDIA": ref}, "active_media_reference_key": "DEFAULT_MEDIA"}
    def marker2(name, at, colour):
        return {"OTIO_SCHEMA": "Marker.2", "name": name, "color": colour, "marked_range": tr(at, 0)}
    def marker3(name, at, colour, comment=""):
        return {"OTIO_SCHEMA": "Marker.3", "name": name, "comment": comment, "color": {"OTIO_SCHEMA": "Color.1", "name": colour, "r": 0.0, "g": 1.0, "b": 0.0, "a": 1.0}, "marked_range": tr(at, 0)}
    gap = lambda n: {"OTIO_SCHEMA": "Gap.1", "source_range": tr(0, n)}
    nest = {"OTIO_SCHEMA": "Stack.1", "name": "nest", "source_range": tr(10, 100), "markers": [marker2("nest marker", 90, "YELLOW")],
            "children": [{"OTIO_SCHEMA": "Track.1", "kind": "Video", "name": "inner", "children": [clip("inner", 0, 200, markers=[marker2("inner hit", 50, "BLUE"), marker2("trimmed away", 5, "RED")])]}]}
    v1 = {"OTIO_SCHEMA": "Track.1", "name": "V1", "kind": "Video", "children": [
        gap(48),
        clip("shot A", 1000, 120, markers=[marker2("door", 1050, "RED")], url="file:///media/A.mov"),
        {"OTIO_SCHEMA": "Transition.1", "name": "dissolve", "transition_type": "SMPTE_Dissolve", "in_offset": rt(6), "out_offset": rt(6)},
        clip("shot B", 500, 200, markers=[marker3("car", 600, "GREEN", "a comment")], effects=[{"OTIO_SCHEMA": "LinearTimeWarp.1", "name": "2x", "time_scalar": 2.0}]),
        nest,
        # An older writer's Clip.1, with one media_reference.
        {"OTIO_SCHEMA": "Clip.1", "name": "frozen", "source_range": tr(2000, 24), "effects": [{"OTIO_SCHEMA": "FreezeFrame.1", "name": "hold", "time_scalar": 0.0}],
         "markers": [], "media_reference": {"OTIO_SCHEMA": "ExternalReference.1", "target_url": "file:///media/F.mov"}},
    ]}
    v2 = {"OTIO_SCHEMA": "Track.1", "name": "V2", "kind": "Video", "source_range": tr(24, 200), "children": [gap(60), clip("title", 0, 100, markers=[marker2("title hit", 30, "WHITE")])]}
    a1 = {"OTIO_SCHEMA": "Track.1", "name": "A1", "kind": "Audio", "children": [clip("music", 0, 300)]}
    timeline = {"OTIO_SCHEMA": "Timeline.1", "name": "nested", "global_start_time": rt(G, 23.976023976023979),
                "tracks": {"OTIO_SCHEMA": "Stack.1", "name": "tracks", "markers": [marker2("stack marker", 200, "PINK")], "children": [v1, v2, a1]}}
    events = [ev("2", G + 48, G + 168, 1000, clip="shot A", file="file:///media/A.mov"),
              ev("4", G + 168, G + 368, 500, speed=(2, 1), clip="shot B", transition={"kind": "dissolve", "from": G + 162, "to": G + 174}),
              ev("5", G + 368, G + 468, 10, clip="nest"),
              ev("6", G + 468, G + 492, 2000, speed=(0, 1), clip="frozen", file="file:///media/F.mov"),
              ev("2", G + 36, G + 136, 0, track="V2", clip="title")]
    markers = [mk(G + 200, 0, "stack marker", "PINK"), mk(G + 98, 0, "door", "RED"), mk(G + 268, 0, "car", "GREEN"),
               mk(G + 448, 0, "nest marker", "YELLOW"), mk(G + 408, 0, "inner hit", "BLUE"), mk(G + 66, 0, "title hit", "WHITE")]
    return json.dumps(timeline, indent=2) + "\n", {"fps": "23.976", "format": "OpenTimelineIO", "title": "nested", "events": events, "audioEvents": [ev("1", G, G + 300, 0, track="A", clip="music")], "markers": markers, "droppedMarkers": 1}


def otio_stack_clips_24():
    """OTIO at 24 from 01:00:00:00 whose first video track holds only a gap (the picture is on V2), and
    a clip straight in the timeline's stack, as OTIO's own nested_example.otio has one: it starts at
    the stack's time 0 and is read as a track of its own."""
    G = frame_of(1, 0, 0, 0, "24")
    r = lambda v: rt(v, 24.0)
    t_ = lambda s, d: {"OTIO_SCHEMA": "TimeRange.1", "start_time": r(s), "duration": r(d)}
    def clip(name, start, dur, markers=()):
        return {"OTIO_SCHEMA": "Clip.2", "name": name, "source_range": t_(start, dur), "effects": [], "markers": list(markers),
                "media_references": {"DEFAULT_MEDIA": {"OTIO_SCHEMA": "MissingReference.1"}}, "active_media_reference_key": "DEFAULT_MEDIA"}
    marker = lambda name, at: {"OTIO_SCHEMA": "Marker.2", "name": name, "color": "RED", "marked_range": t_(at, 0)}
    v1 = {"OTIO_SCHEMA": "Track.1", "name": "V1", "kind": "Video", "children": [{"OTIO_SCHEMA": "Gap.1", "source_range": t_(0, 500)}]}
    v2 = {"OTIO_SCHEMA": "Track.1", "name": "V2", "kind": "Video", "children": [clip("wide", 100, 120), clip("close", 40, 96), clip("insert", 0, 60)]}
    loose = clip("slate", 1000, 48, markers=[marker("slate hit", 1010)])
    timeline = {"OTIO_SCHEMA": "Timeline.1", "name": "stack clips", "global_start_time": r(G),
                "tracks": {"OTIO_SCHEMA": "Stack.1", "name": "tracks", "children": [v1, v2, loose]}}
    events = [ev("1", G, G + 120, 100, track="V2", clip="wide"), ev("2", G + 120, G + 216, 40, track="V2", clip="close"),
              ev("3", G + 216, G + 276, 0, track="V2", clip="insert"), ev("3", G, G + 48, 1000, track="V3", clip="slate")]
    return json.dumps(timeline, indent=2) + "\n", {"fps": "24", "format": "OpenTimelineIO", "title": "stack clips", "events": events, "audioEvents": [], "markers": [mk(G + 10, 0, "slate hit", "RED")],
                                                   "cuts": [{"label": "cut to close", "frame": G + 120}, {"label": "cut to insert", "frame": G + 216}]}


def first_sample(frame, rate, sample_rate=48000):
    """The first sample (48 kHz) inside a frame counted from the session start: ceil(frame x sample_rate / fps)."""
    return -((-frame * sample_rate / fps(rate)).__floor__())


def protools_session(name, rate, start, counter, markers, tracks=(), newer=False, sample_rate=48000):
    """Pro Tools' "Export Session Info as Text": header lines, the TRACK LISTING (one block a track, its
    clips with START TIME in the main counter) and the MARKERS LISTING (LOCATION in the main counter,
    TIME REFERENCE in samples from the session start). Columns padded with spaces before the tab, as
    Pro Tools writes them. `markers`: (samples from start, name, comment, track, type)."""
    fmt = {"23.976": "23.976 Frame", "24": "24 Frame", "25": "25 Frame", "29.97": "29.97 Frame", "29.97df": "29.97 Drop Frame"}[rate]
    f0 = parse_label(start, rate)
    frame_at = lambda samples: f0 + (F(samples) * fps(rate) / sample_rate).__floor__()
    def where(samples):
        return label_of(frame_at(samples), rate) if counter == "timecode" else str(samples)
    pad = lambda text, width: f"{text:<{width}}"
    lines = [f"SESSION NAME:\t{name}", f"SAMPLE RATE:\t{sample_rate}.000000", "BIT DEPTH:\t24-bit", f"SESSION START TIMECODE:\t{start}{'.00' if counter == 'samples' else ''}",
             f"TIMECODE FORMAT:\t{fmt}", f"# OF AUDIO TRACKS:\t{len(tracks)}", "# OF AUDIO CLIPS:\t0", "# OF AUDIO FILES:\t0", "", "",
             "T R A C K  L I S T I N G"]
    for track, clips in tracks:
        lines += [f"TRACK NAME:\t{track}", "COMMENTS:\t", "USER DELAY:\t0 Samples", "STATE: ", "PLUG-INS: ",
                  "CHANNEL \tEVENT   \tCLIP NAME                     \tSTART TIME    \tEND TIME      \tDURATION      \tSTATE"]
        for k, (samples, clip) in enumerate(clips):
            length = label_of(frame_at(samples + sample_rate) - frame_at(samples), rate) if counter == "timecode" else str(sample_rate)
            lines.append(f"1       \t{pad(k + 1, 8)}\t{pad(clip, 30)}\t{where(samples):>14}\t{where(samples + sample_rate):>14}\t{length:>14}\tUnmuted")
        lines += ["", ""]
    cols = ["#   ", "LOCATION     ", "TIME REFERENCE    ", "UNITS    ", pad("NAME", 33)] + ([pad("TRACK NAME", 33), "TRACK TYPE   "] if newer else []) + ["COMMENTS"]
    lines += ["M A R K E R S  L I S T I N G", "\t".join(cols)]
    for k, (samples, label, comment, track, kind) in enumerate(markers):
        cells = [pad(k + 1, 4), pad(where(samples), 13), pad(samples, 18), pad("Samples", 9), pad(label, 33)] + ([pad(track, 33), pad(kind, 13)] if newer else []) + [comment]
        lines.append("\t".join(cells))
    expected = [mk(frame_at(samples), 0, label or comment) for samples, label, comment, _, _ in markers]
    clips = {track: [{"label": clip, "frame": frame_at(samples)} for samples, clip in cl] for track, cl in tracks}
    return "\n".join(lines) + "\n", {"fps": rate, "format": "Pro Tools session text", "title": name, "events": [], "audioEvents": [], "markers": expected, "clips": clips}


def reaper_markers_24():
    """REAPER's Region/Marker Manager export with the time display in Timecode: #,Name,Start,End,Length;
    markers M1.., regions R1.. with an end and a length (a name with a comma, quoted)."""
    rate = "24"
    b = frame_of(1, 0, 0, 0, rate)
    rows = [("M1", "door slam", b + 250, None), ("R1", "3M2, the chase", b + 1440, b + 2520), ("M2", "car horn", b + 1999, None)]
    q = lambda t: f'"{t}"' if "," in t else t
    text = "#,Name,Start,End,Length\n" + "".join(f"{i},{q(n)},{lab(f, rate)},{lab(e, rate) if e else ''},{lab(e - f, rate) if e else ''}\n" for i, n, f, e in rows)
    markers = [mk(f, (e - f) if e else 0, n) for i, n, f, e in rows]
    return text, {"fps": rate, "format": "DAW marker list (CSV)", "events": [], "audioEvents": [], "markers": markers}


def reaper_markers_25_seconds():
    """REAPER's export with the time display in Minutes:Seconds (the ruler's seconds from 0): each marker
    on the frame that holds its instant; one between frames."""
    rate = "25"
    times = [("M1", "one hour", F(3600)), ("M2", "between", F(3610499, 1000)), ("M3", "ten", F(36101, 10))]
    clock = lambda t: f"{int(t // 3600)}:{int(t % 3600 // 60):02d}:{float(t % 60):06.3f}"
    text = "#,Name,Start,End,Length\r\n" + "".join(f"{i},{n},{clock(t)},,\r\n" for i, n, t in times)
    markers = [mk((t * fps(rate)).__floor__(), 0, n) for i, n, t in times]
    return text, {"fps": rate, "format": "DAW marker list (CSV)", "events": [], "audioEvents": [], "markers": markers}


def cubase_markers_23976():
    """Cubase / Nuendo markers as CSV (the Markers window's export), as far as its columns are known:
    quoted fields, an ID, a Position in timecode, End and Length for cycle markers, a Description."""
    rate = "23.976"
    b = frame_of(1, 0, 0, 0, rate)
    rows = [("1", b + 100, None, "Marker 1"), ("2", b + 900, b + 1500, "Cue 1M4"), ("3", b + 1200, None, "Tür \"knallt\"")]
    cell = lambda t: '"' + t.replace('"', '""') + '"'
    text = '"ID","Position","End","Length","Description"\n' + "".join(",".join([cell(i), cell(lab(f, rate)), cell(lab(e, rate) if e else ""), cell(lab(e - f, rate) if e else ""), cell(d)]) + "\n" for i, f, e, d in rows)
    markers = [mk(f, (e - f) if e else 0, d) for i, f, e, d in rows]
    return text, {"fps": rate, "format": "DAW marker list (CSV)", "events": [], "audioEvents": [], "markers": markers}


def fcp_time(x):
    """An FCPXML time: rational seconds, reduced."""
    x = F(x)
    return f"{x.numerator}s" if x.denominator == 1 else f"{x.numerator}/{x.denominator}s"


def fcpxml_document(version, resources, event, project, sequence, spine):
    """An FCPXML file as Final Cut writes one: resources, then library > event > project > sequence > spine."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE fcpxml>
<fcpxml version="{version}">
  <resources>
{resources}
  </resources>
  <library>
    <event name="{event}">
      <project name="{project}">
        <sequence {sequence}>
          <spine>
{spine}
          </spine>
        </sequence>
      </project>
    </event>
  </library>
</fcpxml>
"""


def fcpxml_nested_2997df():
    """FCPXML 1.10 at 29.97 DF from 00:59:58;00, written as Final Cut writes it: tcStart is the first
    label's time and the spine's offsets are in the sequence's own time, so they begin at tcStart.
    Markers in clips in gaps, in a clip connected to a connected clip, in a secondary storyline, in a
    ref-clip, a chapter marker, a 2x timeMap, a transition, a marker trimmed out of view, and one on a
    sync-clip's own component (not on the timeline). Positions are summed here in exact seconds."""
    rate = "29.97df"
    fd = F(1001, 30000)
    f = lambda n: n * fd
    T0 = frame_of(0, 59, 58, 0, rate)
    t = fcp_time
    # Record frame of an element's local time x: parent's mapping at the element's offset, plus (x - start).
    rec = lambda parent_at_offset, start, x: parent_at_offset + (F(x) - F(start)) / fd
    a_start, c_start, ref_start = f(900), f(50), f(24)
    gap_start = F(3600)
    broll_at = rec(T0 + 150, gap_start, gap_start + f(20))   # the gap sits at T0+150
    inner_at = rec(broll_at, 0, f(5))
    spine_at = rec(T0 + 270, c_start, c_start + f(60))
    # Spine offsets: the sequence's time, which begins at tcStart.
    at = lambda n: t(T0 * fd + f(n))
    resources = f"""\
    <format id="r1" name="FFVideoFormat1080p2997" frameDuration="1001/30000s" width="1920" height="1080"/>
    <asset id="r2" name="A" start="0s" duration="{t(f(5000))}" hasVideo="1" hasAudio="1" format="r1"><media-rep kind="original-media" src="file:///media/A.mov"/></asset>
    <asset id="r3" name="C" start="0s" duration="{t(f(5000))}" hasVideo="1" format="r1" src="file:///media/C.mov"/>
    <asset id="r5" name="D" start="0s" duration="{t(f(500))}" hasVideo="1" format="r1" src="file:///media/D.mov"/>
    <asset id="r6" name="B" start="0s" duration="{t(f(500))}" hasVideo="1" format="r1" src="file:///media/B.mov"/>
    <media id="r4" name="compound one"><sequence format="r1" duration="{t(f(1000))}"><spine><asset-clip ref="r5" offset="0s" duration="{t(f(1000))}" name="D"><marker start="0s" duration="{t(fd)}" value="inside the compound"/></asset-clip></spine></sequence></media>"""
    spine = f"""\
            <asset-clip ref="r2" name="A" offset="{at(0)}" start="{t(a_start)}" duration="{t(f(150))}" tcFormat="DF">
              <marker start="{t(a_start + f(30))}" duration="{t(fd)}" value="door slam" note="hard"/>
              <chapter-marker start="{t(a_start + f(100))}" duration="{t(fd)}" value="Chapter 2" posterOffset="0s"/>
              <audio ref="r2" lane="-1" offset="{t(a_start)}" duration="{t(f(150))}" role="dialogue"/>
            </asset-clip>
            <gap name="Gap" offset="{at(150)}" start="3600s" duration="{t(f(120))}">
              <clip name="B-roll" lane="1" offset="{t(gap_start + f(20))}" duration="{t(f(60))}">
                <video ref="r6" offset="0s" duration="{t(f(60))}"/>
                <marker start="{t(f(10))}" duration="{t(fd)}" value="b-roll hit"/>
                <asset-clip ref="r5" name="inner" lane="1" offset="{t(f(5))}" start="{t(f(100))}" duration="{t(f(30))}">
                  <marker start="{t(f(107))}" duration="{t(fd)}" value="inner hit"/>
                </asset-clip>
              </clip>
            </gap>
            <clip name="C" offset="{at(270)}" start="{t(c_start)}" duration="{t(f(200))}">
              <video ref="r3" offset="{t(c_start)}" duration="{t(f(400))}"/>
              <timeMap><timept time="0s" value="0s" interp="linear"/><timept time="10s" value="20s" interp="linear"/></timeMap>
              <marker start="{t(c_start + f(40))}" duration="{t(fd)}" value="fast hit" completed="0"/>
              <spine lane="1" offset="{t(c_start + f(60))}">
                <asset-clip ref="r5" name="D" offset="0s" duration="{t(f(40))}"><marker start="{t(f(10))}" duration="{t(fd)}" value="storyline hit"/></asset-clip>
                <asset-clip ref="r6" name="E" offset="{t(f(40))}" duration="{t(f(40))}"/>
              </spine>
            </clip>
            <transition name="Cross Dissolve" offset="{at(460)}" duration="{t(f(20))}"/>
            <ref-clip ref="r4" name="compound" offset="{at(470)}" start="{t(ref_start)}" duration="{t(f(100))}">
              <marker start="{t(ref_start + f(12))}" duration="{t(f(24))}" value="compound hit" note="two seconds? no: 24 frames"/>
              <marker start="0s" duration="{t(fd)}" value="trimmed out"/>
            </ref-clip>
            <sync-clip name="synced" offset="{at(570)}" start="{t(f(10))}" duration="{t(f(30))}">
              <asset-clip ref="r5" name="sync picture" offset="{t(f(10))}" duration="{t(f(30))}"><marker start="{t(f(20))}" duration="{t(fd)}" value="on the component"/></asset-clip>
              <audio ref="r2" lane="-1" offset="{t(f(10))}" duration="{t(f(30))}"/>
              <marker start="{t(f(25))}" duration="{t(fd)}" value="sync hit"/>
            </sync-clip>"""
    xml = fcpxml_document("1.10", resources, "Reel 3", "Reel 3 v12", f'format="r1" duration="{t(f(600))}" tcStart="{t(T0 * fd)}" tcFormat="DF"', spine)
    def as_int(x):
        assert F(x).denominator == 1, f"the fixture puts {x} between frames"
        return int(x)
    events = [ev("A", T0, T0 + 150, 900, clip="A", file="file:///media/A.mov"),
              ev("B-roll", as_int(broll_at), as_int(broll_at) + 60, 0, track="V2", clip="B-roll", file="file:///media/B.mov"),
              ev("inner", as_int(inner_at), as_int(inner_at) + 30, 100, track="V2", clip="inner", file="file:///media/D.mov"),
              ev("C", T0 + 270, T0 + 470, 50, speed=(2, 1), clip="C", file="file:///media/C.mov"),
              ev("D", as_int(spine_at), as_int(spine_at) + 40, 0, track="V2", clip="D", file="file:///media/D.mov"),
              ev("E", as_int(spine_at) + 40, as_int(spine_at) + 80, 0, track="V2", clip="E", file="file:///media/B.mov"),
              ev("compound", T0 + 470, T0 + 570, 24, clip="compound one", transition={"kind": "dissolve", "from": T0 + 460, "to": T0 + 480}),
              ev("synced", T0 + 570, T0 + 600, 10, clip="synced", file="file:///media/D.mov")]
    markers = [mk(as_int(rec(T0, a_start, a_start + f(30))), 1, "door slam"), mk(as_int(rec(T0, a_start, a_start + f(100))), 1, "Chapter 2"),
               mk(as_int(rec(broll_at, 0, f(10))), 1, "b-roll hit"), mk(as_int(rec(inner_at, f(100), f(107))), 1, "inner hit"),
               mk(as_int(rec(T0 + 270, c_start, c_start + f(40))), 1, "fast hit"), mk(as_int(rec(spine_at, 0, f(10))), 1, "storyline hit"),
               mk(as_int(rec(T0 + 470, ref_start, ref_start + f(12))), 24, "compound hit"), mk(as_int(rec(T0 + 570, f(10), f(25))), 1, "sync hit")]
    return xml, {"fps": rate, "format": "FCPXML 1.10", "title": "Reel 3 v12", "events": events, "audioEvents": [ev("audio", T0, T0 + 150, 0, track="A"), ev("audio", T0 + 570, T0 + 600, 0, track="A")], "markers": markers, "droppedMarkers": 1, "hiddenMarkers": 1}


def fcpxml_auditions_25(hour=False):
    """FCPXML 1.11 at 25 fps from tcStart 0s (or, with `hour`, from 3600s with the spine's offsets from
    it, as Final Cut and Resolve write a sequence that starts at 01:00:00:00): an audition on the spine whose active pick has offset 0s
    (its time begins at the audition's offset) and a connected audition whose lane is on the audition
    element; the alternatives' markers are not read. A disabled connected clip's marker is left out."""
    rate = "25"
    fd = F(1, 25)
    f = lambda n: n * fd
    t = fcp_time
    H = 90000 if hour else 0          # the sequence's first frame: tcStart, and the spine's first offset
    resources = f"""\
    <format id="r1" name="FFVideoFormat1080p25" frameDuration="1/25s" width="1920" height="1080"/>
    <asset id="r2" name="Wide" start="0s" duration="600s" hasVideo="1" format="r1" src="file:///media/wide.mov"/>
    <asset id="r3" name="Close" start="0s" duration="600s" hasVideo="1" format="r1" src="file:///media/close.mov"/>
    <asset id="r4" name="Insert" start="0s" duration="600s" hasVideo="1" format="r1" src="file:///media/insert.mov"/>"""
    spine = f"""\
            <asset-clip ref="r2" name="Wide" offset="{t(f(H))}" start="{t(f(250))}" duration="{t(f(750))}">
              <audition lane="1" offset="{t(f(250 + 100))}">
                <asset-clip ref="r4" name="Insert take 2" offset="0s" start="{t(f(40))}" duration="{t(f(50))}">
                  <marker start="{t(f(40 + 12))}" duration="{t(fd)}" value="insert hit"/>
                </asset-clip>
                <asset-clip ref="r3" name="Insert take 1" offset="0s" start="{t(f(0))}" duration="{t(f(50))}">
                  <marker start="{t(f(5))}" duration="{t(fd)}" value="alternative"/>
                </asset-clip>
              </audition>
              <asset-clip ref="r4" name="Switched off" lane="2" offset="{t(f(250 + 300))}" start="0s" duration="{t(f(40))}" enabled="0">
                <marker start="{t(f(10))}" duration="{t(fd)}" value="disabled"/>
              </asset-clip>
            </asset-clip>
            <audition offset="{t(f(H + 750))}">
              <asset-clip ref="r3" name="Close take 4" offset="0s" start="{t(f(1000))}" duration="{t(f(750))}">
                <marker start="{t(f(1000 + 375))}" duration="{t(fd)}" value="glass breaks"/>
              </asset-clip>
              <asset-clip ref="r2" name="Close take 2" offset="0s" start="{t(f(2000))}" duration="{t(f(750))}">
                <marker start="{t(f(2010))}" duration="{t(fd)}" value="not the pick"/>
              </asset-clip>
            </audition>"""
    xml = fcpxml_document("1.11", resources, "Scene 12", "Sc12 auditions", f'format="r1" duration="{t(f(1500))}" tcStart="{t(f(H))}" tcFormat="NDF"', spine)
    events = [ev("Wide", H, H + 750, 250, clip="Wide", file="file:///media/wide.mov"),
              ev("Insert take 2", H + 100, H + 150, 40, track="V2", clip="Insert take 2", file="file:///media/insert.mov"),
              ev("Switched off", H + 300, H + 340, 0, track="V3", clip="Switched off", file="file:///media/insert.mov"),
              ev("Close take 4", H + 750, H + 1500, 1000, clip="Close take 4", file="file:///media/close.mov")]
    markers = [mk(H + 100 + 12, 1, "insert hit"), mk(H + 750 + 375, 1, "glass breaks")]
    return xml, {"fps": rate, "format": "FCPXML 1.11", "title": "Sc12 auditions", "events": events, "audioEvents": [], "markers": markers, "hiddenMarkers": 1}


def fcpxml_conform_rate_23976():
    """FCPXML 1.10 at 23.976 from 01:00:00:00 (tcStart is that label's time, 3603.6 s, and the spine's
    offsets begin there): a 25p clip with `<conform-rate srcFrameRate="25"/>` (scaleEnabled defaults
    to 1: Final Cut plays it frame for frame, so its own times are media times, 25 a second), with a
    marker between frames (on the frame it is in: floor) and a connected clip in its time; then a 25p
    clip with scaleEnabled="0" (real time, no scaling). The connected clip's offset and duration are
    in its parent's (media) time: 24/25 s there is 24 frames on the timeline."""
    rate = "23.976"
    fd = F(1001, 24000)
    T0 = frame_of(1, 0, 0, 0, rate)
    t = fcp_time
    src = F(25)
    # A scaled clip's own time x sits at rec_offset + (x - start) * 25 frames; a real-time one's at (x - start) / fd.
    scaled = lambda rec_offset, start, x: rec_offset + (F(x) - F(start)) * src
    real = lambda rec_offset, start, x: rec_offset + (F(x) - F(start)) / fd
    s1, s2 = F(40), F(7)          # media seconds where each clip starts
    resources = f"""\
    <format id="r1" name="FFVideoFormat1080p2398" frameDuration="1001/24000s" width="1920" height="1080"/>
    <format id="r9" name="FFVideoFormat1080p25" frameDuration="1/25s" width="1920" height="1080"/>
    <asset id="r2" name="PAL archive" start="0s" duration="600s" hasVideo="1" format="r9" src="file:///media/pal.mov"/>
    <asset id="r3" name="Drone" start="0s" duration="600s" hasVideo="1" format="r1" src="file:///media/drone.mov"/>"""
    spine = f"""\
            <asset-clip ref="r2" name="PAL archive" offset="{t(T0 * fd)}" start="{t(s1)}" duration="{t(240 * fd)}" format="r9">
              <conform-rate srcFrameRate="25"/>
              <marker start="{t(s1 + F(37, 25))}" duration="1/25s" value="archive hit"/>
              <marker start="{t(s1 + F(200, 25) + F(1, 50))}" duration="1/25s" value="between frames"/>
              <asset-clip ref="r3" name="Drone over" lane="1" offset="{t(s1 + F(100, 25))}" start="0s" duration="{t(F(24, 25))}">
                <marker start="{t(10 * fd)}" duration="{t(fd)}" value="drone hit"/>
              </asset-clip>
            </asset-clip>
            <asset-clip ref="r2" name="PAL real time" offset="{t((T0 + 240) * fd)}" start="{t(s2)}" duration="{t(160 * fd)}" format="r9">
              <conform-rate scaleEnabled="0" srcFrameRate="25"/>
              <marker start="{t(s2 + 5)}" duration="1/25s" value="five seconds in"/>
            </asset-clip>"""
    xml = fcpxml_document("1.10", resources, "Reel 1", "R1 conform rate", f'format="r1" duration="{t(400 * fd)}" tcStart="{t(T0 * fd)}" tcFormat="NDF"', spine)
    drone = scaled(T0, s1, s1 + F(100, 25))
    marks = [(scaled(T0, s1, s1 + F(37, 25)), "archive hit"), (scaled(T0, s1, s1 + F(200, 25) + F(1, 50)), "between frames"),
             (drone + 10, "drone hit"), (real(T0 + 240, s2, s2 + 5), "five seconds in")]
    markers = [mk(int(x // 1), 1, label) for (x, label) in marks]
    assert any(F(x).denominator != 1 for x, _ in marks), "a marker must fall between frames"
    events = [ev("PAL archive", T0, T0 + 240, round(s1 / fd), clip="PAL archive", file="file:///media/pal.mov"),
              ev("Drone over", int(drone), int(drone) + 24, 0, track="V2", clip="Drone over", file="file:///media/drone.mov"),
              ev("PAL real time", T0 + 240, T0 + 400, round(s2 / fd), clip="PAL real time", file="file:///media/pal.mov")]
    return xml, {"fps": rate, "format": "FCPXML 1.10", "title": "R1 conform rate", "events": events, "audioEvents": [], "markers": markers}


def into_case():
    """A 29.97 DF cue file for the DF EDL's markers, and where each marker must go. Constant tempos,
    so a cue's first warning click is countIn bars of beats at 60/bpm seconds before bar 1, on the
    whole frame at or before it."""
    rate = "29.97df"
    r0 = frame_of(0, 59, 58, 0, rate)
    cues = [
        {"id": "3M1", "start": r0 + 70, "end": r0 + 900, "bpm": 120, "beats": 4, "countIn": 1},
        {"id": "3M2", "start": frame_of(1, 1, 0, 20, rate), "end": frame_of(1, 1, 5, 0, rate), "bpm": 90, "beats": 3, "countIn": 2},
    ]
    # 3M2 already has the EDL's marker at 01:01:00;02 (same frame, same label): importing it again adds nothing.
    existing = {"3M2": [(frame_of(1, 1, 0, 2, rate), "first label of minute 1")]}
    for c in cues:
        lead = F(c["countIn"] * c["beats"] * 60, c["bpm"]) * fps(rate)
        c["firstClick"] = c["start"] - (-(-lead // 1))   # the whole frame at or before: start - ceil(lead)
    text = ["# Written by test/oracle/interchange_oracle.py", "title: Reel 3", 'fps: "29.97df"', "cues:"]
    for c in cues:
        text += [f'  - id: "{c["id"]}"  # a comment that must stay', f'    start: "{label_of(c["start"], rate)}"', f'    end: "{label_of(c["end"], rate)}"',
                 f"    countIn: {c['countIn']}", "    tempo:", f"      - {{ bar: 1, bpm: {c['bpm']}, meter: {c['beats']}/4 }}"]
        for frame, label in existing.get(c["id"], []):
            text += ["    hits:", f'      - {{ at: "{label_of(frame, rate)}", label: {json.dumps(label)} }}']
    _, expected = edl_df_semicolon()
    added, outside, skipped = [], [], []
    for m in expected["markers"]:
        home = [c for c in cues if c["firstClick"] <= m["frame"] <= c["end"]]
        entry = {"label": m["label"], "timecode": label_of(m["frame"], rate)}
        if not home:
            outside.append(entry)
        elif (m["frame"], m["label"]) in existing.get(home[0]["id"], []):
            skipped.append(entry)
        else:
            added.append({"cue": home[0]["id"], **entry})
    return "\n".join(text) + "\n", {"added": added, "outside": outside, "skipped": skipped, "spans": {c["id"]: [c["firstClick"], c["end"]] for c in cues}}


def write_all():
    os.makedirs(OUT, exist_ok=True)
    files = {
        "cut-2997df-semicolon.edl": edl_df_semicolon(),
        "cut-2997df-fcm-only.edl": edl_df_fcm_only(),
        "cut-avid-23976.edl": edl_avid_23976(),
        "cut-avid-sources-23976.edl": edl_avid_sources_23976(),
        "cut-avid-marker-table-24.edl": edl_avid_marker_table_24(),
        "markers-resolve-25.edl": resolve_markers_25(),
        "markers-avid-24.txt": avid_markers_24(),
        "markers-avid-25-cr.txt": avid_markers_cr_25(),
        "markers-premiere-2997df-de.txt": premiere_markers("29.97df", ["Markername", "Beschreibung", "In", "Out", "Dauer", "Markertyp"],
                                                           [("Tür knallt", "laut", frame_of(0, 1, 0, 2, "29.97df"), 0), ("", "nur Beschreibung", frame_of(0, 9, 59, 29, "29.97df"), 0),
                                                            ("3M5 Verfolgung", "", frame_of(0, 10, 0, 0, "29.97df"), 450)]),
        "markers-premiere-25-ja.txt": premiere_markers("25", ["マーカー名", "説明", "イン", "アウト", "デュレーション", "マーカーの種類"],
                                                       [("ドア", "", frame_of(10, 0, 1, 0, "25"), 0), ("car", "説明", frame_of(10, 0, 2, 24, "25"), 25)]),
        "nested-23976.otio": otio_nested_23976(),
        "markers-reaper-24.csv": reaper_markers_24(),
        "markers-reaper-25-seconds.csv": reaper_markers_25_seconds(),
        "markers-cubase-23976.csv": cubase_markers_23976(),
        "stack-clips-24.otio": otio_stack_clips_24(),
        "nested-2997df.fcpxml": fcpxml_nested_2997df(),
        "auditions-25.fcpxml": fcpxml_auditions_25(),
        "auditions-25-hour.fcpxml": fcpxml_auditions_25(hour=True),
        # A 29.97 DF session counted in samples from 00:59:58;00: markers across the hour and minute 1,
        # one between frames (on the frame that holds its sample).
        "session-2997df-samples.txt": protools_session("Reel 2 spotting", "29.97df", "00:59:58;00", "samples", [
            (0, "{Title=Reel 2}", "{Supv=M.E.}", "", ""), (first_sample(121, "29.97df"), "door slam", "hard", "", ""),
            (first_sample(1863, "29.97df") + 800, "between frames", "", "", ""), (first_sample(1864, "29.97df"), "", "comment only", "", "")]),
        # 23.976 in timecode with the newer ruler and track marker columns, and a Hits track.
        "session-23976-tc.txt": protools_session("1M3 hits", "23.976", "01:00:00:00", "timecode", [
            (0, "1M3 start", "", "Markers", "Ruler"), (first_sample(250, "23.976"), "car horn", "", "Dialogue", "Track")],
            tracks=[("Dialogue", [(first_sample(10, "23.976"), "line 1")]), ("Hits", [(first_sample(96, "23.976"), "glass"), (first_sample(301, "23.976"), "punch")])], newer=True),
        "conform-rate-23976.fcpxml": fcpxml_conform_rate_23976(),
    }
    expected = {}
    for name, (data, exp) in files.items():
        with open(os.path.join(OUT, name), "wb") as fh:
            fh.write(data if isinstance(data, bytes) else data.encode("utf-8"))
        expected[name] = exp
    cue_text, into = into_case()
    with open(os.path.join(OUT, "into-2997df.yaml"), "w") as fh:
        fh.write(cue_text)
    expected["into-2997df.yaml"] = into
    with open(os.path.join(OUT, "expected.json"), "w") as fh:
        json.dump(expected, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
    return len(files)
