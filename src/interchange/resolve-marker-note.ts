/**
 * DaVinci Resolve writes each marker of a marker EDL as a one-frame event followed by a line
 * `note |C:ResolveColorBlue |M:Marker 1 |D:1`: the note, the colour, the name, the length in frames.
 * Names and notes may hold `|`, so the tail is read from the right.
 */
export interface ResolveMarkerNote {
  note: string;
  /** Without Resolve's prefix: `Blue`, `Cream`... */
  colour?: string;
  name: string;
  duration: number;
}

export function parseResolveMarkerNote(text: string): ResolveMarkerNote | undefined {
  const d = text.lastIndexOf("|D:");
  if (d < 0 || !/^\|D:\s*\d+\s*$/.test(text.slice(d))) return undefined;
  const m = text.lastIndexOf("|M:", d);
  const c = m < 0 ? -1 : text.lastIndexOf("|C:", m);
  if (m < 0 || c < 0) return undefined;
  const colour = text.slice(c + 3, m).trim().replace(/^ResolveColor/i, "");
  return {
    note: text.slice(0, c).trim(),
    ...(colour ? { colour } : {}),
    name: text.slice(m + 3, d).trim(),
    duration: Number(text.slice(d + 3).trim()),
  };
}

/** The comment line Sprocket writes for a marker (the inverse of parseResolveMarkerNote). */
export function formatResolveMarkerNote(n: ResolveMarkerNote): string {
  return `${n.note} |C:ResolveColor${n.colour ?? "Blue"} |M:${n.name} |D:${n.duration}`;
}
