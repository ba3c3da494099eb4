import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UploadStatus } from '../../common/ipc-contract';
import { startBrowserApp, useBrowserAppWithChromium, type BrowserApp } from '../helpers/browser-app';
import { launchChromium } from '../helpers/chromium';
import { makeTempDir } from '../helpers/media';
import { startS3TestServer, testClient, type S3TestServer } from '../helpers/s3-test-server';

// Issue #13 through the real UI: the School storage section filled in by the keyboard and mouse, the secret
// key saved, Test connection against a real S3 server (Ceph's RADOS Gateway on loopback) worded for each
// thing that can be wrong, and a lesson recorded in Chromium that the list shows on the school's storage.
let server: S3TestServer;
let admin: ReturnType<typeof testClient>;
const BUCKET = 'lessons';
const SCREENSHOTS = path.resolve('test-output');

beforeAll(async () => {
  server = await startS3TestServer();
  admin = testClient(server);
  await admin.send(new CreateBucketCommand({ Bucket: BUCKET }));
}, 180_000);

afterAll(async () => {
  admin?.destroy();
  await server?.stop();
});

const setup = useBrowserAppWithChromium();

async function openApp(app: BrowserApp, context: Awaited<ReturnType<typeof launchChromium>>['context']): Promise<Page> {
  const page = await context.newPage();
  await page.goto(app.server.url);
  await expect.poll(() => page.locator('button.record').isEnabled(), { timeout: 20_000 }).toBe(true);
  return page;
}

async function uploadSettings(app: BrowserApp) {
  return (await app.service.getState()).settings.upload;
}

/** Types into a box and leaves it with Tab, as a teacher does: the section saves on leaving a field. */
async function type(box: Locator, text: string): Promise<void> {
  await box.fill(text);
  await box.press('Tab');
}

const message = (storage: Locator) => storage.locator('.setting-message');

const AUDIT = readFileSync(path.resolve('tests/e2e/page-scripts/contrast-audit.js'), 'utf8');

/** Every visible text reaches WCAG AA against what it is painted on (tests/e2e/contrast.test.ts's audit). */
async function expectReadable(page: Page): Promise<void> {
  const measured = await page.evaluate<Array<{ text: string; element: string; ratio?: number; required?: number; problem?: string }>>(AUDIT);
  const failing = measured.filter((entry) => entry.problem !== undefined || entry.ratio === undefined || entry.ratio < entry.required!);
  expect(failing.map((entry) => `${entry.element} "${entry.text}" ${entry.ratio?.toFixed(2)}`)).toEqual([]);
}

describe('School storage in Settings, against a real S3 server', () => {
  let page: Page;
  let lessonItem: Locator;

  it('is filled in field by field: a bad address is said beside it and the other fields still save', async () => {
    page = await openApp(setup.app, setup.browser.context);
    const storage = page.getByRole('group', { name: 'School storage' });
    const enabled = storage.getByLabel('Upload lessons to the school’s storage');
    expect(await enabled.isChecked()).toBe(false);
    await enabled.check();
    await expect.poll(async () => (await uploadSettings(setup.app)).enabled).toBe(true);
    // Browser mode has no file dialog: no button that would do nothing.
    expect(await storage.getByRole('button', { name: 'Load the school’s settings file…' }).count()).toBe(0);
    expect(await storage.getByText('{school} {teacher} {YYYY} {MM} {DD} are filled in').isVisible()).toBe(true);
    expect(await storage.getByText('Self-hosted servers such as Ceph or MinIO need this').isVisible()).toBe(true);
    expect(await storage.getByText('Only lessons verified on the school’s storage are moved to the trash').isVisible()).toBe(true);

    const endpoint = storage.getByLabel('Server address', { exact: true });
    await type(endpoint, 'nas.school.lan');
    await expect.poll(() => endpoint.getAttribute('aria-invalid')).toBe('true');
    const problem = 'Type the server address starting with http:// or https://, e.g. https://s3.eu-west-1.amazonaws.com.';
    expect(await storage.locator('#storage-endpoint-problem').textContent()).toBe(problem);
    await type(storage.getByLabel('Bucket', { exact: true }), BUCKET);
    await expect.poll(async () => (await uploadSettings(setup.app)).bucket).toBe(BUCKET);
    expect((await uploadSettings(setup.app)).endpoint).toBe('');
    // The refused text stays for the teacher to mend, and the message says the rest was saved.
    expect(await endpoint.inputValue()).toBe('nas.school.lan');
    expect(await message(storage).textContent()).toBe(`${problem} The other settings were saved.`);
    await expectReadable(page);

    await type(endpoint, server.endpoint);
    await expect.poll(async () => (await uploadSettings(setup.app)).endpoint).toBe(server.endpoint);
    expect(await endpoint.getAttribute('aria-invalid')).toBeNull();
    expect(await storage.locator('#storage-endpoint-problem').isVisible()).toBe(false);
    await type(storage.getByLabel('School', { exact: true }), 'North School');
    await type(storage.getByLabel('Teacher', { exact: true }), 'Ms Li');
    await type(storage.getByLabel('Access key ID', { exact: true }), server.accessKeyId);
    await type(storage.getByLabel('Upload speed limit (megabits per second)'), 'fast');
    expect(await storage.locator('#storage-maxMbps-problem').textContent()).toBe('Upload speed limit (megabits per second): type a number from 0 to 10000.');
    await type(storage.getByLabel('Upload speed limit (megabits per second)'), '0');
    await expect.poll(() => message(storage).textContent()).toBe('School storage settings saved.');
    expect(await uploadSettings(setup.app)).toMatchObject({
      enabled: true,
      endpoint: server.endpoint,
      bucket: BUCKET,
      school: 'North School',
      teacher: 'Ms Li',
      accessKeyId: server.accessKeyId,
      pathStyle: true,
      maxMbps: 0,
    });
  });

  it('saves the secret key without showing it back, warns that this computer keeps it readable, and Test connection words a wrong key', async () => {
    const storage = page.getByRole('group', { name: 'School storage' });
    expect(await storage.getByText('No secret key is stored yet.').isVisible()).toBe(true);
    const secret = storage.getByLabel('Secret key', { exact: true });
    expect(await secret.getAttribute('type')).toBe('password');
    await secret.fill(`${server.secretAccessKey.slice(0, -1)}${server.secretAccessKey.endsWith('0') ? '1' : '0'}`);
    await storage.getByRole('button', { name: 'Save the secret key' }).click();
    await expect.poll(() => message(storage).textContent()).toBe('Secret key saved.');
    expect(await secret.inputValue()).toBe('');
    expect(await storage.getByText('A secret key is stored.').isVisible()).toBe(true);
    // Browser mode seals nothing: the teacher is told so.
    expect(await storage.getByText('this computer has no secure store for secrets').isVisible()).toBe(true);

    await storage.getByRole('button', { name: 'Test connection' }).click();
    await expect
      .poll(() => message(storage).textContent(), { timeout: 30_000 })
      .toBe('The connection does not work: the server did not accept the access key ID or the secret key. Check both.');

    // The right key, saved with Enter, and the test passes.
    await secret.fill(server.secretAccessKey);
    await secret.press('Enter');
    await expect.poll(() => message(storage).textContent()).toBe('Secret key saved.');
    await storage.getByRole('button', { name: 'Test connection' }).click();
    await expect
      .poll(() => message(storage).textContent(), { timeout: 30_000 })
      .toBe(`The connection works: ${server.endpoint} answered and the bucket takes lessons.`);
    await fs.mkdir(SCREENSHOTS, { recursive: true });
    await storage.screenshot({ path: path.join(SCREENSHOTS, 'school-storage.png') });
  });

  it('words a missing bucket and a server that cannot be reached', async () => {
    const storage = page.getByRole('group', { name: 'School storage' });
    const test = async () => {
      await storage.getByRole('button', { name: 'Test connection' }).click();
      await expect.poll(() => message(storage).textContent(), { timeout: 30_000 }).not.toBe('Testing the connection…');
      return message(storage).textContent();
    };
    await type(storage.getByLabel('Bucket', { exact: true }), 'no-such-bucket-here');
    expect(await test()).toBe('The connection does not work: the server has no bucket of that name. Check the bucket’s name.');
    await type(storage.getByLabel('Bucket', { exact: true }), BUCKET);
    await type(storage.getByLabel('Server address', { exact: true }), 'http://127.0.0.1:9');
    expect(await test()).toBe('The connection does not work: the school’s storage could not be reached. Check the network and the server address.');
    await type(storage.getByLabel('Server address', { exact: true }), server.endpoint);
    expect(await test()).toMatch(/^The connection works/);
  });

  it('uploads a lesson recorded through the UI, and the list and the card say it is on the school’s storage', async () => {
    await page.getByLabel('Lesson title').fill('Photosynthesis');
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await page.getByRole('button', { name: 'Stop' }).waitFor();
    await page.waitForTimeout(2500);
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByRole('button', { name: 'Show in folder', exact: true }).waitFor({ timeout: 60_000 });

    lessonItem = page.getByRole('list', { name: 'Lessons' }).getByRole('listitem').filter({ hasText: 'Photosynthesis' });
    await expect.poll(() => lessonItem.locator('.upload-words').textContent(), { timeout: 60_000 }).toBe('On the school’s storage');
    await expect.poll(() => page.locator('.lesson-card .upload-words').textContent()).toBe('On the school’s storage');
    expect(await page.locator('.upload-queue').isVisible()).toBe(false);

    const [mp4] = (await fs.readdir(setup.app.saveFolder)).filter((name) => name.endsWith('.mp4'));
    const now = new Date();
    const prefix = `North School/Ms Li/${now.getFullYear()}/${String(now.getMonth() + 1).padStart(2, '0')}/`;
    const listed = await admin.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
    const object = listed.Contents?.find((item) => item.Key === `${prefix}${mp4}`);
    expect(object?.Size).toBe((await fs.stat(path.join(setup.app.saveFolder, mp4!))).size);
    await expectReadable(page);
  });

  it('updates a badge in place as the queue moves, says why it is paused, and Retry works from the keyboard', async () => {
    const lessonId = (await lessonItem.getByRole('button', { name: /^Rename: / }).getAttribute('data-lesson-id'))!;
    const row = await lessonItem.elementHandle();
    const status = (change: Partial<UploadStatus>): UploadStatus => ({ pending: 0, failed: 0, lessons: [], secret: 'weak', ...change });

    setup.app.emit('uploads:changed', status({ pending: 3, lessons: [{ lessonId, upload: { state: 'uploading', percent: 42 } }] }));
    await expect.poll(() => lessonItem.locator('.upload-words').textContent()).toBe('Uploading: 42 %');
    await expectReadable(page);
    setup.app.emit(
      'uploads:changed',
      status({ pending: 3, failed: 1, pausedBecause: 'recording', lessons: [{ lessonId, upload: { state: 'failed', problem: 'clock-off' } }] }),
    );
    await expect
      .poll(() => lessonItem.locator('.upload-words').textContent())
      .toBe('Not uploaded: this computer’s clock is off; set the right time (the server refuses a computer whose clock is wrong).');
    expect(await page.locator('.upload-queue').innerText()).toBe(
      '2 lessons waiting to upload: paused while a lesson records\n1 lesson could not be uploaded (see Retry in the list)',
    );
    // The failed badge, the queue's line and the secret's warning, on their backgrounds.
    await expectReadable(page);
    setup.app.emit(
      'uploads:changed',
      status({ pending: 1, failed: 1, pausedBecause: 'offline', lessons: [{ lessonId, upload: { state: 'failed', problem: 'unreachable' } }] }),
    );
    await expect.poll(() => page.locator('.upload-queue').innerText()).toBe('1 lesson could not be uploaded (see Retry in the list)');
    // The same row all along: the list was not asked for again.
    expect(await row!.evaluate((element) => element.isConnected)).toBe(true);

    // Retry, from the keyboard: main answers the real queue (the lesson is uploaded), and the keyboard stays on the lesson's upload.
    const retry = lessonItem.getByRole('button', { name: 'Retry the upload: Photosynthesis' });
    await retry.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => lessonItem.locator('.upload-words').textContent()).toBe('On the school’s storage');
    expect(await retry.isVisible()).toBe(false);
    expect(await page.evaluate<string | null>('document.activeElement?.className ?? null')).toBe('upload-state');
    await expect.poll(() => page.locator('.upload-queue').isVisible()).toBe(false);
  });

  it('speaks Chinese: the badge, and Test connection with a wrong key', async () => {
    await setup.app.service.appSettings.update({ language: 'zh-CN' });
    try {
      await page.reload();
      await expect.poll(() => page.getByRole('button', { name: '录制', exact: true }).isEnabled(), { timeout: 20_000 }).toBe(true);
      const item = page.getByRole('list', { name: '课程' }).getByRole('listitem').filter({ hasText: 'Photosynthesis' });
      await expect.poll(() => item.locator('.upload-words').textContent()).toBe('已在学校存储上');
      const storage = page.getByRole('group', { name: '学校存储' });
      expect(await storage.getByText('任何能访问这块磁盘的人都能读取').isVisible()).toBe(true);
      const secret = storage.getByLabel('密钥（Secret Key）', { exact: true });
      await secret.fill('not-the-key');
      await secret.press('Enter');
      await expect.poll(() => message(storage).textContent()).toBe('密钥已保存。');
      await storage.getByRole('button', { name: '测试连接' }).click();
      await expect.poll(() => message(storage).textContent(), { timeout: 30_000 }).toBe('连接不成功：服务器不接受访问密钥 ID 或密钥。请检查这两项。');
      await type(storage.getByLabel('服务器地址', { exact: true }), 'nas.school.lan');
      expect(await storage.locator('#storage-endpoint-problem').textContent()).toBe(
        '请输入以 http:// 或 https:// 开头的服务器地址，例如 https://oss-cn-hangzhou.aliyuncs.com。',
      );
      await page.screenshot({ path: path.join(SCREENSHOTS, 'school-storage-zh.png'), fullPage: true });
    } finally {
      await setup.app.service.appSettings.update({ language: 'system' });
    }
  });
});

describe('the school’s settings file, in the desktop app', () => {
  it('loads the storage settings and the secret from the file chosen; a cancelled dialog changes nothing; a bad file is refused in words', async () => {
    const folder = await makeTempDir('school-file');
    const file = path.join(folder, 'school.json');
    await fs.writeFile(
      file,
      JSON.stringify({
        endpoint: server.endpoint,
        bucket: BUCKET,
        school: 'Hillside',
        accessKeyId: server.accessKeyId,
        secretAccessKey: server.secretAccessKey,
      }),
    );
    const bad = path.join(folder, 'bad.json');
    await fs.writeFile(bad, JSON.stringify({ endpoint: 'nas', bucket: 'x' }));
    let chosen: string | undefined;
    const app = await startBrowserApp({
      desktop: { applyHotkeys: () => [], applyLaunch: () => undefined },
      uploads: { chooseSettingsFile: async () => chosen },
    });
    const browser = await launchChromium();
    try {
      const page = await openApp(app, browser.context);
      const storage = page.getByRole('group', { name: 'School storage' });
      const load = storage.getByRole('button', { name: 'Load the school’s settings file…' });

      chosen = undefined;
      await load.click();
      await page.waitForTimeout(500);
      expect(await message(storage).textContent()).toBe('');
      expect((await uploadSettings(app)).endpoint).toBe('');

      chosen = bad;
      await load.click();
      await expect
        .poll(() => message(storage).textContent())
        .toBe(
          'The school’s settings file could not be loaded: it is not a settings file Classroom Recorder can read, or one of its settings is wrong. Nothing was changed.',
        );

      chosen = file;
      await load.click();
      await expect.poll(() => message(storage).textContent()).toBe('The school’s settings were loaded.');
      expect(await storage.getByLabel('Server address', { exact: true }).inputValue()).toBe(server.endpoint);
      expect(await storage.getByLabel('School', { exact: true }).inputValue()).toBe('Hillside');
      expect(await storage.getByLabel('Upload lessons to the school’s storage').isChecked()).toBe(true);
      expect(await storage.getByText('A secret key is stored.').isVisible()).toBe(true);
      await storage.getByRole('button', { name: 'Test connection' }).click();
      await expect.poll(() => message(storage).textContent(), { timeout: 30_000 }).toMatch(/^The connection works/);
    } finally {
      await browser.close();
      await app.close();
      await fs.rm(folder, { recursive: true, force: true });
    }
  });
});
