import { describe, expect, it } from 'vitest';
import { DataWatchdog } from '../../../renderer/recording/data-watchdog';
import { stopRecorder } from '../../../renderer/recording/stop-recorder';

/** Just enough of MediaRecorder: a state, stop(), and the 'stop' event when `firesStop`. */
class FakeRecorder extends EventTarget {
  state = 'recording';
  stops = 0;
  constructor(private readonly firesStop: boolean) {
    super();
  }
  stop(): void {
    this.stops += 1;
    if (this.firesStop)
      setTimeout(() => {
        this.state = 'inactive';
        this.dispatchEvent(new Event('stop'));
      }, 5);
  }
}

describe('stopping MediaRecorder', () => {
  it('answers when its stop event comes', async () => {
    const recorder = new FakeRecorder(true);
    expect(await stopRecorder(recorder, 1000)).toBe('stopped');
    expect(recorder.stops).toBe(1);
  });

  it('does not hang when the stop event never comes (a recorder held back by a stalled audio track)', async () => {
    const recorder = new FakeRecorder(false);
    const started = Date.now();
    expect(await stopRecorder(recorder, 50)).toBe('timed-out');
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(recorder.stops).toBe(1);
  });

  it('does not stop a recorder that is already inactive', async () => {
    const recorder = new FakeRecorder(true);
    recorder.state = 'inactive';
    expect(await stopRecorder(recorder, 1000)).toBe('stopped');
    expect(recorder.stops).toBe(0);
  });
});

describe('the data watchdog', () => {
  it('reports a stall once after the limit without data, and the recovery when data comes again', () => {
    const dog = new DataWatchdog(5000);
    dog.start(0);
    expect(dog.check(4999)).toBeUndefined();
    expect(dog.onData(1000)).toBeUndefined();
    expect(dog.check(5999)).toBeUndefined();
    expect(dog.check(6000)).toBe('stalled');
    expect(dog.check(9000)).toBeUndefined(); // said once
    expect(dog.onData(9500)).toBe('recovered');
    expect(dog.onData(10_500)).toBeUndefined();
    expect(dog.check(15_499)).toBeUndefined();
    expect(dog.check(15_500)).toBe('stalled');
  });

  it('says nothing while paused, and counts again from the resume', () => {
    const dog = new DataWatchdog(5000);
    dog.start(0);
    dog.pause();
    expect(dog.check(60_000)).toBeUndefined();
    dog.resume(60_000);
    expect(dog.check(64_000)).toBeUndefined();
    expect(dog.check(65_000)).toBe('stalled');
  });
});
