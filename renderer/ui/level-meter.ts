import { levelFromSamples } from './audio-level';

/**
 * Watches an audio track's level with Web Audio. Sampled on a timer, not animation frames, so it keeps
 * running while the window is hidden (animation frames stop there).
 */
export class LevelMonitor {
  private readonly context: AudioContext;
  private readonly analyser: AnalyserNode;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly buffer: Float32Array<ArrayBuffer>;

  constructor(stream: MediaStream, onLevel: (level: number) => void, intervalMs = 100) {
    this.context = new AudioContext();
    const source = this.context.createMediaStreamSource(stream);
    this.analyser = this.context.createAnalyser();
    this.analyser.fftSize = 2048;
    this.buffer = new Float32Array(this.analyser.fftSize);
    source.connect(this.analyser);
    this.timer = setInterval(() => {
      this.analyser.getFloatTimeDomainData(this.buffer);
      onLevel(levelFromSamples(this.buffer));
    }, intervalMs);
  }

  close(): void {
    clearInterval(this.timer);
    void this.context.close();
  }
}
