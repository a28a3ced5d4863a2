import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { extname, join, normalize, posix, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { readCueFile } from "../cue/read-cue-file.js";
import { selectCues } from "../cue/select-cues.js";
import { ExternalToolError, SystemError, UserError } from "../errors.js";
import { cuePlan } from "../engine/cue-plan.js";
import { formatTimecode, parseTimecode } from "../engine/timecode.js";
import { spot } from "../app/spot.js";
import { describeSystemFailure } from "../system/system-failure.js";
import { readInputText } from "../system/read-input-file.js";
import { fontFile } from "../presets/fonts.js";
import { pictureReference, type VideoOptions } from "../render/render-video.js";
import { pageHtml } from "./page-html.js";
import { playableVideo, servedAsIs, type PlayableVideo } from "./playable-video.js";
import { previewState } from "../app/preview-state.js";
import { ControlHub, readControl } from "./control.js";
import { saveEdits, type Edits } from "../app/save-edits.js";
import type { PageState } from "../app/preview-protocol.js";

/**
 * The preview's server: node:http on 127.0.0.1 only. Every request must carry the session's random
 * token (in the first URL, then in a cookie the page gets) and name this server as its Host (and
 * Origin, when it sends one), so no other page or program on the machine can read the picture or
 * write the cue file. It serves the page, its modules (compiled with the package: the engine's own
 * modules, run in the browser), the fonts, the picture with byte ranges, the state, and saves edits.
 */
export interface PreviewServer {
  url: string;
  token: string;
  server: Server;
  /** Settles when the picture is ready to play, or could not be made. */
  ready: Promise<{ video: PlayableVideo } | { error: string }>;
  close(): Promise<void>;
}

const DIST = fileURLToPath(new URL("../", import.meta.url));
/** What of the compiled package the page may load: the browser code and what it imports. */
const SERVED = ["preview/page/", "engine/", "render/draw-shapes.js", "errors.js"];
const TYPES: Record<string, string> = { ".js": "text/javascript; charset=utf-8", ".html": "text/html; charset=utf-8", ".json": "application/json", ".ttf": "font/ttf", ".mp4": "video/mp4" };

export async function startPreviewServer(cuePath: string, options: VideoOptions & { port?: number; cue?: string; chase?: PageState["chase"] }, onProgress: (percent: number) => void): Promise<PreviewServer> {
  // A cue file that does not check, an unknown --cue, a reference that is missing or at another rate:
  // all refused before anything listens.
  const file = readCueFile(cuePath);
  if (options.cue) selectCues(file, [options.cue], "--cue");
  const ref = await pictureReference(file, options);
  const token = randomBytes(24).toString("base64url");
  let video: PlayableVideo | undefined = servedAsIs(ref);
  // The picture's own cuts (sprocket spot), found once for the picture the page plays: frames since 00:00:00:00.
  let cuts: Promise<{ cuts: { frame: number; timecode: string; score: number; label: string }[] }> | undefined;
  const spotted = (v: PlayableVideo) => (cuts ??= spot({ reference: v.path, fps: file.rate.name, videoStart: formatTimecode(v.firstFrame, file.rate) })
    .then((r) => ({ cuts: r.cuts.map((c, i) => ({ frame: v.firstFrame + c.frame, timecode: c.timecode, score: c.score, label: `cut ${i + 1}` })) }), (e: unknown) => {
      cuts = undefined; // asked again, it is tried again
      throw e;
    }));
  let videoError: string | undefined;
  let videoProgress = 0;
  let port = 0;
  // Cookies ignore ports: one name a port, so two previews open at once keep their own tokens.
  const cookieName = () => `sprocket_token_${port}`;
  const hosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => send(res, e instanceof UserError ? 400 : 500, { error: inWords(e) }));
  });
  const allowed = (req: IncomingMessage, url: URL): string | undefined => {
    if (!hosts().has(req.headers.host ?? "")) return "this server answers only to 127.0.0.1 and localhost";
    const origin = req.headers.origin;
    if (origin && !hosts().has(origin.replace(/^http:\/\//, ""))) return "a request from another site";
    const given = url.searchParams.get("token") ?? new RegExp(`(?:^|;\\s*)${cookieName()}=([^;]+)`).exec(req.headers.cookie ?? "")?.[1] ?? "";
    const a = Buffer.from(given), b = Buffer.from(token);
    if (a.length !== b.length || !timingSafeEqual(a, b)) return "no valid token: open the URL the preview printed";
    return undefined;
  };
  const control = new ControlHub();
  const stateNow = (): PageState => {
    const text = readInputText(cuePath, "cue file");
    return { ...previewState(cuePath, text, video), hash: hashOf(text), videoProgress, flash: !!options.flash, feet: !!options.feet, chase: options.chase ?? "off", ...(videoError ? { videoError } : {}), ...(options.cue ? { cue: options.cue } : {}) };
  };
  /**
   * Where the page opens (the middle of the frame of `?at=`, else of the cue's first click, as the page
   * seeks): given to the picture in its address, the browser fetches that part while the page's code
   * loads. The page then seeks there itself (at once: it is there).
   */
  const openingTime = (url: URL, state: PageState): { videoStart?: number } => {
    if (!state.video) return {};
    const at = url.searchParams.get("at");
    const id = url.searchParams.get("cue") ?? state.cue;
    const cue = file.cues.find((c) => c.id === id) ?? file.cues[0]!;
    let frame: number;
    try {
      frame = (at ? parseTimecode(at, file.rate) : cuePlan(cue, file.rate).timing.countInFrame) - state.video.firstFrame;
    } catch {
      return {}; // (a bad ?at= is the page's to say)
    }
    return { videoStart: (Math.max(0, Math.min(state.video.frames - 1, frame)) + 0.5) / file.rate.fps.toNumber() };
  };
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", `http://127.0.0.1:${port}`);
    if (url.pathname === "/favicon.ico") return sendText(res, 204, "", "image/x-icon");
    const refused = allowed(req, url);
    if (refused) return send(res, 403, { error: `Refused: ${refused}.` });
    const path = url.pathname;
    if (req.method === "GET" && path === "/") {
      res.setHeader("Set-Cookie", `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`);
      const state = stateNow();
      return sendText(res, 200, pageHtml({ ...pageModules(), state, video: !!video, ...openingTime(url, state) }), TYPES[".html"]!);
    }
    if (req.method === "GET" && path.startsWith("/app/")) {
      const rel = normalize(decodeURIComponent(path.slice(5))).split(sep).join("/");
      if (rel.includes("..") || !SERVED.some((p) => rel === p || rel.startsWith(p))) return send(res, 404, { error: "not here" });
      const file = join(DIST, rel);
      if (!existsSync(file) || !statSync(file).isFile()) return send(res, 404, { error: "not here" });
      return sendFile(req, res, file, TYPES[extname(file)] ?? "application/octet-stream");
    }
    if (req.method === "GET" && (path === "/fonts/sans.ttf" || path === "/fonts/mono.ttf")) return sendFile(req, res, fontFile(path.includes("sans") ? "sans" : "mono"), TYPES[".ttf"]!);
    if (req.method === "GET" && path === "/video") {
      if (!video) return send(res, 503, { error: videoError ?? "the picture is being prepared" });
      return sendFile(req, res, video.path, TYPES[".mp4"]!, PICTURE_PIECE);
    }
    if (req.method === "GET" && path === "/api/state") return send(res, 200, stateNow());
    if (req.method === "GET" && path === "/api/hash") return send(res, 200, { hash: hashOf(readInputText(cuePath, "cue file")) });
    if (req.method === "GET" && path === "/api/events") return control.listen(req, res);
    if (req.method === "POST" && path === "/api/control") return send(res, 200, { heardBy: control.send(readControl(await body(req), readCueFile(cuePath))) });
    if (req.method === "GET" && path === "/api/spot") {
      if (!video) return send(res, 503, { error: videoError ?? "the picture is being prepared" });
      return send(res, 200, await spotted(video));
    }
    if (req.method === "POST" && path === "/api/save") {
      const edits = readEdits(await body(req));
      const result = await saveEdits(cuePath, edits, hashOf);
      return send(res, result.status, result.body);
    }
    return send(res, 404, { error: "not here" });
  }
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) => reject(e.code === "EADDRINUSE" ? new UserError({ message: `Port ${options.port} is in use.`, hint: "Give another --port, or 0 for any free one." }) : e));
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  port = (server.address() as { port: number }).port;
  // The picture is prepared once the server listens (a port in use stops everything before any ffmpeg runs).
  const progress = (percent: number) => {
    videoProgress = percent;
    onProgress(percent);
  };
  const preparing = video ? Promise.resolve(video) : playableVideo(file, ref, options, progress).then((v) => (video = v), (e: unknown) => (videoError = inWords(e)));
  return {
    ready: preparing.then(() => (videoError ? { error: videoError } : { video: video! })),
    url: `http://127.0.0.1:${port}/?token=${token}${options.cue ? `&cue=${encodeURIComponent(options.cue)}` : ""}`,
    token,
    server,
    close: () => new Promise((resolve) => {
      control.close();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/** A failure as the page and the terminal say it: the machine's own (a full disk) and ffmpeg's in words, not as bugs. */
function inWords(failure: unknown): string {
  const e = describeSystemFailure(failure);
  if (e instanceof UserError) return e.problems.map((p) => p.message).join(" ");
  if (e instanceof SystemError) return `${e.message}${e.hint ? ` ${e.hint}` : ""}`;
  if (e instanceof ExternalToolError) return `${e.message} ${e.stderrTail.trim().split("\n").at(-1) ?? ""}`.trim();
  return `This is a bug in Sprocket: ${(e as Error).message}`;
}

/**
 * The page's code: its bundle (made at build time: one file to ask for), else main.js with every
 * module it imports (found once by reading them), so that the page asks for all at once.
 */
let modules: { entry: string; preload: string[] } | undefined;
function pageModules(): { entry: string; preload: string[] } {
  if (modules) return modules;
  if (existsSync(join(DIST, "preview/page/bundle.js"))) return (modules = { entry: "preview/page/bundle.js", preload: [] });
  const found = new Set<string>();
  const visit = (rel: string) => {
    if (found.has(rel) || !existsSync(join(DIST, rel))) return;
    found.add(rel);
    for (const m of readFileSync(join(DIST, rel), "utf8").matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+\.js)"/g)) visit(posix.normalize(posix.join(posix.dirname(rel), m[1]!)));
  };
  visit("preview/page/main.js");
  return (modules = { entry: "preview/page/main.js", preload: [...found] });
}

/** The page's edits, checked for shape (a malformed request is the client's error, not a bug). */
function readEdits(text: string): Edits {
  let e: Partial<Edits>;
  try {
    e = JSON.parse(text) as Partial<Edits>;
  } catch {
    throw new UserError("The edits are not JSON.");
  }
  const ok = e && typeof e.hash === "string" && typeof e.cue === "string" && Array.isArray(e.hits) && Array.isArray(e.tempo)
    && e.hits.every((h) => Number.isInteger(h?.index) && typeof h?.at === "string") && e.tempo.every((t) => Number.isInteger(t?.index) && typeof t?.tempo === "string");
  if (!ok) throw new UserError({ message: "The edits are not in the page's form.", expected: "{ hash, cue, hits: [{ index, at }], tempo: [{ index, tempo }] }" });
  return e as Edits;
}

export const hashOf = (text: string) => createHash("sha256").update(text).digest("hex");

function send(res: ServerResponse, status: number, data: unknown): void {
  sendText(res, status, JSON.stringify(data), TYPES[".json"]!);
}

function sendText(res: ServerResponse, status: number, text: string, type: string): void {
  res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" });
  res.end(text);
}

/**
 * The most of the picture one answer carries when the browser asks for "from here to the end". A 206
 * may carry less than was asked (RFC 9110, 15.3.7); the browser asks again for the rest as it needs
 * it. Why: Chromium takes in a video's bytes on the page's main thread, and a whole file sent as fast
 * as the disk reads kept that thread busy while the page was seeking to its first frame (the first
 * frame drawn: 1.45-1.50x a bare page served whole, 1.05-1.11x in 512 KiB pieces; 256 KiB measured
 * 1.05x, 1 MiB 1.17x: bench/preview-bench.js). 512 KiB is a few pieces a second while a reference plays.
 */
const PICTURE_PIECE = 512 * 1024;

/** A file, whole or the byte range asked for (206), at most `piece` bytes of an open-ended range: a video element seeks by ranges. */
function sendFile(req: IncomingMessage, res: ServerResponse, file: string, type: string, piece = Infinity): void {
  const size = statSync(file).size;
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? "");
  const head = { "Content-Type": type, "Accept-Ranges": "bytes", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
  if (!range || (range[1] === "" && range[2] === "")) {
    res.writeHead(200, { ...head, "Content-Length": size });
    createReadStream(file).pipe(res);
    return;
  }
  let start = range[1] === "" ? size - Number(range[2]) : Number(range[1]);
  let end = range[1] === "" ? size - 1 : range[2] === "" ? Math.min(size - 1, start + piece - 1) : Math.min(size - 1, Number(range[2]));
  start = Math.max(0, start);
  if (start > end || start >= size) {
    res.writeHead(416, { ...head, "Content-Range": `bytes */${size}` });
    res.end();
    return;
  }
  end = Math.min(end, size - 1);
  res.writeHead(206, { ...head, "Content-Range": `bytes ${start}-${end}/${size}`, "Content-Length": end - start + 1 });
  createReadStream(file, { start, end }).pipe(res);
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => {
      data += c;
      if (data.length > 1 << 20) reject(new UserError("The request is too large."));
    });
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });
}

