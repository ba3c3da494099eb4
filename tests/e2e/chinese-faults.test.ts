import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserApp, type BrowserApp } from '../helpers/browser-app';
import { launchChromium } from '../helpers/chromium';
import { makeRecording, makeTempDir, readChunks } from '../helpers/media';
import { createHarness, H264_MIME } from '../helpers/service';

/**
 * A teacher who chose Chinese meets every fault the app tells about, and reads no English sentence: the
 * folder gone mid-lesson, the disk nearly full (then full), a lesson recovered after a crash, ffmpeg
 * missing (and the lesson kept, not saved), the window restarted. Main speaks in codes; the page words them.
 */

let browser: Awaited<ReturnType<typeof launchChromium>>;
const apps: BrowserApp[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  for (const app of apps) await app.close();
});

/** Words that are the same in Chinese: file and folder names, formats, the name of the English language, the fake devices. */
const ALLOWED = [
  /\S*[/\\]\S*/g, // paths
  /[^\s“”"()（）]+\.mp4/gi, // file names
  /\b(?:MP4|ffmpeg|H\.264|AAC|USB|English|HD|Full HD|fake_device_\d+|Fake Audio Input \d+|Ctrl|Shift|Alt|F\d+|Classroom Recorder)\b/g,
  /\b\d+p\b/g,
  // The storage's own terms, beside the Chinese words, as the school's handout and the providers' consoles
  // (Aliyun OSS, Tencent COS) print them: the teacher matches them letter by letter.
  /\b(?:Path-style|AccessKey ID|Secret Key|S3|OSS|COS|Ceph|MinIO|Amazon)\b/g,
];

/** Lines of the page's visible text that hold two or more English words in a row, after what is allowed. */
async function englishLines(page: Page): Promise<string[]> {
  const text = await page.locator('body').innerText();
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => {
      let rest = line;
      for (const allowed of ALLOWED) rest = rest.replace(allowed, ' ');
      return /[A-Za-z]{2,}[ ,'’-]+[A-Za-z]{2,}/.test(rest);
    });
}

async function noticesOf(page: Page): Promise<string> {
  return (await page.locator('.notices').textContent()) ?? '';
}

async function openApp(app: BrowserApp): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(app.server.url);
  await page.getByRole('button', { name: '录制', exact: true }).waitFor();
  await expect.poll(() => page.getByRole('button', { name: '录制', exact: true }).isEnabled(), { timeout: 20_000 }).toBe(true);
  return page;
}

async function record(page: Page, title: string): Promise<void> {
  await page.getByLabel('课程名称').fill(title);
  await page.getByRole('button', { name: '录制', exact: true }).click();
  await page.getByRole('button', { name: '停止', exact: true }).waitFor();
}

async function expectNoEnglish(page: Page, when: string): Promise<void> {
  const english = await englishLines(page);
  expect(english, `${when}: English on screen`).toEqual([]);
}

describe('a teacher who chose Chinese, through every fault', () => {
  it('the folder gone mid-lesson, the window restarted, the disk nearly full and then full: all said in Chinese', async () => {
    let free = 1e12;
    const app = await startBrowserApp({ language: 'zh-CN', diskCheckIntervalMs: 500, diskReserveBytes: 100 * 1024 * 1024, freeBytes: async () => free });
    apps.push(app);
    const page = await openApp(app);
    await record(page, '分数');
    await page.waitForTimeout(2500);

    // The save folder is deleted under the lesson: everything is copied to the app's folder, and it goes on.
    await fs.rm(app.saveFolder, { recursive: true, force: true });
    await expect.poll(() => noticesOf(page), { timeout: 15_000 }).toContain('保存文件夹在上课期间消失了');
    await expectNoEnglish(page, 'folder gone');

    // The window restarts (a reload, as a crashed renderer reloaded): the lesson goes on.
    await page.reload();
    await page.getByRole('button', { name: '停止', exact: true }).waitFor({ timeout: 20_000 });
    await expect.poll(() => noticesOf(page), { timeout: 15_000 }).toContain('录制窗口已重新启动');
    await expectNoEnglish(page, 'window restarted');

    // The disk gets short: a warning with the minutes left; then too short: the lesson stops and is saved.
    await page.waitForTimeout(2000);
    free = 100 * 1024 * 1024 + 30 * 1024 * 1024;
    await expect.poll(() => noticesOf(page), { timeout: 15_000 }).toContain('磁盘大约');
    await expectNoEnglish(page, 'disk nearly full');
    free = 1024 * 1024;
    await expect.poll(() => noticesOf(page), { timeout: 20_000 }).toContain('磁盘快满了');
    await page.getByRole('button', { name: '在文件夹中显示', exact: true }).waitFor({ timeout: 60_000 });
    await expectNoEnglish(page, 'disk full, lesson saved');
    await page.close();
  });

  it('a lesson recovered after a crash, then a launch without ffmpeg (the lesson kept, not saved): all said in Chinese', async () => {
    // A lesson the app was killed during, left in the journal.
    const stateDir = await makeTempDir('state');
    const saveFolder = path.join(await makeTempDir('lessons'), 'Classroom Recorder');
    const crashed = await createHarness({ stateDir, saveFolder });
    const started = await crashed.handlers['session:start']([{ title: '', mimeType: H264_MIME, hasAudio: true }]);
    if (!started.ok) throw new Error(started.error.message);
    const chunks = await readChunks(await makeRecording(await makeTempDir('fixtures'), { seconds: 3, codec: 'h264' }), 40_000);
    for (const [seq, data] of chunks.entries())
      await crashed.handlers['session:append-chunk']([{ sessionId: started.value.sessionId, recorder: 1, seq, data }]);
    await crashed.service.shutdown();

    const recovered = await startBrowserApp({ stateDir, saveFolder, language: 'zh-CN' });
    apps.push(recovered);
    let page = await openApp(recovered);
    await expect.poll(() => noticesOf(page)).toContain('已恢复之前中断的课程');
    // The lesson is named in the teacher's language too.
    expect((await fs.readdir(saveFolder)).filter((name) => name.endsWith('.mp4'))).toEqual([expect.stringMatching(/^课堂 .* \(已恢复\)\.mp4$/)]);
    await expect.poll(() => page.locator('.lessons-list:not(.unfinished)').textContent()).toContain('已恢复');
    await expectNoEnglish(page, 'recovered lesson');
    await page.close();
    await recovered.close();
    apps.splice(apps.indexOf(recovered), 1);

    // The next launch has no ffmpeg: the teacher is told, records, and the lesson is kept raw, listed with why.
    const withoutFfmpeg = await startBrowserApp({
      stateDir,
      saveFolder,
      language: 'zh-CN',
      ffmpeg: { available: false, problem: 'The video converter (ffmpeg) was not found.' },
    });
    apps.push(withoutFfmpeg);
    page = await openApp(withoutFfmpeg);
    await expect.poll(() => noticesOf(page)).toContain('缺少视频转换器');
    await record(page, '没有转换器');
    await page.waitForTimeout(2000);
    await page.getByRole('button', { name: '停止', exact: true }).click();
    await expect.poll(() => noticesOf(page), { timeout: 30_000 }).toContain('无法将课程保存为 MP4');
    await expect.poll(() => page.locator('ul.unfinished').textContent(), { timeout: 10_000 }).toContain('尚未保存');
    await expectNoEnglish(page, 'ffmpeg missing, lesson kept');
    await page.close();
  });
});
