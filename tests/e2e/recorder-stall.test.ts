import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBrowserAppWithChromium } from '../helpers/browser-app';
import { durationOf, ffprobe } from '../helpers/media';
import { stopAndWaitForFile } from './support/video-frames';

const setup = useBrowserAppWithChromium();

/**
 * Chromium's MediaRecorder sometimes holds all its data back (a stalled audio track; once, nothing at all:
 * docs/PERFORMANCE.md §5). The stall cannot be caused on demand, so this page's MediaRecorder holds its
 * chunks back while `__holdData` is set and hands them all over when it is cleared, as Chromium does.
 */
const HOLD_DATA = `{
  window.__holdData = false;
  const held = [];
  const setter = Object.getOwnPropertyDescriptor(EventTarget.prototype, 'ondataavailable')
    ?? Object.getOwnPropertyDescriptor(MediaRecorder.prototype, 'ondataavailable');
  Object.defineProperty(MediaRecorder.prototype, 'ondataavailable', {
    configurable: true,
    get() { return setter.get.call(this); },
    set(handler) {
      if (!handler) return setter.set.call(this, handler);
      setter.set.call(this, (event) => {
        held.push(event);
        if (window.__holdData) return;
        for (const each of held.splice(0)) handler(each);
      });
    },
  });
}`;

describe('a recorder that gives no data', () => {
  it('is told to the teacher within seconds, the notice goes when data comes again, and nothing is lost', async () => {
    const page = await setup.browser.context.newPage();
    await page.addInitScript(HOLD_DATA);
    await page.goto(setup.app.server.url);
    await page.getByLabel('Lesson title').fill('Stalled recorder');
    await page.getByRole('button', { name: 'Record' }).click();
    await page.getByRole('button', { name: 'Stop' }).waitFor();
    const startedAt = Date.now();
    await page.waitForTimeout(2000);
    expect(await page.getByRole('alert').textContent()).not.toContain('Nothing has been recorded');

    await page.evaluate('window.__holdData = true');
    const heldAt = Date.now();
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 10_000 }).toContain('Nothing has been recorded for 5 seconds');
    // The limit is 5 s without data, checked every second.
    expect((Date.now() - heldAt) / 1000).toBeLessThan(8);

    await page.evaluate('window.__holdData = false');
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 5_000 }).not.toContain('Nothing has been recorded');
    await page.waitForTimeout(1500);
    const { fileName, stoppedAt } = await stopAndWaitForFile(page);
    const probed = await ffprobe(path.join(setup.app.saveFolder, fileName));
    expect(Math.abs(durationOf(probed) - (stoppedAt - startedAt) / 1000)).toBeLessThan(1);
    await page.close();
  });
});
