/**
 * An AudioWorklet that listens to the click as the device will play it and says, for every click,
 * the audio-clock sample where it starts (its first sample after at least 256 silent ones). Loaded
 * only when the page is opened with ?tap=1, to measure the preview's timing; it changes nothing heard.
 */
declare const sampleRate: number;
declare const currentFrame: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, processor: unknown): void;

class OnsetTap extends AudioWorkletProcessor {
  private silent = 256;
  process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const input = inputs[0]?.[0];
    const output = outputs[0]?.[0];
    if (input && output) output.set(input);
    if (!input) return true;
    for (let i = 0; i < input.length; i++) {
      if (Math.abs(input[i]!) > 1e-4) {
        if (this.silent >= 256) this.port.postMessage({ frame: currentFrame + i, seconds: (currentFrame + i) / sampleRate });
        this.silent = 0;
      } else this.silent++;
    }
    return true;
  }
}

registerProcessor("onset-tap", OnsetTap);
