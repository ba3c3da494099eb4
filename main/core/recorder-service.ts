import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type {
  ActiveSession,
  AppState,
  AppendChunkReply,
  ContinueSessionRequest,
  EventChannel,
  EventContract,
  FfmpegStatus,
  HeartbeatRequest,
  LessonSummary,
  MarkReply,
  ScheduledLesson,
  Settings,
  StartSessionReply,
  StartSessionRequest,
  UploadStatus,
} from '../../common/ipc-contract';
import { MAX_CHUNK_BYTES } from '../../common/ipc-contract';
import { resolveLanguage, type Language } from '../../common/i18n/messages';
import { SHOWN_SETTINGS } from '../../common/settings';
import { codecFromMimeType } from '../../common/recording-formats';
import { AppSettings, type DesktopControls } from './app-settings';
import { type DesktopPlatform, toDesktopPlatform } from './desktop/accelerator';
import { FfmpegRunner, type FfmpegPatience } from './ffmpeg/ffmpeg-runner';
import { LessonShelf } from './lessons/lesson-shelf';
import { partWordsIn } from './lessons/lesson-parts';
import type { CaptureSourcePicker } from './capture-sources/source-picker';
import type { ChunkFile } from './recording/chunk-file';
import { DiskWatch, freeBytesOf } from './recording/disk-watch';
import { LessonFinisher } from './recording/lesson-finisher';
import { RecordingSession } from './recording/recording-session';
import { notices } from './notices';
import { ServiceError } from './service-error';
import { SessionJournal, type JournalEntry } from './recording/session-journal';
import type { SettingsStore } from './storage/settings-store';
import { TimetableScheduler } from './timetable/timetable-scheduler';
import { timetableMemoryFile } from './timetable/timetable-memory';
import type { S3ClientOptions, S3Connection, SchoolStorage } from './upload/s3-client';
import { unsealedCipher, type SecretCipher } from './upload/secret-store';
import { UploadCenter } from './upload/upload-center';

export interface RecorderServiceDeps {
  /** The app's per-user state folder (settings, journal, fallback recordings). */
  stateDir: string;
  settings: SettingsStore;
  ffmpeg: FfmpegStatus;
  /** Asks the teacher for a folder (native dialog); undefined when they cancel. */
  chooseFolder: (current: string) => Promise<string | undefined>;
  /** Opens the OS file manager with the file selected. */
  showItemInFolder: (file: string) => void;
  /** Opens a lesson in the computer's video player; absent where that is not possible (browser mode). */
  openFile?: (file: string) => Promise<void>;
  /** Moves a file to the OS trash (a trimmed lesson's original): Electron's `shell.trashItem`, the XDG trash. */
  trashItem?: (file: string) => Promise<void>;
  /** The address the page's player reads a saved lesson at: the host's scheme or route (it serves it too). */
  lessonMediaUrl?: (lessonId: string) => string;
  /** The app's own screen/window picker (Electron's desktopCapturer behind it); absent in browser mode. */
  captureSources?: CaptureSourcePicker;
  /** Sends an event to the renderer(s). */
  emit: <E extends EventChannel>(channel: E, payload: EventContract[E]) => void;
  /** Keeps the system from sleeping while any lesson records, or a period of the timetable is near (Electron `powerSaveBlocker`). */
  keepAwake?: (active: boolean) => void;
  /** A period of the timetable records in a minute: the desktop app shows an OS notification. */
  onUpcomingLesson?: (lesson: ScheduledLesson) => void;
  /** Test seam for the timetable's timers (default setTimeout). */
  timers?: { set: (run: () => void, ms: number) => unknown; clear: (timer: unknown) => void };
  /** Tells the desktop shell (tray icon) whether a lesson records, is paused, or none is; on every change. */
  onRecordingStateChange?: (state: 'idle' | 'recording' | 'paused') => void;
  now?: () => number;
  /** Free bytes on the disk holding `folder` (test seam; defaults to statfs). */
  freeBytes?: (folder: string) => Promise<number | undefined>;
  /** Below this much free space a recording stops and is saved. Default 300 MB. */
  diskReserveBytes?: number;
  /** How often to look at the free space while recording. Default 5 s. */
  diskCheckIntervalMs?: number;
  /** Test seam for the raw files (see SessionDeps.createChunkFile). */
  createChunkFile?: (file: string) => Promise<ChunkFile>;
  /** The teacher's OS (default: this process's). */
  platform?: DesktopPlatform;
  /** Hotkeys and launch at login: the desktop app's; absent in browser mode (`AppState.desktopApp`). */
  desktop?: DesktopControls;
  /** How long ffmpeg may hang before it is killed (tests make it short). */
  ffmpegPatience?: FfmpegPatience;
  /** The computer's languages, most wanted first (Electron: `app.getPreferredSystemLanguages()`), for a language setting of `system`. */
  systemLanguages?: () => readonly string[];
  /** How the school storage's secret key is sealed: Electron's safeStorage; default none (browser mode). */
  secretCipher?: SecretCipher;
  /** Asks the teacher for the school's settings file (native dialog); absent in browser mode. */
  chooseSettingsFile?: () => Promise<string | undefined>;
  /** The uploads changed (the tray shows the queue). */
  onUploadsChange?: (status: UploadStatus) => void;
  /** Test seams of the uploads: the S3 client, the waits before trying an unreachable server again, the part size. */
  uploadStorage?: (connection: S3Connection, options: S3ClientOptions) => SchoolStorage;
  uploadRetryDelaysMs?: readonly number[];
  uploadPartBytes?: number;
}

/** Folder inside the teacher's folder where a lesson's raw files live until its MP4 is saved. */
export const WORK_FOLDER_NAME = '.classroom-recorder';

/** How often main looks whether a lesson's page is still there (`ActiveSession.ownerActive`). */
const OWNER_CHECK_MS = 2000;

/**
 * The recording core behind the IPC contract: one method per invoke channel. It keeps the lessons that
 * record (`RecordingSession`, one owner page each); finishing them is `LessonFinisher`'s, the saved
 * lessons `LessonShelf`'s, the settings `AppSettings`'. It never imports electron; the Electron glue and
 * the browser-mode server both drive this same object.
 */
export class RecorderService {
  private readonly sessions = new Map<string, RecordingSession>();
  /** The saved lessons, by id (`lessons:list`, `lesson:open`, `lesson:rename`, `lesson:show-in-folder`). */
  readonly lessons: LessonShelf;
  private readonly finisher: LessonFinisher;
  private readonly diskWatches = new Map<string, DiskWatch>();
  private readonly journal: SessionJournal;
  private readonly runner: FfmpegRunner | undefined;
  private readonly now: () => number;
  private readonly platform: DesktopPlatform;
  private ownerWatch: ReturnType<typeof setInterval> | undefined;
  private lastSessionsReport = '';
  /** `settings:update`, `hotkeys:get`, `hotkeys:set`. */
  readonly appSettings: AppSettings;
  /** The timetable that records by itself (`timetable:*`). */
  readonly timetable: TimetableScheduler;
  /** Why the computer is kept awake: a lesson records, a period is near. */
  private readonly awakeFor = new Set<'recording' | 'timetable'>();
  /** The uploads to the school's storage (`uploads:get`, `upload:*`). */
  readonly uploads: UploadCenter;
  private lessonsRecording = false;

  constructor(private readonly deps: RecorderServiceDeps) {
    this.platform = deps.platform ?? toDesktopPlatform(process.platform);
    this.appSettings = new AppSettings({ settings: deps.settings, platform: this.platform, desktop: deps.desktop });
    // Every page hears of every change, whoever made it (another window, main's dialog, a hotkey).
    deps.settings.onChange((_settings, changed) => {
      if (changed.some((key) => (SHOWN_SETTINGS as readonly string[]).includes(key))) deps.emit('settings:changed', deps.settings.forRenderer());
      if (changed.includes('timetable')) this.timetable.tick();
    });
    this.journal = new SessionJournal(deps.stateDir);
    this.runner = deps.ffmpeg.available && deps.ffmpeg.path ? new FfmpegRunner(deps.ffmpeg.path) : undefined;
    this.now = deps.now ?? Date.now;
    this.lessons = new LessonShelf({
      saveFolder: () => deps.settings.get().saveFolder,
      ffmpegPath: () => (this.runner ? deps.ffmpeg.path : undefined),
      showItemInFolder: deps.showItemInFolder,
      openFile: deps.openFile,
      runner: () => this.runner,
      partWords: () => partWordsIn(this.language()),
      patience: deps.ffmpegPatience,
      trashItem: deps.trashItem,
      mediaUrl: deps.lessonMediaUrl,
      onSaved: (file) => void this.uploads.queue.add(file, this.now()),
      onFileChanged: (previous, file) => void this.uploads.queue.fileChanged(previous, file),
      uploadOf: (file) => this.uploads.uploadOfFile(file),
    });
    this.uploads = new UploadCenter({
      stateDir: deps.stateDir,
      settings: deps.settings,
      cipher: deps.secretCipher ?? unsealedCipher,
      isRecording: () => this.sessions.size > 0,
      lessonIdOf: (file) => this.lessons.idOf(file),
      fileOfLesson: (lessonId) => this.lessons.fileOf(lessonId),
      onChange: (status) => {
        deps.emit('uploads:changed', status);
        deps.onUploadsChange?.(status);
      },
      trashItem: deps.trashItem,
      chooseSettingsFile: deps.chooseSettingsFile,
      storage: deps.uploadStorage,
      now: deps.now,
      retryDelaysMs: deps.uploadRetryDelaysMs,
      partBytes: deps.uploadPartBytes,
    });
    this.timetable = new TimetableScheduler({
      periods: () => deps.settings.get().timetable,
      now: this.now,
      memory: timetableMemoryFile(deps.stateDir),
      recordingByHand: () => [...this.sessions.keys()].some((sessionId) => !this.timetable.isLinked(sessionId)),
      command: (command) => deps.emit('timetable:command', command),
      status: (status) => deps.emit('timetable:changed', status),
      notify: (notice) => deps.emit('app:notice', notice),
      keepAwake: (active) => this.keepAwake('timetable', active),
      upcoming: deps.onUpcomingLesson,
      setTimer: deps.timers?.set,
      clearTimer: deps.timers?.clear,
    });
    this.finisher = new LessonFinisher({
      stateDir: deps.stateDir,
      journal: this.journal,
      runner: this.runner,
      ffmpeg: deps.ffmpeg,
      saveFolder: () => deps.settings.get().saveFolder,
      lessons: this.lessons,
      emit: deps.emit,
      patience: deps.ffmpegPatience,
      language: () => this.language(),
    });
  }

  private readonly isActive = (sessionId: string) => this.sessions.has(sessionId);

  /** The language main speaks in (file names, and for the desktop shell the tray and dialogs): the setting, resolved. */
  language(): Language {
    return resolveLanguage(this.deps.settings.get().language, this.deps.systemLanguages?.() ?? []);
  }

  /** Whether a lesson with this id is recording (browser mode refuses other chunks before reading them). */
  isRecording(sessionId: string): boolean {
    return this.sessions.get(sessionId)?.currentState === 'recording';
  }

  async getState(): Promise<AppState> {
    const settings = this.deps.settings.forRenderer();
    return {
      settings,
      ffmpeg: this.deps.ffmpeg,
      freeBytes: await freeBytesOf(settings.saveFolder),
      recoveredLessons: this.finisher.recoveredLessons(),
      unfinishedSessions: await this.finisher.unfinished(this.isActive),
      activeSessions: this.activeSessions(),
      canOpenLessons: this.deps.openFile !== undefined,
      canPickCaptureSources: this.deps.captureSources !== undefined,
      platform: this.platform,
      desktopApp: this.deps.desktop !== undefined,
      uploads: this.uploads.status(),
    };
  }

  private activeSessions(): ActiveSession[] {
    return [...this.sessions.values()].map((session): ActiveSession => ({
      sessionId: session.id,
      title: session.journalEntry.title,
      startedAt: session.journalEntry.startedAt,
      recordedMs: session.recordedMs,
      paused: session.paused,
      ownerActive: session.ownerActive,
      marks: session.marks,
    }));
  }

  async chooseFolder(): Promise<Settings> {
    const current = this.deps.settings.get().saveFolder;
    const chosen = await this.deps.chooseFolder(current);
    if (chosen && chosen !== current) await this.deps.settings.update({ saveFolder: chosen });
    return this.deps.settings.forRenderer();
  }

  async startSession(request: StartSessionRequest): Promise<StartSessionReply> {
    const codec = codecFromMimeType(request.mimeType);
    if (!codec) {
      throw new ServiceError('invalid-request', `Recording format not supported: ${request.mimeType}`);
    }
    // The timetable's lesson, or one by hand near a period: it takes the period's name and stops at its end.
    const { title, occurrence } = this.timetable.sessionStarting(request.title, request.period);
    const sessionId = randomUUID();
    const saveFolder = this.deps.settings.get().saveFolder;
    let session: RecordingSession;
    let workDir: string | undefined;
    try {
      workDir = await this.chooseWorkDir(saveFolder, sessionId);
      const entry: JournalEntry = {
        version: 1,
        sessionId,
        title,
        startedAt: new Date(this.now()).toISOString(),
        mimeType: request.mimeType,
        codec,
        hasAudio: request.hasAudio,
        saveFolder,
        workDir,
        segments: [],
        state: 'recording',
      };
      session = await RecordingSession.start(entry, {
        runner: this.runner,
        journal: this.journal,
        now: this.now,
        fallbackDir: this.fallbackWorkDir(sessionId),
        notify: (notice) => this.deps.emit('app:notice', { ...notice, sessionId }),
        createChunkFile: this.deps.createChunkFile,
        patience: this.deps.ffmpegPatience,
      });
    } catch (error) {
      // Nothing was recorded yet: leave no folder behind (RecordingSession.start closed what it opened).
      if (workDir) await fs.rm(workDir, { recursive: true, force: true }).catch(() => undefined);
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      console.warn(`[recorder] could not start a lesson: ${String(error)}`);
      throw new ServiceError('start-failed', `The recording could not start (${reason}). Nothing was recorded.`, { params: { detail: String(reason) } });
    }
    this.sessions.set(sessionId, session);
    this.diskWatches.set(
      sessionId,
      new DiskWatch(session, {
        now: this.now,
        freeBytes: this.deps.freeBytes ?? freeBytesOf,
        reserveBytes: this.deps.diskReserveBytes,
        intervalMs: this.deps.diskCheckIntervalMs,
        notify: (notice) => this.deps.emit('app:notice', { ...notice, sessionId }),
      }),
    );
    if (occurrence) this.timetable.sessionStarted(sessionId, occurrence);
    this.keepAwake('recording', true);
    this.reportRecordingState();
    if (!this.runner) {
      this.deps.emit('app:notice', { ...notices.ffmpegMissing(this.deps.ffmpeg.problem), sessionId });
    }
    return { sessionId, codec, maxChunkBytes: MAX_CHUNK_BYTES, recorder: session.currentRecorder, resumeToken: session.resumeToken };
  }

  /** The teacher's folder if we can write there, else a folder in the app's state (the lesson must start). */
  private async chooseWorkDir(saveFolder: string, sessionId: string): Promise<string> {
    const preferred = path.join(saveFolder, WORK_FOLDER_NAME, sessionId);
    try {
      await fs.mkdir(preferred, { recursive: true });
      return preferred;
    } catch {
      const fallback = this.fallbackWorkDir(sessionId);
      await fs.mkdir(fallback, { recursive: true });
      this.deps.emit('app:notice', { ...notices.recordingElsewhere(saveFolder, fallback), sessionId });
      return fallback;
    }
  }

  /** Where a lesson goes on recording if its folder cannot be written (at start, or mid-lesson). */
  private fallbackWorkDir(sessionId: string): string {
    return path.join(this.deps.stateDir, 'recordings', sessionId);
  }

  private activeSession(sessionId: string): RecordingSession {
    const session = this.sessions.get(sessionId);
    if (!session) throw new ServiceError('unknown-session', 'No recording with this id is in progress.');
    return session;
  }

  async appendChunk(sessionId: string, recorder: number, seq: number, data: Uint8Array): Promise<AppendChunkReply> {
    const session = this.activeSession(sessionId);
    if (data.byteLength > MAX_CHUNK_BYTES) {
      throw new ServiceError('chunk-too-large', `Chunk of ${data.byteLength} bytes refused (limit ${MAX_CHUNK_BYTES}).`);
    }
    const reply = await session.append(recorder, seq, data);
    await this.diskWatches.get(sessionId)?.check();
    return reply;
  }

  /**
   * A new MediaRecorder takes the lesson over, in a new segment: the page that recorded it was reloaded
   * (it has the lesson's token), its recorder stalled (same page, same token), or its page is gone and
   * another page continues it (no token; refused while the first page is still heard from).
   */
  async continueSession(request: ContinueSessionRequest): Promise<StartSessionReply> {
    const session = this.activeSession(request.sessionId);
    const owner = request.resumeToken === session.resumeToken;
    if (!owner && session.ownerActive) {
      throw new ServiceError('owned-elsewhere', 'This lesson is being recorded in another window of the app.');
    }
    const codec = codecFromMimeType(request.mimeType);
    if (!codec || codec !== session.journalEntry.codec) {
      throw new ServiceError('invalid-request', `A lesson recorded as ${session.journalEntry.mimeType} cannot continue as ${request.mimeType}.`);
    }
    const recorder = await session.continueWithNewRecorder(request.cause);
    const resumeToken = owner ? session.resumeToken : session.newOwner();
    if (request.cause === 'renderer-restarted') {
      this.deps.emit('app:notice', { ...notices.rendererRestarted(), sessionId: session.id });
    }
    this.reportRecordingState();
    return { sessionId: session.id, codec, maxChunkBytes: MAX_CHUNK_BYTES, recorder, resumeToken };
  }

  /** The teacher marks the start of a new part of the lesson (Mark, its hotkey, the tray). */
  markPart(sessionId: string): Promise<MarkReply> {
    return this.activeSession(sessionId).mark();
  }

  /** The teacher names a part while the lesson records. */
  async namePart(sessionId: string, part: number, title: string): Promise<null> {
    await this.activeSession(sessionId).namePart(part, title);
    return null;
  }

  /** The lesson's page is still there (it sends this while no chunks come, e.g. paused). */
  async heartbeat(request: HeartbeatRequest): Promise<null> {
    const session = this.activeSession(request.sessionId);
    if (request.resumeToken !== session.resumeToken) {
      throw new ServiceError('owned-elsewhere', 'This lesson is now recorded in another window of the app.');
    }
    session.heartbeat(request.silentSeconds, request.framesDropped);
    this.reportRecordingState();
    return null;
  }

  /**
   * The window recording the lessons is gone (its renderer crashed; the desktop app reloads it): their
   * page will not be heard from again, so the reloaded page may continue them at once.
   */
  windowGone(): void {
    for (const session of this.sessions.values()) session.ownerGone();
    this.reportRecordingState();
  }

  async pauseSession(sessionId: string): Promise<null> {
    this.activeSession(sessionId).pause();
    this.reportRecordingState();
    return null;
  }

  async resumeSession(sessionId: string): Promise<null> {
    this.activeSession(sessionId).resume();
    this.reportRecordingState();
    return null;
  }

  async stopSession(sessionId: string): Promise<LessonSummary> {
    const session = this.activeSession(sessionId);
    this.deps.emit('finish:progress', { sessionId, stage: 'closing' });
    const stopped = await session.stop();
    this.sessions.delete(sessionId);
    this.diskWatches.delete(sessionId);
    this.timetable.sessionEnded(sessionId);
    if (this.sessions.size === 0) this.keepAwake('recording', false);
    this.reportRecordingState();
    return this.finisher.finishStopped(stopped);
  }

  /** Tries again to make an MP4 of a lesson whose finishing failed earlier (kept raw). */
  retryFinish(sessionId: string): Promise<LessonSummary> {
    if (this.sessions.has(sessionId)) throw new ServiceError('unknown-session', 'No unfinished recording with this id.');
    return this.finisher.retry(sessionId);
  }

  /** Saves a lesson without its part on a drive that is not connected (the teacher let that part go). */
  saveWithoutMissing(sessionId: string): Promise<LessonSummary> {
    if (this.sessions.has(sessionId)) throw new ServiceError('unknown-session', 'No unfinished recording with this id.');
    return this.finisher.retry(sessionId, { allowMissing: true });
  }

  /** Finishes every lesson a previous run left behind (see LessonFinisher.recoverInterrupted). */
  recoverInterruptedSessions(): Promise<LessonSummary[]> {
    return this.finisher.recoverInterrupted(this.isActive);
  }

  /** The app's screen and window picker (`capture-sources:*`); browser mode has none, and says so. */
  captureSources(): CaptureSourcePicker {
    if (!this.deps.captureSources) throw new ServiceError('unsupported', 'This app has no screen picker here; the browser asks instead.');
    return this.deps.captureSources;
  }

  /**
   * Tells the desktop shell (recording if any session records, paused if all are) and every page (the
   * lessons, with whether their page is there) when something changed; while lessons record, also looks
   * every few seconds whether a lesson's page has gone quiet.
   */
  private reportRecordingState(): void {
    const sessions = [...this.sessions.values()];
    const state = sessions.length === 0 ? 'idle' : sessions.every((session) => session.paused) ? 'paused' : 'recording';
    this.deps.onRecordingStateChange?.(state);
    if (this.lessonsRecording !== sessions.length > 0) {
      this.lessonsRecording = sessions.length > 0;
      this.uploads.queue.recordingChanged();
    }
    const active = this.activeSessions();
    const report = JSON.stringify(active.map(({ sessionId, paused, ownerActive }) => [sessionId, paused, ownerActive]));
    if (report !== this.lastSessionsReport) {
      this.lastSessionsReport = report;
      this.deps.emit('sessions:changed', active);
    }
    if (sessions.length > 0 && !this.ownerWatch) {
      this.ownerWatch = setInterval(() => this.reportRecordingState(), OWNER_CHECK_MS);
      this.ownerWatch.unref?.();
    } else if (sessions.length === 0 && this.ownerWatch) {
      clearInterval(this.ownerWatch);
      this.ownerWatch = undefined;
    }
  }

  /** Starts sending what the queue holds (a previous run's uploads go on from their journals). */
  startUploads(): Promise<void> {
    return this.uploads.start();
  }

  /** Starts the timetable (after the lessons a previous run left are recovered). */
  startTimetable(): Promise<void> {
    return this.timetable.start();
  }

  private keepAwake(reason: 'recording' | 'timetable', active: boolean): void {
    const before = this.awakeFor.size > 0;
    if (active) this.awakeFor.add(reason);
    else this.awakeFor.delete(reason);
    const after = this.awakeFor.size > 0;
    if (after !== before) this.deps.keepAwake?.(after);
  }

  /** App quit: stop ffmpeg and close files; unfinished lessons stay journalled for the next launch. */
  async shutdown(): Promise<void> {
    clearInterval(this.ownerWatch);
    this.ownerWatch = undefined;
    await this.timetable.stop();
    await this.uploads.stop();
    await Promise.all([...this.sessions.values()].map((session) => session.abort()));
    this.sessions.clear();
    this.awakeFor.clear();
    this.deps.keepAwake?.(false);
    this.runner?.killAll();
  }
}
