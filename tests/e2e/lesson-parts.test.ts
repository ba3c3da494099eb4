import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBrowserAppWithChromium } from '../helpers/browser-app';
import { chaptersOf, durationOf, ffprobe } from '../helpers/media';

const setup = useBrowserAppWithChromium();

describe('parts marked while teaching, in the real renderer', () => {
  it('Mark before and after a pause and after the page restarts: the MP4’s chapters are within 0.5 s of each press; named while recording and on the card', async () => {
    const page = await setup.browser.context.newPage();
    await page.goto(setup.app.server.url);
    await expect.poll(() => page.locator('video.preview').evaluate((video) => (video as unknown as { readyState: number }).readyState)).toBe(4);
    await page.getByLabel('Lesson title').fill('Parts');
    await page.getByRole('button', { name: 'Record' }).click();
    await page.getByRole('button', { name: 'Stop', exact: true }).waitFor();
    const recordedAt = Date.now();
    const mark = () => page.getByRole('button', { name: 'Mark a new part' }).click();

    await page.waitForTimeout(2000);
    const firstAt = Date.now();
    await mark();
    await page.getByLabel('Name of part 2').fill('Warm-up');
    await page.getByLabel('Name of part 2').press('Tab');
    await page.waitForTimeout(1000);
    await page.getByRole('button', { name: 'Pause' }).click();
    const pausedAt = Date.now();
    await page.waitForTimeout(2000);
    await page.getByRole('button', { name: 'Resume' }).click();
    const resumedAt = Date.now();
    await page.waitForTimeout(1000);
    const secondAt = Date.now();
    await mark();

    // The page restarts (a reload): it continues the lesson by itself and shows the parts main kept.
    await page.waitForTimeout(1000);
    await page.reload();
    await page.getByRole('button', { name: 'Stop', exact: true }).waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByLabel('Name of part 2').inputValue()).toBe('Warm-up');
    await page.waitForTimeout(1500);
    const thirdAt = Date.now();
    await mark();
    await page.waitForTimeout(2500);
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    const stoppedAt = Date.now();

    await page.getByRole('button', { name: 'Show in folder', exact: true }).waitFor({ timeout: 60_000 });
    const fileName = (await page.locator('.saved-name').textContent())!;
    const mp4 = path.join(setup.app.saveFolder, fileName);
    const duration = durationOf(await ffprobe(mp4));
    const chapters = await chaptersOf(mp4);
    // Before the restart: from Record, less the pause. After it: from the end (the seconds lost while the
    // page reloaded are not in the MP4, and Stop is its end).
    const expected = [0, (firstAt - recordedAt) / 1000, (secondAt - recordedAt - (resumedAt - pausedAt)) / 1000, duration - (stoppedAt - thirdAt) / 1000];
    console.log(
      `[parts] chapters at ${chapters.map((c) => c.start.toFixed(2)).join(', ')} s; pressed at ${expected.map((s) => s.toFixed(2)).join(', ')} s; MP4 ${duration.toFixed(2)} s`,
    );
    expect(chapters.map((chapter) => chapter.title)).toEqual(['Start', 'Warm-up', 'Part 3', 'Part 4']);
    chapters.forEach((chapter, index) => expect(Math.abs(chapter.start - expected[index]!), chapter.title).toBeLessThan(0.5));

    // The card lists the parts; one is named there, and the MP4's chapter follows.
    expect(await page.locator('.lesson-card .parts li').count()).toBe(4);
    await page.locator('.lesson-card').getByLabel('Name of part 3').fill('Fractions');
    await page.locator('.lesson-card').getByLabel('Name of part 3').press('Tab');
    await expect
      .poll(async () => (await chaptersOf(mp4)).map((chapter) => chapter.title), { timeout: 20_000 })
      .toEqual(['Start', 'Warm-up', 'Fractions', 'Part 4']);
  });
});
