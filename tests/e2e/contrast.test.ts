import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { startBrowserApp, type BrowserApp } from '../helpers/browser-app';
import { launchChromium } from '../helpers/chromium';
import { keepLessonRaw } from '../helpers/kept-raw-lesson';

const AUDIT = readFileSync(path.resolve('tests/e2e/page-scripts/contrast-audit.js'), 'utf8');

interface Measured {
  text: string;
  element: string;
  ratio?: number;
  required?: number;
  fg?: string;
  bg?: string;
  size?: number;
  problem?: string;
}

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

/** A folder with every kind of row the lessons list has: a recovered lesson and one kept raw (not saved yet). */
async function appWithEveryKindOfLesson(): Promise<BrowserApp> {
  const { stateDir, saveFolder } = await keepLessonRaw('Kept for later', 1);
  await fs.writeFile(path.join(saveFolder, 'Lesson 2026-01-05 09-00 (recovered).mp4'), 'not probed');
  const app = await startBrowserApp({ stateDir, saveFolder, recover: false });
  closers.push(app.close);
  return app;
}

async function audit(page: Page, state: string, all: Array<Measured & { state: string }>): Promise<void> {
  const measured = await page.evaluate<Measured[]>(AUDIT);
  expect(measured.length, `texts found while ${state}`).toBeGreaterThan(10);
  all.push(...measured.map((entry) => ({ ...entry, state })));
}

describe('WCAG AA contrast, measured in Chromium', () => {
  it('every visible text of the main screen, notices, lessons list, lesson card and settings reaches 4.5:1 (3:1 large), idle and while recording', async () => {
    const app = await appWithEveryKindOfLesson();
    const browser = await launchChromium();
    closers.push(browser.close);
    const page = await browser.context.newPage();
    await page.goto(app.server.url);
    const record = page.getByRole('button', { name: 'Record', exact: true });
    await expect.poll(() => record.isEnabled(), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => page.locator('.mark.unfinished').count()).toBe(1);
    await expect.poll(() => page.locator('.mark.recovered').count()).toBe(1);
    // One notice of each level, as main sends them.
    app.emit('app:notice', { level: 'info', code: 'lesson-recovered', params: { fileName: 'Contrast check.mp4' }, message: 'An info notice.' });
    app.emit('app:notice', { level: 'warning', code: 'disk-low', params: { minutesLeft: 12 }, message: 'A warning notice.' });
    app.emit('app:notice', { level: 'error', code: 'disk-full-stopped', message: 'An error notice.' });
    await expect.poll(() => page.locator('.notice').count()).toBeGreaterThanOrEqual(4);
    const all: Array<Measured & { state: string }> = [];
    await audit(page, 'idle', all);

    await page.getByLabel('Lesson title').fill('Contrast');
    await record.click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await page.waitForTimeout(1000);
    await audit(page, 'recording', all);
    await page.getByRole('button', { name: 'Pause' }).click();
    await audit(page, 'paused', all);
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Stop' }).click();
    const card = page.getByRole('region', { name: 'Lesson saved' });
    await card.waitFor({ timeout: 60_000 });
    // The card with its rename form open and a refusal showing.
    await card.getByRole('button', { name: 'Rename', exact: true }).click();
    await card.getByLabel('New title').fill(' ');
    await card.getByLabel('New title').press('Enter');
    await card.getByRole('alert').waitFor();
    await audit(page, 'saved, renaming', all);

    const unmeasurable = all.filter((entry) => entry.problem !== undefined || entry.ratio === undefined);
    expect(unmeasurable).toEqual([]);
    const lowest = [...all].sort((a, b) => a.ratio! - a.required! - (b.ratio! - b.required!))[0]!;
    const minimum = Math.min(...all.map((entry) => entry.ratio!));
    const lowestRatio = all.find((entry) => entry.ratio === minimum)!;
    console.log(
      `contrast: ${all.length} texts measured; lowest ratio ${minimum.toFixed(2)}:1 (${lowestRatio.element} "${lowestRatio.text}" ${lowestRatio.fg} on ${lowestRatio.bg}, ${lowestRatio.state}); ` +
        `closest to its threshold: ${lowest.ratio!.toFixed(2)}:1 of ${lowest.required}:1 (${lowest.element} "${lowest.text}")`,
    );
    const failing = all
      .filter((entry) => entry.ratio! < entry.required!)
      .map((entry) => `${entry.state}: ${entry.element} "${entry.text}" ${entry.fg} on ${entry.bg} = ${entry.ratio!.toFixed(2)} < ${entry.required}`);
    expect(failing).toEqual([]);
  });
});
