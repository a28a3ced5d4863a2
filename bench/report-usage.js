// Preloaded into a benchmarked process (node --import): reports its peak memory on exit, on fd 2, as JSON.
process.on("exit", () => {
  process.stderr.write(`\nBENCH ${JSON.stringify({ maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
});
