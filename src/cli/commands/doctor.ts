import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { ExternalToolError } from "../../errors.js";
import { run, toolPath } from "../../system/ffmpeg.js";
import { printJson, defineCommand } from "../command.js";

const NEEDED = {
  filters: ["drawtext", "overlay", "sendcmd", "setpts", "color", "drawgrid"],
  encoders: ["libx264", "aac", "pcm_s24le"],
};

/** Each picture format's encoder: the formats the stage plays, and whether this ffmpeg can write them. */
const FORMAT_ENCODERS: Record<string, string> = { mov: "libx264", mp4: "libx264", prores: "prores_ks", dnxhd: "dnxhd", dnxhr: "dnxhd" };

export const doctorCommand = defineCommand({
  name: "doctor",
  positionals: [0, 0],
  options: { json: { type: "boolean" } },
  help: `Usage: sprocket doctor [--json]

Says which ffmpeg and ffprobe Sprocket uses (from its npm packages, or FFMPEG_PATH / FFPROBE_PATH),
their versions, and whether they have what the conductor picture needs: the filters
${NEEDED.filters.join(", ")}, and the encoders ${NEEDED.encoders.join(", ")}; and which picture formats
(--format) it can write: mov and mp4 (libx264), prores (prores_ks), dnxhd and dnxhr (dnxhd).
Exit status 0 when everything is there, 1 when something is missing.`,
  async run(values) {
    const report: { tools: Record<string, unknown>; missing: string[]; font: string; formats: Record<string, boolean> } = { tools: {}, missing: [], font: "", formats: {} };
    for (const tool of ["ffmpeg", "ffprobe"] as const) {
      const { path, from } = toolPath(tool);
      const version = (await run(tool, ["-version"], { purpose: `asking ${tool} its version` })).split("\n")[0] ?? "";
      report.tools[tool] = { path, from, version };
    }
    const filters = await run("ffmpeg", ["-hide_banner", "-filters"], { purpose: "listing ffmpeg's filters" });
    const encoders = await run("ffmpeg", ["-hide_banner", "-encoders"], { purpose: "listing ffmpeg's encoders" });
    for (const f of NEEDED.filters) if (!new RegExp(`^\\s*\\S+\\s+${f}\\s`, "m").test(filters)) report.missing.push(`filter ${f}`);
    const has = (e: string) => new RegExp(`^\\s*\\S+\\s+${e}\\s`, "m").test(encoders);
    for (const e of NEEDED.encoders) if (!has(e)) report.missing.push(`encoder ${e}`);
    for (const [format, encoder] of Object.entries(FORMAT_ENCODERS)) report.formats[format] = has(encoder);
    const fonts = join(dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json")), "ttf");
    report.font = existsSync(join(fonts, "DejaVuSansMono-Bold.ttf")) ? fonts : "missing";
    if (report.font === "missing") report.missing.push("the bundled DejaVu fonts");
    if (values.json) printJson(report);
    else {
      for (const [tool, info] of Object.entries(report.tools) as [string, { path: string; from: string; version: string }][]) {
        process.stdout.write(`${tool.padEnd(8)} ${info.path}\n         from ${info.from}: ${info.version}\n`);
      }
      process.stdout.write(`fonts    ${report.font}\n`);
      process.stdout.write(`formats  ${Object.entries(report.formats).map(([f, ok]) => `${f} ${ok ? "yes" : "NO"}`).join(", ")}\n`);
      process.stdout.write(report.missing.length ? `missing: ${report.missing.join(", ")}\n` : `ok: ffmpeg has every filter and encoder Sprocket needs\n`);
    }
    if (report.missing.length) throw new ExternalToolError("ffmpeg", null, "", `This ffmpeg lacks what Sprocket needs: ${report.missing.join(", ")}. Point FFMPEG_PATH at a fuller build.`);
  },
});
