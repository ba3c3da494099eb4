import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { plainEtag, UploadError, type S3Operations } from './s3-operations';

/** The school's storage, as its settings describe it. */
export interface S3Connection {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `https://host/bucket/key` instead of `https://bucket.host/key`: what self-hosted servers need. */
  pathStyle: boolean;
}

/** Network errors that mean "not reachable now" (the network went, the address is wrong). */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/** S3 error names, as servers send them, and what each means for the teacher. */
const PROBLEMS: Record<string, UploadError['problem']> = {
  InvalidAccessKeyId: 'wrong-key',
  SignatureDoesNotMatch: 'wrong-key',
  NoSuchBucket: 'no-such-bucket',
  RequestTimeTooSkewed: 'clock-off',
  AccessDenied: 'denied',
  TimeoutError: 'unreachable',
  Forbidden: 'denied',
};

export interface S3ClientOptions {
  /** The bandwidth cap: a part is sent at most this fast (bytes per second); 0 or absent for none. */
  bytesPerSecond?: number;
  /** Stops whatever is being sent (a lesson starts recording, the app quits); the upload goes on later from its journal. */
  signal?: AbortSignal;
  /** Test seam: how far this computer's clock is off (the SDK signs with its clock plus this). */
  clockOffsetMs?: number;
}

/** The S3 calls of uploads, and "Test connection". */
export type SchoolStorage = S3Operations & {
  /**
   * Whether uploads can work: starts a multipart upload to `probeKey` and aborts it, which needs the very
   * rights an upload needs and leaves nothing in the bucket. Throws an UploadError saying why not.
   */
  probe(probeKey: string): Promise<void>;
  close(): void;
};

/** `@aws-sdk/client-s3` as the S3Operations the upload core is written against. */
export function s3Operations(connection: S3Connection, options: S3ClientOptions = {}): SchoolStorage {
  const client = new S3Client({
    systemClockOffset: options.clockOffsetMs ?? 0,
    endpoint: connection.endpoint,
    region: connection.region,
    forcePathStyle: connection.pathStyle,
    credentials: { accessKeyId: connection.accessKeyId, secretAccessKey: connection.secretAccessKey },
    // The SDK's default CRC32 checksums are refused by several S3-compatible servers; Content-MD5 is sent instead.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // A cut connection must fail the part, not hang it: the upload goes on from the journal later.
    requestHandler: { connectionTimeout: 5000, requestTimeout: 60_000 },
    maxAttempts: 2,
  });
  const Bucket = connection.bucket;
  const sending = { abortSignal: options.signal };
  const call = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw asUploadError(what, error);
    }
  };
  return {
    head: (Key) =>
      call('HeadObject', async () => {
        try {
          const head = await client.send(new HeadObjectCommand({ Bucket, Key }), sending);
          return { size: head.ContentLength ?? 0, etag: plainEtag(head.ETag) };
        } catch (error) {
          if (statusOf(error) === 404) return undefined;
          // A HEAD answer has no body, so no error code: a wrong key and a denied one both say 403. A
          // one-byte GET of the same object says which (InvalidAccessKeyId, SignatureDoesNotMatch, AccessDenied).
          if (statusOf(error) === 403) await client.send(new GetObjectCommand({ Bucket, Key, Range: 'bytes=0-0' }), sending);
          throw error;
        }
      }),
    createUpload: (Key) =>
      call('CreateMultipartUpload', async () => {
        const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket, Key, ContentType: contentTypeOf(Key) }));
        if (!UploadId) throw new UploadError('server', 'CreateMultipartUpload gave no upload id');
        return UploadId;
      }),
    uploadPart: (Key, UploadId, PartNumber, body, ContentMD5) =>
      call('UploadPart', async () => {
        const cap = options.bytesPerSecond ?? 0;
        // Capped, the part goes as a stream paced slice by slice, so the school's network never sees a burst.
        const Body = cap > 0 ? Readable.from(paced(body, cap, options.signal)) : body;
        return plainEtag(
          (await client.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body, ContentMD5, ContentLength: body.length }), sending)).ETag,
        );
      }),
    listParts: (Key, UploadId) =>
      call('ListParts', async () => {
        const parts: Array<{ partNumber: number; size: number; etag: string }> = [];
        let PartNumberMarker: string | undefined;
        try {
          for (;;) {
            const page = await client.send(new ListPartsCommand({ Bucket, Key, UploadId, PartNumberMarker }), sending);
            for (const part of page.Parts ?? []) parts.push({ partNumber: part.PartNumber ?? 0, size: part.Size ?? 0, etag: plainEtag(part.ETag) });
            if (!page.IsTruncated || !page.NextPartNumberMarker) return parts;
            PartNumberMarker = page.NextPartNumberMarker;
          }
        } catch (error) {
          // AWS says NoSuchUpload; Ceph's gateway says NoSuchKey for an upload completed or aborted.
          if (nameOf(error) === 'NoSuchUpload' || nameOf(error) === 'NoSuchKey') return 'no-such-upload' as const;
          throw error;
        }
      }),
    complete: (Key, UploadId, parts) =>
      call('CompleteMultipartUpload', async () => {
        await client.send(
          new CompleteMultipartUploadCommand({
            Bucket,
            Key,
            UploadId,
            MultipartUpload: { Parts: parts.map((part) => ({ PartNumber: part.partNumber, ETag: `"${part.etag}"` })) },
          }),
          sending,
        );
      }),
    abort: (Key, UploadId) =>
      call('AbortMultipartUpload', async () => {
        await client.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId }), sending);
      }),
    probe: (Key) =>
      call('Test connection', async () => {
        const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket, Key, ContentType: 'text/plain' }), sending);
        if (UploadId) await client.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId }), sending);
      }),
    close: () => client.destroy(),
  };
}

/** A slice every `SLICE_BYTES`, each no sooner than the cap allows since the part began. */
const SLICE_BYTES = 64 * 1024;
async function* paced(body: Uint8Array, bytesPerSecond: number, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array> {
  const started = Date.now();
  for (let offset = 0; offset < body.length; offset += SLICE_BYTES) {
    const due = started + (offset / bytesPerSecond) * 1000;
    if (due > Date.now()) await sleep(due - Date.now(), undefined, { signal });
    yield body.subarray(offset, Math.min(body.length, offset + SLICE_BYTES));
  }
}

function nameOf(error: unknown): string {
  return (error as { name?: string }).name ?? '';
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

function asUploadError(what: string, error: unknown): UploadError {
  if (error instanceof UploadError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const name = nameOf(error);
  const problem = PROBLEMS[name] ?? (UNREACHABLE.has(code) || UNREACHABLE.has(name) ? 'unreachable' : 'server');
  return new UploadError(problem, `${what}: ${name || code || 'error'} ${(error as Error).message ?? ''}`.trim());
}

function contentTypeOf(key: string): string {
  if (key.endsWith('.mp4')) return 'video/mp4';
  if (key.endsWith('.vtt')) return 'text/vtt';
  return 'application/octet-stream';
}
