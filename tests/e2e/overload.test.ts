import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserAppWithChromium } from '../helpers/browser-app';
import { starveChromium } from '../helpers/cpu-hog';

const setup = useBrowserAppWithChromium();
const notices = (page: Page) => page.locator('.notices .notice').allTextContents();
const OVERLOADED =
  /^This computer cannot keep up: the recording is losing frames, so the video will stutter\. Close other programs now; for the next lessons, choose 720p under Recording quality in Settings\./;

/** The MP4's video frames per second of its own time, from ffprobe's packet timestamps. */
async function framesPerSecond(mp4: string): Promise<number[]> {
  const { stdout } = await promisify(execFile)('ffprobe', ['-v', 'error', '-select_streams', 'v', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', mp4]);
  const counts: number[] = [];
  for (const line of stdout.trim().split('\n')) {
    const second = Math.floor(Number(line));
    counts[second] = (counts[second] ?? 0) + 1;
  }
  return Array.from(counts, (count) => count ?? 0);
}

describe('a machine that cannot keep up, in the real renderer with a real CPU hog', () => {
  it('tells the teacher in words with what to do, takes it back when the machine keeps up again, and the receipt counts the frames lost', async () => {
    const page = await setup.browser.context.newPage();
    await page.goto(setup.app.server.url);
    await expect.poll(() => page.getByRole('button', { name: 'Record', exact: true }).isEnabled(), { timeout: 20_000 }).toBe(true);
    await page.getByLabel('Lesson title').fill('Busy machine');
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await page.getByRole('button', { name: 'Stop', exact: true }).waitFor();
    // Unloaded first: no word of overload.
    await page.waitForTimeout(4000);
    expect(await notices(page)).toEqual([]);

    const hog = await starveChromium(setup.browser.userDataDir);
    try {
      // Three seconds behind, then said; a starved page also answers slowly.
      await expect.poll(() => notices(page), { timeout: 30_000, interval: 500 }).toContainEqual(expect.stringMatching(OVERLOADED));
    } finally {
      await hog.release();
    }
    await expect.poll(() => notices(page), { timeout: 20_000, interval: 500 }).not.toContainEqual(expect.stringMatching(OVERLOADED));
    await page.waitForTimeout(2000);

    // Starved again, and Stop pressed while it is: the warning goes with the lesson (the receipt says the rest).
    const again = await starveChromium(setup.browser.userDataDir);
    try {
      await expect.poll(() => notices(page), { timeout: 30_000, interval: 500 }).toContainEqual(expect.stringMatching(OVERLOADED));
      await page.getByRole('button', { name: 'Stop', exact: true }).click();
      await page.getByRole('button', { name: 'Record', exact: true }).waitFor({ timeout: 30_000 });
    } finally {
      await again.release();
    }
    expect(await notices(page)).not.toContainEqual(expect.stringMatching(OVERLOADED));

    const card = page.getByRole('region', { name: 'Lesson saved' });
    await card.waitFor({ timeout: 60_000 });
    const receipt = await card.locator('.receipt li').allTextContents();
    const said = receipt
      .map((line) => /^The computer was too busy: at least (\d+) frames of the picture were lost, so the video stutters in places\.$/.exec(line))
      .find(Boolean);
    expect(said, receipt.join(' | ')).toBeDefined();
    // The count is of what the MP4 really lacks, never more: the seconds of the hog hold far fewer frames
    // than the rest. It is a lower bound: a starved capture also produces fewer frames, which no counter
    // of the page sees (here the receipt said 84 where the MP4 lacked about 190).
    const perSecond = await framesPerSecond(path.join(setup.app.saveFolder, (await card.locator('.saved-name').textContent())!));
    const steady = Math.max(...perSecond);
    const lacking = perSecond.slice(0, -1).reduce((sum, count) => sum + Math.max(0, steady - count), 0);
    console.log(`[overload] receipt: ${said![1]} frames lost; the MP4's frames per second: ${perSecond.join(' ')}`);
    expect(Number(said![1])).toBeGreaterThan(30);
    expect(Number(said![1])).toBeLessThan(lacking + 20);
    expect(Number(said![1])).toBeGreaterThan(lacking * 0.25);
  });
});
