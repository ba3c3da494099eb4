import { describe, expect, it } from 'vitest';
import { OverloadWatch } from '../../../renderer/recording/overload-watch';

/** Feeds one sample a second: `seconds` of [produced, taken] per second; answers the verdicts given. */
function feed(watch: OverloadWatch, start: { total: number; delivered: number }, seconds: Array<[number, number]>) {
  const verdicts: Array<string | undefined> = [];
  let counts = { ...start };
  for (const [produced, taken] of seconds) {
    counts = { total: counts.total + produced, delivered: counts.delivered + taken };
    verdicts.push(watch.sample(counts));
  }
  return { verdicts, counts };
}

describe('OverloadWatch: when the machine cannot keep up with the picture', () => {
  it('says so after 3 seconds in a row with most frames not taken, and that it keeps up again after 3 good ones', () => {
    const watch = new OverloadWatch();
    watch.sample({ total: 0, delivered: 0 });
    const { verdicts } = feed(watch, { total: 0, delivered: 0 }, [
      [30, 30],
      [30, 2],
      [30, 3],
      [30, 30], // one good second in between starts the count again
      [20, 2],
      [20, 2],
      [20, 4],
      [20, 20],
      [20, 20],
      [20, 19],
    ]);
    expect(verdicts).toEqual([undefined, undefined, undefined, undefined, undefined, undefined, 'overloaded', undefined, undefined, 'keeping-up']);
    expect(watch.framesDropped).toBe(28 + 27 + 18 + 18 + 16 + 1);
  });

  it('says nothing of a still screen that sends a frame now and then, nor of a source that starts its counters again', () => {
    const watch = new OverloadWatch();
    watch.sample({ total: 500, delivered: 500 });
    const still = feed(watch, { total: 500, delivered: 500 }, [
      [1, 0],
      [2, 0],
      [1, 1],
      [0, 0],
      [3, 1],
    ]);
    expect(still.verdicts.every((verdict) => verdict === undefined)).toBe(true);
    // A camera unplugged and back: its counters are new, lower than before.
    expect(watch.sample({ total: 10, delivered: 10 })).toBeUndefined();
    expect(
      feed(watch, { total: 10, delivered: 10 }, [
        [20, 20],
        [20, 20],
        [20, 20],
        [20, 20],
      ]).verdicts,
    ).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('needs counters: a browser without MediaStreamTrack stats gives none, and nothing is said', () => {
    const watch = new OverloadWatch();
    for (let second = 0; second < 10; second++) expect(watch.sample(undefined)).toBeUndefined();
    expect(watch.framesDropped).toBe(0);
  });
});
