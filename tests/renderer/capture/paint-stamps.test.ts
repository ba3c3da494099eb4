import { describe, expect, it } from 'vitest';
import { FIRST_SOURCE_WAIT_MS, PaintStamps } from '../../../renderer/capture/paint-stamps';

describe('painted frames keep their capture time', () => {
  it('a paint of a new source frame carries its capture stamp, the older one when both sources sent', () => {
    const stamps = new PaintStamps();
    stamps.sourceFrame('camera', 5_000_000);
    expect(stamps.stamp(100)).toBe(5_000_000);
    stamps.sourceFrame('screen', 5_030_000);
    stamps.sourceFrame('camera', 5_033_000);
    expect(stamps.stamp(140)).toBe(5_030_000);
  });

  it('a picture painted again moves on with the clock, and stamps only grow', () => {
    const stamps = new PaintStamps();
    stamps.sourceFrame('screen', 5_000_000);
    expect(stamps.stamp(100)).toBe(5_000_000);
    expect(stamps.stamp(200)).toBe(5_100_000);
    expect(stamps.stamp(300)).toBe(5_200_000);
    // A source frame captured before the last repeat's time: just after it, never before.
    stamps.sourceFrame('screen', 5_150_000);
    expect(stamps.stamp(310)).toBe(5_201_000);
  });

  it("a source frame sent on as it is carries its own stamp, not the other source's", () => {
    const stamps = new PaintStamps();
    stamps.sourceFrame('screen', 5_000_000);
    stamps.sourceFrame('camera', 5_020_000);
    expect(stamps.stamp(100, 'camera')).toBe(5_020_000);
  });

  it("nothing goes out before a source's first frame, for a while; then a placeholder on the worker clock", () => {
    // One frame stamped off the capture clock and Chromium times the whole track by arrival.
    const waiting = new PaintStamps();
    expect(waiting.ready(1000)).toBe(false);
    expect(waiting.ready(1000 + FIRST_SOURCE_WAIT_MS - 1)).toBe(false);
    waiting.sourceFrame('camera', 5_000_000);
    expect(waiting.ready(1000 + FIRST_SOURCE_WAIT_MS - 1)).toBe(true);
    expect(waiting.stamp(1000 + FIRST_SOURCE_WAIT_MS - 1)).toBe(5_000_000);

    const none = new PaintStamps();
    expect(none.ready(1000)).toBe(false);
    expect(none.ready(1000 + FIRST_SOURCE_WAIT_MS)).toBe(true);
    expect(none.stamp(1000 + FIRST_SOURCE_WAIT_MS)).toBe((1000 + FIRST_SOURCE_WAIT_MS) * 1000);
    // Once a frame went out, later ones go out too (the source went away: its last picture again).
    expect(none.ready(5000)).toBe(true);
  });
});
