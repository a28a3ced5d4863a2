import { availableParallelism } from "node:os";
import { relative } from "node:path";
import { UserError } from "../../errors.js";
import { readCueFile } from "../../cue/read-cue-file.js";
import { selectCues } from "../../cue/select-cues.js";
import { parseBitDepth } from "../../cue/read-click-settings.js";
import type { ClickSettings } from "../../engine/cue-model.js";
import type { VideoOptions } from "../../render/render-video.js";
import { renderCues, type RenderCuesOptions } from "../../app/render-cues.js";
import { FORMATS, type PictureFormat } from "../../render/video-options.js";
import { progressBar } from "../progress.js";
import { parseOutputKinds, type RenderedOutput } from "../../render/outputs.js";
import { printJson, defineCommand } from "../command.js";
import { cueList, numberFlag, pictureFlags } from "./cue-args.js";

const isFormat = (f: string): f is PictureFormat => f in FORMATS;

function clickOverrides(values: Record<string, unknown>): Partial<ClickSettings> {
  const out: Partial<ClickSettings> = {};
  if (values["sample-rate"] !== undefined) {
    const sr = Number(values["sample-rate"]);
    if (![44100, 48000, 88200, 96000].includes(sr)) throw new UserError({ message: "--sample-rate must be 44100, 48000, 88200 or 96000.", received: String(values["sample-rate"]) });
    out.sampleRate = sr;
  }
  if (values["bit-depth"] !== undefined) {
    const depth = parseBitDepth(String(values["bit-depth"]));
    if (!depth) throw new UserError({ message: "--bit-depth must be 16, 24 or 32f (32-bit float).", received: String(values["bit-depth"]) });
    out.bitDepth = depth;
  }
  return out;
}

export const renderCommand = defineCommand({
  name: "render",
  positionals: [1, 1],
  options: {
    cue: { type: "string", multiple: true },
    out: { type: "string", short: "o" },
    only: { type: "string" },
    "sample-rate": { type: "string" },
    "bit-depth": { type: "string" },
    "click-notes": { type: "boolean" },
    video: { type: "string" },
    "video-start": { type: "string" },
    format: { type: "string" },
    "allow-rate-mismatch": { type: "boolean" },
    flash: { type: "boolean" },
    feet: { type: "boolean" },
    "click-in-video": { type: "boolean" },
    preroll: { type: "string" },
    tail: { type: "string" },
    whole: { type: "boolean" },
    reel: { type: "boolean" },
    ltc: { type: "boolean" },
    "ltc-level": { type: "string" },
    "ltc-user-bits": { type: "string" },
    renderer: { type: "string" },
    quiet: { type: "boolean", short: "q" },
    jobs: { type: "string", short: "j" },
    "no-space-check": { type: "boolean" },
    json: { type: "boolean" },
  },
  help: `Usage: sprocket render FILE [--cue ID ...] [--out DIR] [--only KINDS] [--sample-rate HZ] [--bit-depth 16|24|32f] [--click-notes]
                       [--video REF] [--video-start TC] [--format mov|mp4|prores|dnxhd|dnxhr] [--preroll S] [--tail S]
                       [--whole | --reel] [--renderer graph|canvas] [--allow-rate-mismatch] [--flash] [--feet]
                       [--click-in-video] [--ltc] [--ltc-level DBFS] [--ltc-user-bits HEX] [--jobs N]
                       [--no-space-check] [--quiet] [--json]

Renders each cue of a cue file. Outputs (--only, comma-separated):
  click   the click track: a Broadcast WAV for the players' headphones, stamped with its start
          time so a DAW spots it to the right timecode
  midi    the tempo map for the DAW: a Standard MIDI File (type 1, 960 PPQ) with the SMPTE offset
          of tick 0 (the first warning click), meters, tempos, ramps as steps, markers at bar 1
          and at every hit, cue points at the count-in and the end
  video   the conductor picture: the cue's span of the reference video (or a generated slate),
          from a pre-roll before its first warning click to a tail after its end, with burned-in
          timecode, bar|beat, streamers, punches and flutters; H.264, ProRes or DNxHD/HR, with a
          timecode track and the reference's audio for the span
  notes   timing notes: the cue's landmarks, tempo map bar by bar and every hit (timecode, footage,
          bar|beat, distance from the click), as Markdown and HTML, with a tempo plot (SVG)
  ltc     (only when asked) SMPTE linear timecode as a Broadcast WAV over the picture's span (pre-roll
          to tail; with --reel, the whole reference), at the click's sample rate and bit depth, stamped
          like the click, for a rig or a player that syncs to LTC

Files are named for the cue and the timecode of their first sample, e.g.
3M12_The-Door_click_01-02-06-05.wav and 3M12_The-Door_tempo_01-02-06-05.mid. Each is written under a temporary name and renamed when
complete, so an interrupted render leaves nothing at an output path.

Options:
  --cue ID            only this cue (repeatable); default: every cue
  -o, --out DIR       where to write (created if missing); default: ./out
  --only KINDS        which outputs; default: every output this version builds
  --sample-rate HZ    click sample rate: 44100, 48000 (default), 88200, 96000
  --bit-depth D       click format: 16, 24 (default) or 32f (32-bit float)
  --click-notes       add the click to the MIDI file as a second track of notes (GM percussion,
                      channel 10: Hi Wood Block 76 on beat 1, Low Wood Block 77 on other beats)
  --video REF         the reference video (default: the cue file's \`video\`; none: a generated slate
                      covering the cue, its count-in and 2 s of handles)
  --video-start TC    the reference's first timecode, when it carries none
  --format F          picture format: mov (H.264, default), mp4 (H.264), prores (ProRes 422 in .mov),
                      dnxhd (DNxHD 36 at 1080p, else DNxHR LB, in .mov), dnxhr (DNxHR LB in .mov)
  --preroll S         seconds of picture before the first warning click (default 10)
  --tail S            seconds of picture after the cue's end (default 5)
  --whole             the whole reference for each cue, not its span
  --reel              one picture of the whole reference carrying every selected cue's overlays in
                      its own span, in one encode (instead of one picture a cue); with ltc, one LTC
                      file for the whole reference
  --renderer R        who draws the overlays: graph (ffmpeg's filters, default) or canvas
  --allow-rate-mismatch  use a reference whose frame rate is not the project's (it drifts)
  --flash             a visual click: a flash in the corner on every beat
  --feet              a feet+frames counter from bar 1, in the cue file's gauge (4-perf, 3-perf, 16 mm)
  --click-in-video    the click as one more audio track of the picture
  --ltc               also the LTC (the same as adding ltc to --only)
  --ltc-level DBFS    the LTC's peak level, -60 to 0 dBFS (default -18)
  --ltc-user-bits HEX the LTC's user bits, up to 8 hex digits (32 bits, binary group 1 first from
                      the lowest digit; default 0)
  -j, --jobs N        render up to N cues at once (default: the machine's cores); the files are the
                      same as a serial render's
  --no-space-check    render even when the outputs (clicks and MIDI files exactly, pictures
                      estimated) will not fit in the free space of the output folder's disk
  -q, --quiet         no progress bar
  --json              print a manifest: { outputs: [{ kind, cue, path, start, duration }] }`,
  async run(values, [path]) {
    const kinds = parseOutputKinds(values.only);
    if (values.ltc && !kinds.includes("ltc")) kinds.push("ltc");
    const userBits = values["ltc-user-bits"];
    if (userBits !== undefined && !/^(0x)?[0-9a-f]{1,8}$/i.test(userBits)) throw new UserError({ message: "--ltc-user-bits must be up to 8 hexadecimal digits (32 bits).", received: userBits, expected: "for example 0 or 1A2B3C4D" });
    const ltc = {
      ...(values["ltc-level"] !== undefined ? { level: numberFlag(values, "ltc-level", 0, -60, 0) } : {}),
      ...(userBits !== undefined ? { userBits: parseInt(userBits.replace(/^0x/i, ""), 16) } : {}),
    };
    const overrides = clickOverrides(values);
    const file = readCueFile(path!);
    const wanted = cueList(values);
    selectCues(file, wanted, "--cue"); // said with the flag's name before anything else
    const outDir = values.out ?? "out";
    const format = values.format ?? "mov";
    if (kinds.includes("video") && !isFormat(format)) throw new UserError({ message: `Unknown picture format "${format}".`, expected: Object.keys(FORMATS).join(", ") });
    const renderer = values.renderer ?? "graph";
    if (renderer !== "graph" && renderer !== "canvas") throw new UserError({ message: `Unknown renderer "${renderer}".`, expected: "graph or canvas" });
    if (values.whole && values.reel) throw new UserError({ message: "--whole and --reel cannot go together: --whole gives each cue the whole reference, --reel gives all cues one picture.", hint: "Choose one." });
    const videoOptions: VideoOptions = {
      ...pictureFlags(values),
      ...(isFormat(format) ? { format } : {}),
      renderer,
      ...(values.whole ? { whole: true } : {}),
      ...(values["click-in-video"] ? { click: overrides } : {}),
    };
    const jobs = values.jobs === undefined ? availableParallelism() : Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1) throw new UserError({ message: "--jobs must be a whole number from 1.", received: String(values.jobs) });
    const print = (o: RenderedOutput) => {
      if (values.json) return;
      const what = values.reel && o.kind === "video" ? `the reel's picture for ${o.cue}` : values.reel && o.kind === "ltc" ? `the reel's LTC for ${o.cue}` : `${o.kind} of ${o.cue}`;
      process.stdout.write(`wrote ${relative(process.cwd(), o.path)}  (${what}, ${o.detail}, ${o.duration.toFixed(2)} s from ${o.start})\n`);
    };
    const options: RenderCuesOptions = {
      ...(wanted ? { cues: wanted } : {}),
      outDir,
      only: kinds,
      click: overrides,
      clickNotes: !!values["click-notes"],
      video: videoOptions,
      reel: !!values.reel,
      spaceCheck: !values["no-space-check"],
      jobs,
      ltc,
      onOutput: print,
      progress: (what) => progressBar(what, !values.quiet && !values.json),
    };
    const outputs = await renderCues(file, options);
    if (values.json) printJson({ outputs: outputs.map(({ kind, cue, path, start, duration }) => ({ kind, cue, path, start, duration })) });
  },
});
