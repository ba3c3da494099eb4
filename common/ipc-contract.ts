/**
 * The one IPC contract between the renderer and the main process.
 *
 * Every channel is declared here once; main (`main/core/ipc-handlers.ts`), the Electron preload and the
 * browser-mode bridge all derive their types from these maps, so no type is kept twice
 * (pattern: GitHub Desktop `ipc-shared.ts`, LosslessCut `RemoteApi = typeof remoteApi`).
 *
 * This module must stay free of Node and DOM imports: every process bundles it.
 */

import * as v from 'valibot';
import type {
  ActiveSession,
  AppCommandEvent,
  AppendChunkReply,
  AppState,
  CaptureSourceList,
  FinishProgress,
  HotkeyState,
  LessonListItem,
  LessonPart,
  LessonSummary,
  MarkReply,
  Notice,
  Result,
  SetHotkeyReply,
  StartSessionReply,
  TimetableCommand,
  TimetableStatus,
  TrimPlan,
  TrimReply,
  UploadStatus,
  UploadTestReply,
} from './ipc-types';
import { NEW_RECORDER_CAUSES } from './ipc-types';
import { HOTKEY_COMMANDS, SettingsChangeShape, type Settings } from './settings';

export * from './ipc-types';
export type { HotkeyCommand, RecordingQuality, Settings, SettingsChange } from './settings';

/** Longest lesson title accepted (characters); the file name keeps at most 150 UTF-8 bytes of it. */
export const MAX_TITLE_LENGTH = 500;
/** Upper bound for one MediaRecorder chunk. A 1 s chunk of 1080p is ~0.5 MB; 16 MB leaves room for 4K. */
export const MAX_CHUNK_BYTES = 16 * 1024 * 1024;

// The shapes of what the page sends, checked by main at run time before anything reaches the service
// (main/core/ipc-handlers.ts) and the TypeScript types of the requests, from one declaration.
const Id = v.pipe(v.string('must be text'), v.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'is not a valid id'));
const text = (max: number) => v.pipe(v.string('must be text'), v.maxLength(max, `is longer than ${max} characters`));
const flag = v.boolean('must be true or false');
const PeriodKey = v.pipe(v.string('must be text'), v.regex(/^[0-9a-z-]{1,40}@\d{4}-\d{2}-\d{2}$/, 'is not a period of the timetable'));
const whole = (from: number) => v.pipe(v.number('must be a number'), v.safeInteger('must be a whole number'), v.minValue(from, `must be ${from} or more`));
// Main refuses a chunk over MAX_CHUNK_BYTES with its own code (`chunk-too-large`), not as malformed.
const bytes = v.pipe(
  v.instance(Uint8Array, 'must be bytes'),
  v.check((data) => data.byteLength > 0, 'is empty'),
);

export const StartSessionShape = v.strictObject({
  /** Lesson title typed by the teacher; may be empty. Main sanitizes it into a file name. */
  title: text(MAX_TITLE_LENGTH),
  /** The exact MIME type MediaRecorder was created with, e.g. `video/webm;codecs=h264,opus`. */
  mimeType: text(100),
  /** Whether the stream carries audio (a lesson without a microphone is still a lesson). */
  hasAudio: flag,
  /** The timetable's period this lesson is (`TimetableCommand` start's key); absent for Record by hand. */
  period: v.optional(PeriodKey),
});
export const AppendChunkShape = v.strictObject({
  sessionId: Id,
  /** Which MediaRecorder of the lesson made the chunk (`StartSessionReply.recorder`). */
  recorder: whole(1),
  /** 0, 1, 2, … in the order that MediaRecorder produced the chunks. */
  seq: whole(0),
  data: bytes,
});
export const ContinueSessionShape = v.strictObject({
  sessionId: Id,
  /**
   * The token `session:start` gave the page that started the lesson (kept in its sessionStorage, so a
   * reload of that same tab has it). Null from another page: accepted only for a lesson whose page is gone.
   */
  resumeToken: v.nullable(Id),
  mimeType: text(100),
  hasAudio: flag,
  cause: v.picklist(NEW_RECORDER_CAUSES, 'is not a reason for a new recorder'),
});
/** A time in a lesson, or a length of one, in seconds (a school day at most, twice over). */
const seconds = v.pipe(v.number('must be a number'), v.finite('must be a number'), v.minValue(0, 'must be 0 or more'), v.maxValue(48 * 3600, 'is too long'));
export const HeartbeatShape = v.strictObject({
  sessionId: Id,
  resumeToken: Id,
  /** How long this page heard no sound from the microphone in the lesson (its silence alarm's count), for the receipt. */
  silentSeconds: v.optional(seconds),
  /** Frames the picture's sources produced that this page could not take (a machine that cannot keep up), for the receipt. */
  framesDropped: v.optional(
    v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(0, 'must be 0 or more'), v.maxValue(1e8, 'is too many')),
  ),
});
export const SessionShape = v.strictObject({ sessionId: Id });
export const LessonShape = v.strictObject({ lessonId: Id });
/** Names a part marked while teaching: part 2 and up (the beginning is part 1). */
export const NamePartShape = v.strictObject({ sessionId: Id, part: whole(2), title: text(120) });
/** Trims a saved lesson to [fromSeconds, toSeconds] of it (the start falls on a keyframe: `lesson:plan-trim` says where). */
export const TrimLessonShape = v.strictObject({ lessonId: Id, fromSeconds: seconds, toSeconds: seconds });
/** Names part `part` of a saved lesson (1 = the beginning): its chapter in the MP4. */
export const RenameLessonPartShape = v.strictObject({ lessonId: Id, part: whole(1), title: text(120) });
/**
 * Renames a saved lesson. Main cleans `title` by the same rules as at Record, keeps the date part of the
 * file name, never overwrites another lesson (a taken name gets " (2)"), and the id keeps working.
 */
export const RenameLessonShape = v.strictObject({ lessonId: Id, title: text(MAX_TITLE_LENGTH) });
/** Only an opaque id from the latest listing gets further (CaptureSourcePicker.choose). */
export const ChooseSourceShape = v.strictObject({ sourceId: Id });
export const SetHotkeyShape = v.strictObject({
  command: v.picklist(HOTKEY_COMMANDS, 'is not a hotkey command'),
  /** An Electron accelerator, or null to turn the hotkey off. */
  accelerator: v.nullable(text(100)),
});

export const PeriodShape = v.strictObject({ key: PeriodKey });
/** The school storage's secret key (main seals it with the OS's store; an empty one removes it). */
export const UploadSecretShape = v.strictObject({ secret: v.pipe(text(200), v.regex(/^[\x21-\x7e]*$/, 'has a character no secret key has')) });

export type StartSessionRequest = v.InferOutput<typeof StartSessionShape>;
export type AppendChunkRequest = v.InferOutput<typeof AppendChunkShape>;
export type ContinueSessionRequest = v.InferOutput<typeof ContinueSessionShape>;
export type HeartbeatRequest = v.InferOutput<typeof HeartbeatShape>;
export type SessionRequest = v.InferOutput<typeof SessionShape>;
export type RenameLessonRequest = v.InferOutput<typeof RenameLessonShape>;
export type SetHotkeyRequest = v.InferOutput<typeof SetHotkeyShape>;

const none = v.strictTuple([], 'takes no arguments');
const one = <S extends v.GenericSchema>(shape: S) => v.strictTuple([shape], 'takes one argument');

/**
 * Every request/response channel: the shape of the arguments the page sends (checked at run time) and,
 * beside it, the type main answers. A new channel, or a new field, is one edit here.
 */
export const invokeShapes = {
  'app:get-state': none,
  'settings:choose-folder': none,
  'session:start': one(StartSessionShape),
  'session:append-chunk': one(AppendChunkShape),
  'session:continue': one(ContinueSessionShape),
  'session:heartbeat': one(HeartbeatShape),
  /** Marks the start of a new part of the lesson (a chapter of the MP4). */
  'session:mark': one(SessionShape),
  'session:name-part': one(NamePartShape),
  'session:pause': one(SessionShape),
  'session:resume': one(SessionShape),
  'session:stop': one(SessionShape),
  'session:retry-finish': one(SessionShape),
  /** A lesson waiting for a part on a drive that is not connected: save it without that part. */
  'session:save-without-missing': one(SessionShape),
  'lesson:show-in-folder': one(LessonShape),
  'lessons:list': none,
  'lesson:open': one(LessonShape),
  /** Where the page's own player reads a saved lesson (main makes the address; it holds no path). */
  'lesson:media-url': one(LessonShape),
  'lesson:rename': one(RenameLessonShape),
  'lesson:name-part': one(RenameLessonPartShape),
  'lesson:plan-trim': one(TrimLessonShape),
  'lesson:trim': one(TrimLessonShape),
  'capture-sources:list': none,
  'capture-sources:choose': one(ChooseSourceShape),
  'settings:update': one(SettingsChangeShape),
  'hotkeys:get': none,
  'hotkeys:set': one(SetHotkeyShape),
  'timetable:get': none,
  /** Cancels the countdown to a period (it is not recorded). */
  'timetable:cancel': one(PeriodShape),
  /** "+5 min": a period's lesson stops five minutes later. */
  'timetable:extend': one(SessionShape),
  'uploads:get': none,
  'upload:set-secret': one(UploadSecretShape),
  /** Tries the school's storage with the settings as they are: reachable, key right, bucket there, writable. */
  'upload:test': none,
  /** Sends a lesson whose upload failed again now. */
  'upload:retry': one(LessonShape),
  /** Takes the school's storage settings (and secret) from a file the school handed out, chosen in main's dialog. */
  'upload:import-settings': none,
} as const;

interface InvokeResults {
  'app:get-state': AppState;
  'settings:choose-folder': Settings;
  'session:start': StartSessionReply;
  'session:append-chunk': AppendChunkReply;
  'session:continue': StartSessionReply;
  'session:heartbeat': null;
  'session:mark': MarkReply;
  'session:name-part': null;
  'session:pause': null;
  'session:resume': null;
  'session:stop': LessonSummary;
  'session:retry-finish': LessonSummary;
  'session:save-without-missing': LessonSummary;
  'lesson:show-in-folder': null;
  'lessons:list': LessonListItem[];
  'lesson:open': null;
  'lesson:media-url': string;
  'lesson:rename': LessonListItem;
  'lesson:name-part': LessonPart[];
  'lesson:plan-trim': TrimPlan;
  'lesson:trim': TrimReply;
  'capture-sources:list': CaptureSourceList;
  'capture-sources:choose': null;
  'settings:update': Settings;
  'hotkeys:get': HotkeyState;
  'hotkeys:set': SetHotkeyReply;
  'timetable:get': TimetableStatus;
  'timetable:cancel': TimetableStatus;
  'timetable:extend': TimetableStatus;
  'uploads:get': UploadStatus;
  'upload:set-secret': UploadStatus;
  'upload:test': UploadTestReply;
  'upload:retry': UploadStatus;
  /** The settings as they are now; null when the teacher cancelled the dialog. */
  'upload:import-settings': Settings | null;
}

export type InvokeChannel = keyof typeof invokeShapes;

/** Request/response channels: `args` is what the renderer sends, `result` what main answers. */
export type InvokeContract = { [C in InvokeChannel]: { args: v.InferOutput<(typeof invokeShapes)[C]>; result: InvokeResults[C] } };

/** One-way messages from main to the renderer. */
export interface EventContract {
  'finish:progress': FinishProgress;
  'app:notice': Notice;
  'app:command': AppCommandEvent;
  /** The settings the page sees, after every change, whoever made it. */
  'settings:changed': Settings;
  /** The lessons main is recording, whenever one starts, stops, pauses, resumes, or its page comes or goes. */
  'sessions:changed': ActiveSession[];
  /** What the timetable is about to do or doing, whenever that changes. */
  'timetable:changed': TimetableStatus;
  /** The timetable asks the page to start a period's lesson, or stop one at its end. */
  'timetable:command': TimetableCommand;
  /** The uploads to the school's storage, whenever one starts, moves on (each part), ends or pauses. */
  'uploads:changed': UploadStatus;
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
  markPart: 'session:mark',
  namePart: 'session:name-part',
  pauseSession: 'session:pause',
  resumeSession: 'session:resume',
  stopSession: 'session:stop',
  retryFinish: 'session:retry-finish',
  saveWithoutMissing: 'session:save-without-missing',
  showInFolder: 'lesson:show-in-folder',
  listLessons: 'lessons:list',
  openLesson: 'lesson:open',
  lessonMediaUrl: 'lesson:media-url',
  renameLesson: 'lesson:rename',
  nameLessonPart: 'lesson:name-part',
  planTrim: 'lesson:plan-trim',
  trimLesson: 'lesson:trim',
  listCaptureSources: 'capture-sources:list',
  chooseCaptureSource: 'capture-sources:choose',
  updateSettings: 'settings:update',
  getHotkeys: 'hotkeys:get',
  setHotkey: 'hotkeys:set',
  getTimetable: 'timetable:get',
  cancelScheduled: 'timetable:cancel',
  extendScheduled: 'timetable:extend',
  getUploads: 'uploads:get',
  setUploadSecret: 'upload:set-secret',
  testUpload: 'upload:test',
  retryUpload: 'upload:retry',
  importUploadSettings: 'upload:import-settings',
} as const satisfies Record<string, InvokeChannel>;

export const eventMethods = {
  onFinishProgress: 'finish:progress',
  onNotice: 'app:notice',
  onCommand: 'app:command',
  onSessionsChanged: 'sessions:changed',
  onSettingsChanged: 'settings:changed',
  onTimetableChanged: 'timetable:changed',
  onTimetableCommand: 'timetable:command',
  onUploadsChanged: 'uploads:changed',
} as const satisfies Record<string, EventChannel>;

export const invokeChannels = Object.values(invokeMethods) as InvokeChannel[];

// Every channel has its renderer-facing method: a channel added above without one does not compile.
type Unnamed =
  Exclude<InvokeChannel, (typeof invokeMethods)[keyof typeof invokeMethods]> | Exclude<EventChannel, (typeof eventMethods)[keyof typeof eventMethods]>;
export const EVERY_CHANNEL_HAS_A_METHOD: [Unnamed] extends [never] ? true : { unnamed: Unnamed } = true;
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

/**
 * Browser mode carries this contract over HTTP (main/browser-mode/browser-server.ts serves it,
 * renderer/browser-mode/http-bridge.ts calls it). The header that carries the launch's secret, the
 * `<meta>` that hands it to the page, and the routes, declared once for both sides.
 */
export const BRIDGE_HEADER = 'x-classroom-recorder';

/**
 * The desktop app's scheme for a saved lesson in the page's player: `classroom-media://lesson/<lessonId>`
 * (main/electron/lesson-media-protocol.ts answers it; the page's CSP allows it in media-src only).
 */
export const LESSON_MEDIA_SCHEME = 'classroom-media';
export const lessonMediaUrl = (lessonId: string) => `${LESSON_MEDIA_SCHEME}://lesson/${encodeURIComponent(lessonId)}`;
export const BRIDGE_TOKEN_META = 'classroom-recorder-bridge';
export const browserRoutes = {
  /** Everything under this prefix is the API (everything else is the page and its files). */
  prefix: '/api/',
  invoke: (channel: InvokeChannel) => `/api/invoke/${channel}`,
  chunk: (sessionId: string, recorder: number, seq: number) =>
    `/api/chunk/${encodeURIComponent(sessionId)}/${encodeURIComponent(String(recorder))}/${encodeURIComponent(String(seq))}`,
  eventsPath: '/api/events',
  events: (token: string) => `/api/events?token=${encodeURIComponent(token)}`,
  /** A saved lesson for the page's `<video>` (which sends no headers, so the secret is in the query). */
  lessonMedia: (lessonId: string, token: string) => `/api/lesson-media/${encodeURIComponent(lessonId)}?token=${encodeURIComponent(token)}`,
  matchLessonMedia: (pathname: string) => {
    const match = /^\/api\/lesson-media\/([^/]+)$/.exec(pathname);
    return match ? decodeURIComponent(match[1]!) : undefined;
  },
  /** The server's reading of the same routes: the channel, or the chunk's session, recorder and seq (as sent). */
  matchInvoke: (pathname: string) => /^\/api\/invoke\/([a-z:-]+)$/.exec(pathname)?.[1],
  matchChunk: (pathname: string) => {
    const match = /^\/api\/chunk\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(pathname);
    return match ? { sessionId: decodeURIComponent(match[1]!), recorder: match[2]!, seq: match[3]! } : undefined;
  },
} as const;
