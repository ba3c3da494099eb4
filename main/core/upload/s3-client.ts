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

/** `@aws-sdk/client-s3` as the S3Operations the upload core is written against. */
export function s3Operations(connection: S3Connection): S3Operations & { close(): void } {
  const client = new S3Client({
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
          const head = await client.send(new HeadObjectCommand({ Bucket, Key }));
          return { size: head.ContentLength ?? 0, etag: plainEtag(head.ETag) };
        } catch (error) {
          if (statusOf(error) === 404) return undefined;
          // A HEAD answer has no body, so no error code: a wrong key and a denied one both say 403. A
          // one-byte GET of the same object says which (InvalidAccessKeyId, SignatureDoesNotMatch, AccessDenied).
          if (statusOf(error) === 403) await client.send(new GetObjectCommand({ Bucket, Key, Range: 'bytes=0-0' }));
          throw error;
        }
      }),
    createUpload: (Key) =>
      call('CreateMultipartUpload', async () => {
        const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket, Key, ContentType: contentTypeOf(Key) }));
        if (!UploadId) throw new UploadError('server', 'CreateMultipartUpload gave no upload id');
        return UploadId;
      }),
    uploadPart: (Key, UploadId, PartNumber, Body, ContentMD5) =>
      call('UploadPart', async () =>
        plainEtag((await client.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body, ContentMD5, ContentLength: Body.length }))).ETag),
      ),
    listParts: (Key, UploadId) =>
      call('ListParts', async () => {
        const parts: Array<{ partNumber: number; size: number; etag: string }> = [];
        let PartNumberMarker: string | undefined;
        try {
          for (;;) {
            const page = await client.send(new ListPartsCommand({ Bucket, Key, UploadId, PartNumberMarker }));
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
        );
      }),
    abort: (Key, UploadId) =>
      call('AbortMultipartUpload', async () => {
        await client.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId }));
      }),
    close: () => client.destroy(),
  };
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
