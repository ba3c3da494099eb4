import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type {
  AppState,
  AppendChunkReply,
  EventChannel,
  EventContract,
  FfmpegStatus,
  LessonSummary,
  Settings,
  StartSessionReply,
  StartSessionRequest,
  UnfinishedSession,
} from '../../common/ipc-contract';
import { MAX_CHUNK_BYTES } from '../../common/ipc-contract';
import { codecFromMimeType } from '../../common/recording-formats';
import { FfmpegError, FfmpegRunner } from './ffmpeg/ffmpeg-runner';
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
  /** Sends an event to the renderer(s). */
  emit: <E extends EventChannel>(channel: E, payload: EventContract[E]) => void;
  /** Keeps the system from sleeping while any lesson records (Electron `powerSaveBlocker`). */
  keepAwake?: (active: boolean) => void;
  now?: () => number;
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
  private readonly lessons = new Map<string, string>();
  private readonly recovered: LessonSummary[] = [];
  private readonly journal: SessionJournal;
  private readonly runner: FfmpegRunner | undefined;
  private readonly now: () => number;

  constructor(private readonly deps: RecorderServiceDeps) {
    this.journal = new SessionJournal(deps.stateDir);
    this.runner = deps.ffmpeg.available && deps.ffmpeg.path ? new FfmpegRunner(deps.ffmpeg.path) : undefined;
    this.now = deps.now ?? Date.now;
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
    const session = await RecordingSession.start(entry, { runner: this.runner, journal: this.journal, now: this.now });
    this.sessions.set(sessionId, session);
    this.deps.keepAwake?.(true);
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
      const fallback = path.join(this.deps.stateDir, 'recordings', sessionId);
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

  async appendChunk(sessionId: string, seq: number, data: Uint8Array): Promise<AppendChunkReply> {
    const session = this.sessions.get(sessionId);
    if (!session) throw new ServiceError('unknown-session', 'No recording with this id is in progress.');
    if (data.byteLength > MAX_CHUNK_BYTES) {
      throw new ServiceError('chunk-too-large', `Chunk of ${data.byteLength} bytes refused (limit ${MAX_CHUNK_BYTES}).`);
    }
    return session.append(seq, data);
  }

  async stopSession(sessionId: string): Promise<LessonSummary> {
    const session = this.sessions.get(sessionId);
    if (!session) throw new ServiceError('unknown-session', 'No recording with this id is in progress.');
    this.deps.emit('finish:progress', { sessionId, stage: 'closing' });
    const stopped = await session.stop();
    this.sessions.delete(sessionId);
    if (this.sessions.size === 0) this.deps.keepAwake?.(false);
    return this.finish(stopped.entry, {
      liveOk: stopped.liveOutcomes.map((o) => o.ok),
      expectedSeconds: stopped.recordedMs / 1000,
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

  async showInFolder(lessonId: string): Promise<null> {
    const file = this.lessons.get(lessonId);
    if (!file) throw new ServiceError('unknown-lesson', 'This lesson is not known to the app.');
    this.deps.showItemInFolder(file);
    return null;
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
    options: { liveOk: boolean[]; expectedSeconds?: number; nameSuffix?: string; recovered?: boolean },
  ): Promise<LessonSummary> {
    const { sessionId } = entry;
    if (this.finishing.has(sessionId)) throw new ServiceError('busy', 'This lesson is already being finished.');
    this.finishing.add(sessionId);
    try {
      if (!this.runner) throw new FfmpegError(this.deps.ffmpeg.problem ?? 'ffmpeg is missing.', '');
      const finished = await finishLesson(
        { entry, liveOk: options.liveOk, expectedSeconds: options.expectedSeconds, nameSuffix: options.nameSuffix },
        {
          runner: this.runner,
          onProgress: (stage, fraction) => this.deps.emit('finish:progress', { sessionId, stage, fraction }),
        },
      );
      // Only now, with the MP4 verified and in place, may the raw recording go.
      await this.journal.remove(sessionId);
      await fs.rm(entry.workDir, { recursive: true, force: true }).catch(() => undefined);
      const lesson: LessonSummary = {
        lessonId: randomUUID(),
        fileName: path.basename(finished.path),
        durationSeconds: finished.durationSeconds,
        sizeBytes: finished.sizeBytes,
        recovered: options.recovered ?? false,
      };
      this.lessons.set(lesson.lessonId, finished.path);
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

/** Free space for the folder, asking its nearest existing parent when it does not exist yet. */
async function freeBytesOf(folder: string): Promise<number | undefined> {
  for (let dir = folder; ; dir = path.dirname(dir)) {
    try {
      const stats = await fs.statfs(dir);
      return stats.bavail * stats.bsize;
    } catch {
      if (path.dirname(dir) === dir) return undefined;
    }
  }
}
