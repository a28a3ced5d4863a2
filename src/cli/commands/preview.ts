import { spawn } from "node:child_process";
import { UserError } from "../../errors.js";
import { startPreviewServer } from "../../preview/preview-server.js";
import { newCueFile } from "../../app/new-cue-file.js";
import { defineCommand } from "../command.js";
import { numberFlag, pictureFlags } from "./cue-args.js";

export const previewCommand = defineCommand({
  name: "preview",
  positionals: [1, 1],
  options: {
    cue: { type: "string" },
    video: { type: "string" },
    "video-start": { type: "string" },
    port: { type: "string" },
    "no-open": { type: "boolean" },
    "allow-rate-mismatch": { type: "boolean" },
    flash: { type: "boolean" },
    feet: { type: "boolean" },
    chase: { type: "string" },
    preroll: { type: "string" },
    tail: { type: "string" },
    new: { type: "boolean" },
    fps: { type: "string" },
  },
  help: `Usage: sprocket preview CUEFILE [--cue ID] [--video REF] [--video-start TC] [--port N] [--no-open]
                        [--allow-rate-mismatch] [--flash] [--feet] [--preroll S] [--tail S] [--chase ltc|mtc|off]
       sprocket preview --new CUEFILE --video REF [--fps RATE] [--video-start TC] [...]

Plays the reference picture in the browser with the conductor overlays (streamers, punches,
flutters, timecode, bar|beat) drawn live over it and the click in sync, so a cue can be watched
and heard before the stage. Hits can be nudged and tempos changed in the page, with every hit's
landing shown at once; Save writes them into the cue file (comments and layout kept, checked
first, atomically; a file changed on disk meanwhile is never overwritten).

The first line printed is the page's address (Preview: http://127.0.0.1:PORT/?token=...). The
server listens on 127.0.0.1 only and refuses any request without the address's random token or
from another site. It runs until Ctrl-C.

The reference is played as it is when a browser can (H.264 8-bit 4:2:0 in MP4/QuickTime);
otherwise (ProRes, DNxHD, 10-bit...) a browser copy is made once and kept in the cache
(SPROCKET_CACHE, else ~/.cache/sprocket, ~/Library/Caches/sprocket or %LOCALAPPDATA%\\sprocket),
with its progress on standard error. Without a reference, a plain slate is played.

With --new, the cue file is begun from the reference alone (it must not exist yet): the reference
as its video, one cue M1 over the whole picture with a placeholder tempo; spot in the page (H marks a
hit, K proposes the picture's cuts, N makes a cue over the loop) and Save.

Options:
  --new                 begin CUEFILE from --video (never replaces a file)
  --fps RATE            with --new: the project's rate (default: the reference's)
  --cue ID              open on this cue (default: the first)
  --video REF           the reference video (default: the cue file's \`video\`)
  --video-start TC      the reference's first timecode, when it carries none
  --port N              the port to listen on (default 0: any free port)
  --no-open             do not open the default browser
  --allow-rate-mismatch use a reference whose frame rate is not the project's (it drifts)
  --flash               start with the visual click on (a flash in the corner on every beat)
  --feet                start with the feet+frames counter on (from bar 1, in the cue file's gauge)
  --chase MODE          follow the DAW's timecode from the start: ltc (from an audio input, chosen in
                        the page), mtc (from MIDI inputs: Chrome, Edge, Opera) or off (default); the
                        page's own click is muted while chasing
  --preroll S, --tail S the slate's seconds before each cue's first warning click and after its
                        end, when there is no reference (default 10 and 5)

In the page: Space play/pause, Left/Right a frame, Shift+Left/Right a second, [ and ] the
previous/next hit, Home the cue's start, I and O the loop's in and out, L loop on/off, M mute,
C count-in on/off, F flash on/off, E feet+frames on/off, Alt+Left/Right nudge the selected hit a frame (Shift: 10),
H mark a hit on the frame shown, F2 rename the selected hit, Delete remove it, K propose the picture's cuts
(Enter accept, Delete reject), N a new cue over the loop, R a ramp into the selected hit, Ctrl+Z undo,
Ctrl+Shift+Z redo, S save. The address with &cue=ID&at=TIMECODE opens paused on that frame.`,
  async run(values, [cuePath]) {
    const port = numberFlag(values, "port", 0, 0, 65535);
    if (!Number.isInteger(port)) throw new UserError({ message: "--port must be a whole number from 0 to 65535.", received: String(values.port) });
    const chase = values.chase ?? "off";
    if (chase !== "off" && chase !== "ltc" && chase !== "mtc") throw new UserError({ message: `Unknown --chase "${chase}".`, expected: "ltc, mtc or off" });
    if (values.fps && !values.new) throw new UserError({ message: "--fps is for --new: an existing cue file says its rate.", hint: "Leave out --fps." });
    if (values.new) {
      if (!values.video) throw new UserError({ message: "--new begins a cue file from a reference: give it with --video REF.", expected: "sprocket preview --new CUEFILE --video REF" });
      const made = await newCueFile({ path: cuePath!, video: values.video, ...(values.fps ? { fps: values.fps } : {}), ...(values["video-start"] ? { videoStart: values["video-start"] } : {}) });
      process.stderr.write(`Began ${made.path}: cue M1 over the reference, ${made.start} to ${made.end} at ${made.rate}.\n`);
    }
    const progress = progressLine();
    const preview = await startPreviewServer(cuePath!, {
      ...pictureFlags(values),
      port,
      ...(values.cue ? { cue: values.cue } : {}),
      chase,
    }, progress.update);
    process.stdout.write(`Preview: ${preview.url}\n`);
    void preview.ready.then((r) => {
      progress.done();
      if ("error" in r) process.stderr.write(`The picture cannot be played: ${r.error}\n`);
      else process.stderr.write(`Playing ${r.video.reference ?? "a slate (no reference video)"}${r.video.proxy && r.video.reference ? " through a browser copy" : ""}. Ctrl-C stops.\n`);
    });
    if (!values["no-open"]) openInBrowser(preview.url);
    await new Promise<void>((done) => {
      const stop = () => {
        process.stderr.write("\nStopped.\n");
        void preview.close().then(done);
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
  },
});

/** The proxy's progress on standard error: one line rewritten on a terminal, every 10% otherwise. */
function progressLine(): { update: (percent: number) => void; done: () => void } {
  const tty = process.stderr.isTTY;
  let shown = -1;
  return {
    update(percent) {
      const p = Math.floor(percent);
      if (tty) process.stderr.write(`\rMaking a copy the browser can play: ${p}%`);
      else if (Math.floor(p / 10) > Math.floor(shown / 10)) process.stderr.write(`Making a copy the browser can play: ${p}%\n`);
      shown = p;
    },
    done() {
      if (tty && shown >= 0) process.stderr.write("\n");
    },
  };
}

/** Opens the URL in the default browser (argument arrays, no shell); says so when it cannot. */
function openInBrowser(url: string): void {
  const [cmd, args] = process.platform === "darwin" ? ["open", [url]]
    : process.platform === "win32" ? ["rundll32", ["url.dll,FileProtocolHandler", url]]
    : ["xdg-open", [url]];
  const failed = () => process.stderr.write("Could not open a browser: open the address above.\n");
  try {
    const child = spawn(cmd, args, { stdio: "ignore", detached: true });
    child.on("error", failed);
    child.unref();
  } catch {
    failed();
  }
}
