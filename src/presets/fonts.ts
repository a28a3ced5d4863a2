import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The bundled DejaVu fonts (npm dejavu-fonts-ttf): the same glyphs for both picture renderers, on every machine. */
const fontDir = () => join(dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json")), "ttf");
export const fontFile = (kind: "sans" | "mono") => join(fontDir(), kind === "sans" ? "DejaVuSans-Bold.ttf" : "DejaVuSansMono-Bold.ttf");
