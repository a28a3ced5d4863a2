import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { parseFrameRate } from "../src/engine/frame-rate.js";
import { readTimelineFile } from "../src/interchange/read-timeline-file.js";
import { formatTimecode } from "../src/engine/timecode.js";
import { fixture, readFixture, sprocket, sprocketJson } from "./helpers.js";

/**
 * `sprocket conform` against the oracle (test/oracle/conform_oracle.py): a film of two reels at
 * 23.976 and a 29.97 DF reel, each old cut against its new versions (a head trim, a tail trim, an
 * insert, a deletion, a shot moved, a source used twice, a dissolve, a speed change, a freeze
 * removed, a VFX version bump with and without --match, a change in another reel).
 */
type Case = { cueFile: string; old: string; new: string; match: string[]; fps: string; cues: Record<string, { status: string; points: Record<string, any>; needsYou: boolean; musical: Record<string, string> }> };
const cases = readFixture<Record<string, Case>>("conform/expected.json");
const tmp = () => mkdtempSync(join(tmpdir(), "sprocket-conform-"));
const f = (name: string) => fixture(`conform/${name}`);
const args = (c: Case, extra: string[] = []) => ["conform", f(c.cueFile), "--from", f(c.old), "--to", f(c.new), ...c.match.flatMap((m) => ["--match", m]), ...extra];

function run(c: Case, extra: string[] = []) {
  const r = sprocket([...args(c, extra), "--accept", "--json"]);
  if (r.status !== 0) throw new Error(`conform failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

describe("conform follows every sync point where the oracle does", () => {
  for (const [name, c] of Object.entries(cases)) {
    it(name, () => {
      const got = run(c);
      for (const [id, want] of Object.entries(c.cues)) {
        const cue = got.cues.find((x: any) => x.id === id);
        const points: Record<string, any> = { "bar 1": cue.start, end: cue.end };
        for (const h of cue.hits) if (h.status !== "follows") points[h.label] = h;
        const seen = Object.fromEntries(Object.keys(want.points).map((label) => {
          const p = points[label];
          return [label, { to: p.status === "ambiguous" ? null : p.to, status: p.status, ...(p.status === "ambiguous" ? { candidates: p.candidates } : { shiftFrames: p.shiftFrames }), ...(p.status === "lost" ? { nearest: p.nearest } : {}) }];
        }));
        const wanted = Object.fromEntries(Object.entries(want.points).map(([label, p]) => [label, p.status === "lost" ? { ...p, nearest: p.nearest } : p]));
        expect([id, cue.status, seen]).toEqual([id, want.status, wanted]);
        expect([id, !!cue.needsYou]).toEqual([id, want.needsYou]);
        for (const [label, to] of Object.entries(want.musical)) expect([id, label, cue.hits.find((h: any) => h.label === label).to]).toEqual([id, label, to]);
      }
    });
  }
});

describe("the conformed cue file, the report, the markers, the exit status", () => {
  const headTrim = cases["film-23976/head-trim"]!;
  it("writes hits, starts and ends at their new timecodes with a comment each; keeps lost hits, marked; follows bar and beat", () => {
    const dir = tmp();
    const out = join(dir, "new.yaml");
    const r = sprocket([...args(headTrim, ["-o", out])]);
    expect(r.status).toBe(3); // a hit was lost
    expect(r.stderr).toContain("1 lost");
    const text = readFileSync(out, "utf8");
    expect(text).toContain('{ at: "03:00:16:16", label: "B1" }  # conform: was 03:00:16:16, shifted -14'.replace('at: "03:00:16:16"', 'at: "03:00:16:02"'));
    expect(text).toMatch(/label: "B-head" \}  # conform: LOST, was 03:00:10:10: its frames of 3-2B were cut out; placed at the nearest frame the new cut still shows/);
    const checked = sprocketJson(["check", out]);
    const m1 = checked.cues.find((c: any) => c.id === "3M1");
    expect(m1.hits.map((h: any) => h.label)).toEqual(["A1", "B-head", "B1", "C1", "C-tail", "bar 3"]);
    const m2 = checked.cues.find((c: any) => c.id === "3M2");
    expect(m2.start).toBe(headTrim.cues["3M2"]!.points["bar 1"].to);
  });
  it("a cue's delivery start (a pre-roll) keeps its distance from bar 1", () => {
    const dir = tmp();
    const cueFile = join(dir, "film.yaml");
    writeFileSync(cueFile, readFileSync(f(headTrim.cueFile), "utf8").replace('start: "03:00:35:10"', 'start: "03:00:35:10"\n    deliveryStart: "03:00:33:10"'));
    for (const name of [headTrim.old, headTrim.new]) copyFileSync(f(name), join(dir, name));
    const out = join(dir, "new.yaml");
    sprocket(["conform", cueFile, "--from", join(dir, headTrim.old), "--to", join(dir, headTrim.new), "-o", out, "--accept"]);
    const moved = parse(readFileSync(out, "utf8")).cues.find((c: any) => c.id === "3M2");
    const shift = headTrim.cues["3M2"]!.points["bar 1"].shiftFrames;
    const rate = parseFrameRate("23.976");
    expect([moved.start, moved.deliveryStart]).toEqual([headTrim.cues["3M2"]!.points["bar 1"].to, formatTimecode(3 * 3600 * 24 + 33 * 24 + 10 + shift, rate)]);
    expect(readFileSync(out, "utf8")).toContain("# conform: was 03:00:33:10, follows bar 1");
  });
  it("a cue that cannot be conformed into a valid cue is kept as it was and marked; the others are conformed; exit 3", () => {
    const c = cases["film-23976/move-breaks-cue"]!;
    const dir = tmp();
    const out = join(dir, "new.yaml");
    const r = sprocket([...args(c, ["-o", out, "--report", dir])]);
    expect([r.status, r.stderr]).toEqual([3, expect.stringContaining("1 cue kept as it was (NEEDS YOU)")]);
    const text = readFileSync(out, "utf8");
    expect(text).toMatch(/start: "03:00:04:04"\s*# conform: NEEDS YOU: kept as it was, not conformed: its bar 1 would come at 03:00:27:12, at or after its end 03:00:22:22/);
    const original = parse(readFileSync(f(c.cueFile), "utf8")).cues;
    const written = parse(text).cues;
    expect(written[0]).toEqual(original[0]);
    // The other cues are conformed as the oracle says (3M2 and 4M1 here stay unchanged).
    expect(written.slice(1)).toEqual(original.slice(1));
    const report = JSON.parse(readFileSync(join(dir, "conform-report.json"), "utf8"));
    expect(report.cues[0].needsYou).toContain("at or after its end");
    expect(readFileSync(join(dir, "conform-report.md"), "utf8")).toContain("**NEEDS YOU**");
  });
  it("a lost bar 1: the conformed file, the report and the markers put bar 1 and its bar|beat hits in the same place", () => {
    const c = cases["film-23976/bar1-lost"]!;
    const dir = tmp();
    const out = join(dir, "new.yaml");
    const json = JSON.parse(sprocket([...args(c, ["-o", out, "--report", dir]), "--accept", "--json"]).stdout);
    const checked = sprocketJson(["check", out]).cues.find((q: any) => q.id === "3M1");
    const reported = json.cues.find((q: any) => q.id === "3M1");
    expect(reported.start.status).toBe("lost");
    expect(checked.start).toBe(reported.start.nearest.before.to);
    expect(checked.hits.find((h: any) => h.label === "bar 3").timecode).toBe(c.cues["3M1"]!.musical["bar 3"]);
    const markers = readTimelineFile(join(dir, "conform-markers.edl"), parseFrameRate("23.976")).markers;
    expect(markers.map((m) => [m.name, formatTimecode(m.frame, parseFrameRate("23.976"))])).toContainEqual(["3M1 bar 1: LOST", checked.start]);
  });
  it("refuses a cut none of whose frames hold a cue's sync point, naming the rates", () => {
    const dir = tmp();
    const cueFile = join(dir, "film25.yaml");
    writeFileSync(cueFile, readFileSync(f("film-23976.yaml"), "utf8").replace('fps: "23.976"', 'fps: "25"').replace(/"0([34]):/g, (_m, h) => `"0${Number(h) + 2}:`));
    const r = sprocket(["conform", cueFile, "--from", f("film-23976-old.edl"), "--to", f("film-23976-insert.edl")]);
    expect([r.status, r.stderr]).toEqual([2, expect.stringContaining("No cue of the cue file (at 25) has a sync point inside the old cut")]);
    expect(r.stderr).toContain("never reach frame 24");
  });
  it("exits 0 when every sync point maps, 3 when one is lost or ambiguous, 0 again with --accept", () => {
    expect(sprocket(args(cases["film-23976/insert"]!)).status).toBe(0);
    expect(sprocket(args(cases["film-23976/twice"]!)).status).toBe(3);
    expect(sprocket([...args(cases["film-23976/twice"]!), "--accept"]).status).toBe(0);
  });
  it("--report writes Markdown, HTML, JSON, and markers of what moved, was lost or is ambiguous, at its new place", () => {
    const dir = tmp();
    const c = cases["film-23976/move"]!;
    const json = run(c, ["--report", dir]);
    expect(readdirSync(dir).sort()).toEqual(["conform-markers.edl", "conform-markers.txt", "conform-report.html", "conform-report.json", "conform-report.md"]);
    expect(JSON.parse(readFileSync(join(dir, "conform-report.json"), "utf8"))).toEqual(json);
    const md = readFileSync(join(dir, "conform-report.md"), "utf8");
    expect(md).toContain("## 3M1: changed");
    expect(md).toContain("3-3C moved elsewhere");
    const markers = readTimelineFile(join(dir, "conform-markers.edl"), parseFrameRate("23.976")).markers;
    const moved = json.cues.flatMap((q: any) => q.hits.filter((h: any) => h.status === "moved"));
    expect(markers.map((m) => formatTimecode(m.frame, parseFrameRate("23.976"))).sort()).toEqual(moved.map((h: any) => h.to).sort());
    expect(readFileSync(join(dir, "conform-report.html"), "utf8")).toContain("<h2>3M1: changed</h2>");
  });
  it("a back and forth gives back every frame that was not lost; two conforms in a row equal one", () => {
    for (const name of ["head-trim", "insert", "move", "speed", "other-reel", "dissolve"]) {
      const c = cases[`film-23976/${name}`]!;
      const dir = tmp();
      const there = join(dir, "there.yaml"), back = join(dir, "back.yaml");
      const forth = JSON.parse(sprocket([...args(c, ["-o", there]), "--accept", "--json"]).stdout);
      sprocket(["conform", there, "--from", f(c.new), "--to", f(c.old), "-o", back, "--accept"]);
      const lost = new Set(forth.cues.flatMap((q: any) => q.hits.filter((h: any) => h.status === "lost" || h.status === "ambiguous").map((h: any) => `${q.id}/${h.label}`)));
      const frames = (p: string) => sprocketJson(["check", p]).cues.flatMap((q: any) => [[`${q.id}/bar 1`, q.start], ...q.hits.map((h: any) => [`${q.id}/${h.label}`, h.timecode])]).filter(([k]: string[]) => !lost.has(k));
      expect([name, frames(back)]).toEqual([name, frames(f(c.cueFile))]);
    }
    const dir = tmp();
    const mid = join(dir, "mid.yaml"), two = join(dir, "two.yaml"), one = join(dir, "one.yaml");
    sprocket(["conform", f("film-23976.yaml"), "--from", f("film-23976-old.edl"), "--to", f("film-23976-head-trim.edl"), "-o", mid, "--accept"]);
    sprocket(["conform", mid, "--from", f("film-23976-head-trim.edl"), "--to", f("film-23976-trim-and-insert.edl"), "-o", two, "--accept"]);
    sprocket(["conform", f("film-23976.yaml"), "--from", f("film-23976-old.edl"), "--to", f("film-23976-trim-and-insert.edl"), "-o", one, "--accept"]);
    const tcs = (p: string) => sprocketJson(["check", p]).cues.map((q: any) => [q.start, q.hits.filter((h: any) => h.label !== "B-head").map((h: any) => h.timecode)]);
    expect(tcs(two)).toEqual(tcs(one));
  });
});

describe("the music: a shifted cue only moves; a changed one gets fixes that are checked", () => {
  it("an insert of two beats' worth: adding two beats to the bar where the picture changed lands every hit again", () => {
    const c = cases["film-23976/insert"]!;
    const cue = run(c).cues.find((q: any) => q.id === "3M2");
    expect(cue.status).toBe("changed");
    expect(cue.offsets.find((o: any) => o.label === "E1")).toMatchObject({ offsetFrames: 24, landed: false });
    const best = cue.proposals[0];
    expect(best.kind).toBe("bar");
    expect(best.summary).toMatch(/^add 2 beats to bar 6 \(4\/4 becomes 6\/4\), where the picture changed/);
    expect(best.cueLines).toEqual(["- { bar: 6, meter: 6/4 }", "- { bar: 7, meter: 4/4 }"]);
    expect(best.lands).toBe(best.of);
  });
  it("every proposal lands as many hits back on their beats as it says, once its lines are in the cue file", () => {
    let checked = 0;
    for (const name of ["insert", "speed", "delete", "freeze-removed", "head-trim", "tail-trim", "move"]) {
      const c = cases[`film-23976/${name}`]!;
      const dir = tmp();
      const conformed = join(dir, "c.yaml");
      const report = JSON.parse(sprocket([...args(c, ["-o", conformed]), "--accept", "--json"]).stdout);
      const before = sprocketJson(["check", f(c.cueFile)]);
      for (const cue of report.cues.filter((q: any) => q.status === "changed")) {
        const was = before.cues.find((q: any) => q.id === cue.id).hits;
        const placed = cue.hits.filter((h: any) => h.status !== "lost" && h.status !== "follows").map((h: any) => h.label);
        for (const p of cue.proposals) {
          // The proposal's tempo events, and each hit's old bar|beat as a musical hit to measure against.
          const doc = parse(readFileSync(conformed, "utf8"));
          const q = doc.cues.find((x: any) => x.id === cue.id);
          for (const line of p.cueLines) {
            const ev = parse(line.replace(/^- /, ""));
            const same = q.tempo.findIndex((e: any) => e.bar === ev.bar && (e.beat ?? 1) === (ev.beat ?? 1));
            if (same >= 0) q.tempo[same] = { ...q.tempo[same], ...ev };
            else q.tempo.push(ev);
          }
          q.tempo.sort((a: any, b: any) => a.bar - b.bar || (a.beat ?? 1) - (b.beat ?? 1));
          delete q.end; // a slower tempo may put a beat past the old end: let the end follow the hits
          for (const label of placed) {
            const old = was.find((h: any) => h.label === label);
            if (old.bar >= 1) q.hits.push({ bar: old.bar, beat: old.beat, label: `beat of ${label}` });
          }
          const trial = join(dir, "trial.yaml");
          writeFileSync(trial, stringify(doc));
          const hits = sprocketJson(["check", trial]).cues.find((x: any) => x.id === cue.id).hits;
          const lands = placed.filter((label: string) => {
            const beat = hits.find((h: any) => h.label === `beat of ${label}`);
            const hit = hits.find((h: any) => h.label === label);
            return beat ? Math.abs(hit.seconds - beat.seconds) * (24000 / 1001) <= 1 + 1e-3 : Math.abs(cue.offsets.find((o: any) => o.label === label).offsetFrames) <= 1;
          }).length;
          expect([name, cue.id, p.kind, lands, placed.length]).toEqual([name, cue.id, p.kind, p.lands, p.of]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(4);
  });
});

describe("cuts in different formats", () => {
  it("an EDL against the same new cut as OTIO (files and clip names) gives what EDL against EDL gives", () => {
    const c = cases["film-23976/head-trim"]!;
    const rate = parseFrameRate("23.976");
    const t = readTimelineFile(f(c.new), rate);
    const rt = (value: number) => ({ OTIO_SCHEMA: "RationalTime.1", rate: 24000 / 1001, value });
    const children: object[] = [];
    let at = t.events[0]!.recordIn;
    for (const e of t.events) {
      if (e.recordIn > at) children.push({ OTIO_SCHEMA: "Gap.1", source_range: { OTIO_SCHEMA: "TimeRange.1", start_time: rt(0), duration: rt(e.recordIn - at) } });
      children.push({ OTIO_SCHEMA: "Clip.2", name: e.source.clip, source_range: { OTIO_SCHEMA: "TimeRange.1", start_time: rt(e.sourceIn), duration: rt(e.recordOut - e.recordIn) }, effects: e.speed!.eq(1) ? [] : [{ OTIO_SCHEMA: "LinearTimeWarp.1", time_scalar: e.speed!.toNumber() }], media_references: { DEFAULT_MEDIA: { OTIO_SCHEMA: "ExternalReference.1", target_url: `file:///media/${e.source.reel}.mov` } }, active_media_reference_key: "DEFAULT_MEDIA" });
      at = e.recordOut;
    }
    const otio = join(tmp(), "new.otio");
    writeFileSync(otio, JSON.stringify({ OTIO_SCHEMA: "Timeline.1", global_start_time: rt(t.events[0]!.recordIn), tracks: { OTIO_SCHEMA: "Stack.1", children: [{ OTIO_SCHEMA: "Track.1", kind: "Video", children }] } }));
    const viaEdl = run(c);
    const viaOtio = JSON.parse(sprocket(["conform", f(c.cueFile), "--from", f(c.old), "--to", otio, "--accept", "--json"]).stdout);
    expect(viaOtio.cues).toEqual(viaEdl.cues);
  });
});

describe("conform refuses what it cannot follow, and writes nothing", () => {
  it("a cut at another rate, an overlap on the record side, a marker list instead of a cut", () => {
    const dir = tmp();
    const out = join(dir, "new.yaml");
    const otio = join(dir, "cut.otio");
    writeFileSync(otio, JSON.stringify({ OTIO_SCHEMA: "Timeline.1", global_start_time: { OTIO_SCHEMA: "RationalTime.1", rate: 25, value: 0 }, tracks: { OTIO_SCHEMA: "Stack.1", children: [] } }));
    const rate = sprocket(["conform", f("film-23976.yaml"), "--from", f("film-23976-old.edl"), "--to", otio, "-o", out]);
    expect(rate.status).toBe(2);
    expect(rate.stderr).toContain("is a 25 fps timeline, but the project is at 23.976");
    const overlap = join(dir, "overlap.edl");
    writeFileSync(overlap, "TITLE: x\n001  A V C 10:00:00:00 10:00:10:00 03:00:00:00 03:00:10:00\n* FROM CLIP NAME: a\n002  B V C 11:00:00:00 11:00:10:00 03:00:05:00 03:00:15:00\n* FROM CLIP NAME: b\n");
    const o = sprocket(["conform", f("film-23976.yaml"), "--from", f("film-23976-old.edl"), "--to", overlap, "-o", out]);
    expect(o.status).toBe(2);
    expect(o.stderr).toContain("Events 001 and 002 overlap on the record side (03:00:00:00-03:00:10:00 and 03:00:05:00-03:00:15:00)");
    const markers = join(dir, "m.txt");
    writeFileSync(markers, "ed\t03:00:01:00\tV1\tred\thit\t1\n");
    const m = sprocket(["conform", f("film-23976.yaml"), "--from", f("film-23976-old.edl"), "--to", markers, "-o", out]);
    expect(m.status).toBe(2);
    expect(m.stderr).toContain("holds no picture events");
    expect(existsSync(out)).toBe(false);
  });
  it("--render re-renders only the cues that changed", () => {
    const dir = tmp();
    const cueFile = join(dir, "film.yaml");
    copyFileSync(f("film-23976.yaml"), cueFile);
    const j = JSON.parse(sprocket(["conform", cueFile, "--from", f("film-23976-old.edl"), "--to", f("film-23976-other-reel.edl"), "-o", join(dir, "new.yaml"), "--render", join(dir, "out"), "--only", "click,midi", "--json"]).stdout);
    expect(j.rendered.map((o: any) => [o.cue, o.kind])).toEqual([["4M1", "click"], ["4M1", "midi"]]);
    expect(readdirSync(join(dir, "out")).length).toBe(2);
  });
});

describe("conform on random cuts (seeded)", () => {
  it("a cut against itself leaves every frame unchanged; any two cuts map without an unexpected exception, and back", async () => {
    const { CutMap } = await import("../src/conform/cut-map.js");
    const { Rational } = await import("../src/engine/rational.js");
    let seed = 20261123;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const pick = (n: number) => Math.floor(random() * n);
    const seg = (key: string, recIn: number, len: number, srcIn: number, speed: number) => ({ key, shot: key, events: [key], recIn, recOut: recIn + len, srcIn: Rational.of(srcIn), speed: Rational.fromNumber(speed), black: false });
    const cut = (shots: { key: string; src: number; len: number; speed: number }[]) => {
      let at = 1000;
      return shots.map((s) => { const x = seg(s.key, at, s.len, s.src, s.speed); at += s.len; return x; });
    };
    for (let round = 0; round < 150; round++) {
      const shots = Array.from({ length: 3 + pick(8) }, (_, i) => ({ key: `S${pick(6)}`, src: 10000 * i + pick(50), len: 5 + pick(60), speed: [1, 1, 1, 2, 0.5, 0, -1][pick(7)]! }));
      const old = cut(shots);
      const same = new CutMap(old, cut(shots));
      for (let f = 1000; f < old[old.length - 1]!.recOut; f += 1 + pick(5)) {
        const m = same.map(f);
        if (m.status !== "ambiguous") expect([round, f, m.to]).toEqual([round, f, f]);
      }
      const edited = shots.flatMap((s) => (random() < 0.2 ? [] : random() < 0.2 ? [{ ...s, src: s.src + pick(10), len: Math.max(1, s.len - pick(10)) }, { key: `N${pick(3)}`, src: 90000, len: 10, speed: 1 }] : [s]));
      if (!edited.length) continue;
      const there = new CutMap(old, cut(edited));
      const back = new CutMap(cut(edited), old);
      for (let f = 990; f < old[old.length - 1]!.recOut + 10; f += 1 + pick(7)) {
        const m = there.map(f);
        if ((m.status === "shifted" || m.status === "unchanged" || m.status === "moved") && shots.every((s) => s.speed === 1)) {
          const b = back.map(m.to!);
          if (b.status !== "ambiguous" && b.status !== "uncertain") expect([round, f, b.to]).toEqual([round, f, f]);
        }
      }
    }
  });
});
