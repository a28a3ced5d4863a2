import { UserError } from "../../errors.js";
import { printJson, defineCommand } from "../command.js";
import { importSpotting } from "../../app/import-spotting.js";
import { FORMAT_NAMES } from "../../interchange/detect-format.js";
import { detectOrRefuse, EDITORIAL, readBytes } from "../../interchange/read-timeline-file.js";
import { importMarkersAsCues, importMarkersInto } from "./import-markers.js";
import { importMidiFile } from "./import-midi-file.js";
import { importScoreFile } from "./import-score-file.js";
import { IMPORT_OPTIONS } from "./import-flags.js";

export const importCommand = defineCommand({
  name: "import",
  positionals: [1, 1],
  options: IMPORT_OPTIONS,
  help: `Usage: sprocket import FILE --into CUEFILE [--cue ID] [--cuts] [--track NAME] [-o OUT] [--json]
       sprocket import FILE [--fps RATE] [--title TITLE] [--cuts] [--track NAME] [-o CUE.yaml] [--json]
       sprocket import FILE.mid [--fps RATE] [--start TC] [--end TC] [--count-in BARS] [--bpm BPM] [--id ID]
                                [--sequence N] [--lenient] [-o CUE.yaml] [--json]
       sprocket import SCORE.musicxml|.mxl [--fps RATE] [--start TC] [--count-in BARS] [--id ID] [--title TITLE]
                                [--into CUEFILE] [-o CUE.yaml] [--json]
       sprocket import SPOTTING.csv [--fps RATE] [--title TITLE] [-o CUE.yaml] [--json]

What FILE is, is read from its content: an editor's markers or cut (a CMX 3600 EDL with Avid LOC
markers, a DaVinci Resolve marker EDL, an Avid Media Composer or Premiere Pro marker list, an
OpenTimelineIO .otio, an FCPXML, a Pro Tools session exported as text), a DAW's tempo map (a
Standard MIDI File), a notation program's score (MusicXML), or spotting notes (CSV).

Markers and cuts:
  With --into, every marker becomes a hit (its name, else its comment, as the label; its colour as
  the streamer colour) of the cue whose span (first warning click to end) holds it, written at the end
  of that cue's hits list; comments and layout stay. Markers outside every cue are listed, not added;
  a hit the cue already has is skipped. Without --into, the markers make a new cue file: every marker
  with a length, or named like a cue (3M12, "3M12 The Door"), starts a cue; the others are its hits.
  EDLs and marker lists carry no frame rate: the cue file's is used (or --fps). A Pro Tools session
  text gives its markers (ruler and track markers), placed by their timecode, else exactly by their
  sample position; --track NAME adds the clips of that track (a "Hits" track) as markers at their start.

A DAW's tempo map (.mid) becomes a cue: tempo events and meters keyed by bar and beat (a 6/8 whose
metronome clicks dotted quarters gets pulse 3/8; a meter that changes what a click is worth gets its
tempo in the new pulse), runs of stepped tempos collapsed back into ramps that end where the steps
end, markers and cue points as hits, the SMPTE offset as the cue's start and the file's length as its
end. Before writing, every beat of the cue is compared with the file's own timing: past 1 ms the
import is refused (or, with --lenient, warned). Files Sprocket wrote come back exactly.

A score (MusicXML from Dorico, Sibelius, Finale, MuseScore; .mxl too) becomes a cue: the first
part's measures as played (repeats and volta endings unrolled; D.C., D.S. and codas refused), a
meter event at every time signature (additive ones such as 2+2+3/8 as 7/8; a bar its notes do not
fill gets a meter of its own length), the pulse from the metronome mark's note value (a dotted
quarter in 6/8: two clicks a bar), a tempo event at every tempo (sound tempo, else the metronome
mark, or a metric modulation), a ramp where "accel." or "rit." with a dashed line ends on a tempo;
rehearsal marks, and words holding a timecode, as hits. Implicit measures before the first counted
one (a pick-up, at the end of its bar) are count-in bars. A score has no frame rate: give --fps
(scores Sprocket exported say theirs, and bar 1's timecode); --start is bar 1's timecode (default
01:00:00:00, with a warning); a score without a tempo gets 120 quarters a minute, with a warning.
With --into, the cue is added at the end of that cue file's cues.

Spotting notes (CSV/TSV) give one cue per row, the columns found by their names (Cue, Title, In, Out,
Notes); drop frame is recognised from a ; in the timecodes. Each cue gets a placeholder tempo.

Options:
  --into CUEFILE     add the markers as hits to this cue file (in place, or to -o); a score: add its cue
  --cue ID           put every marker into this cue (markers outside its span are listed)
  --cuts             also add a hit on every cut of the main picture track ("cut to SHOT")
  --track NAME       (Pro Tools session text) also the clips of this track, each a hit at its start
  -o, --output FILE  where to write (default: --into's file, or print the new cue file)
  --fps RATE         the picture rate (EDLs, marker lists and MIDI files do not say it)
  --title TITLE      the new cue file's title
  --start TC         (MIDI, score) bar 1's timecode, instead of the file's SMPTE offset
  --count-in BARS    (MIDI, score) warning bars before bar 1 (default: what the file says, else 2)
  --bpm BPM          (MIDI) the tempo for a file with no tempo events (default: MIDI's 120)
  --end TC           (MIDI) the cue's end (default: the bar line after the last note, marker or tempo)
  --sequence N       (MIDI) which sequence of a format 2 file (default 1)
  --lenient          (MIDI) warn, instead of refusing, when the cue strays over 1 ms from the file
  --id ID            (MIDI, score) the cue id (default: from the file, else its name or title)
  --json             print a summary; with --into: { path, format, added: [{ cue, label, timecode }],
                     outside: [{ label, timecode, nearest }], skipped: [...], warnings: [...] }`,
  async run(values, [path]) {
    const detected = detectOrRefuse(readBytes(path!), path!);
    const editorial = EDITORIAL.includes(detected.id);
    if (detected.id === "musicxml") return importScoreFile(path!, values);
    if (!editorial) for (const flag of ["into", "cue", "cuts", "track"] as const) if (values[flag] !== undefined) throw new UserError({ message: `--${flag} is for markers and cuts; ${path} is a ${FORMAT_NAMES[detected.id]}.`, hint: "See `sprocket import --help`." });
    if (editorial) return values.into ? importMarkersInto(detected, path!, { ...values, into: values.into }) : importMarkersAsCues(detected, path!, values);
    if (detected.id === "spotting-csv") return importSpottingNotes(detected.text, path!, values);
    return importMidiFile(path!, values);
  },
});

/** Spotting notes (CSV) to a cue file with one cue per row. */
async function importSpottingNotes(text: string, path: string, values: { fps?: string; title?: string; output?: string; json?: boolean }): Promise<void> {
  const r = await importSpotting({ file: path, text, ...(values.fps ? { fps: values.fps } : {}), ...(values.title !== undefined ? { title: values.title } : {}), ...(values.output ? { output: values.output } : {}) });
  if (!values.output && !values.json) process.stdout.write(r.text);
  if (values.json) printJson({ path: r.path, fps: r.fps, cues: r.cues });
  else if (values.output) process.stdout.write(`wrote ${values.output}: ${r.cues.length} cue${r.cues.length === 1 ? "" : "s"} at ${r.fps}\n`);
}
