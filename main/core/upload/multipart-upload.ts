import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import { readJsonOrUndefined, writeJsonAtomic } from '../storage/atomic-json';
import { plainEtag, UploadError, type S3Operations } from './s3-operations';

/** S3 refuses parts under 5 MiB (but the last) and uploads of more than 10 000 parts. */
const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_PARTS = 10_000;
/** 8 MiB parts: an hour's lesson (~500 MB) is ~60 parts, and a cut connection resends at most 8 MiB. */
export const DEFAULT_PART_BYTES = 8 * 1024 * 1024;

/**
 * What is journalled as each part completes, so an upload goes on after a restart instead of starting
 * again from zero (Cap #749). The server has the last word: ListParts decides what is really there.
 */
const UploadJournalShape = v.object({
  file: v.string(),
  size: v.number(),
  mtimeMs: v.number(),
  /** The key asked for; `key` may carry a suffix when another object already had that name. */
  requestedKey: v.string(),
  key: v.string(),
  uploadId: v.string(),
  partBytes: v.number(),
  parts: v.array(v.object({ partNumber: v.number(), size: v.number(), md5: v.string(), etag: v.string() })),
});
type UploadJournal = v.InferOutput<typeof UploadJournalShape>;
type SentPart = UploadJournal['parts'][number];

export interface UploadOptions {
  s3: S3Operations;
  /** Where this file's upload is journalled (one JSON file per lesson, in the app's state folder). */
  journalFile: string;
  partBytes?: number;
  onProgress?: (sentBytes: number, totalBytes: number) => void;
  /** Stops between parts (the network went, a lesson started recording, the app quits); the journal stays. */
  signal?: AbortSignal;
}

export interface UploadResult {
  /** Where the lesson is now (the asked-for key, or with a suffix when another object had it). */
  key: string;
  /** The server's ETag, checked equal to the one computed here from the file's parts. */
  etag: string;
  /** The same file was there already (same size and ETag): nothing was sent. */
  alreadyThere: boolean;
  partsSent: number;
  /** Parts the server already had from an earlier try, not sent again. */
  partsKept: number;
}

/**
 * Uploads `file` to `key` by S3 multipart upload, resumably, and answers only once the server's object is
 * verified to be the file: HeadObject's size equals the file's, and its ETag the multipart ETag computed
 * here (the MD5 of the parts' MD5s, "-N"). The local file is never touched. An object already at `key`
 * that is the same file counts as uploaded; a different one is never overwritten (a suffix is added).
 */
export async function uploadFile(file: string, key: string, options: UploadOptions): Promise<UploadResult> {
  const { s3 } = options;
  const stat = await fs.stat(file);
  const partBytes = partSizeFor(stat.size, options.partBytes ?? DEFAULT_PART_BYTES);
  let journal = await readJournal(options.journalFile);
  if (journal && (journal.file !== file || journal.size !== stat.size || journal.mtimeMs !== stat.mtimeMs || journal.requestedKey !== key)) {
    // The lesson changed (trimmed, say) since that upload began: its parts are of another file.
    await s3.abort(journal.key, journal.uploadId).catch(() => undefined);
    journal = undefined;
  }
  if (!journal) {
    const free = await freeKeyFor(file, key, stat.size, partBytes, s3);
    if (free.alreadyThere) {
      await fs.rm(options.journalFile, { force: true });
      return { key: free.key, etag: free.etag, alreadyThere: true, partsSent: 0, partsKept: 0 };
    }
    journal = {
      file,
      size: stat.size,
      mtimeMs: stat.mtimeMs,
      requestedKey: key,
      key: free.key,
      uploadId: await s3.createUpload(free.key),
      partBytes,
      parts: [],
    };
    await writeJsonAtomic(options.journalFile, journal);
  }

  const handle = await fs.open(file, 'r');
  try {
    const kept = await partsTheServerHas(journal, s3, handle);
    if (kept === 'no-such-upload') {
      journal = { ...journal, uploadId: await s3.createUpload(journal.key), parts: [] };
    } else journal = { ...journal, parts: kept };
    await writeJsonAtomic(options.journalFile, journal);
    const partsKept = journal.parts.length;
    let partsSent = 0;
    const count = Math.max(1, Math.ceil(stat.size / journal.partBytes));
    const layout = journal;
    const missing = Array.from({ length: count }, (_, i) => i + 1).filter((n) => !layout.parts.some((part) => part.partNumber === n));
    const prepare = (partNumber: number) => readPart(handle, layout, partNumber).then((body) => ({ body, md5: createHash('md5').update(body).digest() }));
    // The next part is read and hashed while this one is sent, so the disk and MD5 do not wait on the
    // network (bench/upload-throughput.ts could not tell the gain from its noise on loopback). At most two
    // parts are in memory.
    let next = missing.length > 0 ? prepare(missing[0]!) : undefined;
    for (const [index, partNumber] of missing.entries()) {
      options.signal?.throwIfAborted();
      const { body, md5 } = await next!;
      next = index + 1 < missing.length ? prepare(missing[index + 1]!) : undefined;
      // Failing here leaves the read-ahead behind: its own failure then means nothing.
      next?.catch(() => undefined);
      const etag = plainEtag(await s3.uploadPart(journal.key, journal.uploadId, partNumber, body, md5.toString('base64')));
      if (etag !== md5.toString('hex')) throw new UploadError('not-verified', `part ${partNumber} arrived as ${etag}, sent as ${md5.toString('hex')}`);
      journal = { ...journal, parts: [...journal.parts, { partNumber, size: body.length, md5: md5.toString('hex'), etag }] };
      await writeJsonAtomic(options.journalFile, journal);
      partsSent++;
      options.onProgress?.(
        journal.parts.reduce((sum, part) => sum + part.size, 0),
        stat.size,
      );
    }
    const now = await handle.stat();
    if (now.size !== journal.size || now.mtimeMs !== journal.mtimeMs) throw new UploadError('changed', `${path.basename(file)} changed while it was sent`);
    const parts = [...journal.parts].sort((a, b) => a.partNumber - b.partNumber);
    await s3.complete(journal.key, journal.uploadId, parts);
    // Checked with HeadObject, never with Complete's answer (Ceph's gateway answers it with an empty ETag).
    const expected = multipartEtag(parts.map((part) => part.md5));
    const head = await s3.head(journal.key);
    if (!head || head.size !== journal.size || head.etag !== expected) {
      throw new UploadError(
        'not-verified',
        `the server holds ${head ? `${head.size} bytes, ETag ${head.etag}` : 'nothing'}; expected ${journal.size} bytes, ETag ${expected}`,
      );
    }
    await fs.rm(options.journalFile, { force: true });
    return { key: journal.key, etag: head.etag, alreadyThere: false, partsSent, partsKept };
  } finally {
    await handle.close();
  }
}

/** S3's multipart ETag: the MD5 of the parts' MD5s (as bytes), then "-" and the number of parts. */
export function multipartEtag(partMd5Hex: string[]): string {
  const whole = createHash('md5');
  for (const md5 of partMd5Hex) whole.update(Buffer.from(md5, 'hex'));
  return `${whole.digest('hex')}-${partMd5Hex.length}`;
}

function partSizeFor(size: number, wanted: number): number {
  const mib = 1024 * 1024;
  return Math.max(MIN_PART_BYTES, wanted, Math.ceil(size / MAX_PARTS / mib) * mib);
}

async function readJournal(file: string): Promise<UploadJournal | undefined> {
  const parsed = v.safeParse(UploadJournalShape, await readJsonOrUndefined(file));
  return parsed.success ? parsed.output : undefined;
}

async function readPart(handle: fs.FileHandle, journal: UploadJournal, partNumber: number): Promise<Buffer> {
  const offset = (partNumber - 1) * journal.partBytes;
  const length = Math.min(journal.partBytes, journal.size - offset);
  const body = Buffer.alloc(length);
  const { bytesRead } = await handle.read(body, 0, length, offset);
  if (bytesRead !== length) throw new UploadError('changed', `part ${partNumber}: read ${bytesRead} of ${length} bytes`);
  return body;
}

/**
 * The journalled parts the server really has (same number, size and ETag), plus any the server has that
 * the journal missed (the app stopped between the part's answer and its journal entry) whose bytes match
 * the file's. A part the server lacks, or holds different, is sent again.
 */
async function partsTheServerHas(journal: UploadJournal, s3: S3Operations, handle: fs.FileHandle): Promise<SentPart[] | 'no-such-upload'> {
  const listed = await s3.listParts(journal.key, journal.uploadId);
  if (listed === 'no-such-upload') return listed;
  const kept: SentPart[] = [];
  for (const held of listed) {
    const known = journal.parts.find((part) => part.partNumber === held.partNumber);
    if (known && known.size === held.size && known.etag === plainEtag(held.etag)) {
      kept.push(known);
      continue;
    }
    const body = await readPart(handle, journal, held.partNumber).catch(() => undefined);
    const md5 = body && createHash('md5').update(body).digest('hex');
    if (body && body.length === held.size && md5 === plainEtag(held.etag)) kept.push({ partNumber: held.partNumber, size: held.size, md5, etag: md5 });
  }
  return kept;
}

/**
 * `key`, or `key` with " (2)", " (3)"… before its extension when another object is there. An object there
 * that is this very file (same size and multipart ETag) means the lesson is uploaded already.
 */
async function freeKeyFor(
  file: string,
  key: string,
  size: number,
  partBytes: number,
  s3: S3Operations,
): Promise<{ key: string; alreadyThere: false } | { key: string; alreadyThere: true; etag: string }> {
  let localEtag: string | undefined;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? key : withSuffix(key, n);
    const there = await s3.head(candidate);
    if (!there) return { key: candidate, alreadyThere: false };
    if (there.size === size) {
      localEtag ??= await multipartEtagOfFile(file, size, partBytes);
      if (there.etag === localEtag) return { key: candidate, alreadyThere: true, etag: there.etag };
    }
  }
}

function withSuffix(key: string, n: number): string {
  const extension = path.posix.extname(key);
  return `${key.slice(0, key.length - extension.length)} (${n})${extension}`;
}

async function multipartEtagOfFile(file: string, size: number, partBytes: number): Promise<string> {
  const handle = await fs.open(file, 'r');
  try {
    const md5s: string[] = [];
    const body = Buffer.alloc(Math.min(partBytes, Math.max(size, 1)));
    for (let offset = 0; offset < size || md5s.length === 0; offset += partBytes) {
      const length = Math.min(partBytes, size - offset);
      const { bytesRead } = await handle.read(body, 0, length, offset);
      md5s.push(createHash('md5').update(body.subarray(0, bytesRead)).digest('hex'));
    }
    return multipartEtag(md5s);
  } finally {
    await handle.close();
  }
}
