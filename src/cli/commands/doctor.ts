import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { ExternalToolError } from "../../errors.js";
import { run, toolPath } from "../../render/ffmpeg.js";
import { printJson, type Command } from "../command.js";

const NEEDED = {
  filters: ["drawtext", "overlay", "sendcmd", "setpts", "color", "drawgrid"],
  encoders: ["libx264", "prores_ks", "aac"],
};

export const doctorCommand: Command = {
  name: "doctor",
  positionals: [0, 0],
  options: { json: { type: "boolean" } },
  help: `Usage: sprocket doctor [--json]

Says which ffmpeg and ffprobe Sprocket uses (from its npm packages, or FFMPEG_PATH / FFPROBE_PATH),
their versions, and whether they have what the conductor picture needs: the filters
${NEEDED.filters.join(", ")}, and the encoders ${NEEDED.encoders.join(", ")}.
Exit status 0 when everything is there, 1 when something is missing.`,
  async run(values) {
    const report: { tools: Record<string, unknown>; missing: string[]; font: string } = { tools: {}, missing: [], font: "" };
    for (const tool of ["ffmpeg", "ffprobe"] as const) {
      const { path, from } = toolPath(tool);
      const version = (await run(tool, ["-version"], { purpose: `asking ${tool} its version` })).split("\n")[0] ?? "";
      report.tools[tool] = { path, from, version };
    }
    const filters = await run("ffmpeg", ["-hide_banner", "-filters"], { purpose: "listing ffmpeg's filters" });
    const encoders = await run("ffmpeg", ["-hide_banner", "-encoders"], { purpose: "listing ffmpeg's encoders" });
    for (const f of NEEDED.filters) if (!new RegExp(`^\\s*\\S+\\s+${f}\\s`, "m").test(filters)) report.missing.push(`filter ${f}`);
    for (const e of NEEDED.encoders) if (!new RegExp(`^\\s*\\S+\\s+${e}\\s`, "m").test(encoders)) report.missing.push(`encoder ${e}`);
    const fonts = join(dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json")), "ttf");
    report.font = existsSync(join(fonts, "DejaVuSansMono-Bold.ttf")) ? fonts : "missing";
    if (report.font === "missing") report.missing.push("the bundled DejaVu fonts");
    if (values.json) printJson(report);
    else {
      for (const [tool, info] of Object.entries(report.tools) as [string, { path: string; from: string; version: string }][]) {
        process.stdout.write(`${tool.padEnd(8)} ${info.path}\n         from ${info.from}: ${info.version}\n`);
      }
      process.stdout.write(`fonts    ${report.font}\n`);
      process.stdout.write(report.missing.length ? `missing: ${report.missing.join(", ")}\n` : `ok: ffmpeg has every filter and encoder Sprocket needs\n`);
    }
    if (report.missing.length) throw new ExternalToolError("ffmpeg", null, "", `This ffmpeg lacks what Sprocket needs: ${report.missing.join(", ")}. Point FFMPEG_PATH at a fuller build.`);
  },
};
