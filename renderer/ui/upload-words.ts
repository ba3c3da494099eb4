import type { LessonUpload, UploadPause, UploadProblem, UploadStatus, UploadTestReply } from '../../common/ipc-contract';
import type { MessageKey } from '../../common/i18n/messages';
import type { Words } from '../i18n/i18n';

/**
 * Why a lesson has not reached the school's storage, in the teacher's words. Complete by type: a new
 * `UploadProblem` does not compile without its words, and every key exists in every language.
 */
export const UPLOAD_PROBLEM_KEYS: Record<UploadProblem, MessageKey> = {
  unreachable: 'uploadProblemUnreachable',
  'wrong-key': 'uploadProblemWrongKey',
  'no-such-bucket': 'uploadProblemNoSuchBucket',
  'clock-off': 'uploadProblemClockOff',
  denied: 'uploadProblemDenied',
  changed: 'uploadProblemChanged',
  'not-verified': 'uploadProblemNotVerified',
  server: 'uploadProblemServer',
  missing: 'uploadProblemMissing',
  'not-set-up': 'uploadProblemNotSetUp',
};

/** Why the queue sends nothing although lessons wait; `off` says nothing (the teacher turned uploads off). */
const PAUSE_KEYS: Record<Exclude<UploadPause, 'off'>, MessageKey> = {
  recording: 'uploadPausedRecording',
  offline: 'uploadPausedOffline',
  'not-set-up': 'uploadPausedNotSetUp',
};

/** A problem as the end of a sentence ("Not uploaded: …", "The connection does not work: …"). */
export function uploadProblemWords(problem: UploadProblem): Words {
  return { key: UPLOAD_PROBLEM_KEYS[problem] ?? 'uploadProblemServer' };
}

/** A lesson's badge in the list: waiting, uploading n %, on the school's storage, or not uploaded and why. */
export function uploadBadgeWords(upload: LessonUpload): Words {
  switch (upload.state) {
    case 'waiting':
      return { key: 'uploadWaiting' };
    case 'uploading':
      return { key: 'uploadUploading', params: { percent: Math.max(0, Math.min(100, Math.floor(upload.percent))) } };
    case 'uploaded':
      return { key: 'uploadUploaded' };
    case 'failed':
      return { key: 'uploadFailed', params: { reason: uploadProblemWords(upload.problem) } };
  }
}

/**
 * The queue in one line or two: how many lessons wait (and why nothing is sent, when it is paused), how
 * many could not be uploaded. Nothing when the queue is empty or uploads are off.
 */
export function uploadQueueWords(status: Pick<UploadStatus, 'pending' | 'failed' | 'pausedBecause'>): Words[] {
  if (status.pausedBecause === 'off') return [];
  const waiting = Math.max(0, status.pending - status.failed);
  const lines: Words[] = [];
  if (waiting > 0) {
    const count: Words = waiting === 1 ? { key: 'uploadQueueOne' } : { key: 'uploadQueueMany', params: { count: waiting } };
    const pause = status.pausedBecause;
    lines.push(pause ? { key: 'uploadQueuePaused', params: { waiting: count, why: { key: PAUSE_KEYS[pause] } } } : count);
  }
  if (status.failed > 0) lines.push(status.failed === 1 ? { key: 'uploadQueueFailedOne' } : { key: 'uploadQueueFailedMany', params: { count: status.failed } });
  return lines;
}

/** What "Test connection" found. The server's own (English) message is for the log, never shown. */
export function uploadTestWords(reply: UploadTestReply): Words {
  if (reply.ok) return { key: 'storageTestOk', params: { endpoint: reply.endpoint } };
  return { key: 'storageTestFailed', params: { reason: uploadProblemWords(reply.problem) } };
}

/** Whether a secret key is stored, and the warning when this computer cannot keep it secret. */
export function secretWords(secret: UploadStatus['secret']): { stored: Words; warning?: Words } {
  if (secret === 'none') return { stored: { key: 'storageSecretNone' } };
  return secret === 'weak' ? { stored: { key: 'storageSecretStored' }, warning: { key: 'storageSecretWeak' } } : { stored: { key: 'storageSecretStored' } };
}
