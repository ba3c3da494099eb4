/**
 * What crosses the IPC contract (common/ipc-contract.ts) from main to the page: answers, event payloads,
 * and the codes main speaks in (the page words every one: renderer/i18n/). Lists of codes are `as const`
 * arrays, so a test can ask every language to have words for each.
 */
import type { HotkeyCommand, Settings } from './settings';

/** Codecs the renderer may record with, in order of preference (H.264 can be stream-copied into MP4). */
export type RecordingCodec = 'h264' | 'vp9' | 'vp8';

/** The teacher's operating system: what to tell them about permissions, and what CommandOrControl means. */
export const PLATFORMS = ['win32', 'darwin', 'linux'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** The global hotkeys in force, as `hotkeys:get` and `hotkeys:set` answer them. */
export interface HotkeyState {
  /** Canonical accelerator per command (e.g. `CommandOrControl+Shift+F9`); null = none. */
  bindings: Record<HotkeyCommand, string | null>;
  /** False in browser mode: there are no global hotkeys there, they are shown read-only. */
  editable: boolean;
}

/** Why `hotkeys:set` refused a shortcut; the renderer words it from `kind` (and `with`). */
export interface HotkeyRefusal {
  /**
   * `invalid`: not a shortcut; `unfit`: a key people type, a media key, or Command off macOS; `duplicate`:
   * our other command has it; `reserved`/`app`/`typing`: the OS or another app uses it; `os-refused`:
   * the OS would not register it (another app holds it).
   */
  kind: 'invalid' | 'unfit' | 'duplicate' | 'reserved' | 'app' | 'typing' | 'os-refused';
  /** Who else uses it, in words (app names), when known. */
  with?: string;
  /** The same in an English sentence, for logs. */
  message: string;
}

export interface SetHotkeyReply {
  /** The hotkeys in force afterwards (unchanged when refused). */
  state: HotkeyState;
  refusal?: HotkeyRefusal;
}

export interface FfmpegStatus {
  available: boolean;
  /** Where the binary came from: explicit setting, FFMPEG_PATH, ffmpeg-static, or PATH. */
  source?: 'setting' | 'env' | 'ffmpeg-static' | 'path';
  path?: string;
  /** A sentence a teacher can act on when ffmpeg is missing. */
  problem?: string;
}

export interface AppState {
  settings: Settings;
  ffmpeg: FfmpegStatus;
  /** Free bytes on the save folder's disk, when it can be read. */
  freeBytes?: number;
  /** Lessons recovered at start-up from a previous crash, so the renderer can tell the teacher. */
  recoveredLessons: LessonSummary[];
  /** Recordings that could not be turned into MP4 (kept raw): the teacher can retry them. */
  unfinishedSessions: UnfinishedSession[];
  /**
   * Lessons main is still recording although no renderer is sending (the renderer crashed and was
   * reloaded): the renderer continues them with `session:continue`.
   */
  activeSessions: ActiveSession[];
  /** Whether `lesson:open` can play a lesson in the computer's video player (false in browser mode). */
  canOpenLessons: boolean;
  /**
   * Whether the app offers its own screen/window picker (`capture-sources:*`, Electron only). Without it
   * (browser mode) the browser's own `getDisplayMedia` picker asks.
   */
  canPickCaptureSources: boolean;
  /** The teacher's operating system (main's `process.platform`, as one of three). */
  platform: Platform;
  /**
   * The desktop app, not browser mode: the folder dialog (`settings:choose-folder`), global hotkeys and
   * the launch settings act only there.
   */
  desktopApp: boolean;
  /** The uploads to the school's storage: what is waiting, going, done or failed. */
  uploads: UploadStatus;
}

export interface ActiveSession {
  sessionId: string;
  title: string;
  startedAt: string;
  /** Milliseconds recorded so far, pauses excluded. */
  recordedMs: number;
  paused: boolean;
  /**
   * Whether the page recording it has been heard from in the last seconds. True: it records in another
   * window or tab, which must be left alone. False: its page is gone (closed, crashed and not reloaded),
   * and another page may offer to continue it.
   */
  ownerActive: boolean;
  /** The parts marked so far, after the first (the page shows them again after a reload). */
  marks: LessonPart[];
}

/** Why a new MediaRecorder takes over a lesson: its page was restarted, or the old recorder stalled. */
export const NEW_RECORDER_CAUSES = ['renderer-restarted', 'recorder-stalled'] as const;
export type NewRecorderCause = (typeof NEW_RECORDER_CAUSES)[number];

export interface StartSessionReply {
  sessionId: string;
  codec: RecordingCodec;
  /** Largest chunk main accepts, so the renderer can pick its timeslice. */
  maxChunkBytes: number;
  /** The number of the MediaRecorder whose chunks main takes now (1 at Record, +1 per takeover). */
  recorder: number;
  /** Lets this page (and a reload of it) continue the lesson; no other page has it. */
  resumeToken: string;
}

/** A new part was marked (`session:mark`): its number (the lesson's beginning is part 1) and where it begins. */
export interface MarkReply {
  part: number;
  startSeconds: number;
}

export interface AppendChunkReply {
  /** Bytes of this session safely handed to the OS so far. */
  bytesOnDisk: number;
}

export interface LessonSummary {
  /** Opaque id the renderer can pass back (e.g. to show it in its folder); never a path. */
  lessonId: string;
  fileName: string;
  /** The part of the name the teacher typed (or the default title): what the card shows and a rename changes. */
  lessonTitle: string;
  durationSeconds: number;
  sizeBytes: number;
  recovered: boolean;
  /** Set when the lesson could not go where the teacher asked: the folder it is in instead. */
  savedInFallbackFolder?: string;
  /**
   * Stretches of the lesson with nothing in the MP4 (ISO 8601 times): a part whose recorder gave no
   * readable data. The rest of the lesson is saved; the renderer says which minutes are missing.
   */
  gaps?: LessonGap[];
  /** The parts marked while teaching (the MP4's chapters); absent for a lesson without marks. */
  parts?: LessonPart[];
  /** How the recording went (the card's receipt); absent where main could not tell (a lesson recovered after a crash). */
  receipt?: RecordingReceipt;
}

/**
 * How a lesson's recording went, from what main saw while it recorded: shown on the lesson card at Stop,
 * so the teacher knows before the students do.
 */
export interface RecordingReceipt {
  pauses: number;
  pausedSeconds: number;
  /** Recorders that stopped giving data and were replaced by the app by itself. */
  stallsHealed: number;
  /** Times the page restarted (a reload, a crash) and went on with the lesson. */
  pageRestarts: number;
  /** Seconds from Record to Stop, pauses excluded, that are not in the MP4 (stalls, restarts, unreadable parts). */
  secondsMissing: number;
  /** Seconds the microphone gave no sound, in stretches long enough to raise the silence alarm (10 s). */
  silentSeconds: number;
  /** Frames the camera or screen produced that never reached the recording, because the machine could not keep up. */
  framesDropped: number;
}

/** Where a trim of a saved lesson falls: the start on a keyframe (at or before the time asked), the end where asked. */
export interface TrimPlan {
  fromSeconds: number;
  toSeconds: number;
  /** How long the lesson will be. */
  durationSeconds: number;
}

/** A lesson trimmed (`lesson:trim`): the same id, now the trimmed file. */
export interface TrimReply {
  lesson: LessonSummary;
  /** The original went to the OS trash; false: there was none, it stays, and the trimmed lesson has its own name. */
  originalInTrash: boolean;
}

/** A part of a lesson, marked while teaching: a chapter of its MP4. */
export interface LessonPart {
  title: string;
  /** Where it begins in the MP4 (for a lesson still recording: in the lesson so far, pauses excluded). */
  startSeconds: number;
}

export interface LessonGap {
  from: string;
  to: string;
}

/** One MP4 lesson in the save folder, as the lessons list shows it. */
export interface LessonListItem {
  /** Opaque id for `lesson:show-in-folder`; never a path. */
  lessonId: string;
  /** The file name without `.mp4`. */
  title: string;
  fileName: string;
  /** The part of the name the teacher typed, which a rename changes (the date and marks stay). */
  lessonTitle: string;
  /** Rebuilt after a crash (its name carries the recovered mark, in any language). */
  recovered: boolean;
  /** When the file was last written (ISO 8601): the lesson's date. */
  modifiedAt: string;
  /** Absent when it could not be read (ffmpeg missing, damaged file, or beyond the newest 50). */
  durationSeconds?: number;
  sizeBytes: number;
  /** Where its upload to the school's storage is; absent when it is not to be uploaded. */
  upload?: LessonUpload;
}

/**
 * Why a lesson has not reached the school's storage, for the page to word: `unreachable` (no network, a
 * wrong address), `wrong-key` (access key or secret), `no-such-bucket`, `clock-off` (the computer's clock is
 * too far off for the server to trust the signature), `denied` (the key may not write there), `changed` (the
 * file changed while it was sent), `not-verified` (the server's copy is not the file), `server` (anything
 * else the server said), `missing` (the lesson's file is gone), `not-set-up` (the settings or the secret
 * are incomplete).
 */
export const UPLOAD_PROBLEMS = [
  'unreachable',
  'wrong-key',
  'no-such-bucket',
  'clock-off',
  'denied',
  'changed',
  'not-verified',
  'server',
  'missing',
  'not-set-up',
] as const;
export type UploadProblem = (typeof UPLOAD_PROBLEMS)[number];

/** One lesson's upload: `waiting` (its turn has not come, or the network is away), `uploading`, `uploaded` (verified), `failed`. */
export type LessonUpload = { state: 'waiting' | 'uploaded' } | { state: 'uploading'; percent: number } | { state: 'failed'; problem: UploadProblem };

/** Why nothing is being sent although lessons wait. */
export type UploadPause = 'off' | 'not-set-up' | 'recording' | 'offline';

export interface UploadStatus {
  /** Lessons (files in the save folder) not yet uploaded: waiting, uploading or failed. */
  pending: number;
  failed: number;
  /** The one being sent, with how far it is. */
  current?: { lessonId?: string; fileName: string; percent: number };
  pausedBecause?: UploadPause;
  /** Each lesson of the queue by its id (lessons the page has been given an id for). */
  lessons: Array<{ lessonId: string; upload: LessonUpload }>;
  /** Whether a secret key is stored, and how well: `os` (Keychain, DPAPI, a Linux keyring), `weak` (readable by anyone with the disk: Linux without a keyring, browser mode). */
  secret: 'none' | 'os' | 'weak';
}

/** What "Test connection" found: the bucket answered and took a test object, or why not. */
export type UploadTestReply = { ok: true; endpoint: string } | { ok: false; problem: UploadProblem; message: string };

export type CaptureSourceKind = 'screen' | 'window';

/** One screen or window the app's picker offers. */
export interface CaptureSourceItem {
  /** Opaque id for `capture-sources:choose`, valid until the next listing; never Electron's own id. */
  sourceId: string;
  /** Cleaned for display; may be empty (the renderer shows a generic name). */
  name: string;
  kind: CaptureSourceKind;
  /** A PNG data URL of at most 320x180; absent when the system gave no picture. */
  thumbnail?: string;
  /** The window's application icon, a PNG data URL, where the system gives one. */
  appIcon?: string;
}

export interface CaptureSourceList {
  /** Screens first, then windows; the app's own window is left out. */
  sources: CaptureSourceItem[];
  /** The teacher's current (or remembered) choice, when it is in this list. */
  chosenId?: string;
}

export interface UnfinishedSession {
  sessionId: string;
  title: string;
  startedAt: string;
  rawBytes: number;
  problem: FinishProblem;
  /** The folder where the raw recording is kept safe. */
  keptIn: string;
}

/** Why a lesson could not be saved as MP4 (yet). Main gives the code; the renderer words it. */
export interface FinishProblem {
  code: FinishProblemCode;
  /** The folder concerned (`segment-missing`: where the missing part was; `folder-unwritable`). */
  folder?: string;
  /** For logs and the curious: ffmpeg's own last words, in English. */
  detail?: string;
}

/**
 * `ffmpeg-missing`: no converter installed; `ffmpeg-failed`: it could not convert the recording;
 * `ffmpeg-timed-out`: it hung and was stopped; `nothing-recorded`: no part of the lesson holds readable
 * data; `segment-missing`: part of the lesson is on a drive that is not connected (connect it and try
 * again, or save without it); `folder-unwritable`: neither the save folder nor the app's own could take
 * the MP4; `not-usable`: the MP4 made did not pass its check.
 */
export const FINISH_PROBLEM_CODES = [
  'ffmpeg-missing',
  'ffmpeg-failed',
  'ffmpeg-timed-out',
  'nothing-recorded',
  'segment-missing',
  'folder-unwritable',
  'not-usable',
] as const;
export type FinishProblemCode = (typeof FINISH_PROBLEM_CODES)[number];

/**
 * Why an edit of a saved lesson (a trim, new chapters) did not happen, in an `edit-failed` error's
 * `params.problem`; the lesson is as it was. `check`: the new copy did not read back as planned;
 * `nothing-left`: the times asked leave less than a second of the lesson.
 */
export type EditProblem = 'disk-full' | 'ffmpeg' | 'check' | 'nothing-left';

export type FinishStage = 'closing' | 'verifying' | 'remuxing' | 'saving' | 'done';

export interface FinishProgress {
  sessionId: string;
  stage: FinishStage;
  /** 0..1 where known (the remux fallback reports ffmpeg's own progress). */
  fraction?: number;
}

export type NoticeLevel = 'info' | 'warning' | 'error';

/**
 * What main tells the teacher by itself, as a code and what fills it in (the page words it; main's
 * `message` is English, for logs only):
 * `ffmpeg-missing`; `recording-elsewhere` {folder, fallback}: the save folder could not be written at
 * Record, the lesson records in the app's folder; `folder-gone` {fallback}: the folder went away
 * mid-lesson and the lesson goes on there (`copied`: everything so far was copied too, nothing lost);
 * `disk-low` {minutesLeft}; `disk-full-stopped`: stopped before the disk was full, being saved;
 * `live-remux-fallback` {detail}: converting from the recording, a little longer; `renderer-restarted`;
 * `saved-elsewhere` {folder, savedIn}; `saved-without-missing`: a part on a drive not connected is not
 * in the MP4; `lesson-recovered` {fileName}; `kept-raw` {problem, keptIn}; `timetable-missed` {title,
 * startsAt, endsAt, reason: `closed`|`asleep`, inProgress: 1 when Record may still catch the rest}: a
 * period of the timetable was not recorded; `timetable-busy` {title}: a period began while a lesson
 * recorded, so it did not start.
 */
export const NOTICE_CODES = [
  'ffmpeg-missing',
  'recording-elsewhere',
  'folder-gone',
  'folder-gone-copied',
  'disk-low',
  'disk-full-stopped',
  'live-remux-fallback',
  'renderer-restarted',
  'saved-elsewhere',
  'saved-without-missing',
  'lesson-recovered',
  'kept-raw',
  'timetable-missed',
  'timetable-busy',
] as const;
export type NoticeCode = (typeof NOTICE_CODES)[number];

export interface Notice {
  level: NoticeLevel;
  code: NoticeCode;
  /** What fills in the page's words for `code` (folders, file names, minutes). */
  params?: Record<string, string | number>;
  /** A finishing failure's reason (`kept-raw`). */
  problem?: FinishProblem;
  /** English, for logs: the page never shows it. */
  message: string;
  sessionId?: string;
}

/**
 * Errors every handler may answer with, as codes the page words (renderer/i18n/error-words.ts); `message`
 * is English, for logs. `write-failed` says why in `params.problem` (`disk-full`, `folder-gone`,
 * `disk-almost-full`, `io`); `edit-failed` (a saved lesson could not be trimmed or its parts renamed; it is as it
 * was) says why in `params.problem` (`disk-full`, `ffmpeg`, `check`).
 */
export const ERROR_CODES = [
  'invalid-request',
  'unknown-session',
  'session-not-recording',
  'out-of-order',
  'chunk-too-large',
  'write-failed',
  'segment-closed',
  'owned-elsewhere',
  'start-failed',
  'folder-unavailable',
  'finish-failed',
  'unknown-lesson',
  'lesson-missing',
  'invalid-title',
  'unknown-source',
  'edit-failed',
  'busy',
  'unsupported',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface IpcError {
  code: ErrorCode;
  message: string;
  /** What fills in the words for `code` (e.g. `write-failed`'s problem, `start-failed`'s detail). */
  params?: Record<string, string | number>;
  /** `finish-failed`: why, and where the recording is kept. */
  problem?: FinishProblem;
  keptIn?: string;
}

/** Every invoke answers with a Result: Electron would otherwise mangle thrown errors into strings. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/**
 * What the teacher asked for outside the page (a global hotkey, the tray menu, the close dialog). Main only
 * forwards the intent: the renderer owns MediaRecorder, carries the command out, and ignores one that does
 * not apply to its state (e.g. `toggle-pause` while nothing records).
 */
export type AppCommand = HotkeyCommand | 'stop-recording';

export interface AppCommandEvent {
  command: AppCommand;
}

/** A period of the timetable on its date (times ISO 8601; the page words them in the teacher's format). */
export interface ScheduledLesson {
  /** `<period id>@<local date>`: what `timetable:cancel` and `session:start`'s `period` name. */
  key: string;
  title: string;
  startsAt: string;
  endsAt: string;
}

/** What the timetable is about to do, or doing (`timetable:get`, `timetable:changed`). */
export interface TimetableStatus {
  /** The next period it will record, within a week. */
  next?: ScheduledLesson;
  /** Counting down: recording starts at `recordsAt` unless cancelled. `late`: joining a period in progress. */
  countdown?: ScheduledLesson & { recordsAt: string; late: boolean };
  /** A lesson recording for a period: it stops at `stopsAt` (the end, or later when extended). */
  recording?: ScheduledLesson & { sessionId: string; stopsAt: string; endingSoon: boolean; canExtend: boolean };
}

/** What the timetable asks the page to do: start a period's lesson now, or stop one at its end. */
export type TimetableCommand = { kind: 'start'; key: string; title: string } | { kind: 'stop'; sessionId: string };

export type { Settings };
