import type { FinishProblem, FinishProblemCode, IpcError } from '../../common/ipc-contract';
import type { Words } from './i18n';
import type { MessageKey } from '../../common/i18n/messages';

const PROBLEM_KEYS: Record<FinishProblemCode, MessageKey> = {
  'ffmpeg-missing': 'problemFfmpegMissing',
  'ffmpeg-failed': 'problemFfmpegFailed',
  'ffmpeg-timed-out': 'problemFfmpegTimedOut',
  'nothing-recorded': 'problemNothingRecorded',
  'segment-missing': 'problemSegmentMissing',
  'folder-unwritable': 'problemFolderUnwritable',
  'not-usable': 'problemNotUsable',
};

/** Why a lesson could not be saved, in the teacher's words; `keptIn` is where its recording is kept. */
export function problemWords(problem: FinishProblem, keptIn: string): Words {
  return { key: PROBLEM_KEYS[problem.code], params: { folder: keptIn, missing: problem.folder ?? '', detail: problem.detail ?? '' } };
}

/** An error main answered, in the teacher's words: from its code where there are words for it, else main's own text. */
export function errorWords(error: IpcError): Words {
  if (error.problem) return problemWords(error.problem, error.keptIn ?? '');
  return { key: 'plainReason', params: { reason: error.message } };
}
