/** The comment above the 120 BPM a cue made from spotting notes or markers starts with. */
export const PLACEHOLDER_TEMPO = "a placeholder tempo: set it, e.g. with sprocket fit, once the hits are spotted";

/** Writes a cue file (one cue) as YAML a person can read: one tempo event or hit per line. */
export interface DraftEvent {
  bar?: number;
  beat?: number;
  bpm?: number;
  /** A frame click ("14-4"), or frames a beat (14.5). */
  click?: string | number;
  meter?: string;
  pulse?: string;
  ramp?: boolean;
}

export interface DraftCue {
  id: string;
  title: string;
  start: string;
  end?: string;
  countIn: number;
  notes?: string;
  /** A comment written above the tempo list (e.g. that it is a placeholder). */
  tempoComment?: string;
  tempo: DraftEvent[];
  hits: DraftHit[];
}

export type DraftHit = ({ at: string } | { bar: number; beat: number }) & { label: string; color?: string; streamer?: string; punch?: number | boolean; flutter?: number };

export interface CueDraft {
  title: string;
  fps: string;
  cue: DraftCue;
}

const ORDER = ["bar", "beat", "meter", "pulse", "bpm", "click", "ramp", "at", "label", "color", "streamer", "punch", "flutter"];

/** A YAML value: strings double-quoted (JSON strings are valid YAML), numbers and booleans plain. */
const value = (v: unknown) => (typeof v === "string" ? JSON.stringify(v) : String(v));

function flow(item: Record<string, unknown>): string {
  const keys = Object.keys(item).filter((k) => item[k] !== undefined).sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
  return `{ ${keys.map((k) => `${k}: ${value(item[k])}`).join(", ")} }`;
}

/** One tempo event as the one-line flow mapping cue files use: `{ bar: 5, meter: "7/8", bpm: 180 }`. */
export function eventLine(e: DraftEvent): string {
  return flow(e as Record<string, unknown>);
}

/** One hit as the one-line flow mapping cue files use: `{ at: "01:02:25:14", label: "door slams" }`. */
export function hitLine(h: DraftHit): string {
  return flow(h as Record<string, unknown>);
}

function cueLines(c: DraftCue): string[] {
  return [
    `  - id: ${value(c.id)}`,
    ...(c.title ? [`    title: ${value(c.title)}`] : []),
    ...(c.notes ? [`    notes: ${value(c.notes)}`] : []),
    `    start: ${value(c.start)}`,
    ...(c.end ? [`    end: ${value(c.end)}`] : []),
    `    countIn: ${c.countIn}`,
    ...(c.tempoComment ? [`    # ${c.tempoComment}`] : []),
    "    tempo:",
    ...c.tempo.map((e) => `      - ${flow(e as Record<string, unknown>)}`),
    ...(c.hits.length ? ["    hits:", ...c.hits.map((h) => `      - ${flow(h)}`)] : []),
  ];
}

/** A cue file holding `cues`. */
export function cueFileYaml(file: { title: string; fps: string; cues: DraftCue[] }, header: string): string {
  const lines = [
    `# ${header}`,
    "# yaml-language-server: $schema=https://github.com/sprocket-scoring/sprocket/schema/cue-file.schema.json",
    ...(file.title ? [`title: ${value(file.title)}`] : []),
    `fps: ${value(file.fps)}`,
    "cues:",
    ...file.cues.flatMap(cueLines),
  ];
  return lines.join("\n") + "\n";
}

export function cueYaml(draft: CueDraft, header: string): string {
  return cueFileYaml({ title: draft.title, fps: draft.fps, cues: [draft.cue] }, header);
}
