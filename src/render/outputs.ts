import { UserError } from "../errors.js";

/** What `sprocket render` can write, and what one written file is, for the manifest. */
export const OUTPUT_KINDS = ["click", "midi", "video", "notes", "ltc"] as const;
export type OutputKind = (typeof OUTPUT_KINDS)[number];
/** What a render writes when not told (LTC is asked for: `--only ltc` or `--ltc`). */
export const DEFAULT_OUTPUT_KINDS: readonly OutputKind[] = ["click", "midi", "video", "notes"];

export interface RenderedOutput {
  kind: OutputKind;
  cue: string;
  /** Absolute path of the written file. */
  path: string;
  /** Timecode of the file's first sample or frame. */
  start: string;
  /** Seconds. */
  duration: number;
  /** A short human description (format). */
  detail: string;
}

/** A comma-separated list of outputs (`--only click,midi`), checked; undefined: the default outputs. */
export function parseOutputKinds(text: string | undefined, flag = "--only"): OutputKind[] {
  if (text === undefined) return [...DEFAULT_OUTPUT_KINDS];
  const kinds = text.split(",").map((k) => k.trim()).filter(Boolean);
  for (const k of kinds) {
    if (!(OUTPUT_KINDS as readonly string[]).includes(k)) throw new UserError({ message: `Unknown output "${k}".`, expected: OUTPUT_KINDS.join(", "), received: JSON.stringify(text) });
  }
  if (!kinds.length) throw new UserError({ message: `${flag} names no output.`, expected: OUTPUT_KINDS.join(", ") });
  return kinds as OutputKind[];
}
