import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBrowserApp, type BrowserApp } from '../helpers/browser-app';
import { launchChromium } from '../helpers/chromium';
import { keepLessonRaw } from '../helpers/kept-raw-lesson';
import { durationOf, ffprobe } from '../helpers/media';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function open(app: BrowserApp) {
  const browser = await launchChromium();
  closers.push(browser.close);
  const page = await browser.context.newPage();
  await page.goto(app.server.url);
  await expect.poll(() => page.getByRole('button', { name: 'Record' }).isEnabled(), { timeout: 20_000 }).toBe(true);
  return page;
}

describe('the tray and global hotkeys drive the same recording as the buttons', () => {
  it('toggle-recording starts and stops, toggle-pause pauses and resumes, and the lesson is saved', async () => {
    const app = await startBrowserApp();
    closers.push(app.close);
    const page = await open(app);

    app.emit('app:command', { command: 'toggle-recording' });
    await page.getByRole('button', { name: 'Stop' }).waitFor();
    await page.waitForTimeout(1500);
    app.emit('app:command', { command: 'toggle-pause' });
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    app.emit('app:command', { command: 'toggle-pause' });
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await page.waitForTimeout(1500);
    app.emit('app:command', { command: 'toggle-recording' });
    await page.getByRole('button', { name: 'Show in folder', exact: true }).waitFor({ timeout: 60_000 });

    const mp4s = (await fs.readdir(app.saveFolder)).filter((name) => name.endsWith('.mp4'));
    expect(mp4s).toHaveLength(1);
    expect(durationOf(await ffprobe(path.join(app.saveFolder, mp4s[0]!)))).toBeGreaterThan(2);
    // Commands that do not fit the moment are ignored, not queued.
    app.emit('app:command', { command: 'toggle-pause' });
    app.emit('app:command', { command: 'stop-recording' });
    await page.waitForTimeout(300);
    expect(await page.getByRole('button', { name: 'Record' }).isVisible()).toBe(true);
  });
});

describe('unfinished and recovered lessons in the lessons list', () => {
  it('marks one kept raw "Not saved yet" with a Try again button that saves the MP4', async () => {
    const { stateDir, saveFolder } = await keepLessonRaw('Kept for later');
    const app = await startBrowserApp({ stateDir, saveFolder, recover: false });
    closers.push(app.close);
    const page = await open(app);
    const list = page.getByRole('list', { name: 'Some recordings are kept but not yet saved as MP4.' });
    await expect.poll(() => list.textContent()).toContain('Kept for later');
    // Marked in words, inside the Lessons section, and the button names its lesson.
    expect(await list.getByRole('listitem').first().locator('.mark').textContent()).toBe('Not saved yet');
    expect(
      await page
        .getByRole('region', { name: 'Lessons' })
        .getByRole('list', { name: /^Some recordings/ })
        .count(),
    ).toBe(1);
    await list.getByRole('button', { name: 'Try again: Kept for later' }).click();
    await expect.poll(() => list.getByRole('listitem').count(), { timeout: 30_000 }).toBe(0);
    const mp4s = (await fs.readdir(saveFolder)).filter((name) => name.startsWith('Kept for later'));
    expect(mp4s).toHaveLength(1);
    expect(durationOf(await ffprobe(path.join(saveFolder, mp4s[0]!)))).toBeGreaterThan(2.5);
    const lessons = page.getByRole('list', { name: 'Lessons' });
    await expect.poll(() => lessons.getByRole('listitem').allTextContents()).toEqual([expect.stringContaining(mp4s[0]!.replace(/\.mp4$/, ''))]);
  });

  it('marks a lesson recovered at launch "Recovered"; other lessons carry no mark', async () => {
    const { stateDir, saveFolder } = await keepLessonRaw('Interrupted');
    await fs.writeFile(path.join(saveFolder, 'Ordinary 2026-01-05 09-00.mp4'), 'an ordinary lesson');
    const app = await startBrowserApp({ stateDir, saveFolder, recover: true });
    closers.push(app.close);
    const page = await open(app);
    const lessons = page.getByRole('list', { name: 'Lessons' });
    const recovered = lessons.getByRole('listitem').filter({ hasText: 'Interrupted' });
    await expect.poll(() => recovered.count(), { timeout: 20_000 }).toBe(1);
    expect(await recovered.locator('.mark').textContent()).toBe('Recovered');
    expect(await recovered.locator('.lesson-title').textContent()).toMatch(/^Recovered Interrupted \d{4}-\d{2}-\d{2} \d{2}-\d{2} \(recovered\)$/);
    expect(await lessons.getByRole('listitem').filter({ hasText: 'Ordinary' }).locator('.mark').count()).toBe(0);
  });
});
