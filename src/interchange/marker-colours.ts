/**
 * Marker colours between the editing programs and a hit's streamer colour. Each program has its own
 * palette: Media Composer eight names (red, green, blue, cyan, magenta, yellow, black, white), Resolve
 * sixteen (`ResolveColorBlue`... `Cream`, no white), OTIO eleven (`RED`, `PINK`...). Reading, a colour
 * becomes the cue file's name for it where there is one, else #rrggbb; black is not used (a black
 * streamer cannot be seen). Writing, each hit's colour goes to the nearest colour of the palette.
 */

type Rgb = [number, number, number];

const hex = (h: string): Rgb => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];

/** The cue file's named colours, as the picture draws them (src/render/picture-graph.ts). */
const CUE: Record<string, Rgb> = {
  white: hex("#ffffff"), green: hex("#00e000"), yellow: hex("#ffe000"), red: hex("#ff2020"),
  blue: hex("#2060ff"), cyan: hex("#00e0e0"), magenta: hex("#e000e0"), orange: hex("#ff8000"),
};

/** Colours other programs name that the cue file does not, as the streamer colour that shows them. */
const OTHER: Record<string, string> = {
  pink: "#ff8fc8", purple: "#9b59d0", fuchsia: "#e040a0", rose: "#ff6080", lavender: "#b0a0ff",
  sky: "#70c0ff", mint: "#70e0b0", lemon: "#f0f060", sand: "#d0a860", cocoa: "#8b5a3c",
  cream: "white", violet: "#8a40e0", brown: "#8b5a2b", gray: "#a0a0a0", grey: "#a0a0a0",
};

export const AVID_PALETTE = ["red", "green", "blue", "cyan", "magenta", "yellow", "white"] as const;
export const RESOLVE_PALETTE = ["Blue", "Cyan", "Green", "Yellow", "Red", "Pink", "Purple", "Fuchsia", "Rose", "Lavender", "Sky", "Mint", "Lemon", "Sand", "Cocoa", "Cream"] as const;
export const OTIO_PALETTE = ["PINK", "RED", "ORANGE", "YELLOW", "GREEN", "CYAN", "BLUE", "PURPLE", "MAGENTA", "WHITE"] as const;

export interface ColourReading {
  /** The hit's streamer colour (a cue-file name or #rrggbb); absent: the streamer style's. */
  colour?: string;
  /** Said when a colour is not used. */
  note?: string;
}

/** A marker's colour as a hit's streamer colour. */
export function hitColourOf(markerColour: string | undefined): ColourReading {
  if (!markerColour) return {};
  const key = markerColour.trim().replace(/^ResolveColor/i, "").toLowerCase();
  if (/^#[0-9a-f]{6}$/.test(key)) return { colour: key };
  if (CUE[key]) return { colour: key };
  if (OTHER[key]) return { colour: OTHER[key] };
  if (key === "black") return { note: "a black marker gets the default streamer colour (a black streamer would not be seen)" };
  return { note: `marker colour "${markerColour}" is not one Sprocket knows; the hit gets the default streamer colour` };
}

function rgbOf(colour: string | undefined): Rgb {
  if (!colour) return CUE.white!;
  const c = colour.toLowerCase();
  if (CUE[c]) return CUE[c]!;
  if (/^#[0-9a-f]{6}$/.test(c)) return hex(c);
  const other = OTHER[c];
  return other ? rgbOf(other) : CUE.white!;
}

/** How the nearest palette colour is chosen: distance in RGB, weighted for the eye (red 2, green 4, blue 3). */
function nearest<T extends string>(colour: string | undefined, palette: readonly T[], rgb: (p: T) => Rgb): T {
  const [r, g, b] = rgbOf(colour);
  let best = palette[0]!;
  let bestD = Infinity;
  for (const p of palette) {
    const [pr, pg, pb] = rgb(p);
    const d = 2 * (r - pr) ** 2 + 4 * (g - pg) ** 2 + 3 * (b - pb) ** 2;
    if (d < bestD) [best, bestD] = [p, d];
  }
  return best;
}

const paletteRgb = (name: string): Rgb => rgbOf(name);

export const avidColourOf = (colour: string | undefined) => nearest(colour, AVID_PALETTE, paletteRgb);
export const resolveColourOf = (colour: string | undefined) => (colour === undefined || colour.toLowerCase() === "white" ? "Cream" : nearest(colour, RESOLVE_PALETTE, paletteRgb));
export const otioColourOf = (colour: string | undefined) => nearest(colour, OTIO_PALETTE, paletteRgb);
