import { version } from "../version.js";
import { UserError } from "../errors.js";
import { parseCommandArgs, type Command } from "./command.js";
import { EXIT, reportError, reportErrorJson } from "./report-error.js";
import { bold } from "./style.js";

/** Commands load on demand, so `sprocket --help` stays fast. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  tc: { summary: "Convert a timecode, frame count, seconds or feet+frames, and between rates", load: async () => (await import("./commands/tc.js")).tcCommand },
  tempo: { summary: "Convert a tempo among BPM, frames per beat and frame clicks", load: async () => (await import("./commands/tempo.js")).tempoCommand },
  check: { summary: "Validate a cue file and show where every hit falls", load: async () => (await import("./commands/check.js")).checkCommand },
  fit: { summary: "Find the constant tempos that land a cue's hits", load: async () => (await import("./commands/fit.js")).fitCommand },
  ramp: { summary: "Compute the ramp that lands a beat exactly on a hit", load: async () => (await import("./commands/ramp.js")).rampCommand },
  where: { summary: "Where a bar and beat falls (timecode, footage), or which cue, bar and beat a timecode is", load: async () => (await import("./commands/where.js")).whereCommand },
  verify: { summary: "Check a delivery folder against the cue file: rates, bit depths, time stamps, names, stems", load: async () => (await import("./commands/verify.js")).verifyCommand },
  clickbook: { summary: "Print a click book: each beat's time, timecode and footage for a tempo", load: async () => (await import("./commands/clickbook.js")).clickbookCommand },
  import: { summary: "Read an editor's markers or cut (EDL, OTIO, FCPXML, marker lists), a DAW's tempo map (MIDI) or spotting notes into a cue file", load: async () => (await import("./commands/import.js")).importCommand },
  export: { summary: "Write the cues and hits as markers for the editor: Resolve EDL, Avid or Premiere markers, OTIO, music EDL", load: async () => (await import("./commands/export.js")).exportCommand },
  cuesheet: { summary: "Write the music cue sheet (CSV): cue, title, in, out, duration, credits", load: async () => (await import("./commands/cuesheet.js")).cuesheetCommand },
  doctor: { summary: "Say which ffmpeg is used and whether it has what Sprocket needs", load: async () => (await import("./commands/doctor.js")).doctorCommand },
  conform: { summary: "Move every cue and hit from the old cut to the new one (EDL, OTIO, FCPXML), saying what happened to each", load: async () => (await import("./commands/conform.js")).conformCommand },
  preview: { summary: "Play a cue in the browser: the picture with live streamers and punches, the click in sync; nudge hits and save", load: async () => (await import("./commands/preview.js")).previewCommand },
  render: { summary: "Render a cue file's outputs: click track (WAV), tempo map (MIDI), conductor picture (video)", load: async () => (await import("./commands/render.js")).renderCommand },
};

function mainHelp(): string {
  const out = process.stdout;
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    `${bold(out, "sprocket")}: click tracks, conductor pictures and tempo maps for scoring to picture, frame-exact.`,
    "",
    "Usage: sprocket COMMAND [ARGS] [--json]",
    "",
    "Commands:",
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    "",
    "Options:",
    "  -h, --help     Show help (also `sprocket COMMAND --help`)",
    "  -v, --version  Show the version",
    "",
    "Frame rates: 23.976, 24, 25, 29.97, 29.97df, 30, 48, 50, 59.94, 59.94df, 60.",
    "Exit status: 0 success, 1 failure, 2 bad usage or bad input. NO_COLOR turns colour off.",
  ].join("\n");
}

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    if (name === "help" && rest[0] && COMMANDS[rest[0]]) return main([rest[0], "--help"]);
    process.stdout.write(mainHelp() + "\n");
    return;
  }
  if (name === "--version" || name === "-v") {
    process.stdout.write(version() + "\n");
    return;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    throw new UserError({ message: `Unknown command "${name}".`, expected: Object.keys(COMMANDS).join(", "), hint: "See `sprocket --help`." });
  }
  const cmd = await entry.load();
  const { values, positionals } = parseCommandArgs(cmd, rest);
  if (values.help) {
    process.stdout.write(cmd.help + "\n");
    return;
  }
  await cmd.run(values, positionals);
}

main(process.argv.slice(2)).then(
  () => {
    process.exitCode = EXIT.ok;
  },
  (err: unknown) => {
    // With --json, errors are JSON too (on standard output, where the JSON would have been).
    process.exitCode = process.argv.slice(3).includes("--json") ? reportErrorJson(err) : reportError(err);
  },
);
