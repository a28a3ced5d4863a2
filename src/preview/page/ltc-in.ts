/**
 * An AudioWorklet that reads LTC from the audio input (the page's --chase ltc): every word read is
 * posted with the input's sample where it ended, on the audio clock's count.
 */
import { parseFrameRate } from "../../engine/frame-rate.js";
import { LtcReader } from "../../engine/ltc-read.js";

declare const sampleRate: number;
declare const currentFrame: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor(options?: { processorOptions?: unknown });
}
declare function registerProcessor(name: string, processor: unknown): void;

class LtcIn extends AudioWorkletProcessor {
  private readonly reader: LtcReader;
  constructor(options: { processorOptions: { rate: string } }) {
    super(options);
    this.reader = new LtcReader(parseFrameRate(options.processorOptions.rate), sampleRate);
  }
  process(inputs: Float32Array[][]): boolean {
    const input = inputs[0]?.[0];
    if (input) for (const w of this.reader.push(input, currentFrame)) this.port.postMessage(w);
    return true;
  }
}

registerProcessor("ltc-in", LtcIn);
