/**
 * Notices when MediaRecorder gives no data while it records. Chromium's recorder can hold everything back
 * (a stalled audio track) and, rarely, gives nothing at all (docs/PERFORMANCE.md §5): the teacher must hear
 * of it while teaching, not at Stop. Chunks come every second, so `limitMs` without one is a stall. The
 * clock is passed in: tested without a browser.
 */
export class DataWatchdog {
  private lastDataAt = 0;
  private paused = false;
  private stalled = false;

  constructor(private readonly limitMs: number) {}

  start(now: number): void {
    this.lastDataAt = now;
    this.paused = false;
    this.stalled = false;
  }

  /** A paused recorder gives no data, rightly. */
  pause(): void {
    this.paused = true;
  }

  resume(now: number): void {
    this.paused = false;
    this.lastDataAt = now;
  }

  /** Data came; answers 'recovered' when a stall had been reported. */
  onData(now: number): 'recovered' | undefined {
    this.lastDataAt = now;
    if (!this.stalled) return undefined;
    this.stalled = false;
    return 'recovered';
  }

  /** How long no data has come (0 while paused). */
  silentFor(now: number): number {
    return this.paused ? 0 : Math.max(0, now - this.lastDataAt);
  }

  /** Answers 'stalled' once, when no data has come for `limitMs` while recording. */
  check(now: number): 'stalled' | undefined {
    if (this.paused || this.stalled || now - this.lastDataAt < this.limitMs) return undefined;
    this.stalled = true;
    return 'stalled';
  }
}
