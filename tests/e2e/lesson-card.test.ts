import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserAppWithChromium } from '../helpers/browser-app';
import { launchChromium } from '../helpers/chromium';
import { durationOf, ffprobe } from '../helpers/media';

const setup = useBrowserAppWithChromium();
const SCREENSHOTS = path.resolve('test-output');

/** The sr-only region the app announces state changes in (aria-live=polite). */
const announced = (page: Page) => page.locator('.sr-only[aria-live="polite"]').textContent();

async function mp4sIn(folder: string): Promise<string[]> {
  return (await fs.readdir(folder)).filter((name) => name.endsWith('.mp4')).sort();
}

async function openReady(page: Page, recordName = 'Record'): Promise<void> {
  await page.goto(setup.app.server.url);
  await expect.poll(() => page.getByRole('button', { name: recordName, exact: true }).isEnabled(), { timeout: 20_000 }).toBe(true);
}

describe('after Stop: the lesson card', () => {
  it('announces each state change, shows the saved lesson, and renames it on the card and in the list', async () => {
    const page = await setup.browser.context.newPage();
    await openReady(page);
    await page.getByLabel('Lesson title').fill('Photosynthesis');
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await expect.poll(() => announced(page), { timeout: 10_000 }).toBe('Recording started');
    await page.waitForTimeout(1500);
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => announced(page)).toBe('Recording paused');
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => announced(page)).toBe('Recording resumed');
    await page.waitForTimeout(1500);
    await page.getByRole('button', { name: 'Stop' }).click();
    const card = page.getByRole('region', { name: 'Lesson saved' });
    await card.waitFor({ timeout: 60_000 });
    const [saved] = await mp4sIn(setup.app.saveFolder);
    expect(saved).toMatch(/^Photosynthesis \d{4}-\d{2}-\d{2} \d{2}-\d{2}\.mp4$/);
    await expect.poll(() => announced(page)).toBe(`Lesson saved as ${saved}`);

    // Title, length and size, the file name, and the actions (Play: the helper app can open files).
    expect(await card.locator('.card-title').textContent()).toBe('Photosynthesis');
    expect(await card.locator('.card-meta').textContent()).toMatch(/^00:00:0[2-5] · \d+\.\d MB$/);
    expect(await card.locator('.saved-name').textContent()).toBe(saved);
    await card.getByRole('button', { name: 'Play', exact: true }).click();
    await expect.poll(() => setup.app.opened.at(-1)).toBe(path.join(setup.app.saveFolder, saved!));

    // A title with nothing in it is refused in words, and nothing changes on disk.
    await card.getByRole('button', { name: 'Rename', exact: true }).click();
    const input = card.getByLabel('New title');
    expect(await input.inputValue()).toBe('Photosynthesis');
    await input.fill('  ..  ');
    await input.press('Enter');
    await expect.poll(() => card.getByRole('alert').textContent()).toBe('Type a title with at least one letter or digit.');
    expect(await mp4sIn(setup.app.saveFolder)).toEqual([saved]);

    // Renamed on the card: the file on disk has the new name (cleaned, date kept), the list shows it.
    await input.fill('Plants/light');
    await input.press('Enter');
    const date = / (\d{4}-\d{2}-\d{2} \d{2}-\d{2})\.mp4$/.exec(saved!)![1];
    const renamed = `Plants light ${date}.mp4`;
    await expect.poll(() => mp4sIn(setup.app.saveFolder)).toEqual([renamed]);
    await expect.poll(() => card.locator('.saved-name').textContent()).toBe(renamed);
    await expect.poll(() => announced(page)).toBe(`Lesson renamed to ${renamed}`);
    const lessons = page.getByRole('list', { name: 'Lessons' });
    await expect.poll(() => lessons.getByRole('listitem').allTextContents()).toEqual([expect.stringContaining(`Plants light ${date}`)]);
    expect(await card.getByLabel('New title').isVisible()).toBe(false);
    await card.getByRole('button', { name: 'Show in folder', exact: true }).click();
    await expect.poll(() => setup.app.shown.at(-1)).toBe(path.join(setup.app.saveFolder, renamed));
    expect(durationOf(await ffprobe(path.join(setup.app.saveFolder, renamed)))).toBeGreaterThan(2);

    await fs.mkdir(SCREENSHOTS, { recursive: true });
    await page.locator('.controls').screenshot({ path: path.join(SCREENSHOTS, 'lesson-card.png') });

    // Renamed from the list: the card follows, and the keyboard stays on that row's Rename.
    await lessons.getByRole('button', { name: /^Rename: Plants light/ }).click();
    await lessons.getByLabel('New title').fill('Botany');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'lessons-list-rename.png'), fullPage: true });
    await lessons.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => mp4sIn(setup.app.saveFolder)).toEqual([`Botany ${date}.mp4`]);
    await expect.poll(() => card.locator('.saved-name').textContent()).toBe(`Botany ${date}.mp4`);
    await expect.poll(() => lessons.getByRole('listitem').allTextContents()).toEqual([expect.stringContaining(`Botany ${date}`)]);
    await expect.poll(() => page.evaluate<string | null>("document.activeElement?.getAttribute('aria-label') ?? null")).toBe(`Rename: Botany ${date}`);

    // Escape closes the form without renaming, and the keyboard is back on Rename.
    await page.keyboard.press('Enter');
    await lessons.getByLabel('New title').fill('Not kept');
    await page.keyboard.press('Escape');
    await expect.poll(() => lessons.getByLabel('New title').isVisible()).toBe(false);
    expect(await page.evaluate<string | null>("document.activeElement?.getAttribute('aria-label') ?? null")).toBe(`Rename: Botany ${date}`);
    expect(await mp4sIn(setup.app.saveFolder)).toEqual([`Botany ${date}.mp4`]);
    await page.close();
  });

  it('shows the conversion percent from ffmpeg while a VP8 recording is converted to H.264, and announces it', async () => {
    const browser = await launchChromium();
    try {
      // As on a computer without an H.264 encoder: MediaRecorder records VP8/VP9, which Stop must convert.
      await browser.context.addInitScript(`{
        const supported = MediaRecorder.isTypeSupported.bind(MediaRecorder);
        MediaRecorder.isTypeSupported = (type) => !/h264|avc1/i.test(type) && supported(type);
        window.finishLog = [];
        new MutationObserver(() => {
          const stage = document.querySelector('.finish-stage')?.textContent ?? '';
          const percent = document.querySelector('.finish-percent')?.textContent ?? '';
          const live = document.querySelector('.sr-only[aria-live="polite"]')?.textContent ?? '';
          window.finishLog.push(stage + '|' + percent + '|' + live);
        }).observe(document, { subtree: true, childList: true, characterData: true });
      }`);
      const page = await browser.context.newPage();
      await openReady(page);
      await page.getByLabel('Lesson title').fill('Converted');
      await page.getByRole('button', { name: 'Record', exact: true }).click();
      await page.getByRole('button', { name: 'Stop' }).waitFor();
      await page.waitForTimeout(6000);
      await page.getByRole('button', { name: 'Stop' }).click();
      await page.getByRole('region', { name: 'Lesson saved' }).waitFor({ timeout: 90_000 });
      const log = await page.evaluate<string[]>('window.finishLog');
      const converting = log.filter((entry) => entry.startsWith('Converting the recording…|'));
      // The bar shows the percent ffmpeg reached (its last status line comes at the very end at the latest).
      const percents = converting.map((entry) => entry.split('|')[1]).filter((text) => /^\d{1,3}%$/.test(text!));
      expect(percents.length, log.join('\n')).toBeGreaterThan(0);
      expect(log.some((entry) => entry.endsWith('|Converting the recording…'))).toBe(true);
      const file = (await mp4sIn(setup.app.saveFolder)).find((name) => name.startsWith('Converted'));
      const probed = await ffprobe(path.join(setup.app.saveFolder, file!));
      expect(probed.streams.find((s) => s.codec_type === 'video')?.codec_name).toBe('h264');
      console.log(`finishing percents shown: ${[...new Set(percents)].join(', ')}`);
    } finally {
      await browser.close();
    }
  });

  it('shows the card in Chinese (中文)', async () => {
    const page = await setup.browser.context.newPage();
    await openReady(page);
    await page.getByLabel('Language').selectOption('zh-CN');
    await expect.poll(() => page.getByRole('button', { name: '录制', exact: true }).isEnabled(), { timeout: 20_000 }).toBe(true);
    await page.getByLabel('课程名称').fill('光合作用');
    await page.getByRole('button', { name: '录制', exact: true }).click();
    await expect.poll(() => announced(page), { timeout: 10_000 }).toBe('已开始录制');
    await page.waitForTimeout(2000);
    await page.getByRole('button', { name: '停止' }).click();
    const card = page.getByRole('region', { name: '课程已保存' });
    await card.waitFor({ timeout: 60_000 });
    await expect.poll(() => announced(page)).toMatch(/^课程已保存为 光合作用 .*\.mp4$/);
    expect(await card.getByRole('button', { name: '重命名', exact: true }).isVisible()).toBe(true);
    expect(await card.locator('.card-file').textContent()).toMatch(/^文件：光合作用 .*\.mp4$/);
    expect(await card.locator('.receipt li').allTextContents()).toEqual(['录制过程一切正常。']);
    await page.locator('.controls').screenshot({ path: path.join(SCREENSHOTS, 'lesson-card-zh.png') });
    await page.getByLabel('语言').selectOption('system');
    await page.close();
  });
});
