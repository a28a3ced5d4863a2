// `npm run bench` (part 10): the live preview. (1) From `sprocket preview` to the first frame drawn
// in Chromium (paused on a hit, overlay drawn) for a 1080p H.264 reference, against a bare page
// served by a bare node:http server that shows the same frame of the same file (what any player
// needs), and Node's own start-up; the browser is launched once, before. (2) The proxy made for a
// 1080p ProRes reference, in multiples of real time, against a plain ffmpeg transcode with the same
// settings. Median of 5 for (1), one run each for (2).
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median, root } from "./bench-kit.js";

const require = createRequire(import.meta.url);
const ffmpeg = require("@ffmpeg-installer/ffmpeg").path;
const dir = mkdtempSync(join(tmpdir(), "sprocket-preview-bench-"));
const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;
const cueText = (video) => `fps: 23.976\nvideo: ${JSON.stringify(video)}\ncues:\n  - { id: M1, start: "01:00:10:00", end: "01:00:50:00", countIn: 1, tempo: [{ bar: 1, bpm: 108 }], hits: [{ at: "01:00:20:00", label: slam }] }\n`;

console.log("preview benchmark");
const h264 = join(dir, "ref.mp4");
execFileSync(ffmpeg, ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=1920x1080:r=24000/1001:d=60", "-f", "lavfi", "-i", "sine=f=440:d=60",
  "-c:v", "libx264", "-preset", "ultrafast", "-g", "48", "-pix_fmt", "yuv420p", "-c:a", "aac", "-timecode", "01:00:00:00", "-movflags", "+faststart", h264]);
writeFileSync(join(dir, "h264.yaml"), cueText(h264));

const CHROMIUM = [process.env.SPROCKET_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((p) => p && existsSync(p));
if (!CHROMIUM) console.log("  (1) skipped: no Chromium here (apt-get install chromium)");
else {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--autoplay-policy=no-user-gesture-required", ...(process.getuid?.() === 0 ? ["--no-sandbox"] : [])] });
  const hitFrame = 480; // 01:00:20:00 at 23.976, counted from 01:00:00:00

  const sprocketRun = async () => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [join(root, "bin/sprocket.js"), "preview", join(dir, "h264.yaml"), "--no-open"], { stdio: ["ignore", "pipe", "ignore"] });
    const url = await new Promise((resolve) => child.stdout.on("data", (d) => { const m = /Preview: (\S+)/.exec(String(d)); if (m) resolve(m[1]); }));
    const page = await browser.newPage();
    await page.goto(`${url}&at=01:00:20:00`);
    await page.waitForFunction((f) => window.sprocketPreview?.ready && window.sprocketPreview.frame === f, hitFrame, { timeout: 60_000, polling: 5 });
    const took = seconds(t0);
    await page.close();
    await new Promise((resolve) => { child.once("exit", resolve); child.kill("SIGINT"); });
    return took;
  };
  // The bare baseline: a server started in a fresh Node, a page with only a <video> seeking to the same frame.
  const bareServer = join(dir, "bare-server.mjs");
  writeFileSync(bareServer, `import { createServer } from "node:http"; import { createReadStream, statSync } from "node:fs";
const file = ${JSON.stringify(h264)}, size = statSync(file).size;
const page = '<video id=v muted preload=auto src=/v></video><script>v.addEventListener("loadedmetadata",()=>{v.addEventListener("seeked",()=>window.shown=true,{once:true});v.currentTime=480.5*1001/24000})</script>';
const s = createServer((q, r) => { if (q.url !== "/v") { r.writeHead(200, { "Content-Type": "text/html" }); return r.end(page); } const m = /bytes=(\\d+)-(\\d*)/.exec(q.headers.range || ""); const a = m ? +m[1] : 0, b = m && m[2] ? +m[2] : size - 1;
  r.writeHead(m ? 206 : 200, { "Content-Type": "video/mp4", "Accept-Ranges": "bytes", "Content-Length": b - a + 1, ...(m ? { "Content-Range": "bytes " + a + "-" + b + "/" + size } : {}) }); createReadStream(file, { start: a, end: b }).pipe(r); });
s.listen(0, "127.0.0.1", () => console.log("http://127.0.0.1:" + s.address().port + "/"));`);
  const bareRun = async () => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [bareServer], { stdio: ["ignore", "pipe", "ignore"] });
    const url = await new Promise((resolve) => child.stdout.on("data", (d) => resolve(String(d).trim())));
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.shown === true, null, { timeout: 60_000, polling: 5 });
    const took = seconds(t0);
    await page.close();
    child.kill();
    return took;
  };
  const nodeStart = () => { const t0 = process.hrtime.bigint(); spawnSync(process.execPath, ["-e", "0"]); return seconds(t0); };
  await sprocketRun(); // warm the disk cache for both
  const runs = { sprocket: [], bare: [], node: [] };
  for (let i = 0; i < 5; i++) {
    runs.sprocket.push(await sprocketRun());
    runs.bare.push(await bareRun());
    runs.node.push(nodeStart());
  }
  await browser.close();
  const [s, b, n] = [median(runs.sprocket), median(runs.bare), median(runs.node)];
  console.log(`  (1) sprocket preview to the first frame drawn (1080p H.264, at a hit, overlay on): ${(s * 1000).toFixed(0)} ms`);
  console.log(`      a bare page and server showing the same frame ${(b * 1000).toFixed(0)} ms: ratio ${(s / b).toFixed(2)}x;  Node's start-up ${(n * 1000).toFixed(0)} ms: ${(s / n).toFixed(1)}x`);
}

// (2) The proxy for a ProRes reference.
const prores = join(dir, "ref.mov");
execFileSync(ffmpeg, ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=1920x1080:r=24000/1001:d=60", "-f", "lavfi", "-i", "sine=f=440:d=60",
  "-c:v", "prores_ks", "-profile:v", "2", "-pix_fmt", "yuv422p10le", "-c:a", "pcm_s24le", "-timecode", "01:00:00:00", prores]);
writeFileSync(join(dir, "prores.yaml"), cueText(prores));
const t0 = process.hrtime.bigint();
const child = spawn(process.execPath, [join(root, "bin/sprocket.js"), "preview", join(dir, "prores.yaml"), "--no-open"], { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, SPROCKET_CACHE: join(dir, "cache") } });
await new Promise((resolve) => { let err = ""; child.stderr.on("data", (d) => { err += d; if (/Playing|cannot be played/.test(err)) resolve(); }); });
const proxy = seconds(t0);
await new Promise((resolve) => { child.once("exit", resolve); child.kill("SIGINT"); });
const t1 = process.hrtime.bigint();
execFileSync(ffmpeg, ["-hide_banner", "-loglevel", "error", "-y", "-i", prores, "-map", "0:v:0", "-map", "0:a:0", "-c:a", "aac", "-b:a", "192k", "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-g", "12", "-pix_fmt", "yuv420p", "-movflags", "+faststart", join(dir, "plain.mp4")]);
const plain = seconds(t1);
console.log(`  (2) proxy of a 60 s 1080p ProRes 422 reference: ${proxy.toFixed(1)} s from the command, ${(60 / proxy).toFixed(2)}x real time;`);
console.log(`      a plain ffmpeg transcode with the same settings ${plain.toFixed(1)} s (${(60 / plain).toFixed(2)}x real time): ratio ${(proxy / plain).toFixed(3)}x`);
rmSync(dir, { recursive: true, force: true });
