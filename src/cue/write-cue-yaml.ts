/** Writes a cue file (one cue) as YAML a person can read: one tempo event or hit per line. */
export interface DraftEvent {
  bar?: number;
  beat?: number;
  bpm?: number;
  click?: string;
  meter?: string;
  pulse?: string;
  ramp?: boolean;
}

export interface CueDraft {
  title: string;
  fps: string;
  cue: { id: string; title: string; start: string; end?: string; countIn: number; tempo: DraftEvent[]; hits: ({ at: string; label: string } | { bar: number; beat: number; label: string })[] };
}

const ORDER = ["bar", "beat", "meter", "pulse", "bpm", "click", "ramp", "at", "label"];

/** A YAML value: strings double-quoted (JSON strings are valid YAML), numbers and booleans plain. */
const value = (v: unknown) => (typeof v === "string" ? JSON.stringify(v) : String(v));

function flow(item: Record<string, unknown>): string {
  const keys = Object.keys(item).filter((k) => item[k] !== undefined).sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
  return `{ ${keys.map((k) => `${k}: ${value(item[k])}`).join(", ")} }`;
}

export function cueYaml(draft: CueDraft, header: string): string {
  const c = draft.cue;
  const lines = [
    `# ${header}`,
    "# yaml-language-server: $schema=https://github.com/sprocket-scoring/sprocket/schema/cue-file.schema.json",
    ...(draft.title ? [`title: ${value(draft.title)}`] : []),
    `fps: ${value(draft.fps)}`,
    "cues:",
    `  - id: ${value(c.id)}`,
    ...(c.title ? [`    title: ${value(c.title)}`] : []),
    `    start: ${value(c.start)}`,
    ...(c.end ? [`    end: ${value(c.end)}`] : []),
    `    countIn: ${c.countIn}`,
    "    tempo:",
    ...c.tempo.map((e) => `      - ${flow(e as Record<string, unknown>)}`),
    ...(c.hits.length ? ["    hits:", ...c.hits.map((h) => `      - ${flow(h)}`)] : []),
  ];
  return lines.join("\n") + "\n";
}
