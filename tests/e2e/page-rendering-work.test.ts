import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBrowserAppWithChromium } from '../helpers/browser-app';
import { frameRateBetween, stopAndWaitForFile, videoPacketTimes } from './support/video-frames';

const setup = useBrowserAppWithChromium();

type Page = Awaited<ReturnType<typeof setup.browser.context.newPage>>;

/**
 * Blink's own counters (CDP Performance domain): how many times the page was restyled and laid out. They
 * count from `Performance.enable` on, so one session is kept for the whole measurement.
 */
async function renderCounter(page: Page): Promise<() => Promise<{ layouts: number; styles: number }>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const value = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
    return { layouts: value('LayoutCount'), styles: value('RecalcStyleCount') };
  };
}

// The recorder's page stays on screen for the whole lesson. Anything on it that changes every frame makes
// Blink restyle, lay out and repaint the page every frame, in software on a machine without a GPU: level
// meters drawn with a width transition cost the renderer's main thread 7 CPU-seconds per minute
// (docs/PERFORMANCE.md §5). The meters and the clock now change at most a few times a second, and the
// meters without a layout. Counted, not timed: the counts do not depend on the machine's speed.
describe('the page while recording', () => {
  it('lays the page out about once a second (the clock), not on every frame, while the meters move', async () => {
    const page = await setup.browser.context.newPage();
    await page.goto(setup.app.server.url);
    await page.getByLabel('Lesson title').fill('Quiet page');
    await page.getByRole('button', { name: 'Record' }).click();
    await page.getByRole('button', { name: 'Stop' }).waitFor();
    await page.waitForTimeout(1500);

    const meter = page.getByRole('meter', { name: 'Microphone level' });
    const renderCounts = await renderCounter(page);
    const before = await renderCounts();
    const startedAt = Date.now();
    // The fake microphone beeps: the meter must be seen moving while the counts are taken.
    const shown = new Set<string>();
    while (Date.now() - startedAt < 4000) {
      shown.add((await meter.getAttribute('aria-valuenow')) ?? '');
      await page.waitForTimeout(50);
    }
    const after = await renderCounts();
    const seconds = (Date.now() - startedAt) / 1000;
    expect(shown.size, `meter values seen: ${[...shown].join(', ')}`).toBeGreaterThan(2);
    const layoutsPerSecond = (after.layouts - before.layouts) / seconds;
    const stylesPerSecond = (after.styles - before.styles) / seconds;
    // Measured: 1 layout a second (the clock) and 7 style updates a second (the meters' steps).
    // With the old meters (width + transition): 45 layouts and 48 style updates a second.
    const counted = `${layoutsPerSecond.toFixed(1)} layouts and ${stylesPerSecond.toFixed(1)} style updates a second`;
    expect(layoutsPerSecond, counted).toBeLessThanOrEqual(3);
    expect(stylesPerSecond, counted).toBeLessThanOrEqual(20);

    await stopAndWaitForFile(page);
    await page.close();
  });
});

/** Frames the preview has shown so far (its own count, from the media element). */
const previewFrames = (page: Page) =>
  page
    .locator('video.preview')
    .evaluate((v) => (v as unknown as { getVideoPlaybackQuality(): { totalVideoFrames: number } }).getVideoPlaybackQuality().totalVideoFrames);

async function previewRate(page: Page, seconds: number): Promise<number> {
  const before = await previewFrames(page);
  const startedAt = Date.now();
  await page.waitForTimeout(seconds * 1000);
  return ((await previewFrames(page)) - before) / ((Date.now() - startedAt) / 1000);
}

// Without a GPU, showing a video costs about what encoding it does (docs/PERFORMANCE.md §5). While a
// lesson records, the preview shows at most 10 frames a second; the recording keeps all of them. The fake
// camera here gives 20 frames a second (measured: 20 before and after, 9.9 during).
describe('the preview while recording', () => {
  it('shows every frame before the lesson, 10 a second during it, every frame again after; the MP4 has them all', async () => {
    const page = await setup.browser.context.newPage();
    await page.goto(setup.app.server.url);
    await page.locator('video.preview').waitFor();
    await page.waitForTimeout(1000);
    const before = await previewRate(page, 3);
    await page.getByLabel('Lesson title').fill('Slow preview');
    await page.getByRole('button', { name: 'Record' }).click();
    await page.getByRole('button', { name: 'Stop' }).waitFor();
    await page.waitForTimeout(500);
    const during = await previewRate(page, 3);
    const { fileName } = await stopAndWaitForFile(page);
    await page.waitForTimeout(500);
    const after = await previewRate(page, 3);
    const rates = `before ${before.toFixed(1)}, during ${during.toFixed(1)}, after ${after.toFixed(1)} frames a second`;
    expect(before, rates).toBeGreaterThan(15);
    expect(during, rates).toBeGreaterThan(6);
    expect(during, rates).toBeLessThan(12.5);
    expect(after, rates).toBeGreaterThan(15);
    const times = await videoPacketTimes(path.join(setup.app.saveFolder, fileName));
    expect(frameRateBetween(times, 0.5, 3), rates).toBeGreaterThan(15);
    await page.close();
  });
});
