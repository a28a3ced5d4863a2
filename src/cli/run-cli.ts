import { version } from "../version.js";
import { UserError } from "../errors.js";
import { parseCommandArgs, type Command } from "./command.js";
import { COMMAND_SUMMARIES, isCommandName, type CommandName } from "./command-list.js";
import { EXIT, reportError, reportErrorJson } from "./report-error.js";
import { bold } from "./style.js";

function mainHelp(): string {
  const out = process.stdout;
  const width = Math.max(...Object.keys(COMMAND_SUMMARIES).map((c) => c.length));
  return [
    `${bold(out, "sprocket")}: click tracks, conductor pictures and tempo maps for scoring to picture, frame-exact.`,
    "",
    "Usage: sprocket COMMAND [ARGS] [--json]",
    "",
    "Commands:",
    ...Object.entries(COMMAND_SUMMARIES).map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`),
    "",
    "Options:",
    "  -h, --help     Show help (also `sprocket COMMAND --help`)",
    "  -v, --version  Show the version",
    "",
    "Frame rates: 23.976, 24, 25, 29.97, 29.97df, 30, 48, 50, 59.94, 59.94df, 60.",
    "Exit status: 0 success, 1 failure, 2 bad usage or bad input. NO_COLOR turns colour off.",
  ].join("\n");
}

async function main(argv: string[], load: (name: CommandName) => Promise<Command>): Promise<void> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    if (name === "help" && rest[0] && isCommandName(rest[0])) return main([rest[0], "--help"], load);
    process.stdout.write(mainHelp() + "\n");
    return;
  }
  if (name === "--version" || name === "-v") {
    process.stdout.write(version() + "\n");
    return;
  }
  if (!isCommandName(name)) {
    throw new UserError({ message: `Unknown command "${name}".`, expected: Object.keys(COMMAND_SUMMARIES).join(", "), hint: "See `sprocket --help`." });
  }
  const cmd = await load(name);
  const { values, positionals } = parseCommandArgs(cmd, rest);
  if (values.help) {
    process.stdout.write(cmd.help + "\n");
    return;
  }
  await cmd.run(values, positionals);
}

/**
 * Runs the command line `argv` (without node and the script), loading the command it names with
 * `load`, and sets the exit status. The unbundled entry (main.ts) loads commands on demand; each
 * command's bundle gives its own command.
 */
export function runCli(argv: string[], load: (name: CommandName) => Promise<Command>): void {
  main(argv, load).then(
    () => {
      process.exitCode = EXIT.ok;
    },
    (err: unknown) => {
      // With --json, errors are JSON too (on standard output, where the JSON would have been).
      process.exitCode = argv.slice(1).includes("--json") ? reportErrorJson(err) : reportError(err);
    },
  );
}
