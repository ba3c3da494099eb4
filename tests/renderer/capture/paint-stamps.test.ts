import { describe, expect, it } from 'vitest';
import { PaintStamps } from '../../../renderer/capture/paint-stamps';

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

  it('before any source frame (a placeholder), the worker clock', () => {
    expect(new PaintStamps().stamp(42)).toBe(42_000);
  });
});
