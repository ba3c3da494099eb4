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

  constructor(
    private readonly silentForMs = 10_000,
    /** Levels at or below this count as no signal (the meter's 0 is -60 dBFS). */
    private readonly threshold = 0.02,
  ) {}

  get current(): SilenceState {
    return this.state;
  }

  /** Watching starts (recording, not paused). Silence is counted from `now`. */
  arm(now: number): SilenceState | undefined {
    this.armed = true;
    this.silentSince = now;
    return undefined;
  }

  /** Watching stops (paused, stopped): the alarm is cleared, since nothing is being recorded. */
  disarm(): SilenceState | undefined {
    this.armed = false;
    this.silentSince = undefined;
    return this.set('ok');
  }

  /** One level reading at `now`. Answers the new state when it changed, otherwise undefined. */
  update(level: number, now: number): SilenceState | undefined {
    if (!this.armed) return undefined;
    if (level > this.threshold) {
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
