/**
 * Root-mean-square level of a block of samples (-1..1), scaled so normal speech fills most of a meter:
 * 0 for silence, 1 at about -6 dBFS and above.
 */
export function levelFromSamples(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const value of samples) sum += value * value;
  const rms = Math.sqrt(sum / samples.length);
  if (rms <= 0) return 0;
  const db = 20 * Math.log10(rms);
  // -60 dBFS → 0, -6 dBFS → 1
  return Math.min(1, Math.max(0, (db + 60) / 54));
}

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
