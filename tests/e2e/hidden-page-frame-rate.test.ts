import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserApp, type BrowserApp } from '../helpers/browser-app';
import { durationOf, ffprobe, makeTempDir } from '../helpers/media';
import { HideableChromium } from './support/hideable-chromium';
import { decodeErrors, frameRateBetween, longestGap, stopAndWaitForFile, videoPacketTimes } from './support/video-frames';

const run = promisify(execFile);
let app: BrowserApp;
let chromium: HideableChromium;

beforeAll(async () => {
  app = await startBrowserApp();
  const bars = path.join(await makeTempDir('camera'), 'bars.y4m');
  await run('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'smptebars=size=1280x720:rate=30', '-frames:v', '3', '-pix_fmt', 'yuv420p', bars]);
  chromium = await HideableChromium.launch(app.server.url, ['--use-fake-device-for-media-stream=fps=30', `--use-file-for-fake-video-capture=${bars}`]);
});

afterAll(async () => {
  await chromium?.close();
  await app?.close();
});

interface VisibilityLog {
  changes: Array<{ state: string; animationFrames: number; timerTicks: number; at: number }>;
}

// A minimized or covered window is hidden: Chromium gives it no animation frames and runs its timers at
// most once a second. Here the app's page is hidden for real, by a tab in front of it (see
// HideableChromium), while it records screen + camera. The compositor runs in a worker, driven by the
// sources' frames, so the recording must keep its frame rate.
describe('the compositor keeps its frame rate while the page is hidden', () => {
  it('PiP recorded while hidden behind another tab for 5 s has the frame rate it had while visible', async () => {
    let page = await chromium.attach(app.server.url);
    await page.getByRole('radio', { name: 'Screen and camera' }).check();
    await expect.poll(() => page.locator('video.preview').evaluate((v) => (v as unknown as { videoWidth: number }).videoWidth)).toBe(1920);
    await page.getByRole('button', { name: 'Record' }).click();
    await page.getByRole('button', { name: 'Stop' }).waitFor();
    const startedAt = Date.now();
    // A witness in the page (test code, not the app's): animation frames and a 33 ms timer, and what they
    // had counted at each visibility change.
    await page.evaluate(() => {
      const scope = globalThis as unknown as {
        requestAnimationFrame(callback: () => void): number;
        document: { visibilityState: string; addEventListener(type: string, listener: () => void): void };
        __visibility: VisibilityLog;
      };
      const log: VisibilityLog = { changes: [] };
      let animationFrames = 0;
      let timerTicks = 0;
      scope.requestAnimationFrame(function count() {
        animationFrames++;
        scope.requestAnimationFrame(count);
      });
      setInterval(() => timerTicks++, 33);
      scope.document.addEventListener('visibilitychange', () =>
        log.changes.push({ state: scope.document.visibilityState, animationFrames, timerTicks, at: performance.now() }),
      );
      scope.__visibility = log;
    });
    await page.waitForTimeout(3500);

    await chromium.detach();
    const hiddenFrom = (Date.now() - startedAt) / 1000;
    const tab = await chromium.openTabInFront();
    await new Promise((resolve) => setTimeout(resolve, 5000));
    await chromium.closeTab(tab);
    const hiddenTo = (Date.now() - startedAt) / 1000;
    page = await chromium.attach(app.server.url);
    await page.waitForTimeout(2000);

    const log = await page.evaluate(() => (globalThis as unknown as { __visibility: VisibilityLog }).__visibility);
    const { fileName, stoppedAt } = await stopAndWaitForFile(page);
    const recordedSeconds = (stoppedAt - startedAt) / 1000;

    // The page really was hidden: no animation frame and about one timer tick a second in between.
    const hidden = log.changes.find((c) => c.state === 'hidden');
    const shown = log.changes.find((c) => c.state === 'visible');
    expect(hidden && shown).toBeTruthy();
    const hiddenSeconds = (shown!.at - hidden!.at) / 1000;
    expect(hiddenSeconds).toBeGreaterThan(4);
    expect(shown!.animationFrames - hidden!.animationFrames).toBe(0);
    expect(shown!.timerTicks - hidden!.timerTicks).toBeLessThanOrEqual(hiddenSeconds + 2);

    const mp4 = path.join(app.saveFolder, fileName);
    const probed = await ffprobe(mp4);
    expect(Math.abs(durationOf(probed) - recordedSeconds)).toBeLessThan(0.7);
    const times = await videoPacketTimes(mp4);
    const before = frameRateBetween(times, 0.5, hiddenFrom - 0.2);
    const whileHidden = frameRateBetween(times, hiddenFrom + 0.5, hiddenTo - 0.2);
    console.info(
      `[hidden page] ${hiddenSeconds.toFixed(1)} s hidden; animation frames then: ${shown!.animationFrames - hidden!.animationFrames}, ` +
        `33 ms timer ticks: ${shown!.timerTicks - hidden!.timerTicks}; recorded fps visible ${before.toFixed(1)}, hidden ${whileHidden.toFixed(1)}`,
    );
    expect(whileHidden).toBeGreaterThan(0.8 * before);
    expect(whileHidden).toBeGreaterThan(12);
    expect(longestGap(times)).toBeLessThan(0.5);
    expect(await decodeErrors(mp4)).toBe('');
  });
});
