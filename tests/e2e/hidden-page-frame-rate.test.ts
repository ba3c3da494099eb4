import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserApp, type BrowserApp } from '../helpers/browser-app';
import { launchChromium } from '../helpers/chromium';
import { durationOf, ffprobe, makeTempDir } from '../helpers/media';
import { decodeErrors, frameRateBetween, longestGap, stopAndWaitForFile, videoPacketTimes } from './support/video-frames';

const run = promisify(execFile);
let app: BrowserApp;
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  app = await startBrowserApp();
  const bars = path.join(await makeTempDir('camera'), 'bars.y4m');
  await run('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'smptebars=size=1280x720:rate=30', '-frames:v', '3', '-pix_fmt', 'yuv420p', bars]);
  browser = await launchChromium({ extraArgs: ['--use-fake-device-for-media-stream=fps=30', `--use-file-for-fake-video-capture=${bars}`] });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const HIDDEN_PAGE = path.resolve('tests/e2e/page-scripts/hidden-page.js');

type Page = Awaited<ReturnType<typeof browser.context.newPage>>;

/** Hides or shows the page as Chromium would a minimized window (see page-scripts/hidden-page.js). */
async function setHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((hidden) => (globalThis as unknown as { __hiddenPage: { set(hidden: boolean): void } }).__hiddenPage.set(hidden), hidden);
}

// A hidden or minimized window gets no animation frames and timers at most once a second. Headless
// Chromium never hides a page (no occlusion; minimizing or backgrounding the tab leaves it 'visible';
// Page.setWebLifecycleState 'frozen' is ignored for a visible page), so the test applies that policy
// itself to the page's rAF, timers and visibility state. The compositor runs in a worker, driven by the
// sources' frames, so the picture-in-picture video must keep its frame rate while "hidden".
describe('the compositor keeps its frame rate while the window is hidden', () => {
  it('PiP recorded while hidden for 5 s has the frame rate it had while visible', async () => {
    const page = await browser.context.newPage();
    await page.addInitScript({ path: HIDDEN_PAGE });
    await page.goto(app.server.url);
    await page.getByRole('radio', { name: 'Screen and camera' }).check();
    await expect.poll(() => page.locator('video.preview').evaluate((v) => (v as unknown as { videoWidth: number }).videoWidth)).toBe(1920);
    await page.getByRole('button', { name: 'Record' }).click();
    await page.getByRole('button', { name: 'Stop' }).waitFor();
    const startedAt = Date.now();
    await page.waitForTimeout(3500);

    const hiddenFrom = (Date.now() - startedAt) / 1000;
    await setHidden(page, true);
    await page.waitForTimeout(5000);
    const heldAnimationFrames = await page.evaluate(() => (globalThis as unknown as { __hiddenPage: { heldAnimationFrames: number } }).__hiddenPage.heldAnimationFrames);
    await setHidden(page, false);
    const hiddenTo = (Date.now() - startedAt) / 1000;
    await page.waitForTimeout(2000);

    const { fileName, stoppedAt } = await stopAndWaitForFile(page);
    const recordedSeconds = (stoppedAt - startedAt) / 1000;
    const mp4 = path.join(app.saveFolder, fileName);
    const probed = await ffprobe(mp4);
    expect(Math.abs(durationOf(probed) - recordedSeconds)).toBeLessThan(0.7);
    const times = await videoPacketTimes(mp4);
    const before = frameRateBetween(times, 0.5, hiddenFrom - 0.2);
    const hidden = frameRateBetween(times, hiddenFrom + 0.2, hiddenTo - 0.2);
    console.info(`[hidden page] fps visible ${before.toFixed(1)}, hidden ${hidden.toFixed(1)}; animation frames asked for while hidden: ${heldAnimationFrames}`);
    expect(hidden).toBeGreaterThan(0.8 * before);
    expect(hidden).toBeGreaterThan(12);
    expect(longestGap(times)).toBeLessThan(0.5);
    expect(await decodeErrors(mp4)).toBe('');
    await page.close();
  });
});
