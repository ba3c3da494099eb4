import type { UploadProblem } from '../../../common/ipc-contract';

export type { UploadProblem } from '../../../common/ipc-contract';

/**
 * The S3 multipart calls an upload needs, on one bucket, with the server's errors already turned into
 * problems (`UploadError`). The core is written against this, not against the SDK: s3-client.ts adapts
 * `@aws-sdk/client-s3` to it, and tests run it against a real server.
 */
export interface S3Operations {
  /** The object at `key`: its size and ETag (quotes removed), or undefined when there is none. */
  head(key: string): Promise<{ size: number; etag: string } | undefined>;
  /** Starts a multipart upload to `key`; answers its upload id. */
  createUpload(key: string): Promise<string>;
  /** Sends one part with its `Content-MD5` (the server refuses a part that arrived damaged); answers its ETag. */
  uploadPart(key: string, uploadId: string, partNumber: number, body: Uint8Array, md5Base64: string): Promise<string>;
  /** The parts the server holds, or 'no-such-upload' when it has forgotten the upload (expired, aborted, completed). */
  listParts(key: string, uploadId: string): Promise<Array<{ partNumber: number; size: number; etag: string }> | 'no-such-upload'>;
  complete(key: string, uploadId: string, parts: Array<{ partNumber: number; etag: string }>): Promise<void>;
  abort(key: string, uploadId: string): Promise<void>;
}

export class UploadError extends Error {
  constructor(
    readonly problem: UploadProblem,
    message: string,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

/** An ETag as servers send it (`"…"`, sometimes upper case) in the form compared here. */
export function plainEtag(etag: string | undefined): string {
  return (etag ?? '').replace(/"/g, '').toLowerCase();
}
