// `npm run bench` (part 4): `sprocket import` of a 2,000-event EDL with 500 LOC markers into a cue file
// of 40 cues (the whole command), against Node's start-up measured in the same run, and the EDL read
// alone. Then the same cut as OTIO and FCPXML (written here), read alone. Goal (issue 10): the import
// in well under a second. A two-hour 23.976 cut, events of 1-7 seconds, markers spread over it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { load, median, seeded, sprocket, time } from "./bench-kit.js";

const { readTimelineFile } = await load("interchange/read-timeline-file.js");
const { formatTimecode } = await load("engine/timecode.js");
const { parseFrameRate } = await load("engine/frame-rate.js");

const random = seeded(11);
const rate = parseFrameRate("23.976");
const tc = (f) => formatTimecode(f, rate);
const start = 86400;
const events = [];
let at = start;
for (let i = 0; i < 2000; i++) {
  const len = 24 + Math.floor(random() * 144);
  const src = 864000 + Math.floor(random() * 500000);
  events.push({ n: i + 1, reel: `A${String(i % 300).padStart(3, "0")}C001`, src, len, rec: at });
  at += len;
}
const end = at;
const markers = Array.from({ length: 500 }, (_, i) => start + Math.floor(((i + random()) * (end - start)) / 500));
const lines = ["TITLE: BENCH REEL", "FCM: NON-DROP FRAME", ""];
let m = 0;
for (const e of events) {
  lines.push(`${String(e.n).padStart(6, "0")}  ${e.reel} V     C        ${tc(e.src)} ${tc(e.src + e.len)} ${tc(e.rec)} ${tc(e.rec + e.len)}`);
  lines.push(`* FROM CLIP NAME:  shot ${e.n}`, `* SOURCE FILE: ${e.reel}_230101.mov`);
  while (m < markers.length && markers[m] < e.rec + e.len) lines.push(`* LOC: ${tc(markers[m])} RED     hit ${++m}`);
}
const dir = mkdtempSync(join(tmpdir(), "sprocket-interchange-bench-"));
const edl = join(dir, "reel.edl");
writeFileSync(edl, lines.join("\n") + "\n");
const cueLen = Math.floor((end - start) / 40);
const cues = Array.from({ length: 40 }, (_, i) => `  - id: "${i + 1}M1"\n    start: "${tc(start + i * cueLen + 120)}"\n    end: "${tc(start + (i + 1) * cueLen - 24)}"\n    tempo:\n      - { bar: 1, bpm: 120 }\n    hits:\n      - { bar: 2, beat: 1, label: downbeat }`);
const cueFile = join(dir, "cues.yaml");
writeFileSync(cueFile, `fps: 23.976\ncues:\n${cues.join("\n")}\n`);

const runs = [], baseline = [];
let summary;
for (let i = 0; i < 5; i++) {
  const [s, r] = time(() => sprocket(["import", edl, "--into", cueFile, "-o", join(dir, "out.yaml"), "--json"]));
  if (r.status !== 0) throw new Error(r.stderr);
  summary = JSON.parse(r.stdout);
  runs.push(s);
  baseline.push(time(() => sprocket(["--version"]))[0]);
}
const readAlone = (path, r) => median(Array.from({ length: 5 }, () => time(() => readTimelineFile(path, r))[0]));
const edlRead = readAlone(edl, rate);
// The same cut as OTIO and FCPXML.
const otio = join(dir, "reel.otio");
const rt = (value) => ({ OTIO_SCHEMA: "RationalTime.1", rate: 24000 / 1001, value });
const clip = (e) => ({ OTIO_SCHEMA: "Clip.2", name: `shot ${e.n}`, source_range: { OTIO_SCHEMA: "TimeRange.1", start_time: rt(e.src), duration: rt(e.len) }, markers: markers.filter((f) => f >= e.rec && f < e.rec + e.len).map((f, k) => ({ OTIO_SCHEMA: "Marker.2", name: `hit ${k}`, color: "RED", marked_range: { OTIO_SCHEMA: "TimeRange.1", start_time: rt(e.src + f - e.rec), duration: rt(0) } })), media_references: { DEFAULT_MEDIA: { OTIO_SCHEMA: "ExternalReference.1", target_url: `file:///media/${e.reel}.mov` } }, active_media_reference_key: "DEFAULT_MEDIA" });
writeFileSync(otio, JSON.stringify({ OTIO_SCHEMA: "Timeline.1", name: "bench", global_start_time: rt(start), tracks: { OTIO_SCHEMA: "Stack.1", children: [{ OTIO_SCHEMA: "Track.1", kind: "Video", children: events.map(clip) }] } }, null, 2));
const fcp = join(dir, "reel.fcpxml");
const s = (frames) => `${frames * 1001}/24000s`;
writeFileSync(fcp, `<?xml version="1.0" encoding="UTF-8"?>\n<fcpxml version="1.10"><resources><format id="r1" frameDuration="1001/24000s"/><asset id="r2" name="A" src="file:///media/A.mov" start="0s" hasVideo="1" format="r1"/></resources><library><event name="e"><project name="bench"><sequence format="r1" tcStart="${s(start)}"><spine>\n${events.map((e) => `<asset-clip ref="r2" name="shot ${e.n}" offset="${s(e.rec - start)}" start="${s(e.src)}" duration="${s(e.len)}">${markers.filter((f) => f >= e.rec && f < e.rec + e.len).map((f, k) => `<marker start="${s(e.src + f - e.rec)}" duration="${s(1)}" value="hit ${k}"/>`).join("")}</asset-clip>`).join("\n")}\n</spine></sequence></project></event></library></fcpxml>\n`);
const otioRead = readAlone(otio, undefined);
const fcpRead = readAlone(fcp, undefined);
const jsonBaseline = median(Array.from({ length: 5 }, () => time(() => JSON.parse(readFileSync(otio, "utf8")))[0]));
if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true }); else console.log(dir);
console.log(`interchange benchmark: a 2,000-event, two-hour 23.976 EDL with 500 LOC markers into 40 cues, median of 5`);
console.log(`  sprocket import --into (whole command)  ${median(runs).toFixed(3)} s   = ${(median(runs) / median(baseline)).toFixed(2)}x node start-up (sprocket --version: ${median(baseline).toFixed(3)} s)`);
console.log(`  added ${summary.added.length} hits, ${summary.outside.length} markers outside every cue`);
console.log(`  reading alone: EDL ${(edlRead * 1000).toFixed(1)} ms, OTIO ${(otioRead * 1000).toFixed(1)} ms (${(otioRead / jsonBaseline).toFixed(1)}x a bare JSON.parse of it), FCPXML ${(fcpRead * 1000).toFixed(1)} ms`);
console.log(`  goal well under 1 s: ${median(runs) < 0.75 ? "met" : "NOT met"}`);
