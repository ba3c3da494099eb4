import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserApp, type BrowserApp } from '../helpers/browser-app';
import { launchChromium } from '../helpers/chromium';
import { durationOf, ffprobe } from '../helpers/media';
import { stopAndWaitForFile } from './support/video-frames';

/**
 * The browser's autoplay policy in its strict form. Chromium here sometimes lets a capturing page start
 * its AudioContext without a click (measured: suspended at creation, running 0.4 s later with no user
 * activation), and sometimes not; Chrome on a teacher's machine may refuse. So the test makes the strict
 * case certain: `resume()` is refused until the page has had a user activation.
 */
const HOLD_AUDIO_UNTIL_CLICK = `{
  const resume = AudioContext.prototype.resume;
  AudioContext.prototype.resume = function () {
    if (navigator.userActivation.hasBeenActive) return resume.call(this);
    return Promise.reject(new DOMException('The AudioContext was not allowed to start.', 'NotAllowedError'));
  };
}`;

let app: BrowserApp;
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  app = await startBrowserApp();
  // A browser's own autoplay policy (Electron's window allows audio without a click): an AudioContext
  // may stay suspended until the page has had a gesture (made certain below: HOLD_AUDIO_UNTIL_CLICK).
  browser = await launchChromium({ extraArgs: ['--autoplay-policy=document-user-activation-required'] });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

// The recorded sound is a Web Audio mix. A suspended mix gives MediaRecorder no audio, and it then holds
// the whole recording back. A page reloaded after a crash continues the lesson without any click: in a
// browser its mix starts suspended. The app must say so at once, and one click must set it going again.
describe('a lesson continued in a page that has had no click yet', () => {
  it('warns that the sound is held back, and a click anywhere lets the recording go on', async () => {
    const page = await browser.context.newPage();
    await page.addInitScript({ content: HOLD_AUDIO_UNTIL_CLICK });
    await page.goto(app.server.url);
    await page.getByLabel('Lesson title').fill('Held back');
    await page.getByRole('button', { name: 'Record' }).click();
    await page.getByRole('button', { name: 'Stop', exact: true }).waitFor();
    await page.waitForTimeout(2500);

    // Every Playwright evaluation (locators included) runs with a user gesture (CDP callFunctionOn with
    // userGesture: true), which alone would let the audio start. Until the teacher's click, the page is
    // read through CDP without one. The reload is a new document: it has had no click (the Record click
    // was the old document's), and it continues the tab's lesson by itself, as after a crash.
    const reader = await browser.context.newCDPSession(page);
    const read = async (expression: string): Promise<unknown> => (await reader.send('Runtime.evaluate', { expression, returnByValue: true })).result.value;
    await reader.send('Page.reload', {});
    const second = page;
    await expect
      .poll(() => read(`[...document.querySelectorAll('button')].some((b) => b.textContent === 'Stop' && b.offsetParent !== null)`), { timeout: 20_000 })
      .toBe(true);
    await expect.poll(() => read(`document.querySelector('[role=alert]')?.textContent ?? ''`)).toContain('The sound is held back');
    expect(await read('navigator.userActivation.hasBeenActive')).toBe(false);
    await second.locator('h1').click();
    await expect.poll(() => second.getByRole('alert').textContent()).not.toContain('The sound is held back');
    const clickedAt = Date.now();
    await second.waitForTimeout(3000);
    const { fileName, stoppedAt } = await stopAndWaitForFile(second);

    // Both parts are in the file: the part before the crash (less its last unsent second) and the time
    // after the click.
    const probed = await ffprobe(path.join(app.saveFolder, fileName));
    expect(probed.streams.map((s) => s.codec_name)).toEqual(['h264', 'aac']);
    expect(durationOf(probed)).toBeGreaterThan(2.5 - 1.2 + (stoppedAt - clickedAt) / 1000 - 0.7);
  });
});
