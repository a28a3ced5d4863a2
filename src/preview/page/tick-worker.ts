/**
 * The click scheduler's clock, in a Worker: a page's own timers are slowed to once a second when its
 * tab is in the background, a Worker's are not. "start" ticks every 25 ms; "stop" stops.
 */
const scope = self as unknown as { postMessage(message: unknown): void; onmessage: ((e: MessageEvent<string>) => void) | null };
let timer: ReturnType<typeof setInterval> | undefined;
scope.onmessage = (e) => {
  if (e.data === "start") timer ??= setInterval(() => scope.postMessage("tick"), 25);
  else {
    clearInterval(timer);
    timer = undefined;
  }
};
