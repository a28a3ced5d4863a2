import { basename } from "node:path";
import { verifyDeliveries } from "../../app/verify.js";
import { specName, type DeliverySpec, type FileReport } from "../../delivery/check-deliveries.js";
import { ReportedError, UserError } from "../../errors.js";
import { printJson, defineCommand } from "../command.js";
import { bold, red } from "../style.js";

export const EXIT_DELIVERY_FAILS = 3;

/** Files a delivery folder may hold that are audio (checked) rather than paperwork (left alone). */

export const verifyCommand = defineCommand({
  name: "verify",
  positionals: [2, 10000],
  options: {
    json: { type: "boolean" },
    rate: { type: "string" },
    bits: { type: "string" },
    "fix-names": { type: "boolean" },
    apply: { type: "boolean" },
  },
  help: `Usage: sprocket verify CUEFILE DIR|FILE... [--rate HZ] [--bits 16|24|32|32f] [--fix-names [--apply]] [--json]

Checks a delivery folder against the cue file before it leaves for the mix stage. Each WAV's
headers are read (not its audio) and matched to its cue by name (M32_Score_01-24-38-14.wav: cue
id, stem, start timecode, with - or _) or else by its time stamp. For each file: PCM at the
delivery spec's sample rate and bit depth; a bext chunk; a time stamp on the cue's bar 1 (or its
deliveryStart; a click track on its first warning click) to the sample, else how many frames and
samples it is off; the timecode in the name equal to the time stamp; audio to the cue's end; a
complete file; iXML's timecode rate and drop-frame flag equal to the picture's; stems of a cue
starting on one sample with one length and one channel count. Then the cues nobody delivered
(a click track alone does not deliver a cue) and files that match no cue.
Folders are read with their subfolders; hidden files and files that are not audio are left alone.

Options:
  --rate HZ      the delivery spec's sample rate (default 48000)
  --bits N       its bit depth: 16, 24 (default) or 32-bit PCM, or 32f (32-bit float)
  --fix-names    lists the renames that put each name's timecode right where the time stamp is
                 right (a dry run)
  --apply        with --fix-names: renames them (atomically; an existing file is never overwritten)
  --json         { files: [{ path, cue, stem, status, problems: [{ check, expected, received,
                 message }], timestamp, matchedBy, rename }], missing: [cue ids], missingCues,
                 ignored, renamed }

Exit status: 0 every file passes and every cue is delivered; ${EXIT_DELIVERY_FAILS} something fails or is missing;
2 bad usage or an unreadable cue file.`,
  run(values, [cuePath, ...inputs]) {
    if (values.apply && !values["fix-names"]) throw new UserError({ message: "--apply renames files, so it needs --fix-names.", expected: "--fix-names --apply" });
    const r = verifyDeliveries({
      cueFile: cuePath!,
      paths: inputs,
      ...(values.rate !== undefined ? { rate: values.rate } : {}),
      ...(values.bits !== undefined ? { bits: values.bits } : {}),
      fixNames: !!values.apply,
    });
    const { files, missing, ignored, renamed, spec } = r;
    const renames = values["fix-names"] ? files.filter((f) => f.rename) : [];
    if (values.json) {
      printJson({ files, missing: missing.map((m) => m.id), missingCues: missing, ignored, ...(values.apply ? { renamed } : {}), spec: { sampleRate: spec.sampleRate, bits: spec.bits, float: spec.float } });
    } else {
      printTable(files, r.title, r.cues, r.fps, spec);
      for (const m of missing) process.stdout.write(`${red(process.stdout, "missing")} cue ${m.id}${m.title ? ` "${m.title}"` : ""} (starting ${m.start}): ${m.reason}\n`);
      if (ignored.length) process.stdout.write(`Left alone (not audio, or hidden): ${ignored.length} file${ignored.length === 1 ? "" : "s"}: ${ignored.slice(0, 5).map((p) => basename(p)).join(", ")}${ignored.length > 5 ? ", ..." : ""}\n`);
      if (renames.length) {
        process.stdout.write(values.apply ? "\nRenamed:\n" : "\nRenames that put the names right (a dry run: add --apply to rename):\n");
        for (const f of renames) {
          const r = renamed.find((x) => x.from === f.path);
          process.stdout.write(`  ${basename(f.path)}  ->  ${f.rename}${r && !r.done ? `  ${red(process.stdout, "not renamed")}: ${r.reason}` : ""}\n`);
        }
      }
    }
    const failed = files.filter((f) => f.status === "fail").length;
    const passed = files.length - failed;
    const summary = `${passed} passed, ${failed} failed${missing.length ? `, ${missing.length} cue${missing.length === 1 ? "" : "s"} missing` : ""}.`;
    if (!values.json) process.stdout.write(`\n${summary}\n`);
    if (failed || missing.length) throw new ReportedError(EXIT_DELIVERY_FAILS, `verify: the delivery is not ready (exit status ${EXIT_DELIVERY_FAILS}).`);
  },
});




function printTable(files: readonly FileReport[], title: string, cues: number, rate: string, spec: DeliverySpec): void {
  const out = process.stdout;
  out.write(`Checked ${files.length} file${files.length === 1 ? "" : "s"} against ${title ? `"${title}" ` : ""}(${cues} cue${cues === 1 ? "" : "s"}, ${rate} fps) for ${spec.sampleRate / 1000} kHz ${specName(spec)} Broadcast WAV.\n\n`);
  const rows = files.map((f) => [basename(f.path), f.cue ?? "-", f.stem ?? "-", f.timestamp ?? "-"]);
  const w = [0, 1, 2, 3].map((i) => Math.max(["file", "cue", "stem", "time stamp"][i]!.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(w[i]!)).join("  ");
  out.write(bold(out, `${line(["file", "cue", "stem", "time stamp"])}  result`) + "\n");
  files.forEach((f, i) => {
    out.write(`${line(rows[i]!)}  ${f.status === "pass" ? "pass" : red(out, "FAIL")}\n`);
    for (const p of f.problems) out.write(`    - ${p.message}\n`);
  });
}
