import { describe, expect, it } from "vitest";
import { reportError } from "../src/cli/report-error.js";
import { BugError, ExternalToolError, UserError } from "../src/errors.js";

/** A stand-in stderr that records what is written (not a terminal, so no colour). */
function capture() {
  let text = "";
  const stream = { isTTY: false, write: (s: string) => ((text += s), true) } as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

describe("the top-level error handler", () => {
  it("a user error: every problem, no stack, exit 2", () => {
    const out = capture();
    const status = reportError(new UserError([{ message: "One.", location: { file: "a.yaml", line: 3, column: 5 }, field: "cues[0].start" }, { message: "Two." }]), out.stream);
    expect(status).toBe(2);
    expect(out.text()).toBe("error: a.yaml:3:5: cues[0].start: One.\nerror: Two.\n2 problems.\n");
  });
  it("an external tool's failure: its exit code and the tail of its stderr, exit 1", () => {
    const out = capture();
    expect(reportError(new ExternalToolError("ffmpeg", 183, "Invalid argument\nConversion failed!", "ffmpeg could not encode the picture."), out.stream)).toBe(1);
    expect(out.text()).toBe("error: ffmpeg could not encode the picture.\n  ffmpeg exited with 183.\n  | Invalid argument\n  | Conversion failed!\n");
  });
  it("a bug says it is a bug, with its stack, exit 1", () => {
    for (const err of [new BugError("invariant broke"), new TypeError("x is undefined")]) {
      const out = capture();
      expect(reportError(err, out.stream)).toBe(1);
      expect(out.text()).toMatch(/^This is a bug in Sprocket/);
      expect(out.text()).toContain(err.message);
      expect(out.text()).toMatch(/\n\s+at /);
    }
  });
});
