/** Frame counters of the picture's sources, summed (MediaStreamTrack `stats`: Chromium ≥ 120). */
export interface SourceFrameCounts {
  /** Frames the camera or screen produced. */
  total: number;
  /** Frames that reached the compositor; the rest were dropped because the page could not take them. */
  delivered: number;
}

/** A second in which fewer than this share of the frames produced were taken is a second the machine fell behind. */
const TAKEN_SHARE_BEHIND = 0.75;
/** Fewer frames than this in a second say nothing either way (a still screen sends next to none). */
const FRAMES_WORTH_JUDGING = 5;
/** Seconds in a row behind before the teacher is told (OBS's "encoding overloaded" also waits some seconds), and in step before the notice goes. */
const SECONDS_TO_DECIDE = 3;

/**
 * Tells when the machine cannot keep up with the recording. Fed the sources' frame counters once a
 * second. The sources' own count goes on when the page is starved of CPU, while the count of frames
 * delivered to the page falls behind. Measured with a real CPU hog (tests/e2e/overload.test.ts): 20
 * produced and 2 taken per second, and the MP4 showed the same 1–4 frames a second. A still screen
 * produces few frames and so says nothing. Also counts the frames lost, for the receipt.
 */
export class OverloadWatch {
  private last: SourceFrameCounts | undefined;
  private behindInARow = 0;
  private inStepInARow = 0;
  private overloaded = false;
  private dropped = 0;

  /** One second's counters; answers when the verdict changes. */
  sample(counts: SourceFrameCounts | undefined): 'overloaded' | 'keeping-up' | undefined {
    const last = this.last;
    this.last = counts;
    if (!counts || !last) return undefined;
    const produced = counts.total - last.total;
    const taken = counts.delivered - last.delivered;
    // A source re-attached (a camera back, another screen) starts its counters again.
    if (produced < 0 || taken < 0) return undefined;
    this.dropped += Math.max(0, produced - taken);
    if (produced < FRAMES_WORTH_JUDGING) return undefined;
    const behind = taken < produced * TAKEN_SHARE_BEHIND;
    this.behindInARow = behind ? this.behindInARow + 1 : 0;
    this.inStepInARow = behind ? 0 : this.inStepInARow + 1;
    if (!this.overloaded && this.behindInARow >= SECONDS_TO_DECIDE) {
      this.overloaded = true;
      return 'overloaded';
    }
    if (this.overloaded && this.inStepInARow >= SECONDS_TO_DECIDE) {
      this.overloaded = false;
      return 'keeping-up';
    }
    return undefined;
  }

  /**
   * Frames the sources produced that never reached the recording, in this lesson so far. A lower bound:
   * a capture starved too produces fewer frames, and no counter sees those (tests/e2e/overload.test.ts).
   */
  get framesDropped(): number {
    return this.dropped;
  }
}
