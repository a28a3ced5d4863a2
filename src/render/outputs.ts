/** What `sprocket render` can write, and what one written file is, for the manifest. */
export const OUTPUT_KINDS = ["click", "midi", "video", "notes"] as const;
export type OutputKind = (typeof OUTPUT_KINDS)[number];

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
