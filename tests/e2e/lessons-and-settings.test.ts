import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBrowserAppWithChromium } from '../helpers/browser-app';
import { launchChromium } from '../helpers/chromium';

const setup = useBrowserAppWithChromium();
const SCREENSHOTS = path.resolve('test-output');

async function openApp(context: Awaited<ReturnType<typeof launchChromium>>['context']) {
  const page = await context.newPage();
  await page.goto(setup.app.server.url);
  return page;
}

describe('the lessons list', () => {
  it('lists a lesson recorded through the UI with its duration, and Show in folder finds its file', async () => {
    const page = await openApp(setup.browser.context);
    const record = page.getByRole('button', { name: 'Record', exact: true });
    await expect.poll(() => record.isEnabled(), { timeout: 20_000 }).toBe(true);
    const lessons = page.getByRole('list', { name: 'Lessons' });
    await expect.poll(() => page.getByText('No lessons in this folder yet.').isVisible()).toBe(true);

    await page.getByLabel('Lesson title').fill('Photosynthesis');
    await record.click();
    await page.getByRole('button', { name: 'Stop' }).waitFor();
    await page.waitForTimeout(2500);
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByRole('button', { name: 'Show in folder', exact: true }).waitFor({ timeout: 60_000 });

    const item = lessons.getByRole('listitem').filter({ hasText: 'Photosynthesis' });
    await expect.poll(() => item.count(), { timeout: 10_000 }).toBe(1);
    const duration = (await item.locator('.lesson-duration').textContent()) ?? '';
    expect(duration).toMatch(/^00:00:0[2-4]$/);
    expect(await item.textContent()).toMatch(/\d+\.\d MB/);

    await item.getByRole('button', { name: /^Show in folder: Photosynthesis/ }).click();
    const mp4s = (await fs.readdir(setup.app.saveFolder)).filter((name) => name.endsWith('.mp4'));
    await expect.poll(() => setup.app.shown.at(-1)).toBe(path.join(setup.app.saveFolder, mp4s[0]!));
    await item.getByRole('button', { name: /^Play: Photosynthesis/ }).click();
    await expect.poll(() => setup.app.opened.at(-1)).toBe(path.join(setup.app.saveFolder, mp4s[0]!));
    await fs.mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'main-screen.png'), fullPage: true });
    await page.close();
  });
});

describe('settings', () => {
  it('switches to 中文 and names the Record button 录制; back to English', async () => {
    const page = await openApp(setup.browser.context);
    await page.getByLabel('Language').selectOption('zh-CN');
    const record = page.getByRole('button', { name: '录制', exact: true });
    await expect.poll(() => record.isEnabled(), { timeout: 20_000 }).toBe(true);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.getByRole('list', { name: '课程' }).waitFor();
    await page.waitForTimeout(1000); // let the preview paint a frame for the screenshot
    await page.screenshot({ path: path.join(SCREENSHOTS, 'main-screen-zh.png'), fullPage: true });
    await page.getByLabel('语言').selectOption('system');
    await expect.poll(() => page.getByRole('button', { name: 'Record', exact: true }).isVisible(), { timeout: 20_000 }).toBe(true);
    await page.close();
  });

  it('counts down 3-2-1 before recording when on (announced), and Escape cancels it', async () => {
    // The teacher has the countdown on (the app's default).
    await setup.app.service.appSettings.update({ countdown: true });
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      await page.goto(setup.app.server.url);
      const record = page.getByRole('button', { name: 'Record', exact: true });
      await expect.poll(() => record.isEnabled(), { timeout: 20_000 }).toBe(true);
      expect(await page.getByLabel('Count down 3-2-1 before recording').isChecked()).toBe(true);
      const cancel = page.getByRole('button', { name: 'Cancel' });
      expect(await cancel.isVisible()).toBe(false);

      // Escape cancels: nothing records, the teacher is told, Record is back.
      await record.click();
      const live = page.locator('.countdown-number[aria-live]');
      await expect.poll(() => live.textContent()).toBe('Recording in 3…');
      expect(await cancel.isVisible()).toBe(true);
      await page.keyboard.press('Escape');
      await expect.poll(() => record.isVisible()).toBe(true);
      expect(await cancel.isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: 'Stop' }).isVisible()).toBe(false);
      await expect.poll(() => page.locator('[aria-live="polite"]').last().textContent()).toContain('Countdown cancelled');

      const started = Date.now();
      await record.click();
      await expect.poll(() => live.textContent()).toBe('Recording in 2…');
      await page.getByRole('button', { name: 'Stop' }).waitFor({ timeout: 10_000 });
      expect(Date.now() - started).toBeGreaterThan(2_800);
      await page.getByRole('button', { name: 'Stop' }).click();
      await page.getByRole('button', { name: 'Show in folder', exact: true }).waitFor({ timeout: 60_000 });

      // Turned off, the lesson starts at once, and the choice is remembered.
      await page.getByLabel('Count down 3-2-1 before recording').uncheck();
      await page.reload();
      await expect.poll(() => record.isEnabled(), { timeout: 20_000 }).toBe(true);
      expect(await page.getByLabel('Count down 3-2-1 before recording').isChecked()).toBe(false);
      const quick = Date.now();
      await record.click();
      await page.getByRole('button', { name: 'Stop' }).waitFor();
      expect(Date.now() - quick).toBeLessThan(2_500);
      await page.waitForTimeout(1000);
      await page.getByRole('button', { name: 'Stop' }).click();
      await page.getByRole('button', { name: 'Show in folder', exact: true }).waitFor({ timeout: 60_000 });
    } finally {
      await browser.close();
      await setup.app.service.appSettings.update({ countdown: false });
    }
  });
});
