import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserApp, type BrowserApp } from '../helpers/browser-app';
import { launchChromium } from '../helpers/chromium';
import { makeTempDir } from '../helpers/media';
import { beepTimes, flashTimes, makeSyncFixtures, pairEvents } from './support/av-sync';

let app: BrowserApp;
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  app = await startBrowserApp();
  // The fake camera flashes white and the fake microphone beeps at the start of every second of their
  // files (30 s long, so that Chromium does not loop them during the test: see makeSyncFixtures): in the
  // MP4 each beep should sound with its flash.
  const { y4m, wav } = await makeSyncFixtures(await makeTempDir('av-sync'));
  browser = await launchChromium({ extraArgs: [`--use-file-for-fake-video-capture=${y4m}`, `--use-file-for-fake-audio-capture=${wav}`] });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const FRAME = 1 / 30;

describe('audio and video in sync', () => {
  it('every beep sounds with its flash, before and after a pause, within about a frame of each other', async () => {
    const page = await browser.context.newPage();
    await page.goto(app.server.url);
    await page.getByLabel('Lesson title').fill('In sync');
    await page.getByRole('button', { name: 'Record' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    const startedAt = Date.now();
    await page.waitForTimeout(5000);
    await page.getByRole('button', { name: 'Pause' }).click();
    const pausedAt = (Date.now() - startedAt) / 1000;
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    await page.waitForTimeout(2000);
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await page.waitForTimeout(5000);
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByRole('button', { name: 'Show in folder', exact: true }).waitFor({ timeout: 60_000 });
    const files = (await fs.readdir(app.saveFolder)).filter((name) => name.endsWith('.mp4'));
    expect(files).toHaveLength(1);
    const mp4 = path.join(app.saveFolder, files[0]!);

    const flashes = await flashTimes(mp4);
    const beeps = await beepTimes(mp4);
    const pairs = pairEvents(flashes, beeps);
    const ms = (s: number) => Math.round(s * 1000);
    // The flash nearest the pause is left out of both sides: the page's clock and the MP4's differ a little.
    const before = pairs.filter((p) => p.video < pausedAt - 0.3);
    const after = pairs.filter((p) => p.video > pausedAt + 0.3);
    console.log(
      `A/V sync (audio − video, ms; pause at about ${pausedAt.toFixed(2)} s of the MP4):\n` +
        `  flashes ${flashes.map((t) => t.toFixed(3)).join(' ')}\n` +
        `  beeps   ${beeps.map((t) => t.toFixed(3)).join(' ')}\n` +
        `  before the pause: ${before.map((p) => ms(p.offset)).join(', ')}\n` +
        `  after the pause:  ${after.map((p) => ms(p.offset)).join(', ')}`,
    );

    // About one beep and one flash a second on either side of the pause, each beep with a flash.
    expect(before.length).toBeGreaterThanOrEqual(3);
    expect(after.length).toBeGreaterThanOrEqual(3);
    expect(pairs.length).toBeGreaterThanOrEqual(beeps.length - 1);
    const offsets = pairs.map((p) => p.offset);
    // No drift, before the pause or across it: the offset is the same all through the lesson. A flash is
    // seen from the first frame it lands in (frames are timed when captured, 33 ms apart at 30 fps) while a
    // beep is timed to the sample, so a late or dropped flash frame on a busy machine moves one offset by
    // up to a frame: the bound is a frame and a half. Measured on a 2-core machine: within 3 to 13 ms.
    expect(Math.max(...offsets) - Math.min(...offsets)).toBeLessThan(1.5 * FRAME);
    // The offset itself differs from run to run (seen from -15 to +46 ms), steady within each: the fake
    // camera and the fake microphone each start their file when Chromium opens them, not necessarily at
    // the same moment. So this bound only catches sound and picture put together wholly wrong.
    const meanAbs = offsets.reduce((sum, o) => sum + Math.abs(o), 0) / offsets.length;
    expect(meanAbs).toBeLessThan(0.1);
    await page.close();
  });
});
