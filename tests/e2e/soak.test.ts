import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBrowserAppWithChromium } from '../helpers/browser-app';
import { durationOf, ffprobe } from '../helpers/media';
import { decodeErrors, stopAndWaitForFile } from './support/video-frames';

const setup = useBrowserAppWithChromium();

/** Another program busy beside the recorder (a teacher's slides, browser and video call): one core of the two. */
let hog: ChildProcess;
beforeAll(() => {
  hog = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
});
afterAll(() => {
  hog?.kill('SIGKILL');
});

type Mode = 'Camera' | 'Screen and camera';

interface Recorded {
  title: string;
  mode: Mode;
  recordedSeconds: number;
  savedSeconds: number;
}

async function recordLesson(page: Page, title: string, mode: Mode, seconds: number): Promise<Recorded> {
  await page.getByRole('radio', { name: mode, exact: true }).check();
  await expect.poll(() => page.getByRole('button', { name: 'Record' }).isDisabled(), { timeout: 20_000 }).toBe(false);
  await page.getByLabel('Lesson title').fill(title);
  await page.getByRole('button', { name: 'Record' }).click();
  await page.getByRole('button', { name: 'Stop', exact: true }).waitFor();
  const startedAt = Date.now();
  await page.waitForTimeout(seconds * 1000);
  const { fileName, stoppedAt } = await stopAndWaitForFile(page);
  const mp4 = path.join(setup.app.saveFolder, fileName);
  const probed = await ffprobe(mp4);
  expect(
    probed.streams.map((s) => s.codec_name),
    title,
  ).toEqual(['h264', 'aac']);
  expect(await decodeErrors(mp4), title).toBe('');
  const notices = (await page.locator('.notices').textContent()) ?? '';
  expect(notices, title).not.toMatch(/could not be saved|refused|stopped giving data/);
  return { title, mode, recordedSeconds: (stoppedAt - startedAt) / 1000, savedSeconds: durationOf(probed) };
}

describe('a day of lessons, with another program busy beside them', () => {
  it('one window records several lessons in a row and new windows each record one, camera and screen + camera: every lesson is saved whole', async () => {
    const lessons: Recorded[] = [];
    const first = await setup.browser.context.newPage();
    await first.goto(setup.app.server.url);
    lessons.push(await recordLesson(first, 'Soak 1 camera', 'Camera', 8));
    lessons.push(await recordLesson(first, 'Soak 2 screen and camera', 'Screen and camera', 8));
    lessons.push(await recordLesson(first, 'Soak 3 camera', 'Camera', 8));

    // New windows, the first one still open beside them.
    const second = await setup.browser.context.newPage();
    await second.goto(setup.app.server.url);
    lessons.push(await recordLesson(second, 'Soak 4 screen and camera', 'Screen and camera', 8));
    const third = await setup.browser.context.newPage();
    await third.goto(setup.app.server.url);
    lessons.push(await recordLesson(third, 'Soak 5 camera', 'Camera', 8));

    for (const lesson of lessons) {
      const lost = lesson.recordedSeconds - lesson.savedSeconds;
      console.log(
        `[soak] ${lesson.title}: recorded ${lesson.recordedSeconds.toFixed(1)} s, saved ${lesson.savedSeconds.toFixed(1)} s, lost ${lost.toFixed(1)} s`,
      );
      // Whole: MediaRecorder's first chunk starts up to a timeslice after Record.
      expect(lost, lesson.title).toBeLessThan(1.5);
      expect(lost, lesson.title).toBeGreaterThan(-0.5);
    }
    const saved = lessons.filter((lesson) => lesson.recordedSeconds - lesson.savedSeconds < 1.5).length;
    console.log(`[soak] ${saved} of ${lessons.length} lessons saved whole`);
    for (const page of [first, second, third]) await page.close();
  });
});
