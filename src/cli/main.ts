import type { Command } from "./command.js";
import type { CommandName } from "./command-list.js";
import { runCli } from "./run-cli.js";

/** The command line without bundles: each command's module is loaded when it is named. */
const LOADERS: Record<CommandName, () => Promise<Command>> = {
  tc: async () => (await import("./commands/tc.js")).tcCommand,
  tempo: async () => (await import("./commands/tempo.js")).tempoCommand,
  check: async () => (await import("./commands/check.js")).checkCommand,
  fit: async () => (await import("./commands/fit.js")).fitCommand,
  ramp: async () => (await import("./commands/ramp.js")).rampCommand,
  where: async () => (await import("./commands/where.js")).whereCommand,
  verify: async () => (await import("./commands/verify.js")).verifyCommand,
  clickbook: async () => (await import("./commands/clickbook.js")).clickbookCommand,
  import: async () => (await import("./commands/import.js")).importCommand,
  export: async () => (await import("./commands/export.js")).exportCommand,
  cuesheet: async () => (await import("./commands/cuesheet.js")).cuesheetCommand,
  doctor: async () => (await import("./commands/doctor.js")).doctorCommand,
  conform: async () => (await import("./commands/conform.js")).conformCommand,
  preview: async () => (await import("./commands/preview.js")).previewCommand,
  render: async () => (await import("./commands/render.js")).renderCommand,
  spot: async () => (await import("./commands/spot.js")).spotCommand,
};

runCli(process.argv.slice(2), (name) => LOADERS[name]());
