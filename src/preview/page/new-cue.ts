import type { CueJson } from "../../engine/cue-json.js";

/**
 * A cue made in the page (N): over the loop when one is set (`from` to `to`), else from the frame
 * shown to the next hit of any cue (else 30 s on); the first free id M1, M2...; 120 BPM in 4/4 and two
 * bars of count-in to begin with; its click, streamer and credits like the file's first cue.
 */
export function newCueJson(cues: readonly CueJson[], from: number, to: number | undefined, fps: number): CueJson {
  const next = cues.flatMap((c) => c.hits.map((h) => h.at)).filter((f): f is number => f !== undefined && f > from).sort((a, b) => a - b)[0];
  const end = to ?? next ?? from + Math.round(30 * fps);
  const ids = cues.map((c) => c.id);
  let n = ids.length + 1;
  while (ids.includes(`M${n}`)) n++;
  const { deliveryStart: _d, notes: _n, ...like } = structuredClone(cues[0]!);
  return { ...like, id: `M${n}`, title: "", start: from, end, countIn: 2, tempo: [{ bar: 1, meter: { text: "4/4", numerator: 4, denominator: 4, pulse: "1/4" }, bpm: "120/1" }], hits: [] };
}
