/** How long Stop waits for MediaRecorder's last chunk before finishing with what main already has. */
export const STOP_GRACE_MS = 5000;

/** What stopping needs of a MediaRecorder (kept structural so it is tested without a browser). */
export interface StoppableRecorder {
  readonly state: string;
  stop(): void;
  addEventListener(type: 'stop', listener: () => void, options?: { once?: boolean }): void;
}

/**
 * Stops `recorder` and answers once its 'stop' event came, or after `graceMs` if it never does. Chromium's
 * MediaRecorder holds everything back while its audio track gives no data (a stalled sound mix) and
 * may then never fire 'stop' (an e2e run waited 60 s for the saved lesson, 1 in ~6 runs, and more under
 * load). Stop must not hang: main finishes what reached the disk, which is all but the last second.
 */
export function stopRecorder(recorder: StoppableRecorder, graceMs = STOP_GRACE_MS): Promise<'stopped' | 'timed-out'> {
  if (recorder.state === 'inactive') return Promise.resolve('stopped');
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timed-out'), graceMs);
    recorder.addEventListener(
      'stop',
      () => {
        clearTimeout(timer);
        resolve('stopped');
      },
      { once: true },
    );
    recorder.stop();
  });
}
