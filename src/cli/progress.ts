import { useColor } from "./style.js";

/**
 * A one-line progress bar on stderr (frames, frames a second, time left), only on a terminal and
 * never with --quiet or --json. Returns a callback taking (frame, total), and a function ending the line.
 */
export function progressBar(label: string, enabled: boolean): { update: (frame: number, total: number) => void; done: () => void } {
  const stream = process.stderr;
  if (!enabled || !stream.isTTY) return { update: () => undefined, done: () => undefined };
  const started = Date.now();
  let shown = false;
  return {
    update(frame, total) {
      const seconds = (Date.now() - started) / 1000;
      const fps = frame / Math.max(seconds, 1e-3);
      const left = fps > 0 ? (total - frame) / fps : 0;
      const width = 24;
      const filled = Math.round((Math.min(frame, total) / total) * width);
      const bar = useColor(stream) ? `\u001b[32m${"█".repeat(filled)}\u001b[39m${"░".repeat(width - filled)}` : `${"#".repeat(filled)}${"-".repeat(width - filled)}`;
      stream.write(`\r${label} ${bar} ${frame}/${total} frames  ${fps.toFixed(1)} fps  ${Math.floor(left / 60)}:${String(Math.round(left % 60)).padStart(2, "0")} left `);
      shown = true;
    },
    done() {
      if (shown) stream.write("\n");
    },
  };
}
