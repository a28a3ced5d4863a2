import { spot } from "../../app/spot.js";
import { UserError } from "../../errors.js";
import { printJson, defineCommand } from "../command.js";

export const spotCommand = defineCommand({
  name: "spot",
  positionals: [1, 1],
  options: {
    into: { type: "string" },
    cue: { type: "string" },
    output: { type: "string", short: "o" },
    threshold: { type: "string" },
    "video-start": { type: "string" },
    fps: { type: "string" },
    color: { type: "string" },
    json: { type: "boolean" },
  },
  help: `Usage: sprocket spot REF [--into CUEFILE [--cue ID] | -o NEW.yaml] [--threshold X] [--video-start TC] [--fps RATE] [--color C] [--json]

Finds the shot changes in a reference video and proposes each as a hit, "cut N", on the first frame
of the new shot. Every frame is decoded (small) and compared with the one before by its colours and
its pixels; a change is a cut when it is large and stands out from the frames around it, so motion,
fades and dissolves are not cuts, and a flash (the picture coming back within a few frames) is not
either. Without --into or -o it lists the cuts.

Options:
  --into CUEFILE     add the cuts as hits to the cues that hold them (in place, or to -o); cuts
                     outside every cue are listed, and a frame that has a hit already gets none
  --cue ID           with --into: only into this cue
  -o, --output FILE  without --into: a new cue file, one cue over the reference, the cuts its hits
  --threshold X      how different a frame must be from the one before, 0-1 (default 0.1;
                     lower finds more)
  --video-start TC   the reference's first frame's timecode (default: its timecode track; a
                     reference without one is listed from 00:00:00:00, never put into a cue file)
  --fps RATE         the project's rate (default: the cue file's, else the reference's)
  --color C          the proposed hits' streamer colour (default cyan)
  --json             { cuts: [{ timecode, frame, score }], reference, rate, start, frames, added,
                     outside, skipped, path, warnings } (frame counted from the reference's first)`,
  async run(values, [reference]) {
    if (values.cue !== undefined && values.into === undefined) throw new UserError({ message: "--cue says which cue of --into the cuts go to: give --into CUEFILE.", expected: "--into CUEFILE --cue ID" });
    const threshold = values.threshold !== undefined ? Number(values.threshold) : undefined;
    if (values.threshold !== undefined && !Number.isFinite(threshold)) throw new UserError({ message: `--threshold must be a number from 0 to 1.`, received: values.threshold });
    const r = await spot({
      reference: reference!,
      ...(threshold !== undefined ? { threshold } : {}),
      ...(values["video-start"] ? { videoStart: values["video-start"] } : {}),
      ...(values.fps ? { fps: values.fps } : {}),
      ...(values.into !== undefined ? { into: values.into } : {}),
      ...(values.cue !== undefined ? { cue: values.cue } : {}),
      ...(values.output !== undefined ? { output: values.output } : {}),
      ...(values.color !== undefined ? { colour: values.color } : {}),
    });
    if (values.json) return printJson(r);
    for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
    process.stdout.write(`${r.cuts.length} cut${r.cuts.length === 1 ? "" : "s"} in ${reference} (${r.frames} frames from ${r.start} at ${r.rate}):\n`);
    for (const c of r.cuts) process.stdout.write(`  ${c.timecode}  frame ${String(c.frame).padStart(6)}  score ${c.score.toFixed(3)}\n`);
    if (r.added) {
      process.stdout.write(`Added ${r.added.length} hit${r.added.length === 1 ? "" : "s"}${r.path ? ` to ${r.path}` : ""}.\n`);
      for (const o of r.outside ?? []) process.stdout.write(`  ! ${o.timecode}  ${o.label}: outside every cue${o.nearest ? ` (nearest: ${o.nearest})` : ""}\n`);
      for (const s of r.skipped ?? []) process.stdout.write(`  = ${s.timecode}  ${s.label}: ${s.reason}\n`);
    } else if (r.path) process.stdout.write(`Wrote ${r.path}.\n`);
  },
});
