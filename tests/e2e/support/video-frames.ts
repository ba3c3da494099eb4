import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { consoleLogOf } from '../../helpers/chromium';

const run = promisify(execFile);

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface RegionStats {
  r: number;
  g: number;
  b: number;
}

/** Presentation times (s) of every video packet, in order. */
export async function videoPacketTimes(file: string): Promise<number[]> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', file]);
  return stdout
    .split('\n')
    .map((line) => Number(line.trim().replace(/,$/, '')))
    .filter((value) => Number.isFinite(value) && value >= 0)
    .sort((a, b) => a - b);
}

/** Frames per second of video between `from` and `to` seconds. */
export function frameRateBetween(times: number[], from: number, to: number): number {
  return times.filter((t) => t >= from && t < to).length / (to - from);
}

/** The longest stretch without a video frame, in seconds. */
export function longestGap(times: number[]): number {
  let gap = 0;
  for (let i = 1; i < times.length; i++) gap = Math.max(gap, times[i]! - times[i - 1]!);
  return gap;
}

/**
 * Decodes every video and audio frame with ffprobe and answers what went wrong: the decoders' errors, and
 * any video frame whose timestamp does not come after the one before. Empty when the file is sound.
 *
 * Why not `ffmpeg -f null` (tests/helpers/media.ts decodesCleanly): it also re-times the frames to a
 * constant rate and reports two frames landing on one tick of that rate as an error. MediaRecorder writes
 * frames when they are captured, so a busy machine's capture jitter trips it (the renderer-restart test
 * failed that way before this change too, 2 runs in 3 on a loaded machine), though every frame decodes
 * and plays.
 */
export async function decodeErrors(file: string): Promise<string> {
  const { stdout, stderr } = await run('ffprobe', ['-v', 'error', '-show_entries', 'frame=media_type,pts_time', '-of', 'csv=p=0', file], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const problems = stderr.trim() ? [stderr.trim()] : [];
  let previous = Number.NEGATIVE_INFINITY;
  for (const line of stdout.split('\n')) {
    const [type, time] = line.trim().split(',');
    if (type !== 'video') continue;
    const pts = Number(time);
    if (!(pts > previous)) problems.push(`video frame at ${time} s does not follow the one at ${previous} s`);
    previous = pts;
  }
  return problems.join('\n');
}

/** Decodes the frame at `seconds` as raw RGB (width × height × 3 bytes). */
export async function frameAt(file: string, seconds: number): Promise<Buffer> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-ss', String(seconds), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], {
    encoding: 'buffer',
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** Mean red, green and blue of a rectangle of a raw RGB frame `width` pixels wide. */
export function regionStats(rgb: Buffer, width: number, region: Region): RegionStats {
  let r = 0;
  let g = 0;
  let b = 0;
  for (let y = region.y; y < region.y + region.height; y++) {
    for (let x = region.x; x < region.x + region.width; x++) {
      const i = (y * width + x) * 3;
      r += rgb[i]!;
      g += rgb[i + 1]!;
      b += rgb[i + 2]!;
    }
  }
  const n = region.width * region.height;
  return { r: r / n, g: g / n, b: b / n };
}

/** A rectangle shrunk by `inset` pixels on each side (away from blended edges). */
export function inset(region: Region, by: number): Region {
  return { x: region.x + by, y: region.y + by, width: region.width - 2 * by, height: region.height - 2 * by };
}

/** Clicks Stop and answers when it was clicked (ms) and, once saved, the file's name. */
export async function stopAndWaitForFile(page: Page): Promise<{ stoppedAt: number; fileName: string }> {
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  const stoppedAt = Date.now();
  await page
    .getByRole('button', { name: 'Show in folder', exact: true })
    .waitFor({ timeout: 60_000 })
    .catch(async (error: Error) => {
      // Say what the page showed instead of the saved lesson: a notice, a stage of finishing, a button.
      const shown = await page
        .locator('body')
        .innerText()
        .catch(() => '(page gone)');
      throw new Error(`${error.message}\nThe page showed instead:\n${shown.slice(0, 1500)}\nIts console said:\n${consoleLogOf(page)}`);
    });
  return { stoppedAt, fileName: (await page.locator('.saved-name').textContent())! };
}
