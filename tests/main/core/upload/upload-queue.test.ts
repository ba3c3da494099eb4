import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UploadSettings } from '../../../../common/settings';
import { s3Operations, type SchoolStorage } from '../../../../main/core/upload/s3-client';
import { UploadQueue, type UploadQueueDeps } from '../../../../main/core/upload/upload-queue';
import { cuttableProxy } from '../../../helpers/cuttable-proxy';
import { makeTempDir } from '../../../helpers/media';
import { startS3TestServer, testClient, uploadSettingsFor, type S3TestServer } from '../../../helpers/s3-test-server';

// The queue against a real S3 server (Ceph's RADOS Gateway on loopback): several lessons one at a time,
// a quit mid-upload, a file renamed while the app was closed, the network gone and back, a lesson that
// starts recording, a wrong key, the bandwidth cap and the clean-up that may only trash verified lessons.
let server: S3TestServer;
let admin: ReturnType<typeof testClient>;
let root: string;
const MiB = 1024 * 1024;
const PART = 5 * MiB;
let bucketCount = 0;

beforeAll(async () => {
  server = await startS3TestServer();
  admin = testClient(server);
  root = await makeTempDir('upload-queue');
}, 120_000);

afterAll(async () => {
  admin?.destroy();
  await server?.stop();
  if (root) await fs.rm(root, { recursive: true, force: true });
});

/** A fresh bucket, save folder and state folder per test, and settings that point at them. */
async function place(overrides: Partial<UploadSettings> = {}) {
  const bucket = `lessons-${++bucketCount}`;
  await admin.send(new CreateBucketCommand({ Bucket: bucket }));
  const folder = await fs.mkdtemp(path.join(root, 'lessons-'));
  const state = await fs.mkdtemp(path.join(root, 'state-'));
  const settings = uploadSettingsFor(server, bucket, overrides);
  return { bucket, folder, state, settings };
}

type Place = Awaited<ReturnType<typeof place>>;

/** The real S3 client, counting the parts sent and the most requests in flight at once. */
function counting() {
  const counts = { parts: 0, inFlight: 0, mostInFlight: 0 };
  const storage: UploadQueueDeps['storage'] = (connection, options) => {
    const real: SchoolStorage = s3Operations(connection, options);
    return {
      ...real,
      uploadPart: async (...args) => {
        counts.inFlight++;
        counts.mostInFlight = Math.max(counts.mostInFlight, counts.inFlight);
        try {
          const etag = await real.uploadPart(...args);
          counts.parts++;
          return etag;
        } finally {
          counts.inFlight--;
        }
      },
    };
  };
  return { counts, storage };
}

function queueFor(where: Place, deps: Partial<UploadQueueDeps> = {}) {
  let settings = where.settings;
  let secret: string | undefined = server.secretAccessKey;
  let recording = false;
  let changes = 0;
  const queue = new UploadQueue({
    folder: path.join(where.state, 'uploads'),
    settings: () => settings,
    secret: async () => secret,
    isRecording: () => recording,
    onChange: () => changes++,
    partBytes: PART,
    retryDelaysMs: [200],
    ...deps,
  });
  return {
    queue,
    set settings(next: UploadSettings) {
      settings = next;
    },
    set secret(next: string | undefined) {
      secret = next;
    },
    set recording(next: boolean) {
      recording = next;
      queue.recordingChanged();
    },
    get changes() {
      return changes;
    },
  };
}

async function lessonFile(where: Place, name: string, bytes: number): Promise<string> {
  const file = path.join(where.folder, name);
  await fs.writeFile(file, randomBytes(bytes));
  return file;
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function stateOf(queue: UploadQueue, file: string) {
  return queue.snapshot().entries.find((entry) => entry.file === file);
}

const uploaded =
  (queue: UploadQueue, ...files: string[]) =>
  () =>
    files.every((file) => stateOf(queue, file)?.state === 'uploaded');

async function sha256OfObject(bucket: string, key: string): Promise<string> {
  const object = await admin.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return createHash('sha256')
    .update(await object.Body!.transformToByteArray())
    .digest('hex');
}

async function sha256OfFile(file: string): Promise<string> {
  return createHash('sha256')
    .update(await fs.readFile(file))
    .digest('hex');
}

async function keysIn(bucket: string): Promise<string[]> {
  const listed = await admin.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (listed.Contents ?? []).map((object) => object.Key!).sort();
}

const lessonDay = new Date(2026, 10, 5, 9, 0).getTime();

describe('the upload queue', () => {
  it('sends several lessons one at a time, each with its chapters file, to the prefix of the lesson’s month, verified', async () => {
    const where = await place();
    const { counts, storage } = counting();
    const { queue } = queueFor(where, { storage });
    const files = [await lessonFile(where, 'Maths 2026-11-05 0900.mp4', 12 * MiB), await lessonFile(where, 'Physics 2026-11-05 1000.mp4', 3 * MiB)];
    await fs.writeFile(path.join(where.folder, 'Physics 2026-11-05 1000.chapters.vtt'), 'WEBVTT\n\n1\n00:00:00.000 --> 00:00:10.000\nPart 1\n');
    await queue.start();
    for (const file of files) await queue.add(file, lessonDay);
    await until('both uploaded', uploaded(queue, ...files));
    expect(counts.mostInFlight).toBe(1);
    expect(await keysIn(where.bucket)).toEqual([
      'North School/Ms Li/2026/11/Maths 2026-11-05 0900.mp4',
      'North School/Ms Li/2026/11/Physics 2026-11-05 1000.chapters.vtt',
      'North School/Ms Li/2026/11/Physics 2026-11-05 1000.mp4',
    ]);
    for (const file of files) expect(await sha256OfObject(where.bucket, stateOf(queue, file)!.key!)).toBe(await sha256OfFile(file));
    // The queue is on disk: a new run knows both are uploaded and sends nothing.
    const again = counting();
    const next = queueFor(where, { storage: again.storage });
    await next.queue.start();
    await next.queue.nudge();
    expect(next.queue.snapshot().entries.map((entry) => entry.state)).toEqual(['uploaded', 'uploaded']);
    expect(again.counts.parts).toBe(0);
    await queue.stop();
    await next.queue.stop();
  });

  it('goes on after the app quit mid-upload from the parts the server has, and the object is the file', async () => {
    const where = await place();
    const file = await lessonFile(where, 'History 2026-11-05 1100.mp4', 22 * MiB);
    const first = counting();
    const before = queueFor(where, { storage: first.storage });
    await before.queue.start();
    await before.queue.add(file, lessonDay);
    await until('two parts sent', () => first.counts.parts >= 2);
    await before.queue.stop();
    expect(stateOf(before.queue, file)?.state).toBe('waiting');
    const sentBefore = first.counts.parts;

    const second = counting();
    const after = queueFor(where, { storage: second.storage });
    await after.queue.start();
    await until('uploaded after the restart', uploaded(after.queue, file));
    // 22 MiB in 5 MiB parts is 5 parts: the second run sends only those the server lacks. The part in
    // flight when the app quit may have reached the server before its answer was lost (then ListParts
    // rightly keeps it: a fresh-clone CI run saw 2 counted, 3 kept), so one fewer may be left to send.
    expect(sentBefore).toBeLessThan(5);
    expect(second.counts.parts).toBeLessThanOrEqual(5 - sentBefore);
    expect(second.counts.parts).toBeGreaterThanOrEqual(5 - sentBefore - 1);
    expect(await sha256OfObject(where.bucket, stateOf(after.queue, file)!.key!)).toBe(await sha256OfFile(file));
    await after.queue.stop();
  });

  it('finds a lesson renamed while the app was closed, and sends it under its new name', async () => {
    const where = await place();
    const file = await lessonFile(where, 'Art 2026-11-05 1300.mp4', 2 * MiB);
    const before = queueFor(where);
    before.secret = undefined; // not set up yet: it waits
    await before.queue.start();
    await before.queue.add(file, lessonDay);
    await before.queue.nudge();
    expect(before.queue.snapshot().pausedBecause).toBe('not-set-up');
    await before.queue.stop();
    const renamed = path.join(where.folder, 'Art with 3B 2026-11-05 1300.mp4');
    await fs.rename(file, renamed);

    const after = queueFor(where);
    await after.queue.start();
    await until('uploaded', uploaded(after.queue, renamed));
    expect(await keysIn(where.bucket)).toEqual(['North School/Ms Li/2026/11/Art with 3B 2026-11-05 1300.mp4']);
    await after.queue.stop();
  });

  it('says a lesson deleted before its turn is missing, and goes on with the next', async () => {
    const where = await place();
    const gone = await lessonFile(where, 'Gone 2026-11-05 1400.mp4', 1 * MiB);
    const kept = await lessonFile(where, 'Kept 2026-11-05 1500.mp4', 1 * MiB);
    const run = queueFor(where);
    await run.queue.start();
    run.recording = true; // both wait…
    await run.queue.add(gone, lessonDay);
    await run.queue.add(kept, lessonDay);
    await fs.rm(gone); // …and one is deleted before its turn
    run.recording = false;
    await until('kept uploaded', uploaded(run.queue, kept));
    expect(stateOf(run.queue, gone)).toMatchObject({ state: 'failed', problem: 'missing' });
    await run.queue.stop();
  });

  it('waits while the network is away and goes on by itself when it is back', async () => {
    const where = await place();
    const proxy = await cuttableProxy(new URL(server.endpoint).port);
    try {
      const file = await lessonFile(where, 'Music 2026-11-05 1600.mp4', 12 * MiB);
      const { counts, storage } = counting();
      // Capped at 3 MB/s, so the cut comes mid-upload even on a loaded machine (unthrottled, the parts
      // could all be sent before the test cuts: a failing CI run under load).
      const run = queueFor({ ...where, settings: { ...where.settings, endpoint: proxy.endpoint, maxMbps: 24 } }, { storage, retryDelaysMs: [300] });
      await run.queue.start();
      await run.queue.add(file, lessonDay);
      await until('a part sent', () => counts.parts >= 1);
      proxy.cutNow();
      await until('paused offline', () => run.queue.snapshot().pausedBecause === 'offline');
      expect(stateOf(run.queue, file)?.state).toBe('waiting');
      // A few retries, each refused: all the while the teacher sees "waiting for the network", never a
      // flicker of "uploading" for each try (a fresh-clone CI run once read the state mid-try).
      const seen = new Set<string>();
      for (const end = Date.now() + 1500; Date.now() < end; await new Promise((resolve) => setTimeout(resolve, 5))) {
        const { pausedBecause, current } = run.queue.snapshot();
        seen.add(current ? 'uploading' : String(pausedBecause));
      }
      expect([...seen]).toEqual(['offline']);
      proxy.mend();
      await until('uploaded once the network is back', uploaded(run.queue, file));
      expect(await sha256OfObject(where.bucket, stateOf(run.queue, file)!.key!)).toBe(await sha256OfFile(file));
      await run.queue.stop();
    } finally {
      await proxy.close();
    }
  });

  it('sends nothing while a lesson records, stops the upload in flight when one starts, and goes on after', async () => {
    const where = await place();
    const file = await lessonFile(where, 'Drama 2026-11-05 1700.mp4', 22 * MiB);
    const { counts, storage } = counting();
    const run = queueFor(where, { storage });
    await run.queue.start();
    run.recording = true;
    await run.queue.add(file, lessonDay);
    await run.queue.nudge();
    expect(run.queue.snapshot().pausedBecause).toBe('recording');
    expect(counts.parts).toBe(0);
    run.recording = false;
    await until('a part sent', () => counts.parts >= 1);
    run.recording = true;
    await until('paused for the recording', () => run.queue.snapshot().pausedBecause === 'recording');
    const sent = counts.parts;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(counts.parts).toBe(sent);
    expect(sent).toBeLessThan(5);
    run.recording = false;
    await until('uploaded after the lesson', uploaded(run.queue, file));
    // 5 parts in all, each sent once; or 4 when the part stopped had reached the server before the abort
    // (seen in a fresh-clone CI run): ListParts then finds it and it is not sent again.
    expect(counts.parts).toBeGreaterThanOrEqual(4);
    expect(counts.parts).toBeLessThanOrEqual(5);
    await run.queue.stop();
  });

  it('uploads while a lesson records when the teacher allows it', async () => {
    const where = await place({ whileRecording: true });
    const file = await lessonFile(where, 'Allowed 2026-11-05 1800.mp4', 1 * MiB);
    const run = queueFor(where);
    await run.queue.start();
    run.recording = true;
    await run.queue.add(file, lessonDay);
    await until('uploaded while recording', uploaded(run.queue, file));
    await run.queue.stop();
  });

  it('marks every waiting lesson failed with a wrong key, and sends them once the key is right', async () => {
    const where = await place();
    const files = [await lessonFile(where, 'A 2026-11-05 0800.mp4', MiB), await lessonFile(where, 'B 2026-11-05 0900.mp4', MiB)];
    const run = queueFor(where);
    run.secret = `${server.secretAccessKey}x`;
    await run.queue.start();
    run.recording = true; // both join before the first is tried
    for (const file of files) await run.queue.add(file, lessonDay);
    run.recording = false;
    await until('both failed', () => files.every((file) => stateOf(run.queue, file)?.state === 'failed'));
    expect(files.map((file) => stateOf(run.queue, file)?.problem)).toEqual(['wrong-key', 'wrong-key']);
    run.secret = server.secretAccessKey;
    await run.queue.setupChanged();
    await until('both uploaded', uploaded(run.queue, ...files));
    await run.queue.stop();
  });

  it('keeps to the bandwidth cap', async () => {
    const where = await place({ maxMbps: 16 }); // 2 MB/s
    const file = await lessonFile(where, 'Capped 2026-11-05 1900.mp4', 6 * MiB);
    const run = queueFor(where);
    await run.queue.start();
    const started = Date.now();
    await run.queue.add(file, lessonDay);
    await until('uploaded', uploaded(run.queue, file));
    // 6 MiB at 2 MB/s cannot take less than 3.1 s (a lower bound: a slow machine only adds to it).
    expect(Date.now() - started).toBeGreaterThan(0.9 * ((6 * MiB) / 2e6) * 1000);
    await run.queue.stop();
  });

  it('moves to the trash only lessons verified on the server, recorded long enough ago, and unchanged since', async () => {
    const days = 24 * 60 * 60 * 1000;
    let now = lessonDay;
    const where = await place({ trashAfterDays: 7 });
    const trashed: string[] = [];
    const trashItem = async (file: string) => {
      trashed.push(path.basename(file));
      await fs.rm(file);
    };
    const verified = await lessonFile(where, 'Verified 2026-11-05 0800.mp4', MiB);
    const edited = await lessonFile(where, 'Edited 2026-11-05 0900.mp4', MiB);
    const failed = await lessonFile(where, 'Failed 2026-11-05 1000.mp4', MiB);
    const run = queueFor(where, { trashItem, now: () => now });
    await run.queue.start();
    await run.queue.add(verified, lessonDay);
    await run.queue.add(edited, lessonDay);
    await until('two uploaded', uploaded(run.queue, verified, edited));
    run.secret = 'not-the-secret';
    await run.queue.add(failed, lessonDay);
    await until('one failed', () => stateOf(run.queue, failed)?.state === 'failed');
    await fs.appendFile(edited, 'changed after it was verified');
    now = lessonDay + 6 * days;
    await run.queue.nudge();
    expect(trashed).toEqual([]);
    now = lessonDay + 8 * days;
    await run.queue.nudge();
    expect(trashed).toEqual(['Verified 2026-11-05 0800.mp4']);
    expect(await fs.stat(failed).then(() => true)).toBe(true);
    expect(await fs.stat(edited).then(() => true)).toBe(true);
    await run.queue.stop();
  });

  it('sends a lesson the app edited after its upload again, beside the first copy (never over it)', async () => {
    const where = await place();
    const file = await lessonFile(where, 'Edit 2026-11-05 1100.mp4', MiB);
    const run = queueFor(where);
    await run.queue.start();
    await run.queue.add(file, lessonDay);
    await until('uploaded', uploaded(run.queue, file));
    await fs.writeFile(file, randomBytes(MiB)); // trimmed, say
    await run.queue.fileChanged(file, file);
    await until('uploaded again', async () => (await keysIn(where.bucket)).length === 2 && stateOf(run.queue, file)?.state === 'uploaded');
    expect(await keysIn(where.bucket)).toEqual([
      'North School/Ms Li/2026/11/Edit 2026-11-05 1100 (2).mp4',
      'North School/Ms Li/2026/11/Edit 2026-11-05 1100.mp4',
    ]);
    expect(await sha256OfObject(where.bucket, stateOf(run.queue, file)!.key!)).toBe(await sha256OfFile(file));
    await run.queue.stop();
  });
});
