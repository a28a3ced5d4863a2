import type { FollowMessage } from "../../app/preview-protocol.js";

/**
 * The windows of one preview follow the desk's page: it tells each frame it shows on a
 * BroadcastChannel (the same origin: the same preview), and a follower (the conductor's view) draws
 * the overlay for that frame at once and keeps its own picture with it: paused on the same frame, or
 * playing at the same rate, sought again when it is more than `slack` frames away. The overlay
 * follows the timecode directly; the picture may lag a little, the streamers do not.
 */
export class Follow {
  private readonly channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("sprocket-preview") : undefined;

  tell(m: FollowMessage): void {
    this.channel?.postMessage(m);
  }

  listen(on: (m: FollowMessage) => void): void {
    if (this.channel) this.channel.onmessage = (e: MessageEvent<FollowMessage>) => on(e.data);
  }
}

/** The frame of the picture a video element is on (its media time at the rate, counted from 0). */
export const frameShown = (video: HTMLVideoElement, fps: number) => Math.floor(video.currentTime * fps + 1e-6);

/** Keeps a follower's picture with the frame it was told: same frame when paused, same rate when playing. */
export function followPicture(video: HTMLVideoElement, m: FollowMessage, fps: number, slack = 3): void {
  const shown = frameShown(video, fps);
  const seek = () => {
    if (!video.seeking) video.currentTime = (m.frame + 0.5) / fps;
  };
  if (!m.playing) {
    if (!video.paused) video.pause();
    if (shown !== m.frame) seek();
    return;
  }
  if (video.playbackRate !== m.rate) video.playbackRate = m.rate;
  if (video.paused) void video.play().catch(() => undefined);
  if (Math.abs(shown - m.frame) > slack) seek();
}
