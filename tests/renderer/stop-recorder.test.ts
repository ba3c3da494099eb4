import { describe, expect, it } from 'vitest';
import { stopRecorder } from '../../renderer/recording/stop-recorder';

/** Just enough of MediaRecorder: a state, stop(), and the 'stop' event when `firesStop`. */
class FakeRecorder extends EventTarget {
  state = 'recording';
  stops = 0;
  constructor(private readonly firesStop: boolean) {
    super();
  }
  stop(): void {
    this.stops += 1;
    if (this.firesStop) setTimeout(() => {
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
