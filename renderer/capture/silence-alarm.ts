/** What the teacher should be told about the microphone. */
export type SilenceState = 'ok' | 'silent';

/**
 * Raises an alarm when the microphone carried no signal for `silentForMs` while recording, and clears it
 * the moment sound returns. The clock is passed in with every call, so the timing is tested without a
 * browser; the caller feeds it levels (0..1) from the meter and gets a change back only when the state
 * changes.
 */
export class SilenceAlarm {
  private silentSince: number | undefined;
  private state: SilenceState = 'ok';
  private armed = false;
  /** Silent stretches long enough to raise the alarm, ended: their length counts for the lesson's receipt. */
  private countedMs = 0;

  constructor(
    private readonly silentForMs = 10_000,
    /** Levels at or below this count as no signal (the meter's 0 is -60 dBFS). */
    private readonly threshold = 0.02,
  ) {}

  get current(): SilenceState {
    return this.state;
  }

  /** A new lesson: its receipt counts its own silence. */
  reset(): void {
    this.countedMs = 0;
  }

  /**
   * How long the microphone was silent in this lesson, counting only stretches that raised the alarm (each
   * as a whole, from its last sound), the one going on included.
   */
  silentMs(now: number): number {
    return this.countedMs + this.stretchMs(now);
  }

  private stretchMs(now: number): number {
    if (!this.armed || this.silentSince === undefined) return 0;
    const stretch = now - this.silentSince;
    return stretch >= this.silentForMs ? stretch : 0;
  }

  /** Watching starts (recording, not paused). Silence is counted from `now`. */
  arm(now: number): SilenceState | undefined {
    this.armed = true;
    this.silentSince = now;
    return undefined;
  }

  /** Watching stops (paused, stopped): the alarm is cleared, since nothing is being recorded. */
  disarm(now?: number): SilenceState | undefined {
    if (now !== undefined) this.countedMs += this.stretchMs(now);
    this.armed = false;
    this.silentSince = undefined;
    return this.set('ok');
  }

  /** One level reading at `now`. Answers the new state when it changed, otherwise undefined. */
  update(level: number, now: number): SilenceState | undefined {
    if (!this.armed) return undefined;
    if (level > this.threshold) {
      this.countedMs += this.stretchMs(now);
      this.silentSince = now;
      return this.set('ok');
    }
    this.silentSince ??= now;
    return now - this.silentSince >= this.silentForMs ? this.set('silent') : undefined;
  }

  private set(next: SilenceState): SilenceState | undefined {
    if (next === this.state) return undefined;
    this.state = next;
    return next;
  }
}
