import type { IncomingMessage, ServerResponse } from "node:http";
import type { Control } from "../app/preview-protocol.js";
import type { CueFile } from "../engine/cue-model.js";
import { parseTimecode } from "../engine/timecode.js";
import { UserError } from "../errors.js";

/**
 * The preview's small control endpoint, for a remote on the same machine (a stage controller, a
 * script): POST /api/control with a Control, on the preview's token, is passed to every open desk page
 * over server-sent events (GET /api/events). No LAN: the server listens on 127.0.0.1 only.
 */
export class ControlHub {
  private readonly pages = new Set<ServerResponse>();

  /** A page listening for commands. */
  listen(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" });
    res.write(": listening\n\n");
    this.pages.add(res);
    req.on("close", () => this.pages.delete(res));
  }

  /** Passes a command on; how many pages heard it. */
  send(control: Control): number {
    for (const res of this.pages) res.write(`data: ${JSON.stringify(control)}\n\n`);
    return this.pages.size;
  }

  close(): void {
    for (const res of this.pages) res.end();
    this.pages.clear();
  }
}

/** A command's JSON, checked (a locate's timecode at the cue file's rate, its cue among the file's). */
export function readControl(text: string, file: CueFile): Control {
  let c: Partial<{ action: string; at: unknown; cue: unknown }>;
  try {
    c = JSON.parse(text) as typeof c;
  } catch {
    throw new UserError("The command is not JSON.");
  }
  const expected = '{ "action": "play" }, { "action": "pause" } or { "action": "locate", "at": "01:00:10:00", "cue": "1M1" }';
  if (c?.action === "play" || c?.action === "pause") return { action: c.action };
  if (c?.action !== "locate" || typeof c.at !== "string") throw new UserError({ message: "Not a command the preview takes.", expected, received: text.slice(0, 200) });
  parseTimecode(c.at, file.rate); // a timecode at the cue file's rate, or said why not
  if (c.cue !== undefined && !file.cues.some((q) => q.id === c.cue)) throw new UserError({ message: `No cue "${String(c.cue)}" in ${file.file}.`, expected: file.cues.map((q) => q.id).join(", ") });
  return { action: "locate", at: c.at, ...(typeof c.cue === "string" ? { cue: c.cue } : {}) };
}
