// Preloaded into a measured process (node --import): on exit, reports on fd 2, as JSON, its peak
// memory, its open file descriptors at start and at exit (Linux, from /proc/self/fd), and what it
// still held open at exit (timers, sockets, child processes): a leak shows as a difference.
import { readdirSync } from "node:fs";

const fds = () => {
  try {
    return readdirSync("/proc/self/fd").length;
  } catch {
    return null;
  }
};
const fdsAtStart = fds();
process.on("exit", () => {
  const usage = { maxRssMB: process.resourceUsage().maxRSS / 1024, fdsAtStart, fdsAtExit: fds(), activeAtExit: process.getActiveResourcesInfo() };
  process.stderr.write(`\nBENCH ${JSON.stringify(usage)}\n`);
});
