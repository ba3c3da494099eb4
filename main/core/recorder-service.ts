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
  LessonListItem,
  LessonSummary,
  Settings,
  StartSessionReply,
  StartSessionRequest,
  UnfinishedSession,
} from '../../common/ipc-contract';
import { MAX_CHUNK_BYTES } from '../../common/ipc-contract';
import { codecFromMimeType } from '../../common/recording-formats';
import { AppSettings, type DesktopControls } from './app-settings';
import { type DesktopPlatform, toDesktopPlatform } from './desktop/accelerator';
import { FfmpegError, FfmpegRunner } from './ffmpeg/ffmpeg-runner';
import { LessonShelf } from './lessons/lesson-shelf';
import type { CaptureSourcePicker } from './capture-sources/source-picker';
import type { ChunkFile } from './recording/chunk-file';
import { DiskWatch, freeBytesOf } from './recording/disk-watch';
import { finishLesson } from './recording/finish-lesson';
import { RecordingSession, ServiceError } from './recording/recording-session';
import { SessionJournal, type JournalEntry } from './recording/session-journal';
import type { SettingsStore } from './storage/settings-store';

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
  /** The app's own screen/window picker (Electron's desktopCapturer behind it); absent in browser mode. */
  captureSources?: CaptureSourcePicker;
  /** Sends an event to the renderer(s). */
  emit: <E extends EventChannel>(channel: E, payload: EventContract[E]) => void;
  /** Keeps the system from sleeping while any lesson records (Electron `powerSaveBlocker`). */
  keepAwake?: (active: boolean) => void;
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
}


/** Folder inside the teacher's folder where a lesson's raw files live until its MP4 is saved. */
export const WORK_FOLDER_NAME = '.classroom-recorder';

/**
 * The recording core behind the IPC contract: one method per invoke channel. It never imports electron;
 * the Electron glue and the browser-mode server both drive this same object.
 */
export class RecorderService {
  private readonly sessions = new Map<string, RecordingSession>();
  private readonly finishing = new Set<string>();
  private readonly lessons: LessonShelf;
  private readonly recovered: LessonSummary[] = [];
  private readonly diskWatches = new Map<string, DiskWatch>();
  private readonly journal: SessionJournal;
  private readonly runner: FfmpegRunner | undefined;
  private readonly now: () => number;
  private readonly platform: DesktopPlatform;
  /** `settings:update`, `hotkeys:get`, `hotkeys:set`. */
  readonly appSettings: AppSettings;

  constructor(private readonly deps: RecorderServiceDeps) {
    this.platform = deps.platform ?? toDesktopPlatform(process.platform);
    this.appSettings = new AppSettings({ stateDir: deps.stateDir, settings: deps.settings, platform: this.platform, desktop: deps.desktop });
    this.journal = new SessionJournal(deps.stateDir);
    this.runner = deps.ffmpeg.available && deps.ffmpeg.path ? new FfmpegRunner(deps.ffmpeg.path) : undefined;
    this.now = deps.now ?? Date.now;
    this.lessons = new LessonShelf({
      saveFolder: () => deps.settings.get().saveFolder,
      ffmpegPath: () => (this.runner ? deps.ffmpeg.path : undefined),
      showItemInFolder: deps.showItemInFolder,
      openFile: deps.openFile,
    });
  }

  async getState(): Promise<AppState> {
    const settings = this.deps.settings.forRenderer();
    const unfinishedSessions: UnfinishedSession[] = [];
    for (const entry of await this.journal.list()) {
      if (this.sessions.has(entry.sessionId) || this.finishing.has(entry.sessionId) || entry.state !== 'failed') continue;
      unfinishedSessions.push({
        sessionId: entry.sessionId,
        title: entry.title,
        startedAt: entry.startedAt,
        rawBytes: await rawBytesOf(entry),
        problem: entry.problem ?? 'The recording could not be turned into an MP4.',
      });
    }
    return {
      settings,
      ffmpeg: this.deps.ffmpeg,
      freeBytes: await freeBytesOf(settings.saveFolder),
      recoveredLessons: [...this.recovered],
      unfinishedSessions,
      activeSessions: [...this.sessions.values()].map(
        (session): ActiveSession => ({
          sessionId: session.id,
          title: session.journalEntry.title,
          startedAt: session.journalEntry.startedAt,
          recordedMs: session.recordedMs,
          paused: session.paused,
        }),
      ),
      canOpenLessons: this.deps.openFile !== undefined,
      canPickCaptureSources: this.deps.captureSources !== undefined,
      platform: this.platform,
      desktopApp: this.deps.desktop !== undefined,
    };
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
    const sessionId = randomUUID();
    const saveFolder = this.deps.settings.get().saveFolder;
    const workDir = await this.chooseWorkDir(saveFolder, sessionId);
    const entry: JournalEntry = {
      version: 1,
      sessionId,
      title: request.title,
      startedAt: new Date(this.now()).toISOString(),
      mimeType: request.mimeType,
      codec,
      hasAudio: request.hasAudio,
      saveFolder,
      workDir,
      segments: [],
      state: 'recording',
    };
    const session = await RecordingSession.start(entry, {
      runner: this.runner,
      journal: this.journal,
      now: this.now,
      fallbackDir: this.fallbackWorkDir(sessionId),
      notify: (notice) => this.deps.emit('app:notice', { ...notice, sessionId }),
      createChunkFile: this.deps.createChunkFile,
    });
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
    this.deps.keepAwake?.(true);
    this.reportRecordingState();
    if (!this.runner) {
      this.deps.emit('app:notice', {
        level: 'warning',
        code: 'ffmpeg-missing',
        message: this.deps.ffmpeg.problem ?? 'ffmpeg is missing: the lesson is recorded but cannot be made into an MP4 yet.',
        sessionId,
      });
    }
    return { sessionId, codec, maxChunkBytes: MAX_CHUNK_BYTES };
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
      this.deps.emit('app:notice', {
        level: 'warning',
        code: 'write-failed',
        message: `The save folder ${saveFolder} cannot be written to. This lesson is being recorded in ${fallback} instead.`,
        sessionId,
      });
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

  async appendChunk(sessionId: string, seq: number, data: Uint8Array): Promise<AppendChunkReply> {
    const session = this.activeSession(sessionId);
    if (data.byteLength > MAX_CHUNK_BYTES) {
      throw new ServiceError('chunk-too-large', `Chunk of ${data.byteLength} bytes refused (limit ${MAX_CHUNK_BYTES}).`);
    }
    const reply = await session.append(seq, data);
    await this.diskWatches.get(sessionId)?.check();
    return reply;
  }

  /** A reloaded renderer picks up a lesson main is still recording: it goes on in a new segment. */
  async continueSession(request: ContinueSessionRequest): Promise<StartSessionReply> {
    const session = this.activeSession(request.sessionId);
    const codec = codecFromMimeType(request.mimeType);
    if (!codec || codec !== session.journalEntry.codec) {
      throw new ServiceError('invalid-request', `A lesson recorded as ${session.journalEntry.mimeType} cannot continue as ${request.mimeType}.`);
    }
    await session.continueInNewSegment();
    this.deps.emit('app:notice', {
      level: 'warning',
      code: 'renderer-restarted',
      message: 'The recorder window restarted; the lesson goes on recording and will be saved as one file.',
      sessionId: session.id,
    });
    return { sessionId: session.id, codec, maxChunkBytes: MAX_CHUNK_BYTES };
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
    if (this.sessions.size === 0) this.deps.keepAwake?.(false);
    this.reportRecordingState();
    return this.finish(stopped.entry, {
      liveOk: stopped.liveOk,
      expectedSeconds: stopped.recordedMs / 1000,
      segmentSeconds: stopped.segmentMs.map((ms) => ms / 1000),
    });
  }

  /** Tries again to make an MP4 of a lesson whose finishing failed earlier (kept raw). */
  async retryFinish(sessionId: string): Promise<LessonSummary> {
    const entry = await this.journal.read(sessionId);
    if (!entry || this.sessions.has(sessionId)) {
      throw new ServiceError('unknown-session', 'No unfinished recording with this id.');
    }
    const saveFolder = this.deps.settings.get().saveFolder;
    return this.finish({ ...entry, saveFolder }, { liveOk: [] });
  }

  /** The MP4 lessons in the save folder, newest first; each path gets an id so Show in folder can find it. */
  listLessons(): Promise<LessonListItem[]> {
    return this.lessons.list();
  }

  /** The screens and windows the app's picker offers (`capture-sources:list`). */
  listCaptureSources() {
    return this.sourcePicker().list();
  }

  /** The teacher picked one; the next getDisplayMedia records it (`capture-sources:choose`). */
  chooseCaptureSource(sourceId: string): Promise<null> {
    return this.sourcePicker().choose(sourceId);
  }

  private sourcePicker(): CaptureSourcePicker {
    if (!this.deps.captureSources) throw new ServiceError('unsupported', 'This app has no screen picker here; the browser asks instead.');
    return this.deps.captureSources;
  }

  /** Plays a lesson in the computer's video player. */
  openLesson(lessonId: string): Promise<null> {
    return this.lessons.open(lessonId);
  }

  /** Renames a lesson file; its id follows it to the new name. */
  renameLesson(lessonId: string, title: string): Promise<LessonListItem> {
    return this.lessons.rename(lessonId, title);
  }

  showInFolder(lessonId: string): Promise<null> {
    return this.lessons.showInFolder(lessonId);
  }

  /**
   * Finishes every lesson a previous run left behind (crash, power cut, failed finish): each becomes an
   * MP4 marked "(recovered)" in its folder, rebuilt from the raw file; a half-written MP4 is ignored.
   */
  async recoverInterruptedSessions(): Promise<LessonSummary[]> {
    const found: LessonSummary[] = [];
    for (const entry of await this.journal.list()) {
      if (this.sessions.has(entry.sessionId) || this.finishing.has(entry.sessionId)) continue;
      try {
        const lesson = await this.finish(entry, { liveOk: [], nameSuffix: ' (recovered)', recovered: true });
        found.push(lesson);
        this.recovered.push(lesson);
      } catch {
        // finish() has recorded the problem in the journal; the lesson is listed as unfinished.
      }
    }
    return found;
  }

  private async finish(
    entry: JournalEntry,
    options: { liveOk: boolean[]; expectedSeconds?: number; segmentSeconds?: number[]; nameSuffix?: string; recovered?: boolean },
  ): Promise<LessonSummary> {
    const { sessionId } = entry;
    if (this.finishing.has(sessionId)) throw new ServiceError('busy', 'This lesson is already being finished.');
    this.finishing.add(sessionId);
    try {
      if (!this.runner) throw new FfmpegError(this.deps.ffmpeg.problem ?? 'ffmpeg is missing.', '');
      const finished = await finishLesson(
        {
          entry,
          liveOk: options.liveOk,
          expectedSeconds: options.expectedSeconds,
          segmentSeconds: options.segmentSeconds,
          nameSuffix: options.nameSuffix,
          fallbackFolder: path.join(this.deps.stateDir, 'Saved lessons'),
        },
        {
          runner: this.runner,
          onProgress: (stage, fraction) => this.deps.emit('finish:progress', { sessionId, stage, fraction }),
          onLiveRejected: (problem) =>
            this.deps.emit('app:notice', {
              level: 'info',
              code: 'live-remux-fallback',
              message: `The quick MP4 could not be used (${problem}); the lesson is being converted from the recording, which takes a little longer.`,
              sessionId,
            }),
        },
      );
      // Only now, with the MP4 verified and in place, may the raw recording go.
      await this.journal.remove(sessionId);
      for (const dir of new Set([entry.workDir, ...entry.segments.map((s) => path.dirname(s.rawPath))])) {
        await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
      }
      const lesson: LessonSummary = {
        lessonId: this.lessons.remember(finished.path),
        fileName: path.basename(finished.path),
        durationSeconds: finished.durationSeconds,
        sizeBytes: finished.sizeBytes,
        recovered: options.recovered ?? false,
      };
      if (finished.inFallbackFolder) lesson.savedInFallbackFolder = path.dirname(finished.path);
      if (finished.inFallbackFolder || finished.missingSegments > 0) {
        const where = finished.inFallbackFolder
          ? `The save folder ${entry.saveFolder} could not be written, so the lesson was saved in ${path.dirname(finished.path)}.`
          : '';
        const missing = finished.missingSegments > 0 ? ' Part of the lesson was on a drive that is no longer connected and is not in this file.' : '';
        this.deps.emit('app:notice', { level: 'warning', code: 'saved-elsewhere', message: `${where}${missing}`.trim(), sessionId });
      }
      if (options.recovered) {
        this.deps.emit('app:notice', {
          level: 'info',
          code: 'lesson-recovered',
          message: `A lesson interrupted earlier was recovered: ${lesson.fileName}`,
          sessionId,
        });
      }
      return lesson;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const problem = `${reason} The recording is kept safe in ${entry.workDir}; you can try again later.`;
      await this.journal.write({ ...entry, state: 'failed', problem }).catch(() => undefined);
      this.deps.emit('app:notice', { level: 'error', code: 'kept-raw', message: problem, sessionId });
      throw new ServiceError('finish-failed', problem);
    } finally {
      this.finishing.delete(sessionId);
    }
  }

  /** The overall state for the desktop shell: recording if any session records, paused if all are. */
  private reportRecordingState(): void {
    const sessions = [...this.sessions.values()];
    const state = sessions.length === 0 ? 'idle' : sessions.every((session) => session.paused) ? 'paused' : 'recording';
    this.deps.onRecordingStateChange?.(state);
  }

  /** App quit: stop ffmpeg and close files; unfinished lessons stay journalled for the next launch. */
  async shutdown(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((session) => session.abort()));
    this.sessions.clear();
    this.deps.keepAwake?.(false);
    this.runner?.killAll();
  }
}

async function rawBytesOf(entry: JournalEntry): Promise<number> {
  let total = 0;
  for (const segment of entry.segments) {
    total += await fs.stat(segment.rawPath).then(
      (s) => s.size,
      () => 0,
    );
  }
  return total;
}
