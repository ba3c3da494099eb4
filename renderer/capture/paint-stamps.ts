import type { VideoRole } from './compositor-protocol';

/**
 * How long the compositor holds its first frame back for a source's first frame (a camera slow to start).
 * A frame stamped before that is off the capture clock, and that costs the whole lesson its sync (below).
 */
export const FIRST_SOURCE_WAIT_MS = 1500;

/**
 * The timestamps of the frames the compositor writes (painted ones: the picture-in-picture, a
 * placeholder, a still picture again; and source frames sent on as they are).
 *
 * Chromium's generator sink takes a frame's timestamp as its capture time (what MediaRecorder times it
 * by) only while the stamps are on the capture clock: the first frame whose stamp is more than a minute
 * from that clock turns this off for the track's whole life, and from then on every frame is timed by
 * when it reaches the track (media_stream_video_track_underlying_sink.cc, should_try_to_write_capture_time_).
 * A painted frame timed so comes after compositing: the picture was 33–61 ms after the sound in
 * picture-in-picture (tests/e2e/av-sync.test.ts, against bare MediaRecorder), and one placeholder stamped
 * with the worker's clock before the sources' first frames did that to a whole lesson (the same test,
 * with pictures that start late).
 *
 * So a frame that shows a new source frame carries that frame's capture stamp; the same pictures again
 * carry the last stamp moved on by the time since. Stamps only ever grow. When both sources sent a frame
 * since the last paint, the older of the two gives the stamp: the newer one would run ahead of the other
 * source's picture (measured: taking it put every flash of the screen a frame early). Nothing is stamped
 * before a source's first frame (`ready`) for up to FIRST_SOURCE_WAIT_MS; after that, with still no
 * source, a placeholder is stamped with the worker's clock and the lesson's pictures are timed by arrival.
 */
export class PaintStamps {
  private lastUs: number | undefined;
  private lastAtMs = 0;
  /** Each source's newest capture stamp since the last paint, if it sent a frame. */
  private fresh: Partial<Record<VideoRole, number>> = {};
  private sourceSeen = false;
  private firstAskedAtMs: number | undefined;

  /** `role` sent a frame with capture stamp `timestampUs`. */
  sourceFrame(role: VideoRole, timestampUs: number): void {
    this.fresh[role] = timestampUs;
    this.sourceSeen = true;
  }

  /** Whether a frame may go out at `nowMs`: a source has sent one, or none came in FIRST_SOURCE_WAIT_MS. */
  ready(nowMs: number): boolean {
    if (this.sourceSeen || this.lastUs !== undefined) return true;
    this.firstAskedAtMs ??= nowMs;
    return nowMs - this.firstAskedAtMs >= FIRST_SOURCE_WAIT_MS;
  }

  /**
   * The stamp for a frame written at `nowMs` (the worker's clock). `shown` is the one source the frame
   * shows when it is that source's frame sent on as it is; otherwise it shows both.
   */
  stamp(nowMs: number, shown?: VideoRole): number {
    const stamps = shown ? [this.fresh[shown]].filter((s) => s !== undefined) : Object.values(this.fresh);
    const fresh = stamps.length > 0 ? Math.min(...stamps) : undefined;
    let stamp: number;
    if (fresh !== undefined) stamp = fresh;
    else if (this.lastUs !== undefined) stamp = this.lastUs + (nowMs - this.lastAtMs) * 1000;
    else stamp = nowMs * 1000;
    if (this.lastUs !== undefined && stamp <= this.lastUs) stamp = this.lastUs + 1000;
    stamp = Math.round(stamp);
    this.fresh = {};
    this.lastUs = stamp;
    this.lastAtMs = nowMs;
    return stamp;
  }
}
