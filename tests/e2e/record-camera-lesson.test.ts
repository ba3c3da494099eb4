import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBrowserAppWithChromium } from '../helpers/browser-app';
import { durationOf, ffprobe } from '../helpers/media';
import { decodeErrors } from './support/video-frames';

const setup = useBrowserAppWithChromium();

describe('a teacher records a camera lesson in the real renderer', () => {
  it('Record, wait, Stop gives a 1280x720 H.264 + AAC MP4 of the recorded length in the folder', async () => {
    const page = await setup.browser.context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(setup.app.server.url);
    await expect.poll(() => page.locator('.folder-path').textContent()).toBe(setup.app.saveFolder);
    // The camera preview plays before recording.
    await expect.poll(() => page.locator('video.preview').evaluate((video) => (video as unknown as { readyState: number }).readyState)).toBe(4);

    await page.getByLabel('Lesson title').fill('Photosynthesis / Year 7');
    await page.getByRole('button', { name: 'Record' }).click();
    await page.getByRole('button', { name: 'Stop' }).waitFor();
    const startedAt = Date.now();
    await page.waitForTimeout(5000);
    await page.getByRole('button', { name: 'Stop' }).click();
    const recordedSeconds = (Date.now() - startedAt) / 1000;

    await page.getByRole('button', { name: 'Show in folder', exact: true }).waitFor({ timeout: 60_000 });
    const fileName = await page.locator('.saved-name').textContent();
    expect(fileName).toMatch(/^Photosynthesis Year 7 \d{4}-\d{2}-\d{2} \d{2}-\d{2}\.mp4$/);

    const mp4 = path.join(setup.app.saveFolder, fileName!);
    const probed = await ffprobe(mp4);
    const video = probed.streams.find((s) => s.codec_type === 'video');
    const audio = probed.streams.find((s) => s.codec_type === 'audio');
    expect(video?.codec_name).toBe('h264');
    expect(audio?.codec_name).toBe('aac');
    expect([video?.width, video?.height]).toEqual([1280, 720]);
    expect(Math.abs(durationOf(probed) - recordedSeconds)).toBeLessThan(0.5);
    expect(await decodeErrors(mp4)).toBe('');

    await page.getByRole('button', { name: 'Show in folder', exact: true }).click();
    await expect.poll(() => setup.app.shown).toEqual([mp4]);
    expect((await fs.readdir(setup.app.saveFolder)).filter((n) => n.endsWith('.mp4'))).toEqual([fileName]);
    expect(consoleErrors.filter((text) => !text.includes('favicon'))).toEqual([]);
    await fs.mkdir('test-output', { recursive: true });
    await page.screenshot({ path: 'test-output/main-screen-saved.png' });
  });
});
