/**
 * Decides when the compositor paints an output frame, from the time alone (the clock is passed in, so
 * this is tested without a browser).
 *
 * A new source frame is painted as soon as it comes, but never faster than the output frame rate. When
 * no source sends anything (a static screen that the capturer does not repeat, a camera unplugged), the
 * last picture is repainted every `keepAliveMs`, so the recorded track never stalls.
 */
export class FramePacer {
  /** Earliest time of the next paint, on a grid of one frame interval. */
  private due = Number.NEGATIVE_INFINITY;
  private lastPaintAt = Number.NEGATIVE_INFINITY;
  private pending = false;
  /** Capture clocks and timers jitter: a 30 fps source must not be paced down to 15 fps. */
  private readonly tolerance: number;

  constructor(
    private readonly frameIntervalMs: number,
    private readonly keepAliveMs: number,
  ) {
    this.tolerance = frameIntervalMs / 4;
  }

  /** A source delivered a new frame at `now`; answers whether to paint now. */
  onSourceFrame(now: number): boolean {
    this.pending = true;
    return this.shouldPaint(now);
  }

  /** A periodic check at `now` (a worker timer); answers whether to paint now. */
  onTick(now: number): boolean {
    return this.shouldPaint(now);
  }

  private shouldPaint(now: number): boolean {
    const fresh = this.pending && now >= this.due;
    const stale = now - this.lastPaintAt >= this.keepAliveMs - this.tolerance;
    if (!fresh && !stale) return false;
    this.pending = false;
    this.lastPaintAt = now;
    // The grid lets an early frame through but keeps the average at or below the output rate.
    this.due = Math.max(this.due, now - this.tolerance) + this.frameIntervalMs;
    return true;
  }
}
