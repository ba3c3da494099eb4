import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserApp, type BrowserApp } from '../helpers/browser-app';
import { launchChromium } from '../helpers/chromium';
import { makeTempDir } from '../helpers/media';
import { beepTimes, flashTimes, pairEvents, type SyncPair } from './support/av-sync';

const run = promisify(execFile);
const FLASH_BEEP_SOURCE = fileURLToPath(new URL('./page-scripts/flash-beep-source.js', import.meta.url));

let app: BrowserApp;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let scratch: string;

beforeAll(async () => {
  app = await startBrowserApp();
  browser = await launchChromium();
  scratch = await makeTempDir('av-sync');
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const FRAME_MS = 1000 / 30;
const ms = (s: number) => Math.round(s * 1000);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The beep/flash pairs of an MP4, audio − video (ms), leaving out those within `skip` of the times given. */
async function offsetsOf(mp4: string): Promise<SyncPair[]> {
  return pairEvents(await flashTimes(mp4), await beepTimes(mp4));
}

/**
 * Records a lesson of the page-made flash/beep source through the real UI in `mode`, with a pause, and
 * the same tracks with a bare MediaRecorder beside it. Answers both sets of offsets.
 */
async function recordBoth(mode: string, title: string, picturesLateMs = 0) {
  const page = await browser.context.newPage();
  // The source stamps pictures on the monotonic clock, as Chromium's camera does: it needs wall − monotonic.
  const monoOffsetMs = Date.now() - Number(process.hrtime.bigint()) / 1e6;
  const script = (await fs.readFile(FLASH_BEEP_SOURCE, 'utf8'))
    .replace('MONO_OFFSET_MS_VALUE', String(monoOffsetMs))
    .replace('PICTURES_LATE_MS_VALUE', String(picturesLateMs));
  await page.addInitScript({ content: script });
  await page.goto(app.server.url);
  await page.getByRole('radio', { name: mode, exact: true }).check();
  await page.getByLabel('Lesson title').fill(title);
  await page.getByRole('button', { name: 'Record' }).click();
  await page.getByRole('button', { name: 'Pause' }).waitFor();
  await page.waitForTimeout(5000);
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('button', { name: 'Resume' }).waitFor();
  await page.waitForTimeout(2000);
  await page.getByRole('button', { name: 'Resume' }).click();
  await page.getByRole('button', { name: 'Pause' }).waitFor();
  await page.waitForTimeout(5000);
  await page.getByRole('button', { name: 'Stop' }).click();
  const reference = path.join(scratch, `${title}.reference.mkv`);
  await fs.writeFile(reference, Buffer.from(String(await page.evaluate('window.__flashBeep.reference()')), 'base64'));
  await page.getByRole('button', { name: 'Show in folder', exact: true }).waitFor({ timeout: 60_000 });
  const file = (await fs.readdir(app.saveFolder)).find((name) => name.startsWith(title) && name.endsWith('.mp4'));
  expect(file).toBeDefined();
  await page.close();
  const referenceMp4 = reference.replace(/\.mkv$/, '.mp4');
  await run('ffmpeg', ['-v', 'error', '-y', '-i', reference, '-c:v', 'copy', '-c:a', 'aac', referenceMp4]);
  return { app: await offsetsOf(path.join(app.saveFolder, file!)), bare: await offsetsOf(referenceMp4) };
}

// The sound and the picture of one clock: the app's MP4 must line them up as bare MediaRecorder does
// (the reference absorbs what the source's own stamping and Chromium's encoders do, the same for both).
// Before the mix kept capture stamps (Web Audio stamps its output at render time), the app's sound came
// 26–64 ms later than the reference's here, and more with a larger output buffer.
describe('audio and video in sync, from a source of one clock', () => {
  for (const [mode, title, picturesLateMs, how] of [
    ['Camera', 'Sync camera', 0, ''],
    ['Screen and camera', 'Sync screen and camera', 0, ''],
    ['Screen or window', 'Sync screen', 0, ''],
    // The compositor is ready before the sources' first pictures. A placeholder stamped off the capture
    // clock then had Chromium time every painted frame by arrival: the picture 45–50 ms late all lesson.
    ['Screen and camera', 'Sync late pictures', 800, ', pictures starting 0.8 s after the sound'],
  ] as const) {
    it(`${mode}${how}: every beep with its flash, as bare MediaRecorder has them, before and after a pause`, async () => {
      const { app: pairs, bare } = await recordBoth(mode, title, picturesLateMs);
      const reference = median(bare.map((p) => p.offset));
      const relative = pairs.map((p) => ms(p.offset - reference));
      console.log(
        `A/V sync, ${mode} (audio − video, ms): bare MediaRecorder ${bare.map((p) => ms(p.offset)).join(', ')}\n` +
          `  the app ${pairs.map((p) => ms(p.offset)).join(', ')}\n  the app against bare: ${relative.join(', ')}`,
      );
      // About one pair a second for the 10 s recorded.
      expect(pairs.length).toBeGreaterThanOrEqual(8);
      expect(bare.length).toBeGreaterThanOrEqual(8);
      // Within half a frame of bare MediaRecorder in the median; no pair more than a frame and a half off
      // (a flash frame dropped or late on a busy machine moves one pair by a frame).
      expect(Math.abs(median(relative))).toBeLessThanOrEqual(FRAME_MS / 2);
      expect(Math.max(...relative.map(Math.abs))).toBeLessThanOrEqual(1.5 * FRAME_MS);
    });
  }
});
