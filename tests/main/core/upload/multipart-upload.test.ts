import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { AbortMultipartUploadCommand, CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadFile } from '../../../../main/core/upload/multipart-upload';
import { s3Operations, type S3Connection } from '../../../../main/core/upload/s3-client';
import { UploadError, type S3Operations } from '../../../../main/core/upload/s3-operations';
import { makeTempDir } from '../../../helpers/media';
import { cuttableProxy } from '../../../helpers/cuttable-proxy';
import { startS3TestServer, testClient, type S3TestServer } from '../../../helpers/s3-test-server';

// A real S3 server (Ceph's RADOS Gateway, on loopback): resume, verification and the server's own
// quirks (an empty ETag from Complete, NoSuchKey for a forgotten upload) are what is tested here.
let server: S3TestServer;
let connection: S3Connection;
let admin: ReturnType<typeof testClient>;
let dir: string;
const MiB = 1024 * 1024;
const PART = 5 * MiB;

beforeAll(async () => {
  server = await startS3TestServer();
  connection = {
    endpoint: server.endpoint,
    region: server.region,
    bucket: 'lessons',
    accessKeyId: server.accessKeyId,
    secretAccessKey: server.secretAccessKey,
    pathStyle: true,
  };
  admin = testClient(server);
  await admin.send(new CreateBucketCommand({ Bucket: 'lessons' }));
  dir = await makeTempDir('upload');
}, 120_000);

afterAll(async () => {
  admin?.destroy();
  await server?.stop();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

async function lessonFile(name: string, bytes: number): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, randomBytes(bytes));
  return file;
}

async function objectBytes(key: string): Promise<Buffer> {
  const object = await admin.send(new GetObjectCommand({ Bucket: 'lessons', Key: key }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

/** The real client, counting the parts it sends and, on request, stopping the upload after `stopAfter` of them (the app quits). */
function countingOperations(stopAfter?: { parts: number; controller: AbortController }) {
  const real = s3Operations(connection);
  const sent: number[] = [];
  const operations: S3Operations = {
    ...real,
    uploadPart: async (...args) => {
      const etag = await real.uploadPart(...args);
      sent.push(args[2]);
      if (stopAfter && sent.length >= stopAfter.parts) stopAfter.controller.abort();
      return etag;
    },
  };
  return { operations, sent, close: () => real.close() };
}

async function journalledParts(journalFile: string): Promise<number> {
  const journal = await fs.readFile(journalFile, 'utf8').catch(() => '');
  return journal ? (JSON.parse(journal) as { parts: unknown[] }).parts.length : 0;
}

/** Starts uploading `file` and stops after `parts` parts, as an app that quits mid-upload; answers the parts sent. */
async function stoppedAfter(parts: number, file: string, key: string, journalFile: string): Promise<number[]> {
  const controller = new AbortController();
  const counting = countingOperations({ parts, controller });
  await expect(uploadFile(file, key, { s3: counting.operations, journalFile, partBytes: PART, signal: controller.signal })).rejects.toThrow();
  counting.close();
  return counting.sent;
}

describe('a lesson uploaded by S3 multipart upload, to a real server', () => {
  it('arrives whole, and counts only once the server’s size and multipart ETag are checked against the file', async () => {
    const file = await lessonFile('whole.mp4', 3 * PART + 123_456);
    const { operations, sent, close } = countingOperations();
    const progress: number[] = [];
    const result = await uploadFile(file, '2026/12/Whole.mp4', {
      s3: operations,
      journalFile: path.join(dir, 'whole.json'),
      partBytes: PART,
      onProgress: (bytes) => progress.push(bytes),
    });
    close();
    expect(sent).toEqual([1, 2, 3, 4]);
    expect(result).toMatchObject({ key: '2026/12/Whole.mp4', alreadyThere: false, partsSent: 4, partsKept: 0 });
    expect(result.etag).toMatch(/^[0-9a-f]{32}-4$/);
    expect(progress.at(-1)).toBe(3 * PART + 123_456);
    expect((await objectBytes('2026/12/Whole.mp4')).equals(await fs.readFile(file))).toBe(true);
    // Done: no journal left behind.
    await expect(fs.stat(path.join(dir, 'whole.json'))).rejects.toThrow();
  });

  it('goes on after the app stopped mid-way: the parts the server has are not sent again, even one the journal missed', async () => {
    const file = await lessonFile('resumed.mp4', 4 * PART + 1000);
    const journalFile = path.join(dir, 'resumed.json');
    const first = await stoppedAfter(3, file, 'Resumed.mp4', journalFile);
    expect(first).toEqual([1, 2, 3]);
    // As if the app was killed after part 3's answer but before its journal entry was written.
    const journal = JSON.parse(await fs.readFile(journalFile, 'utf8')) as { parts: Array<{ partNumber: number }> };
    journal.parts = journal.parts.filter((part) => part.partNumber !== 3);
    await fs.writeFile(journalFile, JSON.stringify(journal));

    const second = countingOperations();
    const result = await uploadFile(file, 'Resumed.mp4', { s3: second.operations, journalFile, partBytes: PART });
    second.close();
    expect(second.sent).toEqual([4, 5]);
    expect(result).toMatchObject({ partsSent: 2, partsKept: 3, alreadyThere: false });
    expect((await objectBytes('Resumed.mp4')).equals(await fs.readFile(file))).toBe(true);
  });

  it('goes on after the app was killed mid-upload (SIGKILL): the server’s parts are kept, and the object’s SHA-256 is the file’s', async () => {
    const file = await lessonFile('killed.mp4', 24 * PART + 3);
    const journalFile = path.join(dir, 'killed.json');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'tests/main/core/upload/support/upload-in-child.ts',
        JSON.stringify({ connection, file, key: 'Killed.mp4', journalFile, partBytes: PART }),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Killed once a few parts are journalled, long before the last of the 25.
    await expect.poll(async () => journalledParts(journalFile), { timeout: 30_000, interval: 10 }).toBeGreaterThanOrEqual(3);
    child.kill('SIGKILL');
    await exited;
    const before = await journalledParts(journalFile);
    expect(before).toBeLessThan(25);

    const again = countingOperations();
    const result = await uploadFile(file, 'Killed.mp4', { s3: again.operations, journalFile, partBytes: PART });
    again.close();
    console.log(`[killed] ${before} of 25 parts journalled at the kill; then ${result.partsKept} kept, ${result.partsSent} sent`);
    expect(result.partsKept).toBeGreaterThanOrEqual(before);
    expect(result.partsKept + result.partsSent).toBe(25);
    expect(again.sent).not.toContain(1);
    const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
    expect(sha256(await objectBytes('Killed.mp4'))).toBe(sha256(await fs.readFile(file)));
  });

  it('starts a new upload when the server has forgotten the old one (aborted or expired), and still verifies', async () => {
    const file = await lessonFile('forgotten.mp4', 2 * PART + 10);
    const journalFile = path.join(dir, 'forgotten.json');
    expect(await stoppedAfter(1, file, 'Forgotten.mp4', journalFile)).toEqual([1]);
    const { uploadId } = JSON.parse(await fs.readFile(journalFile, 'utf8')) as { uploadId: string };
    await admin.send(new AbortMultipartUploadCommand({ Bucket: 'lessons', Key: 'Forgotten.mp4', UploadId: uploadId }));

    const second = countingOperations();
    const result = await uploadFile(file, 'Forgotten.mp4', { s3: second.operations, journalFile, partBytes: PART });
    second.close();
    expect(second.sent).toEqual([1, 2, 3]);
    expect(result.partsKept).toBe(0);
    expect((await objectBytes('Forgotten.mp4')).equals(await fs.readFile(file))).toBe(true);
  });

  it('sends nothing for a lesson already there, and never overwrites a different object at its key', async () => {
    const file = await lessonFile('twice.mp4', PART + 99);
    await uploadFile(file, 'Twice.mp4', { s3: s3Operations(connection), journalFile: path.join(dir, 'twice-1.json'), partBytes: PART });
    const again = countingOperations();
    const result = await uploadFile(file, 'Twice.mp4', { s3: again.operations, journalFile: path.join(dir, 'twice-2.json'), partBytes: PART });
    again.close();
    expect(again.sent).toEqual([]);
    expect(result).toMatchObject({ key: 'Twice.mp4', alreadyThere: true });

    await admin.send(new PutObjectCommand({ Bucket: 'lessons', Key: 'Taken.mp4', Body: 'someone else’s file' }));
    const other = await lessonFile('taken.mp4', 1000);
    const placed = await uploadFile(other, 'Taken.mp4', { s3: s3Operations(connection), journalFile: path.join(dir, 'taken.json'), partBytes: PART });
    expect(placed.key).toBe('Taken (2).mp4');
    expect((await objectBytes('Taken.mp4')).toString()).toBe('someone else’s file');
    expect((await objectBytes('Taken (2).mp4')).equals(await fs.readFile(other))).toBe(true);
  });

  it('a lesson changed since its upload began (trimmed) is sent anew: the old parts are of another file', async () => {
    const file = await lessonFile('trimmed.mp4', 2 * PART + 5);
    const journalFile = path.join(dir, 'trimmed.json');
    expect(await stoppedAfter(1, file, 'Trimmed.mp4', journalFile)).toEqual([1]);
    await fs.writeFile(file, randomBytes(PART + 7));
    const second = countingOperations();
    await uploadFile(file, 'Trimmed.mp4', { s3: second.operations, journalFile, partBytes: PART });
    second.close();
    expect(second.sent).toEqual([1, 2]);
    expect((await objectBytes('Trimmed.mp4')).equals(await fs.readFile(file))).toBe(true);
  });

  it('a connection cut in the middle of a part fails as unreachable, and the next try sends only what the server lacks', async () => {
    const file = await lessonFile('cut.mp4', 3 * PART - 1);
    const journalFile = path.join(dir, 'cut.json');
    const proxy = await cuttableProxy(new URL(server.endpoint).port);
    const throughProxy = { ...connection, endpoint: proxy.endpoint };
    proxy.cutAfter(PART + 2 * MiB);
    const problem = await uploadFile(file, 'Cut.mp4', { s3: s3Operations(throughProxy), journalFile, partBytes: PART }).then(
      () => 'uploaded',
      (error: unknown) => (error instanceof UploadError ? error.problem : String(error)),
    );
    expect(problem).toBe('unreachable');
    expect(proxy.cuts).toBeGreaterThan(0);
    proxy.mend();
    const again = countingOperations();
    const result = await uploadFile(file, 'Cut.mp4', { s3: { ...again.operations }, journalFile, partBytes: PART });
    again.close();
    expect(result.partsKept).toBe(1);
    expect(again.sent).toEqual([2, 3]);
    expect((await objectBytes('Cut.mp4')).equals(await fs.readFile(file))).toBe(true);
    await proxy.close();
  });

  it('says what is wrong, as a problem the page can word: wrong key, no such bucket, unreachable', async () => {
    const file = await lessonFile('problems.mp4', 1000);
    const problemOf = (settings: Partial<S3Connection>) =>
      uploadFile(file, 'Problem.mp4', { s3: s3Operations({ ...connection, ...settings }), journalFile: path.join(dir, 'problem.json') }).then(
        () => 'uploaded',
        (error: unknown) => (error instanceof UploadError ? error.problem : String(error)),
      );
    expect(await problemOf({ secretAccessKey: 'not-the-secret' })).toBe('wrong-key');
    expect(await problemOf({ accessKeyId: 'NOSUCHKEY' })).toBe('wrong-key');
    expect(await problemOf({ bucket: 'no-such-bucket' })).toBe('no-such-bucket');
    const closedPort = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    expect(await problemOf({ endpoint: `http://127.0.0.1:${closedPort}` })).toBe('unreachable');
  });
});
