import type { ErrorCode, FinishProblem } from '../../common/ipc-contract';

/**
 * An error the core answers with: a code the page words (renderer/i18n/error-words.ts) and acts on, what
 * fills in those words, and an English message for logs.
 */
export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { params?: Record<string, string | number>; problem?: FinishProblem; keptIn?: string } = {},
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

/** Errors after which the folder itself is gone or unusable, so writing elsewhere may still work. */
export const FOLDER_GONE = new Set(['ENOENT', 'EIO', 'ENXIO', 'ENODEV', 'EROFS', 'ESTALE', 'EACCES', 'EPERM']);

/** A failed write of the recording as a `write-failed` error: the disk full, the folder gone, or another error. */
export function writeFailure(error: NodeJS.ErrnoException): ServiceError {
  if (error.code === 'ENOSPC') {
    return new ServiceError('write-failed', 'The disk is full. What was recorded so far is kept and will be saved.', { params: { problem: 'disk-full' } });
  }
  if (error.code && FOLDER_GONE.has(error.code)) {
    return new ServiceError('write-failed', 'The save folder is no longer available. What was recorded so far is kept.', {
      params: { problem: 'folder-gone' },
    });
  }
  const detail = error.code ?? error.message;
  return new ServiceError('write-failed', `Writing the recording failed (${detail}). What was recorded so far is kept.`, { params: { problem: 'io', detail } });
}
