/**
 * The one IPC contract between the renderer and the main process.
 *
 * Every channel is declared here once; main (`main/core/ipc-handlers.ts`), the Electron preload and the
 * browser-mode bridge all derive their types from these maps, so no type is kept twice
 * (pattern: GitHub Desktop `ipc-shared.ts`, LosslessCut `RemoteApi = typeof remoteApi`).
 *
 * This module must stay free of Node and DOM imports: every process bundles it.
 */

/** Codecs the renderer may record with, in order of preference (H.264 can be stream-copied into MP4). */
export type RecordingCodec = 'h264' | 'vp9' | 'vp8';

export type { RecordingQuality, Settings, SettingsChange, HotkeyCommand } from './settings';
import type { HotkeyCommand, Settings, SettingsChange } from './settings';

/** The teacher's operating system: what to tell them about permissions, and what CommandOrControl means. */
export type Platform = 'win32' | 'darwin' | 'linux';

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

export interface SetHotkeyRequest {
  command: HotkeyCommand;
  /** An Electron accelerator, or null to turn the hotkey off. */
  accelerator: string | null;
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
}

/** Why a new MediaRecorder takes over a lesson: its page was restarted, or the old recorder stalled. */
export type NewRecorderCause = 'renderer-restarted' | 'recorder-stalled';

export interface ContinueSessionRequest {
  sessionId: string;
  /**
   * The token `session:start` gave the page that started the lesson (kept in its sessionStorage, so a
   * reload of that same tab has it). Null from another page: accepted only for a lesson whose page is gone.
   */
  resumeToken: string | null;
  mimeType: string;
  hasAudio: boolean;
  cause: NewRecorderCause;
}

export interface HeartbeatRequest {
  sessionId: string;
  resumeToken: string;
}

export interface StartSessionRequest {
  /** Lesson title typed by the teacher; may be empty. Main sanitizes it into a file name. */
  title: string;
  /** The exact MIME type MediaRecorder was created with, e.g. `video/webm;codecs=h264,opus`. */
  mimeType: string;
  /** Whether the stream carries audio (a lesson without a microphone is still a lesson). */
  hasAudio: boolean;
}

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

export interface AppendChunkRequest {
  sessionId: string;
  /** Which MediaRecorder of the lesson made the chunk (`StartSessionReply.recorder`). */
  recorder: number;
  /** 0, 1, 2, … in the order that MediaRecorder produced the chunks. */
  seq: number;
  data: Uint8Array;
}

export interface AppendChunkReply {
  /** Bytes of this session safely handed to the OS so far. */
  bytesOnDisk: number;
}

export interface SessionRequest {
  sessionId: string;
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
}

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

/**
 * Renames a saved lesson. Main cleans `title` by the same rules as at Record, keeps the date part of the
 * file name, never overwrites another lesson (a taken name gets " (2)"), and the id keeps working.
 */
export interface RenameLessonRequest {
  lessonId: string;
  title: string;
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
export type FinishProblemCode =
  'ffmpeg-missing' | 'ffmpeg-failed' | 'ffmpeg-timed-out' | 'nothing-recorded' | 'segment-missing' | 'folder-unwritable' | 'not-usable';

export type FinishStage = 'closing' | 'verifying' | 'remuxing' | 'saving' | 'done';

export interface FinishProgress {
  sessionId: string;
  stage: FinishStage;
  /** 0..1 where known (the remux fallback reports ffmpeg's own progress). */
  fraction?: number;
}

export type NoticeLevel = 'info' | 'warning' | 'error';

export interface Notice {
  level: NoticeLevel;
  /** Disk notices: minutes of recording the free space still holds. */
  minutesLeft?: number;
  /** Stable key for the renderer's translations; `message` is the English fallback. */
  code: NoticeCode;
  message: string;
  sessionId?: string;
}

export type NoticeCode =
  'ffmpeg-missing' | 'write-failed' | 'disk-low' | 'live-remux-fallback' | 'lesson-recovered' | 'renderer-restarted' | 'saved-elsewhere' | 'kept-raw';

/** Errors every handler may answer with. `message` is in English and safe to show. */
export type ErrorCode =
  | 'invalid-request'
  | 'unknown-session'
  | 'session-not-recording'
  | 'out-of-order'
  | 'chunk-too-large'
  | 'write-failed'
  | 'segment-closed'
  | 'owned-elsewhere'
  | 'start-failed'
  | 'folder-unavailable'
  | 'finish-failed'
  | 'unknown-lesson'
  | 'lesson-missing'
  | 'invalid-title'
  | 'unknown-source'
  | 'busy'
  | 'unsupported'
  | 'internal';

export interface IpcError {
  code: ErrorCode;
  message: string;
  /** `finish-failed`: why, and where the recording is kept. */
  problem?: FinishProblem;
  keptIn?: string;
}

/** Every invoke answers with a Result: Electron would otherwise mangle thrown errors into strings. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** Request/response channels: `args` is what the renderer sends, `result` what main answers. */
export interface InvokeContract {
  'app:get-state': { args: []; result: AppState };
  'settings:choose-folder': { args: []; result: Settings };
  'session:start': { args: [StartSessionRequest]; result: StartSessionReply };
  'session:append-chunk': { args: [AppendChunkRequest]; result: AppendChunkReply };
  'session:continue': { args: [ContinueSessionRequest]; result: StartSessionReply };
  'session:heartbeat': { args: [HeartbeatRequest]; result: null };
  'session:pause': { args: [SessionRequest]; result: null };
  'session:resume': { args: [SessionRequest]; result: null };
  'session:stop': { args: [SessionRequest]; result: LessonSummary };
  'session:retry-finish': { args: [SessionRequest]; result: LessonSummary };
  /** A lesson waiting for a part on a drive that is not connected: save it without that part. */
  'session:save-without-missing': { args: [SessionRequest]; result: LessonSummary };
  'lesson:show-in-folder': { args: [{ lessonId: string }]; result: null };
  'lessons:list': { args: []; result: LessonListItem[] };
  'lesson:open': { args: [{ lessonId: string }]; result: null };
  'lesson:rename': { args: [RenameLessonRequest]; result: LessonListItem };
  'capture-sources:list': { args: []; result: CaptureSourceList };
  'capture-sources:choose': { args: [{ sourceId: string }]; result: null };
  'settings:update': { args: [SettingsChange]; result: Settings };
  'hotkeys:get': { args: []; result: HotkeyState };
  'hotkeys:set': { args: [SetHotkeyRequest]; result: SetHotkeyReply };
}

export type InvokeChannel = keyof InvokeContract;

/**
 * What the teacher asked for outside the page (a global hotkey, the tray menu, the close dialog). Main only
 * forwards the intent: the renderer owns MediaRecorder, carries the command out, and ignores one that does
 * not apply to its state (e.g. `toggle-pause` while nothing records).
 */
export type AppCommand = HotkeyCommand | 'stop-recording';

export interface AppCommandEvent {
  command: AppCommand;
}

/** One-way messages from main to the renderer. */
export interface EventContract {
  'finish:progress': FinishProgress;
  'app:notice': Notice;
  'app:command': AppCommandEvent;
  /** The settings the page sees, after every change, whoever made it. */
  'settings:changed': Settings;
  /** The lessons main is recording, whenever one starts, stops, pauses, resumes, or its page comes or goes. */
  'sessions:changed': ActiveSession[];
}

export type EventChannel = keyof EventContract;

/** The renderer-facing method names and the channel behind each. */
export const invokeMethods = {
  getState: 'app:get-state',
  chooseFolder: 'settings:choose-folder',
  startSession: 'session:start',
  appendChunk: 'session:append-chunk',
  continueSession: 'session:continue',
  heartbeat: 'session:heartbeat',
  pauseSession: 'session:pause',
  resumeSession: 'session:resume',
  stopSession: 'session:stop',
  retryFinish: 'session:retry-finish',
  saveWithoutMissing: 'session:save-without-missing',
  showInFolder: 'lesson:show-in-folder',
  listLessons: 'lessons:list',
  openLesson: 'lesson:open',
  renameLesson: 'lesson:rename',
  listCaptureSources: 'capture-sources:list',
  chooseCaptureSource: 'capture-sources:choose',
  updateSettings: 'settings:update',
  getHotkeys: 'hotkeys:get',
  setHotkey: 'hotkeys:set',
} as const satisfies Record<string, InvokeChannel>;

export const eventMethods = {
  onFinishProgress: 'finish:progress',
  onNotice: 'app:notice',
  onCommand: 'app:command',
  onSessionsChanged: 'sessions:changed',
  onSettingsChanged: 'settings:changed',
} as const satisfies Record<string, EventChannel>;

export const invokeChannels = Object.values(invokeMethods) as InvokeChannel[];
export const eventChannels = Object.values(eventMethods) as EventChannel[];

type InvokeMethods = typeof invokeMethods;
type EventMethods = typeof eventMethods;

/**
 * The API the renderer sees (`window.recorder`): one named method per channel, each answering a Result;
 * one `onX(listener)` per event, returning an unsubscribe function. Raw send/invoke/on is never exposed.
 */
export type RecorderApi = {
  [M in keyof InvokeMethods]: (...args: InvokeContract[InvokeMethods[M]]['args']) => Promise<Result<InvokeContract[InvokeMethods[M]]['result']>>;
} & {
  [M in keyof EventMethods]: (listener: (payload: EventContract[EventMethods[M]]) => void) => () => void;
};

/** Name of the global the preload (or the browser bridge) installs. */
export const API_GLOBAL = 'recorder';

/** Upper bound for one MediaRecorder chunk. A 1 s chunk of 1080p is ~0.5 MB; 16 MB leaves room for 4K. */
export const MAX_CHUNK_BYTES = 16 * 1024 * 1024;

/**
 * Browser mode carries this contract over HTTP (main/browser-mode/browser-server.ts serves it,
 * renderer/browser-mode/http-bridge.ts calls it). The header that carries the launch's secret, the
 * `<meta>` that hands it to the page, and the routes, declared once for both sides.
 */
export const BRIDGE_HEADER = 'x-classroom-recorder';
export const BRIDGE_TOKEN_META = 'classroom-recorder-bridge';
export const browserRoutes = {
  invoke: (channel: InvokeChannel) => `/api/invoke/${channel}`,
  chunk: (sessionId: string, recorder: number, seq: number) =>
    `/api/chunk/${encodeURIComponent(sessionId)}/${encodeURIComponent(String(recorder))}/${encodeURIComponent(String(seq))}`,
  events: (token: string) => `/api/events?token=${encodeURIComponent(token)}`,
} as const;
