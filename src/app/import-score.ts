import { writeFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { appendCue } from "../cue/edit-cue-text.js";
import { scoreToCue } from "../cue/import-score.js";
import { parseCueFile } from "../cue/read-cue-file.js";
import { cueFileYaml, cueYaml } from "../cue/write-cue-yaml.js";
import { slug } from "../delivery/delivery-name.js";
import { cuePlan } from "../engine/cue-plan.js";
import { parseFrameRate } from "../engine/frame-rate.js";
import { formatTimecode, parseTimecode } from "../engine/timecode.js";
import { BugError, UserError } from "../errors.js";
import { readMusicXml, scoreXml } from "../interchange/read-musicxml.js";
import { writeAtomically } from "../system/atomic-file.js";
import { readInputFile, readInputText } from "../system/read-input-file.js";
import { checkImported, importedFrom } from "./imported-cue-file.js";

export interface ImportScoreOptions {
  /** A MusicXML score: .musicxml / .xml, or compressed .mxl. */
  file: string;
  /** The picture rate (default: the one Sprocket wrote in the score, or --into's). */
  fps?: string;
  /** Bar 1's timecode (default: the one Sprocket wrote in the score, else 01:00:00:00 with a warning). */
  start?: string;
  countIn?: number;
  id?: string;
  title?: string;
  /** Add the cue to this cue file (written in place, or to `output`). */
  into?: string;
  output?: string;
}

export interface ImportScoreResult {
  /** The new cue file, or the --into file with the cue added. */
  text: string;
  path: string | null;
  id: string;
  measures: number;
  parts: number;
  tempoEvents: number;
  ramps: number;
  hits: number;
  end: string;
  warnings: string[];
}

/**
 * The use case behind `import SCORE.musicxml|.mxl`: a notation program's bars, meters and tempos as a
 * cue, its rehearsal marks and timecoded words as hits. The cue is read back by the cue file's own
 * reader before anything is written; with --into it is added at the end of the file's cues.
 */
export async function importScore(options: ImportScoreOptions): Promise<ImportScoreResult> {
  const { file } = options;
  const score = readMusicXml(scoreXml(readInputFile(file, "score"), file), file);
  const into = options.into !== undefined ? { path: options.into, text: readInputText(options.into, "cue file") } : undefined;
  const intoFile = into ? parseCueFile(into.text, into.path) : undefined;
  const fps = options.fps ?? intoFile?.rate.name ?? score.fields["sprocket-fps"];
  if (!fps) throw new UserError({ message: `${file} does not say the picture's frame rate (a score has none).`, location: { file }, hint: "Give it with --fps, e.g. --fps 23.976." });
  const rate = parseFrameRate(fps);
  if (intoFile && intoFile.rate.name !== rate.name) throw new UserError({ message: `--fps ${fps} is not ${into!.path}'s rate (${intoFile.rate.name}).`, expected: intoFile.rate.name, received: fps });
  const warnings: string[] = [];
  let startText = options.start ?? score.fields["sprocket-start"];
  if (startText === undefined) {
    startText = "01:00:00:00";
    warnings.push("The score does not say where bar 1 falls in the picture: 01:00:00:00 is used (--start to give it).");
  }
  const start = formatTimecode(parseTimecode(startText, rate), rate);
  // A score Sprocket wrote says where its cue was: the hits' timecodes and the end move with a new start.
  const own = (field: string) => (score.fields[field] !== undefined ? parseTimecode(score.fields[field], rate) : undefined);
  const ownStart = own("sprocket-start");
  const shift = ownStart !== undefined ? parseTimecode(start, rate) - ownStart : 0;
  const named = basename(file).replace(/\.[^.]+$/, "");
  const title = options.title ?? score.title ?? (score.fields["sprocket-cue"] ? "" : score.movement ?? named);
  const project = score.movement ?? score.title ?? named;
  const id = options.id ?? score.fields["sprocket-cue"] ?? (slug(title || named) || "cue");
  if (intoFile?.cues.some((c) => c.id === id)) throw new UserError({ message: `${into!.path} already has a cue "${id}".`, hint: "Give the new cue another id with --id." });
  if (options.countIn !== undefined && !(Number.isInteger(options.countIn) && options.countIn >= 0 && options.countIn <= 16)) throw new UserError({ message: "--count-in must be a whole number of bars from 0 to 16.", received: String(options.countIn) });
  const converted = scoreToCue(score, { rate, start, id, title, project, shift, ...(options.countIn !== undefined ? { countIn: options.countIn } : {}) });
  warnings.push(...converted.warnings);
  const { draft } = converted;
  // The end: Sprocket's own, or the score's last bar line on the nearest frame (from the cue's own map).
  // A hit outside the cue (first warning click to end) is left out and said: the start may be wrong.
  const first = checkImported(cueYaml(draft, importedFrom(file))).cues[0]!;
  const ownEnd = own("sprocket-end");
  const endFrame = ownEnd !== undefined ? ownEnd + shift : first.start + Math.round(first.map.seconds(converted.endQuarters) * rate.fps.toNumber());
  const timing = cuePlan(first, rate).timing;
  draft.cue.end = formatTimecode(endFrame, rate);
  draft.cue.hits = draft.cue.hits.filter((h, i) => {
    const frame = timing.hits[i]!.frame;
    if (frame >= timing.countInFrame && frame <= endFrame) return true;
    warnings.push(`The hit "${h.label}" (${formatTimecode(frame, rate)}) is outside the cue (${formatTimecode(timing.countInFrame, rate)} to ${draft.cue.end}): left out. Is bar 1 at ${start} (--start)?`);
    return false;
  });
  let text = cueYaml(draft, importedFrom(file));
  checkImported(text);
  if (into) {
    const lines = cueFileYaml({ title: "", fps: rate.name, cues: [draft.cue] }, "").split("\n");
    text = appendCue(into.text, lines.slice(lines.indexOf("cues:") + 1).filter((l) => l !== ""));
    try {
      parseCueFile(text, into.path);
    } catch (e) {
      if (e instanceof UserError) throw new BugError(`sprocket import made ${into.path} a cue file that does not check: ${e.message}`);
      throw e;
    }
  }
  const out = options.output ?? options.into;
  if (out !== undefined) await writeAtomically(resolve(out), (fh) => writeFile(fh, text));
  return {
    text, path: out !== undefined ? resolve(out) : null, id, measures: score.measures.length, parts: score.parts,
    tempoEvents: draft.cue.tempo.length, ramps: converted.ramps, hits: draft.cue.hits.length, end: draft.cue.end, warnings,
  };
}
