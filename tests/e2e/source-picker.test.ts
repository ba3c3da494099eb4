import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaptureSourcePicker } from '../../main/core/capture-sources/source-picker';
import type { SourceKey } from '../../common/settings';
import type { RawCaptureSource } from '../../main/core/capture-sources/source-model';
import { useBrowserAppWithChromium } from '../helpers/browser-app';
import { fakeDesktopSources } from '../helpers/capture-sources';

// The app's own screen/window picker in the real renderer, in Chromium. desktopCapturer exists only in
// Electron, so this test hands the browser-mode core the same CaptureSourcePicker Electron uses, fed a
// desktopCapturer-shaped list with real PNG thumbnails made by ffmpeg (the test-only seam:
// startBrowserApp's `captureSources`). After a choice the page calls getDisplayMedia as in Electron;
// Chromium's --auto-select-desktop-capture-source answers it here.

/** Where the picker remembers its choice (the app keeps it in its settings store). */
let remembered: SourceKey | null = null;
let desktop: RawCaptureSource[] | undefined;
let listings = 0;
const picker = new CaptureSourcePicker({
  remembered: {
    get: () => remembered,
    set: async (key) => {
      remembered = key;
    },
  },
  getSources: async () => {
    listings++;
    return desktop ?? [];
  },
  ownWindowIds: () => ['window:900:0'],
});
const setup = useBrowserAppWithChromium({ captureSources: picker });

beforeAll(async () => {
  desktop = await fakeDesktopSources();
});

/** Electron's id of the source the display-media handler would now answer with. */
async function chosenSource(): Promise<string | undefined> {
  return (await picker.resolve(desktop ?? []))?.id;
}

/** The page's getDisplayMedia calls are counted, so a cancelled picker can be seen not to share anything. */
const COUNT_DISPLAY_MEDIA = `(() => {
  const original = navigator.mediaDevices.getDisplayMedia.bind(navigator.mediaDevices);
  window.__displayMediaCalls = 0;
  navigator.mediaDevices.getDisplayMedia = (...args) => { window.__displayMediaCalls++; return original(...args); };
})()`;

const displayMediaCalls = (page: Page) => page.evaluate<number>('window.__displayMediaCalls');
const focusedLabel = (page: Page) => page.evaluate<string>(`document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? ''`);
const previewWidth = (page: Page) => page.evaluate<number>(`document.querySelector('video.preview').videoWidth`);

async function openApp(): Promise<Page> {
  const page = await setup.browser.context.newPage();
  await page.addInitScript(COUNT_DISPLAY_MEDIA);
  await page.goto(setup.app.server.url);
  await expect.poll(() => page.getByRole('button', { name: 'Record', exact: true }).isEnabled(), { timeout: 20_000 }).toBe(true);
  return page;
}

describe('the app’s own screen/window picker', () => {
  it('opens on choosing Screen: thumbnails and names, screens first, the app’s window left out; arrow keys and Enter choose', async () => {
    const page = await openApp();
    await page.getByRole('radio', { name: 'Screen or window' }).check();
    const dialog = page.getByRole('dialog', { name: 'Choose what to record' });
    await dialog.waitFor();
    const sources = dialog.locator('button.source');
    await expect.poll(() => sources.count()).toBe(4);
    expect(await sources.evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label')))).toEqual([
      'Screen: Entire screen',
      'Screen: Screen 2',
      'Window: Fractions — Slides',
      'Window: Worksheet.pdf',
    ]);
    expect(await sources.allTextContents()).toEqual(['Entire screen', 'Screen 2', 'Fractions — Slides', 'Worksheet.pdf']);
    // Every thumbnail is the PNG main sent, decoded at its 320x180; the window's icon too.
    await expect
      .poll(() =>
        dialog
          .locator('img.source-thumbnail')
          .evaluateAll((images) =>
            images.map((i) => `${(i as unknown as { naturalWidth: number }).naturalWidth}x${(i as unknown as { naturalHeight: number }).naturalHeight}`),
          ),
      )
      .toEqual(['320x180', '320x180', '320x180', '320x180']);
    expect(await dialog.locator('img.source-icon').count()).toBe(1);
    expect(await displayMediaCalls(page)).toBe(0); // nothing shared before the teacher chooses

    // Keyboard: focus starts on the first source; arrows, Home and End move.
    await expect.poll(() => focusedLabel(page)).toBe('Screen: Entire screen');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    expect(await focusedLabel(page)).toBe('Window: Fractions — Slides');
    await page.keyboard.press('ArrowLeft');
    expect(await focusedLabel(page)).toBe('Screen: Screen 2');
    await page.keyboard.press('End');
    expect(await focusedLabel(page)).toBe('Window: Worksheet.pdf');
    await page.keyboard.press('Home');
    await page.keyboard.press('Tab');
    expect(await focusedLabel(page)).toBe('Screen: Screen 2');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');

    // Main got the id of the worksheet window, and then the page shared the screen.
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(chosenSource).toBe('window:502:0');
    await expect.poll(() => displayMediaCalls(page)).toBe(1);
    await expect.poll(() => previewWidth(page), { timeout: 15_000 }).toBe(1920);
    expect(remembered).toEqual({ kind: 'window', name: 'Worksheet.pdf' });
    await page.close();
  });

  it('lists afresh each time it opens, marks the current choice, and Escape cancels without changing the source', async () => {
    const page = await openApp();
    // The mode is remembered, and the screen waits for a click: the button opens the picker.
    const before = listings;
    await page.getByRole('button', { name: 'Choose screen or window…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Choose what to record' });
    await dialog.waitFor();
    await expect.poll(() => focusedLabel(page)).toBe('Window: Worksheet.pdf (chosen now)');
    expect(listings).toBe(before + 1);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await chosenSource()).toBe('window:502:0');
    expect(await displayMediaCalls(page)).toBe(0);
    // Focus goes back to where the teacher was.
    expect(await focusedLabel(page)).toBe('Choose screen or window…');

    // Open again: listed again; a click on a thumbnail chooses too.
    await page.getByRole('button', { name: 'Choose screen or window…' }).click();
    await dialog.waitFor();
    await expect.poll(() => listings).toBe(before + 2);
    await dialog.getByRole('button', { name: 'Screen: Screen 2' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await chosenSource()).toBe('screen:1:0');
    await expect.poll(() => displayMediaCalls(page)).toBe(1);
    await expect.poll(() => previewWidth(page), { timeout: 15_000 }).toBe(1920);
    await page.close();
  });
});
