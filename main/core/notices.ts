import type { FinishProblem, Notice, ScheduledLesson } from '../../common/ipc-contract';

/** A notice before main adds the lesson it is about. */
export type NoticeBody = Omit<Notice, 'sessionId'>;

/**
 * Every notice main sends by itself, in one place: its code, what fills in the page's words for it
 * (renderer/i18n/error-words.ts), and an English message for logs only.
 */
export const notices = {
  ffmpegMissing: (problem?: string): NoticeBody => ({
    level: 'warning',
    code: 'ffmpeg-missing',
    message: problem ?? 'ffmpeg is missing: the lesson is recorded but cannot be made into an MP4 yet.',
  }),
  recordingElsewhere: (folder: string, fallback: string): NoticeBody => ({
    level: 'warning',
    code: 'recording-elsewhere',
    params: { folder, fallback },
    message: `The save folder ${folder} cannot be written to. This lesson is being recorded in ${fallback} instead.`,
  }),
  folderGone: (fallback: string): NoticeBody => ({
    level: 'warning',
    code: 'folder-gone',
    params: { fallback },
    message: `The save folder is no longer available. The lesson goes on recording into ${fallback}.`,
  }),
  folderGoneCopied: (fallback: string): NoticeBody => ({
    level: 'warning',
    code: 'folder-gone-copied',
    params: { fallback },
    message: `The save folder disappeared during the lesson. Nothing was lost: the lesson goes on recording into ${fallback}.`,
  }),
  diskLow: (minutesLeft: number): NoticeBody => ({
    level: 'warning',
    code: 'disk-low',
    params: { minutesLeft },
    message: `The disk will be full in about ${minutesLeft} minutes.`,
  }),
  diskFullStopped: (): NoticeBody => ({
    level: 'error',
    code: 'disk-full-stopped',
    message: 'The disk is almost full, so the recording was stopped and is being saved.',
  }),
  liveRemuxFallback: (detail: string): NoticeBody => ({
    level: 'info',
    code: 'live-remux-fallback',
    params: { detail },
    message: `The quick MP4 could not be used (${detail}); the lesson is being converted from the recording.`,
  }),
  rendererRestarted: (): NoticeBody => ({
    level: 'warning',
    code: 'renderer-restarted',
    message: 'The recorder window restarted; the lesson goes on recording and will be saved as one file.',
  }),
  savedElsewhere: (folder: string, savedIn: string): NoticeBody => ({
    level: 'warning',
    code: 'saved-elsewhere',
    params: { folder, savedIn },
    message: `The save folder ${folder} could not be written, so the lesson was saved in ${savedIn}.`,
  }),
  savedWithoutMissing: (): NoticeBody => ({
    level: 'warning',
    code: 'saved-without-missing',
    message: 'Part of the lesson was on a drive that is no longer connected and is not in this file.',
  }),
  lessonRecovered: (fileName: string): NoticeBody => ({
    level: 'info',
    code: 'lesson-recovered',
    params: { fileName },
    message: `A lesson interrupted earlier was recovered: ${fileName}`,
  }),
  keptRaw: (problem: FinishProblem, keptIn: string): NoticeBody => ({
    level: 'error',
    code: 'kept-raw',
    problem,
    params: { keptIn },
    message: `The lesson could not be saved as MP4 (${problem.code}${problem.detail ? `: ${problem.detail}` : ''}). The recording is kept safe in ${keptIn}.`,
  }),
  timetableMissed: (lesson: ScheduledLesson, reason: 'closed' | 'asleep', inProgress: boolean): NoticeBody => ({
    level: 'warning',
    code: 'timetable-missed',
    params: { title: lesson.title, startsAt: lesson.startsAt, endsAt: lesson.endsAt, reason, inProgress: inProgress ? 1 : 0 },
    message: `${lesson.title} (${lesson.startsAt}) was not recorded: the ${reason === 'closed' ? 'app was closed' : 'computer was asleep'} when it began.`,
  }),
  timetableBusy: (title: string): NoticeBody => ({
    level: 'warning',
    code: 'timetable-busy',
    params: { title },
    message: `${title} did not start recording: another lesson was recording.`,
  }),
};
