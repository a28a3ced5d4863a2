import { parseArgs, type ParseArgsConfig } from "node:util";
import { UserError } from "../errors.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** A command's flag values, typed from its options: a string flag a string, a repeatable one a list, a switch a boolean; each may be absent. */
export type FlagValues<O extends Options> = {
  [K in keyof O]?: O[K] extends { type: "boolean" } ? boolean : O[K] extends { multiple: true } ? string[] : string;
} & { help?: boolean };

/** One subcommand: its help, its flags, and what it does (with its flags' values typed). */
export interface CommandSpec<O extends Options> {
  name: string;
  /** Full help for `sprocket NAME --help`, from the usage line on. */
  help: string;
  options: O;
  /** Number of positional arguments: [min, max]. */
  positionals: [number, number];
  run(values: FlagValues<O>, positionals: string[]): Promise<void> | void;
}

/** A command as the dispatcher holds it: its flags' types are its own business. */
export interface Command {
  name: string;
  help: string;
  options: Options;
  positionals: [number, number];
  run(values: Record<string, string | boolean | string[] | undefined>, positionals: string[]): Promise<void> | void;
}

/** Declares a command whose `run` sees its flags typed from `options` (no casts). */
export function defineCommand<const O extends Options>(spec: CommandSpec<O>): Command {
  return spec as unknown as Command;
}

/** Parses a command's arguments strictly; a wrong flag is a usage error that shows the usage. */
export function parseCommandArgs(cmd: Command, argv: string[]) {
  let parsed;
  // A negative number or time (-100, -1.5s, -00:00:01:00) is a value, not a flag.
  const NEGATIVE = "\u0000";
  const args = argv.map((a) => (/^-\d/.test(a) ? NEGATIVE + a : a));
  const restore = (v: unknown): unknown => (typeof v === "string" && v.startsWith(NEGATIVE) ? v.slice(1) : Array.isArray(v) ? v.map(restore) : v);
  try {
    parsed = parseArgs({ args, options: { ...cmd.options, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
  } catch (e) {
    const message = e instanceof Error ? e.message.replace(/\. To specify a positional argument.*$/s, ".") : String(e);
    throw new UserError({ message: `${message}`, hint: `See \`sprocket ${cmd.name} --help\`.` });
  }
  const values = Object.fromEntries(Object.entries(parsed.values).map(([k, v]) => [k, restore(v)]));
  const positionals = parsed.positionals.map((p) => restore(p) as string);
  if (!values.help) {
    const [min, max] = cmd.positionals;
    if (positionals.length < min) throw new UserError({ message: `sprocket ${cmd.name} needs ${min === 1 ? "an argument" : `${min} arguments`}.`, hint: usageLine(cmd) });
    if (positionals.length > max) throw new UserError({ message: `Unexpected argument "${positionals[max]}".`, hint: usageLine(cmd) });
  }
  return { values: values as Record<string, string | boolean | string[] | undefined>, positionals };
}

export function usageLine(cmd: Command): string {
  return cmd.help.split("\n")[0]!;
}

/** A required string flag, or a usage error naming it. */
export function requireFlag(values: Record<string, unknown>, name: string, example: string): string {
  const v = values[name];
  if (typeof v !== "string" || v === "") throw new UserError({ message: `--${name} is required.`, expected: `--${name} ${example}` });
  return v;
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + "\n");
}
