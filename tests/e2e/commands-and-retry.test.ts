import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBrowserApp, type BrowserApp } from '../helpers/browser-app';
import { launchChromium } from '../helpers/chromium';
import { durationOf, ffprobe, makeRecording, makeTempDir, readChunks } from '../helpers/media';
import { createHarness, H264_MIME } from '../helpers/service';

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

describe('a lesson that could not be finished can be retried from the app', () => {
  it('lists it with a Try again button that saves the MP4', async () => {
    const stateDir = await makeTempDir('state');
    const saveFolder = path.join(await makeTempDir('lessons'), 'Classroom Recorder');
    // A first launch without ffmpeg: the lesson is recorded, finishing fails, the raw file is kept.
    const withoutFfmpeg = await createHarness({ stateDir, saveFolder, ffmpeg: { available: false, problem: 'ffmpeg is missing.' } });
    const started = await withoutFfmpeg.handlers['session:start']([{ title: 'Kept for later', mimeType: H264_MIME, hasAudio: true }]);
    if (!started.ok) throw new Error(started.error.message);
    const chunks = await readChunks(await makeRecording(await makeTempDir('fixtures'), { seconds: 3, codec: 'h264' }), 50_000);
    for (const [seq, data] of chunks.entries()) await withoutFfmpeg.handlers['session:append-chunk']([{ sessionId: started.value.sessionId, seq, data }]);
    expect((await withoutFfmpeg.handlers['session:stop']([{ sessionId: started.value.sessionId }])).ok).toBe(false);

    const app = await startBrowserApp({ stateDir, saveFolder, recover: false });
    closers.push(app.close);
    const page = await open(app);
    const list = page.getByRole('list', { name: 'Some recordings are kept but not yet saved as MP4.' });
    await expect.poll(() => list.textContent()).toContain('Kept for later');
    await list.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => list.getByRole('listitem').count(), { timeout: 30_000 }).toBe(0);
    const mp4s = (await fs.readdir(saveFolder)).filter((name) => name.startsWith('Kept for later'));
    expect(mp4s).toHaveLength(1);
    expect(durationOf(await ffprobe(path.join(saveFolder, mp4s[0]!)))).toBeGreaterThan(2.5);
  });
});
