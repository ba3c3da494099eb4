import type { EditProblem, ErrorCode, FinishProblem, FinishProblemCode, IpcError, Notice, NoticeCode } from '../../common/ipc-contract';
import type { MessageKey } from '../../common/i18n/messages';
import type { Words } from './i18n';

/**
 * Main speaks in codes (common/ipc-types.ts); these tables give each code its words in the catalogue. They
 * are complete by type (a new code does not compile without words), and every key exists in every
 * language (tests/common/i18n/messages.test.ts).
 */
const PROBLEM_KEYS: Record<FinishProblemCode, MessageKey> = {
  'ffmpeg-missing': 'problemFfmpegMissing',
  'ffmpeg-failed': 'problemFfmpegFailed',
  'ffmpeg-timed-out': 'problemFfmpegTimedOut',
  'nothing-recorded': 'problemNothingRecorded',
  'segment-missing': 'problemSegmentMissing',
  'folder-unwritable': 'problemFolderUnwritable',
  'not-usable': 'problemNotUsable',
};

export const ERROR_KEYS: Record<ErrorCode, MessageKey> = {
  'invalid-request': 'errorInvalidRequest',
  'unknown-session': 'errorUnknownSession',
  'session-not-recording': 'errorNotRecording',
  'out-of-order': 'errorOutOfOrder',
  'chunk-too-large': 'errorChunkTooLarge',
  'write-failed': 'errorWriteFailed',
  'segment-closed': 'lessonElsewhere',
  'owned-elsewhere': 'lessonElsewhere',
  'start-failed': 'errorStartFailed',
  'folder-unavailable': 'errorFolderUnavailable',
  'finish-failed': 'errorInternal',
  'unknown-lesson': 'errorUnknownLesson',
  'lesson-missing': 'renameMissing',
  'invalid-title': 'renameInvalid',
  'unknown-source': 'errorUnknownSource',
  'edit-failed': 'errorEditFailed',
  busy: 'errorBusy',
  unsupported: 'errorUnsupported',
  internal: 'errorInternal',
};

/** Why a write failed (`write-failed`'s `params.problem`). */
const WRITE_PROBLEM_KEYS: Record<string, MessageKey> = {
  'disk-full': 'errorDiskFull',
  'folder-gone': 'errorFolderGone',
  'disk-almost-full': 'errorDiskAlmostFull',
  io: 'errorWriteFailed',
};

/** Why a saved lesson could not be changed (`edit-failed`'s `params.problem`). */
const EDIT_PROBLEM_KEYS: Record<EditProblem, MessageKey> = {
  'disk-full': 'errorEditDiskFull',
  ffmpeg: 'errorEditFailed',
  check: 'errorEditCheck',
  'nothing-left': 'errorTrimNothingLeft',
};

export const NOTICE_KEYS: Record<Exclude<NoticeCode, 'kept-raw' | 'timetable-missed'>, MessageKey> = {
  'ffmpeg-missing': 'ffmpegMissing',
  'recording-elsewhere': 'noticeRecordingElsewhere',
  'folder-gone': 'noticeFolderGone',
  'folder-gone-copied': 'noticeFolderGoneCopied',
  'disk-low': 'noticeDiskLow',
  'disk-full-stopped': 'noticeDiskFullStopped',
  'live-remux-fallback': 'noticeLiveRemuxFallback',
  'renderer-restarted': 'noticeRendererRestarted',
  'saved-elsewhere': 'noticeSavedElsewhere',
  'saved-without-missing': 'noticeSavedWithoutMissing',
  'lesson-recovered': 'recoveredLesson',
  'timetable-busy': 'noticeTimetableBusy',
};

/** Why a lesson could not be saved, in the teacher's words; `keptIn` is where its recording is kept. */
export function problemWords(problem: FinishProblem, keptIn: string): Words {
  return { key: PROBLEM_KEYS[problem.code], params: { folder: keptIn, missing: problem.folder ?? '', detail: problem.detail ?? '' } };
}

/** An error main answered, in the teacher's words, from its code and what fills it in. */
export function errorWords(error: IpcError): Words {
  if (error.problem) return problemWords(error.problem, error.keptIn ?? '');
  const params = { detail: '', ...error.params };
  if (error.code === 'edit-failed') return { key: EDIT_PROBLEM_KEYS[String(error.params?.problem) as EditProblem] ?? 'errorEditFailed', params };
  if (error.code === 'write-failed') return { key: WRITE_PROBLEM_KEYS[String(error.params?.problem)] ?? 'errorWriteFailed', params };
  return { key: ERROR_KEYS[error.code] ?? 'errorInternal', params };
}

/** A notice main sent, in the teacher's words. */
export function noticeWords(notice: Notice): Words {
  if (notice.code === 'kept-raw')
    return { key: 'finishFailed', params: { reason: problemWords(notice.problem ?? { code: 'ffmpeg-failed' }, String(notice.params?.keptIn ?? '')) } };
  if (notice.code === 'timetable-missed') return missedWords(notice.params ?? {});
  return { key: NOTICE_KEYS[notice.code], params: notice.params };
}

/** A period of the timetable that was not recorded: why, and whether Record can still catch the rest. */
function missedWords(params: Record<string, string | number>): Words {
  const key: MessageKey =
    params.reason === 'asleep' ? (params.inProgress === 1 ? 'noticeTimetableMissedAsleepNow' : 'noticeTimetableMissedAsleep') : 'noticeTimetableMissedClosed';
  const title = String(params.title ?? '');
  return {
    key,
    params: {
      title: title || { key: 'defaultLessonTitle' },
      from: { time: Date.parse(String(params.startsAt)), minutes: true },
      to: { time: Date.parse(String(params.endsAt)), minutes: true },
    },
  };
}

const DEVICE_ERROR_KEYS: Record<string, MessageKey> = {
  NotAllowedError: 'deviceNotAllowed',
  SecurityError: 'deviceNotAllowed',
  NotFoundError: 'deviceNotFound',
  NotReadableError: 'deviceInUse',
  TrackStartError: 'deviceInUse',
  OverconstrainedError: 'deviceUnsuitable',
  AbortError: 'deviceAborted',
};

/**
 * Why the browser would not open a camera, microphone or screen (a DOMException from getUserMedia or
 * getDisplayMedia), in the teacher's words: the browser's own message is English, whatever its language.
 */
export function deviceErrorWords(error: Error): Words {
  const key = DEVICE_ERROR_KEYS[error.name];
  return key ? { key } : { key: 'plainReason', params: { reason: error.message } };
}
