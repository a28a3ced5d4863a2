"""Old and new cuts for `sprocket conform`, and where every hit must go (test/fixtures/conform/).

Independent of Sprocket's TypeScript: every old frame is followed to the new cut one frame at a time
(source frame by exact fractions, then every new shot that shows it), the spans that kept their order
are found by brute force over (old shot, new shot) pairs, and the statuses follow the rules the issue
states. Cuts are designed as lists of shots; the EDLs are written from them.
"""
from fractions import Fraction as F
import json
import os
import re
from timecode_oracle import fps, frame_of, label_of
from tempo_oracle import parse_label

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "fixtures", "conform")


def rhu(x):
    """Round half up."""
    return (F(x) + F(1, 2)).__floor__()


class Shot:
    def __init__(self, name, src, length, speed=F(1), dissolve=0, reel=None):
        self.name, self.src, self.length, self.speed, self.dissolve = name, src, length, F(speed), dissolve
        self.reel = reel or name.replace("-", "")[:8]


def lay(shots, start):
    """Shots end to end from `start`: (shot, record in, record out)."""
    out, at = [], start
    for s in shots:
        if s is None:
            continue
        if isinstance(s, int):  # a gap of black
            at += s
            continue
        out.append((s, at, at + s.length))
        at += s.length
    return out


def edl(title, reels, rate, files=False):
    """The cut as a CMX 3600 EDL; with `files`, a SOURCE FILE line after every event line, as Avid
    writes them (one after each line of a dissolve pair)."""
    lines = [f"TITLE: {title}", f"FCM: {'DROP FRAME' if rate.endswith('df') else 'NON-DROP FRAME'}", ""]
    file_of = lambda shot: [f"* SOURCE FILE: /media/{shot.name}.mov"] if files else []
    n = 0
    for laid in reels:
        prev = None
        for s, r_in, r_out in laid:
            n += 1
            src_out = s.src + (1 if s.speed == 0 else int(s.length * s.speed))
            if s.dissolve:
                # The outgoing side, zero length, then the incoming one with the dissolve.
                p, p_in, p_out = prev
                ps = p.src + (p_out - p_in)
                lines.append(f"{n:03d}  {p.reel:<8} V     C        {label_of(ps, rate)} {label_of(ps, rate)} {label_of(r_in, rate)} {label_of(r_in, rate)}")
                lines += file_of(p)
                lines.append(f"{n:03d}  {s.reel:<8} V     D    {s.dissolve:03d} {label_of(s.src, rate)} {label_of(src_out, rate)} {label_of(r_in, rate)} {label_of(r_out, rate)}")
                lines += file_of(s)
                lines += [f"* FROM CLIP NAME:  {p.name}", f"* TO CLIP NAME:  {s.name}"]
            else:
                lines.append(f"{n:03d}  {s.reel:<8} V     C        {label_of(s.src, rate)} {label_of(src_out, rate)} {label_of(r_in, rate)} {label_of(r_out, rate)}")
                if s.speed != 1:
                    nominal = {"23.976": 24, "24": 24, "25": 25, "29.97df": 30}[rate]
                    lines.append(f"M2   {s.reel:<8}       {float(s.speed * nominal):05.1f}                {label_of(s.src, rate)}")
                lines.append(f"* FROM CLIP NAME:  {s.name}")
                lines += file_of(s)
            prev = (s, r_in, r_out)
    return "\n".join(lines) + "\n"


def key(shot, patterns):
    k = shot.name
    for p in patterns:
        k = re.sub(p, "", k)
    return k


def src_at(s, r_in, r):
    return F(s.src) if s.speed == 0 else s.src + (r - r_in) * s.speed


def shows(n, n_in, n_out, x, under=0):
    """The new record frame where shot n (at n_in..n_out, plus `under` frames on under a dissolve) shows source frame x."""
    if n.speed == 0:
        return n_in if x.__floor__() == n.src else None
    f = rhu(n_in + (x - n.src) / n.speed)
    return f if n_in <= f < n_out + under else None


class Conform:
    def __init__(self, old, new, patterns=()):
        self.old = [x for reel in old for x in reel]
        self.new = [x for reel in new for x in reel]
        self.patterns = patterns
        self.spans = []
        for o, o_in, o_out in self.old:
            for n, n_in, n_out in self.new:
                if key(o, patterns) != key(n, patterns):
                    continue
                pairs = []
                for r in range(o_in, o_out):
                    if o.speed == 0 or n.speed == 0:
                        if o.speed == 0 and n.speed == 0 and o.src == n.src and r - o_in < n_out - n_in:
                            pairs.append((r, n_in + r - o_in))
                        continue
                    f = shows(n, n_in, n_out, src_at(o, o_in, r))
                    if f is not None:
                        pairs.append((r, f))
                if pairs:
                    self.spans.append({"old": (o, o_in), "new": (n, n_in), "pairs": dict(pairs), "lo": min(p[0] for p in pairs), "hi": max(p[0] for p in pairs) + 1,
                                       "nlo": min(p[1] for p in pairs), "nhi": max(p[1] for p in pairs) + 1})
        self.spans.sort(key=lambda s: (s["lo"], s["nlo"]))
        best, prev = [], []
        for i, s in enumerate(self.spans):
            w = len(s["pairs"])
            best.append(w)
            prev.append(-1)
            for j in range(i):
                t = self.spans[j]
                if t["hi"] <= s["lo"] and t["nhi"] <= s["nlo"] and best[j] + w > best[i]:
                    best[i], prev[i] = best[j] + w, j
        i = max(range(len(best)), key=lambda k: (best[k], -k)) if best else -1
        while i >= 0:
            self.spans[i]["kept"] = True
            i = prev[i]

    def new_frames(self, k, x):
        out = []
        for idx, (n, n_in, n_out) in enumerate(self.new):
            if key(n, self.patterns) != k:
                continue
            nxt = self.new[idx + 1] if idx + 1 < len(self.new) else None
            under = nxt[0].dissolve if nxt and nxt[0].dissolve and nxt[1] == n_out else 0
            f = shows(n, n_in, n_out, x, under)
            if f is not None:
                out.append((f, n, f >= n_out))
        return out

    def surviving(self, r):
        before = after = None
        for s in self.spans:
            for a, b in s["pairs"].items():
                if a < r and (before is None or a > before[0]):
                    before = (a, b)
                if a > r and (after is None or a < after[0]):
                    after = (a, b)
        return before, after

    def neighbours(self, r):
        before, after = self.surviving(r)
        if not before and not after:
            return None, "lost"
        pick = before if before and (not after or r - before[0] <= after[0] - r) else after
        shift = pick[1] - pick[0]
        if before and after and before[1] - before[0] == after[1] - after[0] == 0:
            return r, "unchanged"
        return r + shift, "uncertain"

    def map(self, r):
        here = [(o, o_in, o_out) for (o, o_in, o_out) in self.old if o_in <= r < o_out]
        if not here:
            return self.neighbours(r)
        o, o_in, o_out = here[0]
        k, x = key(o, self.patterns), src_at(o, o_in, r)
        through = [s for s in self.spans if s["old"] == (o, o_in) and r in s["pairs"]]
        cands = [(s["pairs"][r], s["new"][0], s) for s in through]
        plain = True
        if not cands:
            cands = [(f, n, None) for f, n, _ in self.new_frames(k, x)]
            plain = False
        in_dissolve = o.dissolve and o_in <= r < o_in + o.dissolve
        if not cands and in_dissolve:
            prev = [p for p in self.old if p[2] == o_in][0]
            other = [g for g, _, _ in self.new_frames(key(prev[0], self.patterns), src_at(prev[0], prev[1], r))]
            if other:
                return other[0], "uncertain"
        if not cands:
            return None, "lost"
        if len(cands) > 1:
            uses = sorted([(oo, oi) for (oo, oi, oe) in self.old if key(oo, self.patterns) == k and (
                (oo.speed == 0 and x.__floor__() == oo.src) or (oo.speed != 0 and oi <= rhu(oi + (x - oo.src) / oo.speed) < oe))], key=lambda u: u[1])
            ordered = sorted(cands, key=lambda c: c[0])
            if len(uses) != len(ordered):
                return ordered, "ambiguous"
            cands = [ordered[uses.index((o, o_in))]]
        f, n, span = cands[0]
        if o.dissolve and o_in <= r < o_in + o.dissolve:
            prev = [p for p in self.old if p[2] == o_in][0]
            other = [g for g, _, _ in self.new_frames(key(prev[0], self.patterns), src_at(prev[0], prev[1], r))]
            if f not in other:
                return f, "uncertain"
        else:
            n_in = [ni for (nn, ni, ne) in self.new if nn is n][0]
            if n.dissolve and n_in <= f < n_in + n.dissolve:
                return f, "uncertain"
        if not plain:
            return f, "uncertain"
        if not span.get("kept"):
            return f, "moved"
        return f, "unchanged" if f == r else "shifted"


def placed(c, f, to):
    """Where the conformed cue file writes a point: its new frame, or a lost one's nearest surviving frame (the one before on a tie)."""
    if to is not None:
        return to
    before, after = c.surviving(f)
    pick = before if before and (not after or f - before[0] <= after[0] - f) else after
    return pick[1] if pick else f


def needs_you(c, cue, got, rate):
    """A cue whose conformed values would not make a valid cue: its bar 1 at or after its end, a hit
    before its first warning click (two bars of 4/4 before bar 1, on the frame at or before) or after
    its end. Such a cue is kept as it was."""
    def written(f, p):
        if p["status"] == "ambiguous":
            return parse_label(p["candidates"][0], rate)
        return placed(c, f, None if p["to"] is None else parse_label(p["to"], rate))
    points = [("bar 1", cue["start"]), ("end", cue["end"])] + list(cue["hits"])
    frames = {label: written(f, got[label]) for label, f in points}
    start, end = frames["bar 1"], frames["end"]
    if end <= start:
        return True
    per = fps(rate) * 60 / cue["bpm"]
    first = start - (-(-(8 * per) // 1))
    musical = [start + rhu(4 * (bar - 1) * per) for _, bar in cue.get("musical", [])]
    return any(not first <= frames[label] <= end for label, _ in cue["hits"]) or any(m > end for m in musical)


def run_case(rate, old, new, cues, patterns=()):
    c = Conform(old, new, patterns)
    result = {}
    for cue in cues:
        points = [("bar 1", cue["start"])] + [(label, f) for label, f in cue["hits"]] + [("end", cue["end"])]
        got = {}
        for label, f in points:
            to, status = c.map(f)
            if status == "ambiguous":
                got[label] = {"to": None, "status": status, "candidates": [label_of(x[0], rate) for x in to]}
            else:
                got[label] = {"to": None if to is None else label_of(to, rate), "status": status, "shiftFrames": None if to is None else to - f}
            if status == "lost":
                before, after = c.surviving(f)
                got[label]["nearest"] = {k: {"from": label_of(v[0], rate), "to": label_of(v[1], rate)} for k, v in (("before", before), ("after", after)) if v}
        sync = [got["bar 1"]] + [got[label] for label, _ in cue["hits"]]
        shifts = {p.get("shiftFrames") for p in sync}
        if any(p["status"] in ("lost", "ambiguous") for p in sync) or len(shifts) > 1:
            status = "changed"
        elif shifts == {0} and got["end"].get("shiftFrames") == 0:
            status = "unchanged"
        else:
            status = "shifted"
        result[cue["id"]] = {"status": status, "points": got, "needsYou": needs_you(c, cue, got, rate)}
        # Bar and beat hits follow bar 1 where the conformed file writes it.
        shift = placed(c, cue["start"], None if got["bar 1"]["to"] is None else parse_label(got["bar 1"]["to"], rate)) - cue["start"]
        per = fps(rate) * 60 / cue["bpm"]
        result[cue["id"]]["musical"] = {label: label_of(cue["start"] + rhu(4 * (bar - 1) * per) + shift, rate) for label, bar in cue.get("musical", [])}
    return result


def beats_from(start, bpm, rate, *beats):
    """Frames of beats (0 is bar 1) at a constant tempo: the nearest frame to each."""
    per = fps(rate) * 60 / bpm
    return [start + rhu(b * per) for b in beats]


def cue_file(rate, cues, title):
    lines = ["# Written by test/oracle/conform_oracle.py", f"title: {json.dumps(title)}", f"fps: {json.dumps(rate)}", "cues:"]
    for c in cues:
        lines += [f'  - id: "{c["id"]}"', f'    start: "{label_of(c["start"], rate)}"', f'    end: "{label_of(c["end"], rate)}"', "    tempo:", f"      - {{ bar: 1, bpm: {c['bpm']}, meter: 4/4 }}", "    hits:"]
        lines += [f'      - {{ at: "{label_of(f, rate)}", label: {json.dumps(label)} }}' for label, f in c["hits"]]
        lines += [f'      - {{ bar: {b}, beat: 1, label: {json.dumps(label)} }}' for label, b in c.get("musical", [])]
    return "\n".join(lines) + "\n"


def film():
    """A reel 3 and a reel 4 at 23.976, three cues, and the new versions of the cut."""
    rate = "23.976"
    R3, R4 = frame_of(3, 0, 0, 0, rate), frame_of(4, 0, 0, 0, rate)
    tc = lambda h: frame_of(h, 0, 0, 0, rate)
    A, B, C = Shot("3-1A", tc(10), 240), Shot("3-2B", tc(11), 360), Shot("3-3C", tc(12), 200)
    D, E = Shot("VFX_010_v11", tc(13), 300, reel="VFX010"), Shot("3-5E", tc(14), 150)
    Z = Shot("3-5E", tc(14) + 149, 24, speed=0, reel="3-5E")
    Fs = Shot("3-6F", tc(15), 400)
    G, H = Shot("4-1G", tc(16), 500), Shot("4-2H", tc(17), 500)
    old = [lay([A, B, C, D, E, Z, Fs], R3), lay([G, H], R4)]
    cues = [
        {"id": "3M1", "start": R3 + 100, "end": R3 + 790, "bpm": 120,
         "hits": [("A1", R3 + 180), ("B-head", R3 + 250), ("B1", R3 + 400), ("C1", R3 + 700), ("C-tail", R3 + 789)], "musical": [("bar 3", 3)]},
        {"id": "3M2", "start": R3 + 850, "end": R3 + 1600, "bpm": 120, "hits": []},
        {"id": "4M1", "start": R4 + 100, "end": R4 + 900, "bpm": 120, "hits": [("G1", R4 + 300), ("H1", R4 + 700)]},
    ]
    # 3M2's hits sit on its beats (120 BPM: 11.988 frames a beat), so the music's fixes can be checked.
    d1, d_early, e1, f1 = beats_from(R3 + 850, 120, rate, 4, -4, 25, 45)
    cues[1]["hits"] = [("D1", d1), ("D-early", d_early), ("E1", e1), ("Z1", R3 + 1260), ("F1", f1)]
    X = Shot("3-INSERT", tc(18), 24)
    B2 = Shot("3-2B", tc(11) + 14, 346)
    cases = {
        "head-trim": ([lay([A, B2, C, D, E, Z, Fs], R3), lay([G, H], R4)], ()),
        "tail-trim": ([lay([A, B, Shot("3-3C", tc(12), 180), D, E, Z, Fs], R3), lay([G, H], R4)], ()),
        "insert": ([lay([A, B, C, D, X, E, Z, Fs], R3), lay([G, H], R4)], ()),
        "trim-and-insert": ([lay([A, B2, C, D, X, E, Z, Fs], R3), lay([G, H], R4)], ()),
        "delete": ([lay([A, B, C, D, Z, Fs], R3), lay([G, H], R4)], ()),
        "move": ([lay([A, B, D, E, C, Z, Fs], R3), lay([G, H], R4)], ()),
        "twice": ([lay([A, B, C, D, E, Z, Fs, Shot("3-2B", tc(11) + 100, 200)], R3), lay([G, H], R4)], ()),
        "dissolve": ([lay([A, B, Shot("3-3C", tc(12), 188), Shot("VFX_010_v11", tc(13) - 12, 312, dissolve=24, reel="VFX010"), E, Z, Fs], R3), lay([G, H], R4)], ()),
        "speed": ([lay([A, B, C, D, Shot("3-5E", tc(14), 75, speed=2), Z, Fs], R3), lay([G, H], R4)], ()),
        "freeze-removed": ([lay([A, B, C, D, E, Fs], R3), lay([G, H], R4)], ()),
        "vfx-bump": ([lay([A, B, C, Shot("VFX_010_v12", tc(13), 300, reel="VFX010"), E, Z, Fs], R3), lay([G, H], R4)], ()),
        "vfx-bump-matched": ([lay([A, B, C, Shot("VFX_010_v12", tc(13), 300, reel="VFX010"), E, Z, Fs], R3), lay([G, H], R4)], (r"_v\d+",)),
        "other-reel": ([lay([A, B, C, D, E, Z, Fs], R3), lay([G, Shot("4-2H", tc(17) + 30, 470)], R4)], ()),
        # 4M1: the frames of 4-1G between bar 1 and G1 trimmed away, and 4-2H (with H1) deleted: G1, the
        # one hit left after bar 1, now lands a frame after it (no tempo can land it: no crash, no fix).
        "delete-between": ([lay([A, B, C, D, E, Z, Fs], R3), lay([Shot("4-1G", tc(16), 101), Shot("4-1G", tc(16) + 300, 200)], R4)], ()),
        # 3-1A moved after 3-3C: 3M1's bar 1 (in A) now comes after its end (in C): kept, NEEDS YOU.
        "move-breaks-cue": ([lay([B, C, A, D, E, Z, Fs], R3), lay([G, H], R4)], ()),
        # The frames of 3M1's bar 1 cut out: bar 1 goes to the nearest surviving frame, and "bar 3" follows it there.
        "bar1-lost": ([lay([Shot("3-1A", tc(10), 90), Shot("3-1A", tc(10) + 130, 110), B, C, D, E, Z, Fs], R3), lay([G, H], R4)], ()),
        # The dissolve again, written as Avid writes it: a SOURCE FILE after each line of the pair.
        "dissolve-files": ([lay([A, B, Shot("3-3C", tc(12), 188), Shot("VFX_010_v11", tc(13) - 12, 312, dissolve=24, reel="VFX010"), E, Z, Fs], R3), lay([G, H], R4)], (), {"files": True}),
    }
    return rate, old, cues, cases


def df_case():
    """29.97 DF: a head trim of 14 frames with hits across 01:00:00;00 and the dropped 01:01:00;00."""
    rate = "29.97df"
    R = frame_of(0, 59, 50, 0, rate)
    A, B = Shot("A", frame_of(5, 0, 0, 0, rate), 600), Shot("B", frame_of(6, 0, 0, 0, rate), 2400)
    old = [lay([A, B], R)]
    new = [lay([A, Shot("B", frame_of(6, 0, 0, 0, rate) + 14, 2386)], R)]
    cues = [{"id": "1M1", "start": R + 300, "end": R + 2900, "bpm": 100,
             "hits": [("on the hour", frame_of(1, 0, 0, 0, rate) + 20), ("minute one", frame_of(1, 1, 0, 2, rate)), ("in A", R + 400)]}]
    return rate, old, cues, {"df-head-trim": (new, ())}


def write_all():
    os.makedirs(OUT, exist_ok=True)
    expected = {}
    for name, (rate, old, cues, cases) in {"film-23976": film(), "df-2997": df_case()}.items():
        with open(os.path.join(OUT, f"{name}.yaml"), "w") as fh:
            fh.write(cue_file(rate, cues, name))
        with open(os.path.join(OUT, f"{name}-old.edl"), "w") as fh:
            fh.write(edl(f"{name} old", old, rate))
        for case, (new, patterns, *opts) in cases.items():
            files = bool(opts and opts[0].get("files"))
            edl_name = f"{name}-{case.replace('-matched', '')}.edl"
            with open(os.path.join(OUT, edl_name), "w") as fh:
                fh.write(edl(f"{name} {case}", new, rate, files))
            old_name = f"{name}-old{'-files' if files else ''}.edl"
            if files:
                with open(os.path.join(OUT, old_name), "w") as fh:
                    fh.write(edl(f"{name} old", old, rate, files))
            expected[f"{name}/{case}"] = {"cueFile": f"{name}.yaml", "old": old_name, "new": edl_name, "match": list(patterns), "fps": rate,
                                          "cues": run_case(rate, old, new, cues, patterns)}
    with open(os.path.join(OUT, "expected.json"), "w") as fh:
        json.dump(expected, fh, indent=1)
        fh.write("\n")
    return len(expected)
