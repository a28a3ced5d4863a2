import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import wavefile from "wavefile";
import { readWavHeader } from "../src/interchange/read-wav-header.js";
import { ROOT, sprocket } from "./helpers.js";

/**
 * Broadcast WAVs that recorders and DAWs wrote (Sound Devices, Zoom, Nuendo, Pro Tools, Metacorder,
 * iZotope, Sound Grinder), in ../shared/interop/bwf (see SOURCES.md). Where that folder is (CI),
 * Sprocket's header reader must agree with wavefile (an independent reader that loads the whole
 * file) on rate, bit depth, channels, length, time stamp and the iXML SPEED block, and with the
 * values SOURCES.md states; `verify` must report on every file without failing itself.
 */
const DIR = process.env.SPROCKET_INTEROP ? join(process.env.SPROCKET_INTEROP, "bwf") : join(ROOT, "..", "shared", "interop", "bwf");
const present = existsSync(DIR);
if (!present) console.log(`interop BWF check skipped: ${DIR} is not here`);
const files = present ? readdirSync(DIR).filter((n) => /\.wav$/i.test(n)).sort() : [];

/** A SPEED field from iXML text, read here with a plain pattern. */
const speed = (xml: string, tag: string) => new RegExp(`<SPEED>[\\s\\S]*<${tag}>\\s*([^<]*?)\\s*</${tag}>[\\s\\S]*</SPEED>`).exec(xml)?.[1];

describe.skipIf(!present)("the shared Broadcast WAVs", () => {
  it("has the files SOURCES.md lists", () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });
  for (const name of files) {
    it(`${name}: format, length, time stamp and iXML speed as wavefile reads them`, () => {
      const path = join(DIR, name);
      const ours = readWavHeader(path);
      const wf = new wavefile.WaveFile(readFileSync(path)) as any;
      expect([ours.sampleRate, ours.bitsPerSample, ours.channels]).toEqual([wf.fmt.sampleRate, wf.fmt.bitsPerSample, wf.fmt.numChannels]);
      expect(ours.frames).toBe(wf.data.chunkSize / wf.fmt.blockAlign);
      if (wf.bext.chunkId) {
        const [lo, hi] = wf.bext.timeReference as [number, number];
        expect(ours.bext?.timeReference).toBe(BigInt(lo) + (BigInt(hi) << 32n));
      } else expect(ours.bext).toBeUndefined();
      const xml: string = wf.iXML?.chunkId ? wf.getiXML() : "";
      expect(ours.ixml?.timecodeRate).toBe(speed(xml, "TIMECODE_RATE"));
      expect(ours.ixml?.timecodeFlag).toBe(speed(xml, "TIMECODE_FLAG")?.toUpperCase());
      const hi = speed(xml, "TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI"), lo = speed(xml, "TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO");
      expect(ours.ixml?.samplesSinceMidnight).toBe(hi && lo ? (BigInt(hi) << 32n) + BigInt(lo) : undefined);
    });
  }
  it("reads the time stamps and rates SOURCES.md states", () => {
    const at = (n: string) => readWavHeader(join(DIR, n));
    expect(at("sounddevices_702T_A101_1_1.WAV").bext!.timeReference).toBe(2190940753n);
    expect(at("sounddevices_702T_A101_1_1.WAV").ixml).toMatchObject({ timecodeRate: "24000/1001", timecodeFlag: "NDF" });
    expect([at("protools_umid.wav").bext!.timeReference, at("protools_umid.wav").sampleRate]).toEqual([676200n, 44100]);
    expect(at("zoomF8_Scene_1_2AG-T001_Tr1.WAV").bext!.timeReference).toBe(3917280000n);
    expect(at("zoomF8_Scene_1_2AG-T001_Tr1.WAV").ixml).toMatchObject({ timecodeRate: "25/1", timecodeFlag: "NDF" });
    expect(at("metacorder_Sr001-2C-01_01.WAV").ixml).toMatchObject({ timecodeRate: "25/1", timecodeFlag: "NDF" });
    expect([at("nuendo_5.1.wav").channels, at("nuendo_5.1.wav").bext!.version]).toEqual([6, 2]);
    expect([at("izotopeRX_cues_test.wav").formatTag, at("izotopeRX_cues_test.wav").bext]).toEqual([3, undefined]);
    expect(at("soundgrinderpro_new_camera_bumb_1.wav").notes).toEqual(["the RIFF size says 138514 bytes, the file has 138506"]);
  });
  it("verify reports on every file (a 25 fps cue at Zoom F8's time stamp) and fails none of its own accord", () => {
    const cue = join(mkdtempSync(join(tmpdir(), "sprocket-bwf-")), "f8.yaml");
    writeFileSync(cue, 'title: F8\nfps: 25\ncues:\n  - id: "1M1"\n    start: "22:40:10:00"\n    end: "22:40:20:00"\n    tempo:\n      - { bar: 1, bpm: 120 }\n');
    const r = sprocket(["verify", cue, DIR, "--json"]);
    expect(r.status).toBe(3);
    const json = JSON.parse(r.stdout);
    expect(json.files).toHaveLength(files.length);
    const f8 = json.files.find((f: any) => f.path.endsWith("zoomF8_Scene_1_2AG-T001_Tr1.WAV"));
    expect([f8.cue, f8.matchedBy, f8.timestamp]).toEqual(["1M1", "timestamp", "22:40:10:00"]);
    expect(f8.problems.map((p: any) => p.check)).toEqual(["name"]); // a recorder's name, not the delivery convention
    const sd = json.files.find((f: any) => f.path.endsWith("sounddevices_702T_A101_1_1.WAV"));
    expect(sd.problems.map((p: any) => p.check)).toEqual(["cue", "ixmlRate"]);
  });
});
