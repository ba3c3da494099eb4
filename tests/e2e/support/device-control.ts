import path from 'node:path';
import type { Page } from 'playwright-core';

/** The init script that lets a test unplug and plug in fake devices (see page-scripts/device-control.js). */
export const DEVICE_CONTROL = path.resolve('tests/e2e/page-scripts/device-control.js');

/** The init script that lets a test make the camera go still: live, sending no frames (page-scripts/still-camera.js). */
export const STILL_CAMERA = path.resolve('tests/e2e/page-scripts/still-camera.js');

/** Unplugs (requests fail, open tracks stop) or plugs in again the fake camera or microphone. */
export async function setDevice(page: Page, kind: 'video' | 'audio', present: boolean): Promise<void> {
  await page.evaluate(
    ([kind, present]) => {
      interface Control {
        blocked: Record<string, boolean>;
        tracks: Array<{ kind: string; readyState: string; stop(): void }>;
      }
      const scope = globalThis as unknown as {
        __deviceControl: Control;
        navigator: { mediaDevices: { dispatchEvent(e: unknown): void } };
        Event: new (type: string) => unknown;
      };
      const control = scope.__deviceControl;
      control.blocked[kind] = !present;
      if (!present)
        for (const track of control.tracks)
          if (track.kind === kind && track.readyState === 'live') track.stop();
          // What the system says when a device is plugged in or out.
          else scope.navigator.mediaDevices.dispatchEvent(new scope.Event('devicechange'));
    },
    [kind, present] as const,
  );
}

/** Makes the camera go still or move again (needs STILL_CAMERA); answers how many frames it has held back so far. */
export async function setCameraStill(page: Page, still: boolean): Promise<number> {
  return page.evaluate((still) => {
    const control = (globalThis as unknown as { __stillCamera: { still: boolean; framesDropped: number } }).__stillCamera;
    control.still = still;
    return control.framesDropped;
  }, still);
}
