import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { HotkeyCommand } from '../../common/ipc-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserApp, type BrowserApp } from '../helpers/browser-app';
import { launchChromium } from '../helpers/chromium';
import { ffprobe } from '../helpers/media';
import { stopAndWaitForFile } from './support/video-frames';

// The first launch and the settings kept in main, through the real UI in browser mode.
const SCREENSHOTS = path.resolve('test-output');
const CONTRAST_AUDIT = readFileSync(path.resolve('tests/e2e/page-scripts/contrast-audit.js'), 'utf8');
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  browser = await launchChromium();
  await fs.mkdir(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

/** One browser-mode app for a describe block; read its fields inside the tests. */
function useApp(options: Parameters<typeof startBrowserApp>[0] = {}): BrowserApp {
  const handle = {} as BrowserApp;
  let started: BrowserApp | undefined;
  beforeAll(async () => {
    started = await startBrowserApp(options);
    Object.assign(handle, started);
  });
  afterAll(async () => {
    await started?.close();
  });
  return handle;
}

async function storedSettings(app: BrowserApp): Promise<Record<string, unknown>> {
  return JSON.parse(await fs.readFile(path.join(app.stateDir, 'settings.json'), 'utf8')) as Record<string, unknown>;
}

/** Counts what MediaRecorder is asked for, so the test sees the bitrate the quality gives it. */
const RECORD_OPTIONS = `(() => {
  const Original = window.MediaRecorder;
  window.__recorderOptions = [];
  window.MediaRecorder = class extends Original {
    constructor(stream, options) { window.__recorderOptions.push(options); super(stream, options); }
  };
})();`;

describe('first launch', () => {
  const app = useApp({ welcomed: false });

  it('welcomes in English and 中文 with the folder and the camera, microphone and screen checked; Start leads to the main screen, once', async () => {
    const page = await browser.context.newPage();
    await page.goto(app.server.url);
    await page.getByRole('heading', { name: 'Welcome to Classroom Recorder' }).waitFor();
    // Nothing is opened behind the welcome: the main screen's Record button is not there yet.
    expect(await page.getByRole('button', { name: 'Record', exact: true }).count()).toBe(0);
    // The default folder is shown; browser mode has no folder dialog, so it says where the folder comes from.
    expect(await page.locator('#welcome-folder').textContent()).toBe(app.saveFolder);
    expect(await page.getByRole('button', { name: 'Choose…' }).count()).toBe(0);
    expect(await page.getByText('--folder').isVisible()).toBe(true);

    const status = (role: string) => page.locator(`.permission[data-role="${role}"] .permission-status`);
    await expect.poll(() => status('camera').textContent(), { timeout: 15_000 }).toBe('OK');
    await expect.poll(() => status('microphone').textContent(), { timeout: 15_000 }).toBe('OK');
    expect(await status('screen').textContent()).toBe('Not checked yet');
    await page.getByRole('button', { name: 'Check screen sharing' }).click();
    await expect.poll(() => status('screen').textContent(), { timeout: 15_000 }).toBe('OK');
    // This machine is Linux: nothing blocked, so no instructions are shown.
    expect(await page.locator('.permission-help p').count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'welcome.png'), fullPage: true });

    // The welcome's own language choice: the page reloads, still on the welcome, in Chinese.
    await page.getByLabel('Language').selectOption('zh-CN');
    await page.getByRole('heading', { name: '欢迎使用课堂录制' }).waitFor();
    await expect.poll(() => status('camera').textContent(), { timeout: 15_000 }).toBe('正常');
    await expect.poll(() => status('microphone').textContent(), { timeout: 15_000 }).toBe('正常');
    expect(await page.getByRole('button', { name: '检查屏幕共享' }).isVisible()).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'welcome-zh.png'), fullPage: true });

    // Start, by keyboard: it is stored in main, and the main screen follows.
    await page.getByRole('button', { name: '开始' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await storedSettings(app)).welcomeDone, { timeout: 20_000 }).toBe(true);
    const record = page.getByRole('button', { name: '录制', exact: true });
    // Generous: the main screen opens camera and microphone, slow on a busy 2-core machine.
    await record.waitFor({ timeout: 60_000 });
    await expect.poll(() => record.isEnabled(), { timeout: 60_000 }).toBe(true);
    expect(await page.getByRole('heading', { name: '欢迎使用课堂录制' }).count()).toBe(0);

    // A reload (or the next launch) goes straight to the main screen.
    await page.reload();
    await expect.poll(() => record.isEnabled(), { timeout: 20_000 }).toBe(true);
    expect(await page.getByRole('heading', { name: '欢迎使用课堂录制' }).count()).toBe(0);
    await page.getByLabel('语言').selectOption('system');
    await page.getByRole('button', { name: 'Record', exact: true }).waitFor({ timeout: 20_000 });
    await page.close();
  });
});

describe('first launch with the camera blocked', () => {
  const app = useApp({ welcomed: false });

  it('says camera and microphone are blocked, and how to allow them on this OS and in the browser', async () => {
    const denying = await launchChromium({ denyMedia: true });
    try {
      const page = await denying.context.newPage();
      await page.goto(app.server.url);
      const camera = page.locator('.permission[data-role="camera"]');
      const microphone = page.locator('.permission[data-role="microphone"]');
      await expect.poll(() => camera.locator('.permission-status').textContent(), { timeout: 15_000 }).toBe('Blocked');
      await expect.poll(() => microphone.locator('.permission-status').textContent(), { timeout: 15_000 }).toBe('Blocked');
      expect(await camera.locator('.permission-help p').allTextContents()).toEqual([
        'Linux usually needs nothing here. Check that the camera is plugged in and that no other app is using it.',
        'In a browser, also allow it for this page with the icon in the address bar.',
      ]);
      expect(await microphone.locator('.permission-help p').first().textContent()).toContain('microphone is plugged in');
      // Every text of the welcome, the red "Blocked" included, reads at WCAG AA (the contrast test's audit).
      const measured = await page.evaluate<Array<{ text: string; ratio?: number; required?: number }>>(CONTRAST_AUDIT);
      expect(measured.length).toBeGreaterThan(10);
      expect(measured.filter((m) => m.ratio === undefined || m.ratio < m.required!).map((m) => `${m.text}: ${m.ratio}`)).toEqual([]);
      await page.close();
    } finally {
      await denying.close();
    }
  });
});

describe('settings kept in main', () => {
  const app = useApp();

  async function recordScreen(page: Page, title: string): Promise<{ width?: number; height?: number }> {
    await page.getByLabel('Lesson title').fill(title);
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await page.getByRole('button', { name: 'Stop' }).waitFor();
    await page.waitForTimeout(2500);
    const { fileName } = await stopAndWaitForFile(page);
    const video = (await ffprobe(path.join(app.saveFolder, fileName))).streams.find((s) => s.codec_type === 'video');
    return { width: video?.width, height: video?.height };
  }

  const previewWidth = (page: Page) => page.locator('video.preview').evaluate((v) => (v as unknown as { videoWidth: number }).videoWidth);
  const bitrates = (page: Page) => page.evaluate('window.__recorderOptions.map((o) => o.videoBitsPerSecond)');

  it('shows folder, quality with its size per hour, hotkeys (read-only here) and launch choices; they persist, and 720p records 1280x720 where 1080p records 1920x1080', async () => {
    const page = await browser.context.newPage();
    await page.addInitScript(RECORD_OPTIONS);
    await page.goto(app.server.url);
    const settings = page.getByRole('region', { name: 'Settings' });
    await expect.poll(() => page.getByRole('button', { name: 'Record', exact: true }).isEnabled(), { timeout: 20_000 }).toBe(true);

    expect(await settings.locator('#setting-folder-path').textContent()).toBe(app.saveFolder);
    expect(await settings.getByRole('button', { name: 'Change…' }).count()).toBe(0);
    // Sizes from the bitrates MediaRecorder gets: (2.5 Mb/s + 128 kb/s) and (4 Mb/s + 128 kb/s) for an hour.
    const q720 = settings.getByLabel('720p (HD): about 1.2 GB per hour');
    const q1080 = settings.getByLabel('1080p (Full HD): about 1.9 GB per hour');
    expect(await q1080.isChecked()).toBe(true);
    const recordingHotkey = settings.getByLabel('Start/stop recording');
    expect(await recordingHotkey.inputValue()).toBe('Ctrl+Shift+F9');
    expect(await settings.getByLabel('Pause/resume').inputValue()).toBe('Ctrl+Shift+F10');
    expect(await settings.getByText('Global hotkeys work in the desktop app').isVisible()).toBe(true);
    // Read-only here: a key pressed in the box changes nothing.
    await recordingHotkey.focus();
    await page.keyboard.press('Control+Alt+KeyR');
    expect(await recordingHotkey.inputValue()).toBe('Ctrl+Shift+F9');
    await page.locator('.settings').screenshot({ path: path.join(SCREENSHOTS, 'settings.png') });

    // Keyboard: Space checks the focused radio and checkbox.
    const freeHours = async () => Number(/([\d.]+) hours/.exec((await page.locator('.free-space').textContent()) ?? '')?.[1]);
    const hoursAt1080 = await freeHours();
    await q720.focus();
    await page.keyboard.press('Space');
    // The free-space estimate follows the quality: 720p records at 2.628 Mb/s instead of 4.128.
    await expect.poll(freeHours).toBeGreaterThan(hoursAt1080 * 1.4);
    await settings.getByLabel('Start hidden in the tray (menu bar on macOS)').check();
    await settings.getByLabel('Open Classroom Recorder when I log in').check();
    await expect.poll(() => storedSettings(app)).toMatchObject({ quality: '720p', openAtLogin: true, startMinimized: true });

    // Kept across a reload (main has them, not the page).
    await page.reload();
    await expect.poll(() => page.getByRole('button', { name: 'Record', exact: true }).isEnabled(), { timeout: 20_000 }).toBe(true);
    expect(await q720.isChecked()).toBe(true);
    expect(await settings.getByLabel('Start hidden in the tray (menu bar on macOS)').isChecked()).toBe(true);
    expect(await settings.getByLabel('Open Classroom Recorder when I log in').isChecked()).toBe(true);

    // 720p: the screen (1920x1080 here) is recorded at 1280x720 and 2.5 Mb/s.
    await page.getByRole('radio', { name: 'Screen or window' }).check();
    await expect.poll(() => previewWidth(page), { timeout: 15_000 }).toBe(1280);
    expect(await recordScreen(page, 'At 720p')).toEqual({ width: 1280, height: 720 });
    // 1080p, chosen between lessons: the same screen at 1920x1080 and 4 Mb/s.
    await q1080.check();
    await expect.poll(() => previewWidth(page), { timeout: 15_000 }).toBe(1920);
    expect(await recordScreen(page, 'At 1080p')).toEqual({ width: 1920, height: 1080 });
    expect(await bitrates(page)).toEqual([2_500_000, 4_000_000]);
    expect((await storedSettings(app)).quality).toBe('1080p');

    // The same panel in Chinese, for the README.
    await page.getByLabel('Language').selectOption('zh-CN');
    await page.getByRole('region', { name: '设置' }).waitFor({ timeout: 20_000 });
    // The hotkeys come from main a moment after the panel is drawn.
    await expect.poll(() => page.getByRole('region', { name: '设置' }).getByLabel('开始/停止录制').inputValue()).toBe('Ctrl+Shift+F9');
    await page.locator('.settings').screenshot({ path: path.join(SCREENSHOTS, 'settings-zh.png') });
    await page.getByLabel('语言').selectOption('system');
    await page.getByRole('region', { name: 'Settings' }).waitFor({ timeout: 20_000 });
    await page.close();
  });
});

describe('as the desktop app (the Electron glue replaced by recorders)', () => {
  const registered: Array<Partial<Record<HotkeyCommand, string>>> = [];
  const launches: boolean[] = [];
  let chosenFolder = '';
  const app = useApp({
    welcomed: false,
    desktop: {
      applyHotkeys: (bindings) => {
        registered.push(bindings);
        return [];
      },
      applyLaunch: ({ openAtLogin }) => launches.push(openAtLogin),
    },
    chooseFolder: async () => chosenFolder,
  });

  it('Choose… on the welcome takes the dialog’s folder; a hotkey is typed into its box, refused when Zoom uses it, removed with Delete', async () => {
    chosenFolder = path.join(app.stateDir, 'Chosen lessons');
    const page = await browser.context.newPage();
    await page.goto(app.server.url);
    await page.getByRole('button', { name: 'Choose…' }).click();
    await expect.poll(() => page.locator('#welcome-folder').textContent()).toBe(chosenFolder);
    expect(await page.getByText('--folder').count()).toBe(0);
    await page.getByRole('button', { name: 'Start' }).click();

    const settings = page.getByRole('region', { name: 'Settings' });
    await settings.waitFor({ timeout: 60_000 });
    expect(await settings.locator('#setting-folder-path').textContent()).toBe(chosenFolder);
    expect(await settings.getByText('These take effect in the desktop app.').count()).toBe(0);
    const box = settings.getByLabel('Start/stop recording');
    const message = settings.locator('.hotkey-message');
    await box.focus();
    await page.keyboard.press('Control+Alt+KeyR');
    await expect.poll(() => message.textContent()).toBe('Hotkey saved: Ctrl+Alt+R');
    expect(await box.inputValue()).toBe('Ctrl+Alt+R');
    expect(registered.at(-1)).toEqual({
      'toggle-recording': 'CommandOrControl+Alt+R',
      'toggle-pause': 'CommandOrControl+Shift+F10',
      'mark-part': 'CommandOrControl+Shift+F11',
    });

    await page.keyboard.press('Alt+KeyR');
    await expect.poll(() => message.textContent()).toBe('Alt+R is used by Zoom: start/stop local recording.');
    expect(await box.inputValue()).toBe('Ctrl+Alt+R');

    await settings.getByLabel('Pause/resume').focus();
    await page.keyboard.press('Delete');
    await expect.poll(() => message.textContent()).toBe('Hotkey removed');
    expect(await settings.getByLabel('Pause/resume').inputValue()).toBe('None');
    // Tab still leaves the box: the keyboard user is not trapped.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('hotkey-mark-part');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('setting-open-at-login');

    await page.keyboard.press('Space');
    await expect.poll(() => launches).toEqual([true]);
    const settingsFile = JSON.parse(await fs.readFile(path.join(app.stateDir, 'settings.json'), 'utf8')) as { hotkeys: unknown };
    // Only what the teacher changed is written; the rest keep following the defaults.
    expect(settingsFile.hotkeys).toEqual({ 'toggle-recording': 'CommandOrControl+Alt+R', 'toggle-pause': null });
    await page.close();
  });
});
