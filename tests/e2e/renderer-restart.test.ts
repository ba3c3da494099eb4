import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBrowserAppWithChromium } from '../helpers/browser-app';
import { durationOf, ffprobe } from '../helpers/media';
import { decodeErrors } from './support/video-frames';

const setup = useBrowserAppWithChromium();

describe('the renderer crashes mid-lesson', () => {
  it('the lesson goes on in a new segment when the page comes back, and Stop saves both parts as one MP4', async () => {
    const first = await setup.browser.context.newPage();
    await first.goto(setup.app.server.url);
    await first.getByLabel('Lesson title').fill('Crash course');
    await first.getByRole('button', { name: 'Record' }).click();
    await first.getByRole('button', { name: 'Stop' }).waitFor();
    await first.waitForTimeout(3500);

    // Kill the renderer process for real (as Electron's render-process-gone), then load the app again,
    // as main does by reloading the window.
    const cdp = await setup.browser.context.newCDPSession(first);
    // Page.crash may never answer: the process it would answer from is gone.
    await Promise.race([cdp.send('Page.crash').catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2000))]);
    const crashedAt = Date.now();
    await first.close().catch(() => undefined);
    const second = await setup.browser.context.newPage();
    await second.goto(setup.app.server.url);
    await second.getByRole('button', { name: 'Stop' }).waitFor();
    const resumedAt = Date.now();
    await expect.poll(() => second.getByRole('alert').textContent()).toContain('restarted');
    expect(await second.getByLabel('Lesson title').inputValue()).toBe('Crash course');
    await second.waitForTimeout(3000);
    await second.getByRole('button', { name: 'Stop' }).click();
    const secondSeconds = (Date.now() - resumedAt) / 1000;

    await second.getByRole('button', { name: 'Show in folder', exact: true }).waitFor({ timeout: 60_000 });
    const fileName = (await second.locator('.saved-name').textContent())!;
    expect(fileName).toMatch(/^Crash course /);
    const mp4 = path.join(setup.app.saveFolder, fileName);
    const probed = await ffprobe(mp4);
    expect(probed.streams.map((s) => s.codec_name)).toEqual(['h264', 'aac']);
    // Both parts: about 3.5 s before the crash (less the last unsent second) and the time after it.
    const expectedAtLeast = 3.5 - 1.2 + secondSeconds - 0.5;
    expect(durationOf(probed)).toBeGreaterThan(expectedAtLeast);
    expect(durationOf(probed)).toBeLessThan(3.5 + secondSeconds + (resumedAt - crashedAt) / 1000 + 0.5);
    expect(await decodeErrors(mp4)).toBe('');
  });
});
