import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode, Result, UploadStatus } from '../../../../common/ipc-contract';
import { DEFAULT_KEY_PREFIX, type UploadSettings } from '../../../../common/settings';
import { s3Operations } from '../../../../main/core/upload/s3-client';
import type { SecretCipher } from '../../../../main/core/upload/secret-store';
import { makeRecording, makeTempDir, readChunks } from '../../../helpers/media';
import { startS3TestServer, testClient, uploadSettingsFor, type S3TestServer } from '../../../helpers/s3-test-server';
import { createHarness, H264_MIME, okValue, type HarnessOptions, type ServiceHarness } from '../../../helpers/service';

// The uploads as the page drives them, through the IPC handlers of a real RecorderService, against a real
// S3 server (Ceph's RADOS Gateway on loopback): a lesson recorded and saved reaches the bucket by itself,
// "Test connection" names what is wrong, the secret is sealed, the school's settings file is checked whole.
let server: S3TestServer;
let admin: ReturnType<typeof testClient>;
let chunks: Uint8Array[];
let buckets = 0;

beforeAll(async () => {
  server = await startS3TestServer();
  admin = testClient(server);
  chunks = await readChunks(await makeRecording(await makeTempDir('fixtures'), { seconds: 2, codec: 'h264' }), 40_000);
}, 120_000);

afterAll(async () => {
  admin?.destroy();
  await server?.stop();
});

async function newBucket(): Promise<string> {
  const bucket = `center-${++buckets}`;
  await admin.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}

const storageSettings = (bucket: string, overrides: Partial<UploadSettings> = {}) => uploadSettingsFor(server, bucket, overrides);

/** A harness whose uploads point at a fresh bucket, the secret set through the page's channel. */
async function harnessWithStorage(options: HarnessOptions = {}, overrides: Partial<UploadSettings> = {}) {
  const bucket = await newBucket();
  const harness = await createHarness({ ...options, uploads: { uploadRetryDelaysMs: [200], ...options.uploads } });
  okValue(await harness.handlers['settings:update']([{ upload: storageSettings(bucket, overrides) }]));
  okValue(await harness.handlers['upload:set-secret']([{ secret: server.secretAccessKey }]));
  return { harness, bucket };
}

async function recordLesson(harness: ServiceHarness, title: string) {
  const started = okValue(await harness.handlers['session:start']([{ title, mimeType: H264_MIME, hasAudio: true }]));
  for (const [seq, data] of chunks.entries())
    okValue(await harness.handlers['session:append-chunk']([{ sessionId: started.sessionId, recorder: 1, seq, data }]));
  return okValue(await harness.handlers['session:stop']([{ sessionId: started.sessionId }]));
}

function uploadEvents(harness: ServiceHarness): UploadStatus[] {
  return harness.events.filter((event) => event.channel === 'uploads:changed').map((event) => event.payload as UploadStatus);
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function statusOf(harness: ServiceHarness): Promise<UploadStatus> {
  return okValue(await harness.handlers['uploads:get']([]));
}

async function keysIn(bucket: string): Promise<string[]> {
  const listed = await admin.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (listed.Contents ?? []).map((object) => object.Key!).sort();
}

const codeOf = (result: Result<unknown>): ErrorCode | 'ok' => (result.ok ? 'ok' : result.error.code);

describe('uploads, as the page drives them', () => {
  it('sends a lesson once it is saved, says so in the list and in events, and follows a rename without sending it again', async () => {
    const { harness, bucket } = await harnessWithStorage();
    const lesson = await recordLesson(harness, 'Fractions');
    await until('uploaded', async () =>
      (await statusOf(harness)).lessons.some((item) => item.lessonId === lesson.lessonId && item.upload.state === 'uploaded'),
    );
    const month = new Date();
    const key = `North School/Ms Li/${month.getFullYear()}/${String(month.getMonth() + 1).padStart(2, '0')}/${lesson.fileName}`;
    expect(await keysIn(bucket)).toEqual([key]);
    const object = await admin.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    expect(sha(await object.Body!.transformToByteArray())).toBe(sha(await fs.readFile(path.join(harness.saveFolder, lesson.fileName))));

    const states = uploadEvents(harness).flatMap((status) =>
      status.lessons.filter((item) => item.lessonId === lesson.lessonId).map((item) => item.upload.state),
    );
    expect(states).toContain('uploading');
    expect(states.at(-1)).toBe('uploaded');
    expect(await statusOf(harness)).toMatchObject({ pending: 0, failed: 0, secret: 'weak' });
    const listed = okValue(await harness.handlers['lessons:list']([]));
    expect(listed.find((item) => item.lessonId === lesson.lessonId)?.upload).toEqual({ state: 'uploaded' });

    okValue(await harness.handlers['lesson:rename']([{ lessonId: lesson.lessonId, title: 'Fractions week 2' }]));
    const after = okValue(await harness.handlers['lessons:list']([]));
    expect(after.find((item) => item.lessonId === lesson.lessonId)).toMatchObject({ lessonTitle: 'Fractions week 2', upload: { state: 'uploaded' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await keysIn(bucket)).toEqual([key]);
    await harness.service.shutdown();
  });

  it('does not upload a lesson while uploads are off (the default)', async () => {
    const harness = await createHarness();
    const lesson = await recordLesson(harness, 'Not sent');
    const listed = okValue(await harness.handlers['lessons:list']([]));
    expect(listed.find((item) => item.lessonId === lesson.lessonId)?.upload).toBeUndefined();
    expect(await statusOf(harness)).toMatchObject({ pending: 0, lessons: [], secret: 'none' });
    expect((await harness.service.getState()).uploads.pending).toBe(0);
    await harness.service.shutdown();
  });

  it('retries a failed lesson on Retry: a lesson file gone then back', async () => {
    const { harness } = await harnessWithStorage();
    okValue(await harness.handlers['upload:set-secret']([{ secret: '' }])); // not set up: the lessons wait
    const lesson = await recordLesson(harness, 'Biology');
    await until('waiting, not set up', async () => (await statusOf(harness)).pausedBecause === 'not-set-up');
    const file = path.join(harness.saveFolder, lesson.fileName);
    await fs.rename(file, `${file}.away`);
    okValue(await harness.handlers['upload:set-secret']([{ secret: server.secretAccessKey }]));
    await until('failed: missing', async () => (await statusOf(harness)).lessons.some((item) => item.upload.state === 'failed'));
    expect((await statusOf(harness)).lessons).toEqual([{ lessonId: lesson.lessonId, upload: { state: 'failed', problem: 'missing' } }]);
    await fs.rename(`${file}.away`, file);
    okValue(await harness.handlers['upload:retry']([{ lessonId: lesson.lessonId }]));
    await until('uploaded after Retry', async () => (await statusOf(harness)).lessons[0]?.upload.state === 'uploaded');
    expect(codeOf(await harness.handlers['upload:retry']([{ lessonId: '00000000-0000-4000-8000-000000000000' }]))).toBe('unknown-lesson');
    await harness.service.shutdown();
  });

  it('"Test connection" names what is wrong: not set up, wrong key, no such bucket, unreachable, clock off; and ok', async () => {
    let clockOffsetMs = 0;
    const uploadStorage: NonNullable<HarnessOptions['uploads']>['uploadStorage'] = (connection, options) =>
      s3Operations(connection, { ...options, clockOffsetMs });
    const { harness, bucket } = await harnessWithStorage({ uploads: { uploadStorage } });
    const test = async () => okValue(await harness.handlers['upload:test']([]));
    const change = async (overrides: Partial<UploadSettings>) =>
      okValue(await harness.handlers['settings:update']([{ upload: storageSettings(bucket, overrides) }]));
    expect(await test()).toEqual({ ok: true, endpoint: server.endpoint });
    expect(await keysIn(bucket)).toEqual([]); // the probe leaves nothing

    okValue(await harness.handlers['upload:set-secret']([{ secret: `${server.secretAccessKey.slice(0, -1)}#` }]));
    expect(await test()).toMatchObject({ ok: false, problem: 'wrong-key' });
    okValue(await harness.handlers['upload:set-secret']([{ secret: server.secretAccessKey }]));
    await change({ accessKeyId: 'NOSUCHKEY' });
    expect(await test()).toMatchObject({ ok: false, problem: 'wrong-key' });
    await change({ bucket: 'no-such-bucket-here' });
    expect(await test()).toMatchObject({ ok: false, problem: 'no-such-bucket' });
    const closedPort = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    await change({ endpoint: `http://127.0.0.1:${closedPort}` });
    expect(await test()).toMatchObject({ ok: false, problem: 'unreachable' });
    await change({});
    clockOffsetMs = 60 * 60 * 1000;
    expect(await test()).toMatchObject({ ok: false, problem: 'clock-off' });
    clockOffsetMs = 0;
    okValue(await harness.handlers['upload:set-secret']([{ secret: '' }]));
    expect(await test()).toMatchObject({ ok: false, problem: 'not-set-up' });
    await harness.service.shutdown();
  });

  it('seals the secret with the cipher it is given, never keeps it in settings.json, and refuses a malformed one', async () => {
    const key = randomBytes(32);
    const cipher: SecretCipher = {
      protection: async () => 'os',
      seal: async (secret) => {
        const iv = randomBytes(12);
        const sealing = createCipheriv('aes-256-gcm', key, iv);
        const body = Buffer.concat([sealing.update(secret, 'utf8'), sealing.final()]);
        return Buffer.concat([iv, sealing.getAuthTag(), body]);
      },
      open: async (sealed) => {
        const opening = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
        opening.setAuthTag(sealed.subarray(12, 28));
        return { secret: Buffer.concat([opening.update(sealed.subarray(28)), opening.final()]).toString('utf8'), sealAgain: false };
      },
    };
    const { harness } = await harnessWithStorage({ uploads: { secretCipher: cipher } });
    expect((await statusOf(harness)).secret).toBe('os');
    expect(okValue(await harness.handlers['upload:test']([]))).toMatchObject({ ok: true });
    const everything = await Promise.all(
      (await fs.readdir(harness.stateDir, { recursive: true })).map((name) => fs.readFile(path.join(harness.stateDir, name)).catch(() => Buffer.alloc(0))),
    );
    expect(everything.some((bytes) => bytes.includes(server.secretAccessKey))).toBe(false);
    expect(codeOf(await harness.handlers['upload:set-secret']([{ secret: 'two words' }]))).toBe('invalid-request');
    expect(codeOf(await harness.handlers['upload:set-secret']([{ secret: 'x'.repeat(201) }]))).toBe('invalid-request');
    expect((await statusOf(harness)).secret).toBe('os');
    okValue(await harness.handlers['upload:set-secret']([{ secret: '' }]));
    expect((await statusOf(harness)).secret).toBe('none');
    await harness.service.shutdown();
  });

  it("loads the school's settings file whole, or changes nothing and says which field is wrong", async () => {
    const dir = await makeTempDir('school-file');
    const dialog: { chosen?: string } = {};
    const bucket = await newBucket();
    const harness = await createHarness({ uploads: { chooseSettingsFile: async () => dialog.chosen } });
    const file = path.join(dir, 'school.json');
    await fs.writeFile(
      file,
      JSON.stringify({ endpoint: server.endpoint, bucket, accessKeyId: server.accessKeyId, school: 'North School', secretAccessKey: server.secretAccessKey }),
    );
    expect(okValue(await harness.handlers['upload:import-settings']([]))).toBeNull(); // cancelled
    dialog.chosen = file;
    const settings = okValue(await harness.handlers['upload:import-settings']([]));
    expect(settings?.upload).toMatchObject({ enabled: true, endpoint: server.endpoint, bucket, school: 'North School', keyPrefix: DEFAULT_KEY_PREFIX });
    expect(okValue(await harness.handlers['upload:test']([]))).toMatchObject({ ok: true });

    await fs.writeFile(file, JSON.stringify({ bucket: 'other', endpoint: 'ftp://nas' }));
    const refused = await harness.handlers['upload:import-settings']([]);
    expect(refused.ok ? 'ok' : refused.error.message).toMatch(/endpoint/);
    await fs.writeFile(file, '{ not json');
    expect(codeOf(await harness.handlers['upload:import-settings']([]))).toBe('invalid-request');
    expect((await harness.service.getState()).settings.upload.bucket).toBe(bucket);

    const browserMode = await createHarness();
    expect(codeOf(await browserMode.handlers['upload:import-settings']([]))).toBe('unsupported');
    await harness.service.shutdown();
    await browserMode.service.shutdown();
  });

  it('refuses storage settings that are not of their shape, keeping the ones in force', async () => {
    const { harness, bucket } = await harnessWithStorage();
    for (const bad of [{ endpoint: 'nas.school.lan' }, { maxMbps: -1 }, { trashAfterDays: 1.5 }, { bucket: 'a\nb' }]) {
      expect(codeOf(await harness.handlers['settings:update']([{ upload: { ...storageSettings(bucket), ...bad } }]))).toBe('invalid-request');
    }
    expect(codeOf(await harness.handlers['settings:update']([{ upload: { enabled: false } }]))).toBe('invalid-request');
    expect((await harness.service.getState()).settings.upload).toEqual(storageSettings(bucket));
    await harness.service.shutdown();
  });
});
