import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBrowserAppWithChromium } from '../helpers/browser-app';
import { durationOf, ffprobe } from '../helpers/media';
import { DEVICE_CONTROL, setCameraStill, setDevice, STILL_CAMERA } from './support/device-control';
import { decodeErrors, frameAt, longestGap, regionStats, stopAndWaitForFile, videoPacketTimes } from './support/video-frames';

const setup = useBrowserAppWithChromium();

type Page = Awaited<ReturnType<typeof setup.browser.context.newPage>>;

const alertText = (page: Page) => page.getByRole('alert').textContent();

describe('Pause and Resume', () => {
  it('the MP4 has no gap: its length is the recorded time minus the paused time', async () => {
    const page = await setup.browser.context.newPage();
    await page.goto(setup.app.server.url);
    await page.getByLabel('Lesson title').fill('Paused lesson');
    await page.getByRole('button', { name: 'Record' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    const startedAt = Date.now();
    await page.waitForTimeout(2500);

    await page.getByRole('button', { name: 'Pause' }).click();
    const pausedAt = Date.now();
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    expect(await page.locator('p.status').textContent()).toBe('Paused');
    const clockWhenPaused = await page.getByRole('timer').textContent();
    await page.waitForTimeout(3000);
    // The clock stands still while paused.
    expect(await page.getByRole('timer').textContent()).toBe(clockWhenPaused);
    await page.getByRole('button', { name: 'Resume' }).click();
    const pausedSeconds = (Date.now() - pausedAt) / 1000;
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await page.waitForTimeout(2500);

    const { fileName, stoppedAt } = await stopAndWaitForFile(page);
    const recordedSeconds = (stoppedAt - startedAt) / 1000 - pausedSeconds;
    const mp4 = path.join(setup.app.saveFolder, fileName);
    const probed = await ffprobe(mp4);
    expect(probed.streams.map((s) => s.codec_name)).toEqual(['h264', 'aac']);
    expect(Math.abs(durationOf(probed) - recordedSeconds)).toBeLessThan(0.7);
    // No frozen stretch where the pause was: frames follow each other closely all the way.
    expect(longestGap(await videoPacketTimes(mp4))).toBeLessThan(0.5);
    expect(await decodeErrors(mp4)).toBe('');
    await page.close();
  });
});

describe('the screen picker cancelled', () => {
  it('says so, and Record asks again instead of recording a lesson without the screen', async () => {
    const page = await setup.browser.context.newPage();
    await page.addInitScript({ path: DEVICE_CONTROL });
    await page.goto(setup.app.server.url);
    await page.evaluate(() => {
      (globalThis as unknown as { __deviceControl: { blocked: Record<string, boolean> } }).__deviceControl.blocked.screen = true;
    });
    await page.getByRole('radio', { name: 'Screen or window' }).check();
    await expect.poll(() => alertText(page)).toContain('The screen could not be shared');
    await page.getByRole('button', { name: 'Record' }).click();
    await page.waitForTimeout(500);
    expect(await page.getByRole('button', { name: 'Stop' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Record' }).isEnabled()).toBe(true);
    expect(await page.locator('p.status').textContent()).toBe('Ready to record');
    // Back to the camera, which the next tests expect (the choice is remembered).
    await page.getByRole('radio', { name: 'Camera', exact: true }).check();
    await page.close();
  });
});

describe('devices come and go during a lesson', () => {
  it('a camera that stops shows a placeholder and a warning, comes back by itself, and the MP4 is complete', async () => {
    const page = await setup.browser.context.newPage();
    await page.addInitScript({ path: DEVICE_CONTROL });
    await page.goto(setup.app.server.url);
    await page.getByLabel('Lesson title').fill('Camera unplugged');
    await page.getByRole('button', { name: 'Record' }).click();
    await page.getByRole('button', { name: 'Stop' }).waitFor();
    const startedAt = Date.now();
    await page.waitForTimeout(2000);

    const unpluggedAt = (Date.now() - startedAt) / 1000;
    await setDevice(page, 'video', false);
    await expect.poll(() => alertText(page)).toContain('The camera stopped');
    await page.waitForTimeout(3000);
    expect(await page.getByRole('button', { name: 'Stop' }).isVisible()).toBe(true);
    const pluggedAt = (Date.now() - startedAt) / 1000;
    await setDevice(page, 'video', true);
    await expect.poll(() => alertText(page), { timeout: 10_000 }).not.toContain('The camera stopped');
    await page.waitForTimeout(2000);

    const { fileName, stoppedAt } = await stopAndWaitForFile(page);
    const recordedSeconds = (stoppedAt - startedAt) / 1000;
    const mp4 = path.join(setup.app.saveFolder, fileName);
    const probed = await ffprobe(mp4);
    expect(probed.streams.map((s) => s.codec_name)).toEqual(['h264', 'aac']);
    expect([probed.streams[0]!.width, probed.streams[0]!.height]).toEqual([1280, 720]);
    expect(Math.abs(durationOf(probed) - recordedSeconds)).toBeLessThan(0.7);
    // The video never stopped: the placeholder filled the time the camera was away.
    const times = await videoPacketTimes(mp4);
    expect(longestGap(times)).toBeLessThan(0.5);
    expect(times.at(-1)!).toBeGreaterThan(recordedSeconds - 1);
    // Camera picture (the fake camera's green) before, the dark placeholder while unplugged, green again after.
    const greenness = async (at: number) => regionStats(await frameAt(mp4, at), 1280, { x: 200, y: 150, width: 880, height: 420 }).g;
    expect(await greenness(unpluggedAt - 1)).toBeGreaterThan(100);
    expect(await greenness((unpluggedAt + pluggedAt) / 2 + 0.5)).toBeLessThan(60);
    expect(await greenness(recordedSeconds - 0.7)).toBeGreaterThan(100);
    expect(await decodeErrors(mp4)).toBe('');
    await page.close();
  });

  it('a camera that goes still (live, sending nothing) for longer than a stall: the lesson records on, its last picture held, and the MP4 is complete', async () => {
    const page = await setup.browser.context.newPage();
    await page.addInitScript({ path: STILL_CAMERA });
    await page.goto(setup.app.server.url);
    await page.getByLabel('Lesson title').fill('Camera still');
    await page.getByRole('button', { name: 'Record' }).click();
    await page.getByRole('button', { name: 'Stop' }).waitFor();
    const startedAt = Date.now();
    await page.waitForTimeout(2000);
    const stillFrom = (Date.now() - startedAt) / 1000;
    await setCameraStill(page, true);
    // Longer than the recorder's stall limit (5 s): without video MediaRecorder would give nothing at all.
    await page.waitForTimeout(7000);
    const dropped = await setCameraStill(page, false);
    const stillTo = (Date.now() - startedAt) / 1000;
    await page.waitForTimeout(2000);

    const { fileName, stoppedAt } = await stopAndWaitForFile(page);
    expect(dropped).toBeGreaterThan(100);
    expect((await page.locator('.notices').textContent()) ?? '').not.toMatch(/stopped giving data|could not be saved/);
    const recordedSeconds = (stoppedAt - startedAt) / 1000;
    const mp4 = path.join(setup.app.saveFolder, fileName);
    const probed = await ffprobe(mp4);
    expect(probed.streams.map((s) => s.codec_name)).toEqual(['h264', 'aac']);
    expect(Math.abs(durationOf(probed) - recordedSeconds)).toBeLessThan(0.7);
    const times = await videoPacketTimes(mp4);
    expect(longestGap(times)).toBeLessThan(0.7);
    // The camera's last picture (the fake camera's green) while it was still, not a placeholder.
    const greenness = async (at: number) => regionStats(await frameAt(mp4, at), 1280, { x: 200, y: 150, width: 880, height: 420 }).g;
    expect(await greenness((stillFrom + stillTo) / 2)).toBeGreaterThan(100);
    expect(await decodeErrors(mp4)).toBe('');
    await page.close();
  });

  it('a microphone that stops is reported at once, 10 s of silence raises the alarm, and both clear when it returns', async () => {
    const page = await setup.browser.context.newPage();
    await page.addInitScript({ path: DEVICE_CONTROL });
    await page.goto(setup.app.server.url);
    // The meter moves while previewing (the fake microphone beeps twice a second) once the page has had a
    // click: a browser starts audio only after a gesture.
    const meter = page.getByRole('meter', { name: 'Microphone level' });
    await page.getByLabel('Lesson title').click();
    await expect.poll(async () => Number(await meter.getAttribute('aria-valuenow')), { interval: 50 }).toBeGreaterThan(20);
    await page.getByRole('button', { name: 'Record' }).click();
    await page.getByRole('button', { name: 'Stop' }).waitFor();
    const startedAt = Date.now();
    await page.waitForTimeout(1000);

    await setDevice(page, 'audio', false);
    await expect.poll(() => alertText(page)).toContain('The microphone stopped');
    const silentFrom = Date.now();
    await expect.poll(() => alertText(page), { timeout: 15_000, interval: 250 }).toContain('no sound for 10 seconds');
    const alarmAfter = (Date.now() - silentFrom) / 1000;
    expect(alarmAfter).toBeGreaterThan(9);
    expect(alarmAfter).toBeLessThan(12);

    await setDevice(page, 'audio', true);
    await expect.poll(() => alertText(page), { timeout: 10_000 }).not.toContain('The microphone stopped');
    // The fake microphone beeps: sound is back, and so the alarm goes.
    await expect.poll(() => alertText(page), { timeout: 10_000 }).not.toContain('no sound');
    const soundBackAt = Date.now();
    const { fileName, stoppedAt } = await stopAndWaitForFile(page);
    const probed = await ffprobe(path.join(setup.app.saveFolder, fileName));
    expect(probed.streams.map((s) => s.codec_name)).toEqual(['h264', 'aac']);
    expect(Math.abs(durationOf(probed) - (stoppedAt - startedAt) / 1000)).toBeLessThan(0.7);
    // The card's receipt says how long the microphone gave nothing: from the device stopping to its return.
    const receipt = await page.locator('.lesson-card .receipt li').allTextContents();
    const silent = receipt.find((line) => line.startsWith('The microphone gave no sound for '));
    const [, minutes, seconds] = /00:(\d\d):(\d\d) in all\.$/.exec(silent ?? '') ?? [];
    const counted = Number(minutes) * 60 + Number(seconds);
    console.log(`[silence] receipt: ${silent}; silent for about ${((soundBackAt - silentFrom) / 1000).toFixed(1)} s`);
    expect(counted).toBeGreaterThanOrEqual(10);
    expect(Math.abs(counted - (soundBackAt - silentFrom) / 1000)).toBeLessThan(3);
    await page.close();
  });
});
