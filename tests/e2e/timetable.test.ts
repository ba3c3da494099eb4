import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBrowserAppWithChromium } from '../helpers/browser-app';
import { durationOf, ffprobe } from '../helpers/media';

const setup = useBrowserAppWithChromium();

const pad = (value: number) => String(value).padStart(2, '0');
const clockOf = (at: Date) => `${pad(at.getHours())}:${pad(at.getMinutes())}`;

describe('a timetable that records by itself, in the real renderer', () => {
  it('a lesson typed into Settings a few seconds ahead: counted down, recorded under its name, warned about, stopped at its end, saved', async () => {
    // The next whole minute at least 30 s away, so the page (a few seconds to open) shows the period as
    // next before its 15-s countdown begins (at 8 s away a fresh-clone CI run saw only the countdown); the
    // lesson lasts one minute (the shortest a timetable has).
    let start = new Date(Math.ceil((Date.now() + 30_000) / 60_000) * 60_000);
    // Not across midnight: a period ends on its own day.
    if (start.getHours() === 23 && start.getMinutes() === 59) start = new Date(start.getTime() + 2 * 60_000);
    const end = new Date(start.getTime() + 60_000);
    const day = start.toLocaleDateString('en', { weekday: 'short' });

    const page = await setup.browser.context.newPage();
    await page.goto(setup.app.server.url);
    await expect.poll(() => page.locator('video.preview').evaluate((video) => (video as unknown as { readyState: number }).readyState)).toBe(4);
    // Typed (pasted) as a teacher copies it from the school's timetable.
    await page.getByLabel('Type or paste lessons').fill(`${day} ${clockOf(start)}-${clockOf(end)} 7B Maths`);
    await page.getByRole('button', { name: 'Add these lessons' }).click();
    const banner = () => page.locator('.timetable-banner .timetable-text').textContent();
    await expect.poll(() => page.locator('.timetable-setting .setting-message').textContent()).toBe('Timetable saved');
    await expect.poll(() => page.locator('.timetable-setting input[type=time]').first().inputValue()).toBe(clockOf(start));
    await expect.poll(banner).toContain('Next in the timetable: 7B Maths');

    // The countdown, with its Cancel, before the start.
    await expect.poll(banner, { timeout: 95_000 }).toMatch(/7B Maths starts recording in \d+ s/);
    expect(await page.getByRole('button', { name: 'Don’t record' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Stop', exact: true }).waitFor({ timeout: 30_000 });
    const startedAt = Date.now();
    expect(Math.abs(startedAt - start.getTime())).toBeLessThan(3000);
    expect(await page.getByLabel('Lesson title').inputValue()).toBe('7B Maths');
    // A one-minute lesson is in its last minute at once: the warning offers five minutes more, or to stop now.
    await expect.poll(banner).toContain('7B Maths ends: recording stops at');
    expect(await page.getByRole('button', { name: '+5 min' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Stop now' }).isVisible()).toBe(true);

    // Nobody touches anything: it stops at the end and is saved.
    await page.getByRole('button', { name: 'Show in folder', exact: true }).waitFor({ timeout: 90_000 });
    const stoppedAt = Date.now();
    const fileName = await page.locator('.saved-name').textContent();
    expect(fileName).toBe(`7B Maths ${start.getFullYear()}-${pad(start.getMonth() + 1)}-${pad(start.getDate())} ${clockOf(start).replace(':', '-')}.mp4`);
    const probed = await ffprobe(path.join(setup.app.saveFolder, fileName!));
    console.log(
      `[timetable] started ${((startedAt - start.getTime()) / 1000).toFixed(1)} s after the start, saved ${durationOf(probed).toFixed(1)} s, card ${((stoppedAt - end.getTime()) / 1000).toFixed(1)} s after the end`,
    );
    expect(Math.abs(durationOf(probed) - 60)).toBeLessThan(2.5);
    expect((await fs.readdir(setup.app.saveFolder)).filter((name) => name.endsWith('.mp4'))).toEqual([fileName]);
    // Next: the same period a week later.
    await expect.poll(banner).toBe(`Next in the timetable: 7B Maths, ${start.toLocaleString('en', { weekday: 'short', hour: '2-digit', minute: '2-digit' })}`);
    // Up to 90 s until the start, the one-minute lesson, and its saving.
  }, 240_000);
});
