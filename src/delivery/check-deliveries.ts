import type { Cue, CueFile } from "../engine/cue-model.js";
import { cuePlan } from "../engine/cue-plan.js";
import { isDropFrame } from "../engine/frame-rate.js";
import { Rational } from "../engine/rational.js";
import { formatTimecode, parseTimecode } from "../engine/timecode.js";
import { UserError } from "../errors.js";
import type { WavHeader } from "../interchange/read-wav-header.js";
import { nameParts, type NameParts } from "./delivery-name-parts.js";
import { describeOffset, frameSample, offsetFromFrame, onFrame, stampFrame, stampLabel } from "./sample-time.js";
import { checkSiblings } from "./sibling-checks.js";
import type { Checked, DeliveredFile, DeliverySpec, FileReport, MissingCue, Problem } from "./delivery-report.js";

export type { Checked, DeliveredFile, DeliverySpec, FileReport, MissingCue, Problem } from "./delivery-report.js";

const CODECS: Record<number, string> = { 2: "ADPCM", 6: "A-law", 7: "µ-law", 0x11: "IMA ADPCM", 0x50: "MPEG audio", 0x55: "MP3 (MPEG Layer 3) audio", 0xff: "AAC audio", 0x2000: "AC-3 audio" };
export const formatName = (tag: number, bits: number) => (tag === 1 ? `${bits}-bit PCM` : tag === 3 ? `${bits}-bit float` : CODECS[tag] ?? `audio in format 0x${tag.toString(16)}`);
export const specName = (s: DeliverySpec) => `${s.bits}-bit ${s.float ? "float" : "PCM"}`;
const khz = (hz: number) => `${Number((hz / 1000).toFixed(3))} kHz`;
const seconds = (x: number) => `${x.toFixed(2)} s`;

/** Where a cue's delivered audio is stamped: its delivery start (or bar 1); a click starts at its first warning click. */
export function expectedStart(cue: Cue, rate: CueFile["rate"], click: boolean): { frame: number; what: string } {
  if (click) return { frame: cuePlan(cue, rate).timing.countInFrame, what: "first warning click" };
  return cue.deliveryStart !== undefined ? { frame: cue.deliveryStart, what: "delivery start" } : { frame: cue.start, what: "bar 1" };
}

/** The frame a name's timecode labels at the project's rate, or why it labels none. */
function nameFrame(parts: NameParts, rate: CueFile["rate"]): { frame?: number; error?: string } {
  if (!parts.timecode) return {};
  const [h, m, s, f] = parts.timecode.fields.map((n) => String(n).padStart(2, "0"));
  try {
    return { frame: parseTimecode(`${h}:${m}:${s}${isDropFrame(rate) ? ";" : ":"}${f}`, rate) };
  } catch (e) {
    if (e instanceof UserError) return { error: e.problems[0]!.message };
    throw e;
  }
}

/** Which cue a file is for: by the id in its name, else its name's timecode, else its time stamp. */
function matchCue(file: CueFile, parts: NameParts, named: number | undefined, stamp: { frame: number } | undefined, click: boolean): { cue?: Cue; by: FileReport["matchedBy"] } {
  if (parts.cues.length === 1) return { cue: parts.cues[0], by: "name" };
  if (parts.cues.length > 1) return { cue: parts.cues.find((c) => expectedStart(c, file.rate, click).frame === named) ?? parts.cues[0], by: "name" };
  const byStart = file.cues.filter((c) => expectedStart(c, file.rate, click).frame === named);
  if (named !== undefined && byStart.length === 1) return { cue: byStart[0], by: "name timecode" };
  if (stamp) {
    const inside = file.cues
      .map((c) => ({ c, t: cuePlan(c, file.rate).timing, from: Math.min(expectedStart(c, file.rate, false).frame, cuePlan(c, file.rate).timing.countInFrame) }))
      .filter(({ t, from }) => stamp.frame >= from && stamp.frame <= t.endFrame)
      .sort((a, b) => Math.abs(stamp.frame - a.from) - Math.abs(stamp.frame - b.from));
    if (inside[0]) return { cue: inside[0].c, by: "timestamp" };
  }
  return { by: null };
}

/** The name with its timecode put right (or added before the extension), keeping its separators. */
function renamed(name: string, parts: NameParts, label: string): string {
  const numbers = label.split(/[:;]/);
  if (parts.timecode) {
    const seps = parts.timecode.text.replace(/\d/g, "").split("");
    const text = numbers.map((n, i) => n + (seps[i] ?? "")).join("");
    return name.slice(0, parts.timecode.index) + text + name.slice(parts.timecode.index + parts.timecode.text.length);
  }
  const dot = name.lastIndexOf(".");
  const [base, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
  return `${base}_${numbers.join("-")}${ext}`;
}

function checkFile(file: CueFile, spec: DeliverySpec, d: DeliveredFile): Checked {
  const rate = file.rate;
  const problems: Problem[] = [];
  const say = (check: string, expected: string, received: string, message: string) => problems.push({ check, expected, received, message });
  const parts = nameParts(d.name, file.cues);
  const h = d.header;
  const bext = h?.bext;
  const click = parts.stem?.toLowerCase() === "click" || (bext?.originator === "Sprocket" && bext.description.startsWith("Sprocket click"));
  const named = nameFrame(parts, rate);
  const stamp = bext && h.sampleRate ? stampFrame(bext.timeReference, rate, h.sampleRate) : undefined;
  const { cue, by } = matchCue(file, parts, named.frame, stamp, click);
  const report: FileReport = { path: d.path, cue: cue?.id ?? null, stem: parts.stem, matchedBy: by, status: "pass", problems };
  const checked: Checked = { report, file: d, ...(cue ? { cue } : {}), click, timestampOk: false, truncated: false };
  if (!cue) say("cue", "a cue id or start timecode in the name, or a time stamp inside a cue", d.name, `matches no cue: its name names none${bext ? `, and its time stamp ${stampLabel(bext.timeReference, rate, h.sampleRate)} falls in none` : " and it has no time stamp"}`);
  if (!h) {
    say("format", `a Broadcast WAV, ${specName(spec)}`, d.unreadable?.what ?? "unreadable", d.unreadable?.message ?? "cannot be read");
    return checked;
  }
  if (h.formatTag !== 1 && h.formatTag !== 3) say("format", "PCM audio", formatName(h.formatTag, h.bitsPerSample), `holds ${formatName(h.formatTag, h.bitsPerSample)}, not PCM: a lossy or compressed file in a WAV wrapper`);
  else if (h.bitsPerSample !== spec.bits || (h.formatTag === 3) !== spec.float) say("bitDepth", specName(spec), formatName(h.formatTag, h.bitsPerSample), `is ${formatName(h.formatTag, h.bitsPerSample)}; the delivery spec is ${specName(spec)}`);
  if (h.sampleRate !== spec.sampleRate) say("sampleRate", `${spec.sampleRate} Hz`, `${h.sampleRate} Hz`, `sample rate is ${khz(h.sampleRate)}; the delivery spec is ${khz(spec.sampleRate)}`);
  if (h.dataBytesPresent < h.dataBytes) {
    checked.truncated = true;
    const bytesPerSecond = Math.max(1, h.sampleRate * h.blockAlign);
    say("truncated", `${h.dataBytes} bytes of audio (${seconds(h.dataBytes / bytesPerSecond)})`, `${h.dataBytesPresent} bytes (${seconds(h.dataBytesPresent / bytesPerSecond)})`, `is cut short: its data chunk says ${seconds(h.dataBytes / bytesPerSecond)} of audio, the file holds ${seconds(h.dataBytesPresent / bytesPerSecond)} (an interrupted copy?)`);
  }
  if (bext && h.sampleRate) report.timestamp = stampLabel(bext.timeReference, rate, h.sampleRate);
  if (!bext) say("bext", "a bext chunk with the time stamp", "none", "has no bext chunk: no time stamp, so the stage cannot spot it to time");
  if (cue && bext && h.sampleRate) {
    const want = expectedStart(cue, rate, click);
    const off = offsetFromFrame(bext.timeReference, want.frame, rate, h.sampleRate);
    const wantLabel = formatTimecode(want.frame, rate);
    checked.timestampOk = onFrame(off);
    if (!checked.timestampOk) say("timestamp", `${wantLabel} (${frameSample(want.frame, rate, h.sampleRate).round()} samples since midnight)`, `${report.timestamp} (${bext.timeReference} samples)`, `starts ${describeOffset(off, rate, h.sampleRate)}: its time stamp is ${report.timestamp}, the cue's ${want.what} is ${wantLabel}`);
    // The name's timecode against the time stamp; a correct stamp and a wrong name can be fixed by renaming.
    const stampAt = stampFrame(bext.timeReference, rate, h.sampleRate).frame;
    const stampText = formatTimecode(stampAt, rate);
    if (named.error) say("name", `the start timecode ${stampText} in the name`, parts.timecode!.text, `the timecode in its name, ${parts.timecode!.text}, is no timecode at ${rate.name}: ${named.error}`);
    else if (named.frame === undefined) say("name", `the start timecode in the name (…_${stampText.replace(/[:;]/g, "-")}.wav)`, d.name, "its name carries no start timecode");
    else if (named.frame !== stampAt) say("name", stampText, formatTimecode(named.frame, rate), `its name says ${formatTimecode(named.frame, rate)}, its time stamp ${stampText}`);
    if (checked.timestampOk && (named.error || named.frame !== stampAt)) report.rename = renamed(d.name, parts, stampText);
    if (!checked.truncated) {
      const end = cuePlan(cue, rate).timing.endFrame;
      // Samples from the expected start: the cue needs up to its end, the file covers from its own start on.
      const needed = Rational.of(end - want.frame).div(rate.fps).mul(h.sampleRate);
      const covered = off.add(h.frames);
      if (covered.add(1).lt(needed)) {
        const short = needed.sub(covered).toNumber() / h.sampleRate;
        say("duration", `to the cue's end, ${formatTimecode(end, rate)}`, `ends ${seconds(short)} before it`, `ends ${seconds(short)} before the cue's end (${formatTimecode(end, rate)})`);
      }
    }
  } else if (cue && named.frame !== undefined && named.frame !== expectedStart(cue, rate, click).frame) {
    const want = expectedStart(cue, rate, click);
    say("name", formatTimecode(want.frame, rate), formatTimecode(named.frame, rate), `its name says ${formatTimecode(named.frame, rate)}, the cue's ${want.what} is ${formatTimecode(want.frame, rate)}`);
  }
  checkIxml(h, file, say);
  return checked;
}

/** iXML's picture rate and drop-frame flag, and its time stamp against bext's, where the file has them. */
function checkIxml(h: WavHeader, file: CueFile, say: (check: string, expected: string, received: string, message: string) => void): void {
  const x = h.ixml;
  if (!x) return;
  const fps = file.rate.fps;
  const want = `${fps.n}/${fps.d}`;
  if (x.timecodeRate) {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(\d+)\s*)?$/.exec(x.timecodeRate);
    const got = m ? (m[2] ? Rational.of(BigInt(m[1]!.split(".")[0]!), BigInt(m[2])) : Rational.fromNumber(Number(m[1]))) : undefined;
    const same = got && (m![2] ? got.eq(fps) : Math.abs(got.toNumber() - fps.toNumber()) < 0.001);
    if (!same) say("ixmlRate", want, x.timecodeRate, `its iXML says the timecode rate is ${x.timecodeRate}; the picture runs at ${want} (${file.rate.name} fps)`);
  }
  if (x.timecodeFlag) {
    const flag = isDropFrame(file.rate) ? "DF" : "NDF";
    if (x.timecodeFlag !== flag) say("ixmlFlag", flag, x.timecodeFlag, `its iXML says ${x.timecodeFlag === "DF" ? "drop frame" : "non-drop frame"}; the picture is ${file.rate.name}, ${flag === "DF" ? "drop frame" : "non-drop frame"}`);
  }
  if (h.bext && x.samplesSinceMidnight !== undefined && h.sampleRate) {
    const ixmlSeconds = Rational.of(x.samplesSinceMidnight).div(x.timestampSampleRate ?? h.sampleRate);
    const bextSeconds = Rational.of(h.bext.timeReference).div(h.sampleRate);
    if (!ixmlSeconds.eq(bextSeconds)) say("ixmlTimestamp", `${h.bext.timeReference} samples (bext)`, `${x.samplesSinceMidnight} samples at ${x.timestampSampleRate ?? h.sampleRate} Hz`, "its iXML time stamp disagrees with its bext time stamp: a tool that reads one spots it elsewhere than one that reads the other");
  }
}

/** Every file checked against the cue file, stems against their siblings, and the cues nobody delivered. */
export function checkDeliveries(file: CueFile, spec: DeliverySpec, delivered: readonly DeliveredFile[]): { files: FileReport[]; missing: MissingCue[] } {
  const checked = delivered.map((d) => checkFile(file, spec, d));
  checkSiblings(checked);
  for (const c of checked) c.report.status = c.report.problems.length ? "fail" : "pass";
  const missing = file.cues.flatMap((cue) => {
    const mine = checked.filter((c) => c.cue === cue);
    if (mine.some((c) => !c.click)) return [];
    return [{ id: cue.id, title: cue.title, start: formatTimecode(expectedStart(cue, file.rate, false).frame, file.rate), reason: mine.length ? "only its click track was delivered" : "no file" }];
  });
  return { files: checked.map((c) => c.report), missing };
}
