/**
 * Sprocket's commands and their one-line summaries, in the order `sprocket --help` lists them. Each
 * command lives in `commands/NAME.ts` and exports `NAMECommand`; the launcher runs a command from its
 * own bundle (`dist/cli-bundle/NAME.cjs`, made at build time) so that it loads only what it uses.
 */
export const COMMAND_SUMMARIES = {
  tc: "Convert a timecode, frame count, seconds or feet+frames, and between rates",
  tempo: "Convert a tempo among BPM, frames per beat and frame clicks",
  check: "Validate a cue file and show where every hit falls",
  fit: "Find the constant tempos that land a cue's hits",
  ramp: "Compute the ramp that lands a beat exactly on a hit",
  where: "Where a bar and beat falls (timecode, footage), or which cue, bar and beat a timecode is",
  verify: "Check a delivery folder against the cue file: rates, bit depths, time stamps, names, stems",
  clickbook: "Print a click book: each beat's time, timecode and footage for a tempo",
  import: "Read an editor's markers or cut (EDL, OTIO, FCPXML, marker lists), a DAW's tempo map (MIDI) or spotting notes into a cue file",
  export: "Write the cues and hits as markers for the editor: Resolve EDL, Avid or Premiere markers, OTIO, music EDL",
  cuesheet: "Write the music cue sheet (CSV): cue, title, in, out, duration, credits",
  doctor: "Say which ffmpeg is used and whether it has what Sprocket needs",
  conform: "Move every cue and hit from the old cut to the new one (EDL, OTIO, FCPXML), saying what happened to each",
  preview: "Play a cue in the browser: the picture with live streamers and punches, the click in sync; nudge hits and save",
  render: "Render a cue file's outputs: click track (WAV), tempo map (MIDI), conductor picture (video)",
  spot: "Find the shot changes in a reference video and propose them as hits",
} as const;

export type CommandName = keyof typeof COMMAND_SUMMARIES;

export const isCommandName = (name: string): name is CommandName => Object.hasOwn(COMMAND_SUMMARIES, name);
