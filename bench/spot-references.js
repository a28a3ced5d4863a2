// References with known shot changes, made by ffmpeg from its own test sources, for `sprocket spot`'s
// test and its accuracy benchmark. A reference is a list of shots; between two shots a hard cut, a
// dissolve or a fade through black; inside a shot, optionally, a flash (white frames, the shot going
// on after them). The answer: every hard cut's first frame, and each soft change's span.
import { spawnSync } from "node:child_process";

/** ffmpeg's test sources at w x h, 24 fps; "similar" shots are one source seen another way. */
export const SOURCES = [
  (w, h) => `testsrc2=s=${w}x${h}:r=24`,
  (w, h) => `smptehdbars=s=${w}x${h}:r=24`,
  (w, h) => `mandelbrot=s=${w}x${h}:r=24`,
  (w, h) => `life=s=${w}x${h}:r=24:mold=10:ratio=0.1:death_color=#203050:life_color=#e0c060:seed=7`,
  (w, h) => `rgbtestsrc=s=${w}x${h}:r=24`,
  (w, h) => `cellauto=s=${w}x${h}:r=24:rule=110:seed=3`,
  (w, h) => `testsrc=s=${w}x${h}:r=24`,
];
/** The same scene from elsewhere: mirrored, or closer in, or a little brighter. */
export const LOOKS = ["", "hflip", "crop=iw*0.8:ih*0.8,scale=W:H", "eq=brightness=0.12:saturation=1.3"];

/**
 * A reference of `shots`, each { source, look, frames, flashAt?, then: "cut" | "dissolve" | "fade" },
 * with film grain over every shot when `grain`.
 * Returns the answer; writes an H.264 MP4 (or whatever `codec` args say) at `path`.
 */
export function makeReference(ffmpeg, path, shots, { width = 320, height = 180, codec = ["-c:v", "libx264", "-preset", "ultrafast", "-crf", "18"], grain = false } = {}) {
  const inputs = [];
  const chains = [];
  const parts = [];
  const answer = { cuts: [], soft: [], flashes: [], frames: 0 };
  const D = 12; // frames a dissolve or a fade lasts
  let frame = 0;
  let pendingIn = null; // the previous shot's tail, when a dissolve joins it to this one
  shots.forEach((shot, i) => {
    const src = SOURCES[shot.source % SOURCES.length](width, height);
    const look = (LOOKS[shot.look ?? 0] ?? "").replace("W", String(width)).replace("H", String(height));
    // each shot's frames, whole: from its own time 0 (so a look of the same source sees the same scene)
    inputs.push("-f", "lavfi", "-i", `${src}`);
    // film grain, when asked: noise that changes every frame, as a scan or a camera's sensor has
    const base = `[${i}:v]trim=start_frame=0:end_frame=${shot.frames},setpts=PTS-STARTPTS,format=yuv420p${look ? `,${look}` : ""}${grain ? ",noise=alls=14:allf=t+u" : ""},setsar=1`;
    const into = i > 0 ? shots[i - 1].then ?? "cut" : "cut";
    const out = shot.then ?? "cut";
    // split the shot into what it shows alone and the frames it shares with a dissolve at either end
    const headShare = into === "dissolve" ? D : 0;
    const tailShare = out === "dissolve" && i < shots.length - 1 ? D : 0;
    let chain = base;
    if (into === "fade") chain += `,fade=t=in:s=0:n=${D}`;
    if (out === "fade" && i < shots.length - 1) chain += `,fade=t=out:s=${shot.frames - D}:n=${D}`;
    chains.push(`${chain}[s${i}]`);
    const pieces = [];
    const labels = [];
    if (headShare) pieces.push(`trim=start_frame=0:end_frame=${D},setpts=PTS-STARTPTS`);
    const bodyStart = headShare, bodyEnd = shot.frames - tailShare;
    if (shot.flashAt !== undefined) {
      pieces.push(`trim=start_frame=${bodyStart}:end_frame=${shot.flashAt},setpts=PTS-STARTPTS`, `FLASH`, `trim=start_frame=${shot.flashAt + 2}:end_frame=${bodyEnd},setpts=PTS-STARTPTS`);
    } else pieces.push(`trim=start_frame=${bodyStart}:end_frame=${bodyEnd},setpts=PTS-STARTPTS`);
    if (tailShare) pieces.push(`trim=start_frame=${bodyEnd}:end_frame=${shot.frames},setpts=PTS-STARTPTS`);
    const real = pieces.filter((p) => p !== "FLASH");
    chains.push(`[s${i}]split=${real.length}${real.map((_, k) => `[s${i}p${k}]`).join("")}`);
    let k = 0;
    for (const p of pieces) {
      if (p === "FLASH") {
        labels.push(`[f${i}]`);
        chains.push(`color=c=white:s=${width}x${height}:r=24:d=${2 / 24},format=yuv420p,setsar=1,trim=end_frame=2[f${i}]`);
        continue;
      }
      chains.push(`[s${i}p${k}]${p}[s${i}q${k}]`);
      labels.push(`[s${i}q${k}]`);
      k++;
    }
    // the dissolve from the previous shot: its tail blended into this shot's head
    if (headShare) {
      const head = labels.shift();
      chains.push(`${pendingIn}${head}blend=all_expr='A*(1-(N+1)/${D + 1})+B*((N+1)/${D + 1})'[d${i}]`);
      parts.push(`[d${i}]`);
      answer.soft.push([frame, frame + D - 1]);
      frame += D;
    }
    if (tailShare) pendingIn = labels.pop();
    if (i > 0 && into === "cut") answer.cuts.push(frame);
    if (i > 0 && into === "fade") answer.soft.push([frame - D, frame + D - 1]);
    parts.push(...labels);
    if (shot.flashAt !== undefined) answer.flashes.push([frame + shot.flashAt - bodyStart, frame + shot.flashAt - bodyStart + 1]);
    frame += bodyEnd - bodyStart;
  });
  answer.frames = frame;
  const graph = [...chains, `${parts.join("")}concat=n=${parts.length}:v=1:a=0[out]`].join(";");
  const r = spawnSync(ffmpeg, ["-v", "error", "-y", ...inputs, "-filter_complex", graph, "-map", "[out]", "-r", "24", ...codec, path], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`ffmpeg could not make ${path}: ${r.stderr}`);
  return answer;
}

/** How a finder's cuts compare with the answer: hard cuts found on their frame, soft changes found, flashes and the rest proposed wrongly. */
export function score(answer, found) {
  const exact = answer.cuts.filter((c) => found.includes(c)).length;
  const inSoft = (f) => answer.soft.some(([a, b]) => f >= a && f <= b + 1);
  const falses = found.filter((f) => !answer.cuts.includes(f) && !inSoft(f));
  const missed = answer.cuts.filter((c) => !found.includes(c));
  return { cuts: answer.cuts.length, exact, missed, softFound: answer.soft.filter(([a, b]) => found.some((f) => f >= a && f <= b + 1)).length, soft: answer.soft.length, proposals: found.length, falses: falses.length, falseAt: falses };
}
