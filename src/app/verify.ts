import { readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { readCueFile } from "../cue/read-cue-file.js";
import { checkDeliveries, type DeliveredFile, type DeliverySpec, type FileReport, type MissingCue } from "../delivery/check-deliveries.js";
import { renameDeliveries } from "../delivery/rename-deliveries.js";
import { UserError } from "../errors.js";
import { readWavHeader } from "../interchange/read-wav-header.js";

const AUDIO = /\.(wav|wave|bwf|rf64|w64|mp3|aif|aiff|aifc|flac|m4a|aac|ogg|opus)$/i;

export interface VerifyOptions {
  /** The cue file the delivery is checked against. */
  cueFile: string;
  /** Delivery folders (searched with their subfolders) and WAV files. */
  paths: readonly string[];
  /** The spec's sample rate (default 48000) and bit depth (16, 24 the default, 32, or 32f for float). */
  rate?: number | string;
  bits?: number | string;
  /** Rename the files whose names say another timecode than their right time stamp (atomically, never overwriting). */
  fixNames?: boolean;
}

export interface VerifyResult {
  title: string;
  cues: number;
  fps: string;
  spec: DeliverySpec;
  /** Each file's report: its cue and stem, pass or fail, and every problem in words. */
  files: FileReport[];
  /** Cues with nothing delivered. */
  missing: MissingCue[];
  /** Files left alone (not audio, or hidden). */
  ignored: string[];
  /** The renames that put names right (made with `fixNames`). */
  renamed: { from: string; to: string; done: boolean; reason?: string }[];
  /** Every file passes and every cue is delivered. */
  ready: boolean;
}

/** The use case behind `sprocket verify`: a delivery folder checked against the cue file. */
export function verifyDeliveries(options: VerifyOptions): VerifyResult {
  const file = readCueFile(options.cueFile);
  const spec = readSpec(options.rate === undefined ? undefined : String(options.rate), options.bits === undefined ? undefined : String(options.bits));
  const { paths, ignored } = collect(options.paths);
  if (!paths.length) throw new UserError({ message: `No audio files in ${options.paths.join(", ")}.`, expected: "a folder of WAV files, or WAV files", ...(ignored.length ? { received: `only ${ignored.length} other file${ignored.length === 1 ? "" : "s"} (${ignored.slice(0, 3).map((p) => basename(p)).join(", ")}${ignored.length > 3 ? ", ..." : ""})` } : {}) });
  const { files, missing } = checkDeliveries(file, spec, paths.map(readDelivered));
  const renamed = options.fixNames ? renameDeliveries(files.filter((f) => f.rename).map((f) => ({ from: f.path, to: join(f.path, "..", f.rename!) }))) : [];
  for (const r of renamed) {
    const f = files.find((x) => x.path === r.from)!;
    if (r.done) {
      f.problems = f.problems.filter((p) => p.check !== "name");
      f.status = f.problems.length ? "fail" : "pass";
    }
  }
  return { title: file.title, cues: file.cues.length, fps: file.rate.name, spec, files, missing, ignored, renamed, ready: !missing.length && files.every((f) => f.status === "pass") };
}

function readSpec(rate: string | undefined, bits: string | undefined): DeliverySpec {
  const sampleRate = rate === undefined ? 48000 : Number(rate);
  if (!Number.isInteger(sampleRate) || sampleRate < 8000 || sampleRate > 768000) throw new UserError({ message: `--rate ${rate} is not a sample rate.`, field: "--rate", expected: "a sample rate in Hz, such as 48000 or 96000", received: JSON.stringify(rate) });
  const b = (bits ?? "24").toLowerCase().replace(/-?bit/, "").replace(/\s+/g, "");
  const depth = { "16": { bits: 16, float: false }, "24": { bits: 24, float: false }, "32": { bits: 32, float: false }, "32f": { bits: 32, float: true }, "32float": { bits: 32, float: true } }[b];
  if (!depth) throw new UserError({ message: `--bits ${bits} is not a bit depth Sprocket checks.`, field: "--bits", expected: "16, 24, 32 (PCM) or 32f (float)", received: JSON.stringify(bits) });
  return { sampleRate, ...depth };
}

/** An LTC file as `render --only ltc` names it. */
const LTC = /_ltc_\d\d-\d\d-\d\d-\d\d\.wav$/i;

/** The files named, and the audio files in the folders named (with subfolders), in name order. */
function collect(inputs: readonly string[]): { paths: string[]; ignored: string[] } {
  const paths: string[] = [];
  const ignored: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (name.startsWith(".")) ignored.push(p); // .DS_Store, and ._ files macOS leaves on non-Mac disks
      else if (st?.isDirectory()) walk(p);
      else if (AUDIO.test(name) && !LTC.test(name)) paths.push(p);
      else ignored.push(p); // and the LTC Sprocket renders beside the clicks: timecode, not music
    }
  };
  for (const input of inputs) {
    let st;
    try {
      st = statSync(input);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UserError({ message: `Cannot read ${input}: ${code === "ENOENT" ? "there is no such file or folder" : code === "EACCES" ? "permission denied" : code}.`, expected: "a delivery folder or a WAV file" });
    }
    if (st.isDirectory()) {
      try {
        walk(input);
      } catch (e) {
        throw new UserError({ message: `Cannot read the folder ${input}: ${(e as NodeJS.ErrnoException).code === "EACCES" ? "permission denied" : (e as Error).message}.` });
      }
    } else paths.push(input);
  }
  return { paths, ignored };
}

/** A file's headers, or what it is instead (an MP3 named .wav, an empty file, one that cannot be read). */
function readDelivered(path: string): DeliveredFile {
  try {
    return { path, name: basename(path), header: readWavHeader(path) };
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    const p = e.problems[0]!;
    return { path, name: basename(path), unreadable: { what: p.received ?? "unreadable", message: p.message.replace(`${path} `, "").replace(/\.$/, "") } };
  }
}
