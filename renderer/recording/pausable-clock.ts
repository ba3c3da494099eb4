/** Time recorded so far, pauses excluded, from a clock passed in (so it is tested without waiting). */
export class PausableClock {
  private startedAt: number;
  private pausedTotal = 0;
  private pausedAt: number | undefined;

  /** `alreadyMs`: time recorded before this clock started (a lesson continued after a restart). */
  constructor(
    private readonly now: () => number,
    alreadyMs = 0,
  ) {
    this.startedAt = now() - alreadyMs;
  }

  get paused(): boolean {
    return this.pausedAt !== undefined;
  }

  get elapsedMs(): number {
    const end = this.pausedAt ?? this.now();
    return Math.max(0, end - this.startedAt - this.pausedTotal);
  }

  pause(): void {
    this.pausedAt ??= this.now();
  }

  resume(): void {
    if (this.pausedAt === undefined) return;
    this.pausedTotal += this.now() - this.pausedAt;
    this.pausedAt = undefined;
  }
}
