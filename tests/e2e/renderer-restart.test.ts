import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserAppWithChromium } from '../helpers/browser-app';
import { durationOf, ffprobe } from '../helpers/media';
import { decodeErrors, stopAndWaitForFile } from './support/video-frames';

const setup = useBrowserAppWithChromium();

async function startLesson(page: Page, title: string): Promise<number> {
  await page.goto(setup.app.server.url);
  await page.getByLabel('Lesson title').fill(title);
  await page.getByRole('button', { name: 'Record' }).click();
  await page.getByRole('button', { name: 'Stop', exact: true }).waitFor();
  return Date.now();
}

/** The MP4's length, after checking it is one sound H.264 + AAC file. */
async function savedSeconds(fileName: string): Promise<number> {
  const mp4 = path.join(setup.app.saveFolder, fileName);
  const probed = await ffprobe(mp4);
  expect(probed.streams.map((s) => s.codec_name)).toEqual(['h264', 'aac']);
  expect(await decodeErrors(mp4)).toBe('');
  return durationOf(probed);
}

function mp4sIn(names: string[]): string[] {
  return names.filter((name) => name.endsWith('.mp4'));
}

describe('the page recording a lesson restarts', () => {
  it('reloaded twice in a row (0.3 s apart, as a renderer that crashes twice): the tab continues by itself, and Stop saves one MP4', async () => {
    const page = await setup.browser.context.newPage();
    const startedAt = await startLesson(page, 'Twice reloaded');
    await page.waitForTimeout(3500);
    // What main holds of the part before the reloads. A first recorder can give nothing for seconds (a
    // fresh-clone CI run saw it: Chromium's muxer held everything, the reload then replaced the empty part,
    // as designed); this test is about the reloads, so it waits until main has part 1.
    const heldMs = async () => (await setup.app.service.getState()).activeSessions[0]?.recordedMs ?? 0;
    await expect.poll(heldMs, { timeout: 15_000 }).toBeGreaterThan(2000);
    const heldBefore = (await heldMs()) / 1000;
    const firstReloadAt = Date.now();
    await page.reload({ waitUntil: 'commit' });
    await page.waitForTimeout(300);
    await page.reload();
    await page.getByRole('button', { name: 'Stop', exact: true }).waitFor();
    const resumedAt = Date.now();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('restarted');
    expect(await page.getByLabel('Lesson title').inputValue()).toBe('Twice reloaded');
    await page.waitForTimeout(3000);
    const { fileName, stoppedAt } = await stopAndWaitForFile(page);
    expect(fileName).toMatch(/^Twice reloaded .*\.mp4$/);
    const seconds = await savedSeconds(fileName);
    const before = (firstReloadAt - startedAt) / 1000;
    const after = (stoppedAt - resumedAt) / 1000;
    console.log(
      `[two reloads] recorded ${((stoppedAt - startedAt) / 1000).toFixed(1)} s, MP4 ${seconds.toFixed(1)} s, away ${((resumedAt - firstReloadAt) / 1000).toFixed(1)} s`,
    );
    // Both parts: all main held of the one before the reloads, and the one after.
    expect(seconds, `main held ${heldBefore.toFixed(1)} s of ${before.toFixed(1)} s before the reloads`).toBeGreaterThan(heldBefore - 0.2 + after - 0.8);
    expect(seconds).toBeLessThan((stoppedAt - startedAt) / 1000 + 0.5);
    expect(mp4sIn(await fs.readdir(setup.app.saveFolder)).filter((name) => name.startsWith('Twice reloaded'))).toEqual([fileName]);
    await page.close();
  });

  it('a renderer that crashes for real: a new window finds the lesson without its page, continues it at a click, and Stop saves both parts', async () => {
    const first = await setup.browser.context.newPage();
    const startedAt = await startLesson(first, 'Crash course');
    await first.waitForTimeout(3500);
    const cdp = await setup.browser.context.newCDPSession(first);
    // Page.crash may never answer: the process it would answer from is gone.
    await Promise.race([cdp.send('Page.crash').catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2000))]);
    const crashedAt = Date.now();
    await first.close().catch(() => undefined);

    // A new tab has not the crashed tab's token: it does not take the lesson by itself, but once main has
    // not heard from the lesson's page for a while it says so and offers to continue it.
    const second = await setup.browser.context.newPage();
    await second.goto(setup.app.server.url);
    const continueHere = second.getByRole('button', { name: 'Continue it here' });
    await continueHere.waitFor({ timeout: 20_000 });
    expect(await second.locator('.other-lesson').textContent()).toContain('Crash course');
    await continueHere.click();
    await second.getByRole('button', { name: 'Stop', exact: true }).waitFor();
    const resumedAt = Date.now();
    expect(await second.getByLabel('Lesson title').inputValue()).toBe('Crash course');
    await second.waitForTimeout(3000);
    const { fileName, stoppedAt } = await stopAndWaitForFile(second);
    expect(fileName).toMatch(/^Crash course /);
    const seconds = await savedSeconds(fileName);
    console.log(`[crash] MP4 ${seconds.toFixed(1)} s; no page for ${((resumedAt - crashedAt) / 1000).toFixed(1)} s`);
    expect(seconds).toBeGreaterThan(3.5 - 1.2 + (stoppedAt - resumedAt) / 1000 - 0.8);
    expect(seconds).toBeLessThan((stoppedAt - startedAt) / 1000 + 0.5);
    await second.close();
  });
});

describe('a second tab of the app while a lesson records', () => {
  it('leaves the lesson whole: it says the lesson records elsewhere, will not record, and may record once the lesson is saved', async () => {
    const first = await setup.browser.context.newPage();
    const startedAt = await startLesson(first, 'Whole lesson');
    await first.waitForTimeout(2500);

    const second = await setup.browser.context.newPage();
    await second.goto(setup.app.server.url);
    await expect.poll(() => second.locator('.other-lesson').textContent(), { timeout: 15_000 }).toContain('is being recorded in another window');
    await expect.poll(() => second.getByRole('button', { name: 'Record' }).isDisabled()).toBe(true);
    expect(await second.getByRole('button', { name: 'Stop', exact: true }).isVisible()).toBe(false);
    // The tray and the global hotkeys reach every page: only the lesson's own page acts on them.
    setup.app.emit('app:command', { command: 'toggle-recording' });
    const toggledAt = Date.now();
    await second.waitForTimeout(4000);
    expect(await second.getByRole('button', { name: 'Stop', exact: true }).isVisible()).toBe(false);
    expect(await first.getByRole('button', { name: 'Stop', exact: true }).isVisible()).toBe(false);

    // The toggle stopped the first page's lesson, which is saved whole: from Record to the toggle.
    await first.getByRole('button', { name: 'Show in folder', exact: true }).waitFor({ timeout: 60_000 });
    const fileName = (await first.locator('.saved-name').textContent())!;
    const seconds = await savedSeconds(fileName);
    console.log(`[second tab] recorded ${((toggledAt - startedAt) / 1000).toFixed(1)} s, MP4 ${seconds.toFixed(1)} s`);
    expect(seconds).toBeGreaterThan((toggledAt - startedAt) / 1000 - 1.5);
    expect(seconds).toBeLessThan((toggledAt - startedAt) / 1000 + 0.5);
    expect((await first.locator('.notices').textContent()) ?? '').not.toMatch(/refused|could not/);

    // Once it is saved, the second tab may record.
    await expect.poll(() => second.locator('.other-lesson').isVisible(), { timeout: 10_000 }).toBe(false);
    await expect.poll(() => second.getByRole('button', { name: 'Record' }).isDisabled()).toBe(false);
    await first.close();
    await second.close();
  });
});
