import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseFrameRate } from "../src/engine/frame-rate.js";
import { formatTimecode, parseTimecode } from "../src/engine/timecode.js";
import { UserError } from "../src/errors.js";
import { markerLabel, type Timeline } from "../src/interchange/model.js";
import { detectOrRefuse, readBytes, readTimelineFile, readTimelineText } from "../src/interchange/read-timeline-file.js";
import { ROOT } from "./helpers.js";

/**
 * Files other programs wrote (Avid, Premiere, Nucoda, Resolve-era OTIO, FCP), from public test
 * suites, in ../shared/interop/edl (see its SOURCES.md). They are not the project's: this check runs
 * only where that folder is (CI has it), and skips with a message elsewhere. Every file must read, or
 * be refused with a UserError that names the reason; never a bug. Two writings of one cut must agree.
 */
const DIR = process.env.SPROCKET_INTEROP ? join(process.env.SPROCKET_INTEROP, "edl") : join(ROOT, "..", "shared", "interop", "edl");
const present = existsSync(DIR);
if (!present) console.log(`interop check skipped: ${DIR} is not here (it is the team's shared corpus, not part of the project)`);

/** The project rate each file was made at, from its source's own tests; undefined: the file says (OTIO, FCPXML). */
const RATES: Record<string, string | undefined> = {
  "otio-cmx_25fps.edl": "25", "otio-cmx_timecode_mismatch.edl": "25", "otio-cmx_avid_example.edl": "24", "otio-cmx_premiere_example.edl": "24",
  "otio-cmx_nucoda_example.edl": "24", "otio-cmx_screening_example.edl": "24", "otio-cmx_speed_effects_small.edl": "24", "otio-cmx_multi_audio.edl": "24",
  "pycmx_ToD_R4_LOCK3.1_030618_Video.edl": "23.976", "pycmx_INS4_R1_DX_092117.edl": "23.976", "pycmx_cdl_example01.edl": "24",
  "pycmx_test_25.edl": "25", "pycmx_test_24psf.edl": "24", "pycmx_ISSUE_19_unusual01.edl": "24",
  "python-edl_test_2997DF.edl": "29.97df", "python-edl_test_5994DF.edl": "59.94df",
};

function read(name: string): Timeline | UserError {
  const rate = RATES[name];
  try {
    return readTimelineFile(join(DIR, name), rate ? parseFrameRate(rate) : undefined);
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
}

describe.skipIf(!present)("interop: editorial files written by other programs", () => {
  it("every file reads, or is refused with a reason; the table of what was read", () => {
    const rows: string[] = [];
    for (const name of readdirSync(DIR).sort()) {
      const r = read(name);
      if (r instanceof UserError) {
        expect(r.problems[0]!.message.length).toBeGreaterThan(10);
        rows.push(`${name.padEnd(40)} refused: ${r.problems[0]!.message.split("\n")[0]!.slice(0, 110)}`);
      } else {
        rows.push(`${name.padEnd(40)} ${r.format} at ${r.rate.name}: ${r.events.length} picture events, ${r.audioEvents.length} sound, ${r.markers.length} markers, ${r.warnings.length} warnings`);
      }
    }
    console.log(rows.join("\n"));
    // The 24psf file writes frame :24 (a 25 fps count) and the FCP 7 XML is not FCPXML: both refused, saying why.
    expect(rows.find((r) => r.startsWith("pycmx_test_24psf.edl"))).toContain("Frame 24");
    expect(rows.find((r) => r.startsWith("otio-history_premiere_example_fcp7.xml"))).toContain("Final Cut Pro 7 XML");
  });

  it("the screening cut as an EDL and as OTIO: the same shots on the same frames, the same markers", () => {
    const edl = read("otio-cmx_screening_example.edl") as Timeline;
    const otio = read("otio_screening_example.otio") as Timeline;
    const shots = (t: Timeline) => t.events.map((e) => [e.recordIn, e.recordOut, e.sourceIn, e.source.clip, e.source.file]);
    expect(shots(otio)).toEqual(shots(edl));
    const marks = (t: Timeline) => t.markers.map((m) => [formatTimecode(m.frame, t.rate), markerLabel(m), m.colour]);
    expect(marks(otio)).toEqual(marks(edl));
    expect(marks(edl)).toEqual([["01:00:01:14", "ANIM FIX NEEDED", "RED"], ["01:00:02:14", "ANIM FIX NEEDED", "PINK"], ["01:00:15:13", "green marker", "GREEN"]]);
  });

  it("Avid, Premiere and Nucoda writings of one cut: the same record frames and source in points", () => {
    const cuts = ["otio-cmx_avid_example.edl", "otio-cmx_premiere_example.edl", "otio-cmx_nucoda_example.edl"].map((n) => read(n) as Timeline);
    const frames = (t: Timeline) => t.events.map((e) => [e.recordIn, e.recordOut, e.sourceIn]);
    expect(frames(cuts[1]!)).toEqual(frames(cuts[0]!));
    expect(frames(cuts[2]!)).toEqual(frames(cuts[0]!));
    expect(cuts[0]!.events[0]!.source).toMatchObject({ clip: "take_1", file: "S:\\path\\to\\ZZ100_501.take_1.0001.exr" });
    expect(cuts[2]!.events[0]!.source).toMatchObject({ clip: "take_1", file: "S:\\path\\to\\ZZ100_501.take_1.0001.exr" });
  });

  it("speed effects: a freeze, a 47.6 fps M2, and a real reel's reversed clip", () => {
    const fx = read("otio-cmx_speed_effects_small.edl") as Timeline;
    expect(fx.events.map((e) => e.speed?.toDecimal(4))).toEqual(["1", "0", "0", "1", "1.9833…"]);
    const tod = read("pycmx_ToD_R4_LOCK3.1_030618_Video.edl") as Timeline;
    expect(tod.events.length).toBe(376);
    expect(tod.events.find((e) => e.id === "014")!.speed?.toDecimal(2)).toBe("-1");
  });

  it("Final Cut's sample FCPXML: the markers where they were worked out by hand from its offsets", () => {
    const t = read("otio-fcpx_fcpx_example.fcpxml") as Timeline;
    expect(t.markers.map((m) => [m.name, m.frame])).toEqual([["Marker 1", 180], ["Marker 5", 660], ["Marker 2", 840], ["Marker 9", 1095], ["Marker 4", 1937], ["Marker 7", 2400], ["Marker 8", 2714]]);
    expect(t.warnings.some((w) => /Marker 3.*trimmed out/.test(w.message))).toBe(true);
  });

  it("37 LOC markers with 6-digit events, and a dissolve and a wipe in a Premiere-era EDL", () => {
    const cdl = read("pycmx_cdl_example01.edl") as Timeline;
    expect(cdl.markers.length).toBe(37);
    expect(markerLabel(cdl.markers[1]!)).toBe("VFX  117_GUD_0030 add Norway landscape");
    const p25 = read("pycmx_test_25.edl") as Timeline;
    expect(p25.events.find((e) => e.transition)?.transition).toMatchObject({ kind: "dissolve" });
    expect(p25.events.find((e) => e.transition)!.transition!.to - p25.events.find((e) => e.transition)!.transition!.from).toBe(70);
    expect(p25.audioEvents.find((e) => e.transition)?.transition?.kind).toBe("wipe");
  });
});

/** Pro Tools "Export Session Info as Text" files (../shared/interop/protools, from ptulsconv's tests). */
const PT_DIR = process.env.SPROCKET_INTEROP ? join(process.env.SPROCKET_INTEROP, "protools") : join(ROOT, "..", "shared", "interop", "protools");
const ptPresent = existsSync(PT_DIR);
if (!ptPresent) console.log(`interop Pro Tools check skipped: ${PT_DIR} is not here`);

describe.skipIf(!ptPresent)("interop: Pro Tools session text exports", () => {
  const pt = (name: string, track?: string) => readTimelineText(detectOrRefuse(readBytes(join(PT_DIR, name)), name), join(PT_DIR, name), undefined, track ? { track } : {});

  it("every file reads at its session's rate; every marker sits where its sample reference says (worked out here in whole numbers)", () => {
    const rows: string[] = [];
    for (const name of readdirSync(PT_DIR).sort()) {
      const text = readFileSync(join(PT_DIR, name), "utf8");
      const t = pt(name);
      const start = /^SESSION START TIMECODE:\t(\S+)/m.exec(text)![1]!.replace(/\.\d+$/, "");
      const startFrame = parseTimecode(start, t.rate);
      const rows_ = text.slice(text.indexOf("M A R K E R S")).split("\n").slice(2).filter((l) => /^\d/.test(l)).map((l) => l.split("\t").map((c) => c.trim()));
      expect(t.markers.length).toBe(rows_.length);
      // frame = start + floor(samples x fps / 48000), in BigInt: fps n/d, so floor(samples x n / (d x 48000)).
      const fps = t.rate.fps;
      rows_.forEach((r, i) => expect([name, r[4], t.markers[i]!.frame]).toEqual([name, r[4], startFrame + Number((BigInt(r[2]!) * fps.n) / (fps.d * 48000n))]));
      rows.push(`${name.padEnd(40)} ${t.rate.name}: ${t.markers.length} markers, ${t.warnings.length} warnings`);
    }
    console.log(rows.join("\n"));
    expect(rows.length).toBe(6);
  });

  it("one spotting session exported three ways (timecode NDF, samples DF, min:secs DF): the same markers and Scenes clips on the same frames of the session", () => {
    // Frames from the session start (the first marker): 01:00:00:00 NDF and 01:00:00;00 DF are 108 frames apart.
    const frames = (t: Timeline) => t.markers.map((m) => [m.frame - t.markers[0]!.frame, m.name]);
    const tc = pt("ptulsconv_RobinHood_2997NDF_tc.txt", "Scenes"), samples = pt("ptulsconv_RobinHood_2997DF_samples.txt", "Scenes");
    // Some Scenes clips start between frames (5624396 samples is frame 3511.7 of the session): the
    // timecode export shows them on a neighbouring frame, and the two exports (two states of the
    // session) do not always agree which, so the sample reading (the frame that holds the sample) is
    // within a frame of the timecode one, and the names and order are the same.
    expect(samples.markers.map((m) => m.name)).toEqual(tc.markers.map((m) => m.name));
    frames(samples).forEach(([f], i) => expect(Math.abs((f as number) - (frames(tc)[i]![0] as number))).toBeLessThanOrEqual(1));
    expect(tc.markers.map((m) => m.name).slice(0, 3)).toEqual(["{Title=The Adventures of Robin Hood}", "@ {Sc=MT Main Titles}", "@ {Sc=1 Ext. Town Square - News of the King}"]);
    expect(frames(pt("ptulsconv_RobinHood_2997DF_minsecs.txt"))).toEqual(frames(pt("ptulsconv_RobinHood_2997NDF_tc.txt")));
    expect(() => pt("ptulsconv_RobinHood_2997DF_minsecs.txt", "Scenes")).toThrow(/is in min:secs, which gives whole seconds/);
    expect(() => pt("ptulsconv_RobinHood_2997NDF_tc.txt", "Scnes")).toThrow(/has no track named "Scnes"/);
  });

  it("the newer marker columns: a ruler marker and a track marker, both read", () => {
    const t = pt("ptulsconv_multiple_rulers_23976.txt");
    expect(t.markers.map((m) => [formatTimecode(m.frame, t.rate), m.name])).toEqual([["00:00:00:00", "{Title=Multiple Marker Rulers Project}"], ["00:00:04:00", "Track Marker"]]);
  });
});
