import type { VideoRole } from './compositor-protocol';

/**
 * The timestamps of painted frames (the picture-in-picture, a placeholder, a still picture again).
 *
 * MediaRecorder times a frame by its timestamp when it is on the capture clock, as a device's frames are,
 * and by when it reaches the track otherwise. A painted frame stamped with the worker's own clock was
 * therefore timed after compositing: the picture came 33–61 ms after the sound in picture-in-picture
 * (tests/e2e/av-sync.test.ts, against bare MediaRecorder). So a paint that shows a new source frame
 * carries that frame's capture stamp; a paint of the same pictures again carries the last stamp moved on
 * by the time since. Stamps only ever grow. When both sources sent a frame since the last paint, the
 * older of the two gives the stamp: the newer one would run ahead of the other source's picture (measured:
 * taking it put every flash of the screen a frame early, since the camera's next frame had come in
 * meanwhile), and a stamp that runs ahead pushes the next ones onto the arrival clock again.
 */
export class PaintStamps {
  private lastUs: number | undefined;
  private lastAtMs = 0;
  /** Each source's newest capture stamp since the last paint, if it sent a frame. */
  private fresh: Partial<Record<VideoRole, number>> = {};

  /** `role` sent a frame with capture stamp `timestampUs`. */
  sourceFrame(role: VideoRole, timestampUs: number): void {
    this.fresh[role] = timestampUs;
  }

  /** The stamp for a frame painted at `nowMs` (the worker's clock). */
  stamp(nowMs: number): number {
    const stamps = Object.values(this.fresh);
    const fresh = stamps.length > 0 ? Math.min(...stamps) : undefined;
    let stamp: number;
    if (fresh !== undefined) stamp = fresh;
    else if (this.lastUs !== undefined) stamp = this.lastUs + (nowMs - this.lastAtMs) * 1000;
    // No source frame seen yet (a placeholder): the worker's clock, timed by arrival as before.
    else stamp = nowMs * 1000;
    if (this.lastUs !== undefined && stamp <= this.lastUs) stamp = this.lastUs + 1000;
    stamp = Math.round(stamp);
    this.fresh = {};
    this.lastUs = stamp;
    this.lastAtMs = nowMs;
    return stamp;
  }
}
