import fs from 'node:fs/promises';
import path from 'node:path';
import { catalogs, type Language } from '../../../common/i18n/messages';
import { parseLessonFileName } from '../../../common/lesson-names';
import type { EventChannel, EventContract, FfmpegStatus, FinishProblem, LessonSummary, UnfinishedSession } from '../../../common/ipc-contract';
import type { FfmpegPatience, FfmpegRunner } from '../ffmpeg/ffmpeg-runner';
import type { LessonShelf } from '../lessons/lesson-shelf';
import { syncFolder } from '../storage/durable-files';
import { FinishFailure, finishLesson } from './finish-lesson';
import { notices } from '../notices';
import { ServiceError } from '../service-error';
import { partWordsIn } from '../lessons/lesson-parts';
import { receiptOf } from './recording-receipt';
import type { StoppedRecording } from './recording-session';
import type { JournalEntry, SessionJournal } from './session-journal';

export interface LessonFinisherDeps {
  stateDir: string;
  journal: SessionJournal;
  /** Undefined when ffmpeg is missing: every finish then fails with `ffmpeg-missing`, keeping the raw files. */
  runner: FfmpegRunner | undefined;
  ffmpeg: FfmpegStatus;
  /** The teacher's save folder now (a retry saves there, even if the lesson was recorded elsewhere). */
  saveFolder: () => string;
  lessons: LessonShelf;
  emit: <E extends EventChannel>(channel: E, payload: EventContract[E]) => void;
  patience?: FfmpegPatience;
  /** The teacher's language now: the words in the file names ("Lesson"/"课堂", "(recovered)"/"(已恢复)"). */
  language: () => Language;
}

/** The app's own folders for what finishing leaves: MP4s the teacher's folder could not take, unreadable parts. */
export const SAVED_LESSONS_FOLDER = 'Saved lessons';
export const UNREADABLE_FOLDER = 'Unreadable recordings';

interface FinishOptions {
  expectedSeconds?: number;
  /** Rebuilt at launch after a crash: the name carries the recovered mark. */
  recovered?: boolean;
  allowMissing?: boolean;
}

/** A journal entry's problem as a code; journals from before codes hold an English sentence. */
function problemOf(entry: JournalEntry): FinishProblem {
  if (typeof entry.problem === 'object' && entry.problem !== null) return entry.problem;
  return { code: 'ffmpeg-failed', detail: typeof entry.problem === 'string' ? entry.problem : undefined };
}

/**
 * Turns stopped, interrupted and earlier-failed lessons into MP4s (`finishLesson`), one at a time per
 * lesson, and says how it went: the lesson card's summary, notices for what the teacher must know
 * (saved elsewhere, parts missing, recovered), and on failure a journal entry that keeps the raw files
 * and says why (`UnfinishedSession`). Only after an MP4 is verified, in place and on disk do a lesson's
 * raw files and journal entry go.
 */
export class LessonFinisher {
  private readonly finishing = new Set<string>();
  private readonly recovered: LessonSummary[] = [];

  constructor(private readonly deps: LessonFinisherDeps) {}

  isFinishing(sessionId: string): boolean {
    return this.finishing.has(sessionId);
  }

  /** Lessons recovered at this launch, for pages that open later. */
  recoveredLessons(): LessonSummary[] {
    return [...this.recovered];
  }

  /** Lessons kept raw because finishing failed, or waiting for a part on a drive that is not connected. */
  async unfinished(isActive: (sessionId: string) => boolean): Promise<UnfinishedSession[]> {
    const sessions: UnfinishedSession[] = [];
    for (const entry of await this.deps.journal.list()) {
      if (isActive(entry.sessionId) || this.finishing.has(entry.sessionId) || entry.state !== 'failed') continue;
      sessions.push({
        sessionId: entry.sessionId,
        title: entry.title,
        startedAt: entry.startedAt,
        rawBytes: await rawBytesOf(entry),
        problem: problemOf(entry),
        keptIn: entry.workDir,
      });
    }
    return sessions;
  }

  /** Finishes a lesson just stopped. */
  finishStopped(stopped: StoppedRecording): Promise<LessonSummary> {
    return this.finish(stopped.entry, { expectedSeconds: stopped.recordedMs / 1000 });
  }

  /** Tries again to make an MP4 of a lesson whose finishing failed earlier (kept raw), into today's save folder. */
  async retry(sessionId: string, options: { allowMissing?: boolean } = {}): Promise<LessonSummary> {
    const entry = await this.deps.journal.read(sessionId);
    if (!entry || entry.state === 'recording') throw new ServiceError('unknown-session', 'No unfinished recording with this id.');
    return this.finish({ ...entry, saveFolder: this.deps.saveFolder() }, { allowMissing: options.allowMissing });
  }

  /**
   * Finishes every lesson a previous run left behind (crash, power cut, failed finish): each becomes an
   * MP4 marked "(recovered)" in its folder, rebuilt from the raw file; a half-written MP4 is ignored. One
   * whose part is on a drive that is not connected stays, listed as unfinished, until it is back.
   */
  async recoverInterrupted(isActive: (sessionId: string) => boolean): Promise<LessonSummary[]> {
    const found: LessonSummary[] = [];
    for (const entry of await this.deps.journal.list()) {
      if (isActive(entry.sessionId) || this.finishing.has(entry.sessionId)) continue;
      try {
        const lesson = await this.finish(entry, { recovered: true });
        found.push(lesson);
        this.recovered.push(lesson);
      } catch {
        // finish() has recorded the problem in the journal; the lesson is listed as unfinished.
      }
    }
    return found;
  }

  private async finish(entry: JournalEntry, options: FinishOptions): Promise<LessonSummary> {
    const { sessionId } = entry;
    if (this.finishing.has(sessionId)) throw new ServiceError('busy', 'This lesson is already being finished.');
    this.finishing.add(sessionId);
    let current = entry;
    try {
      if (!this.deps.runner) throw new FinishFailure({ code: 'ffmpeg-missing', detail: this.deps.ffmpeg.problem });
      const words = catalogs[this.deps.language()];
      const finished = await finishLesson(
        {
          entry,
          expectedSeconds: options.expectedSeconds,
          nameSuffix: options.recovered ? ` ${words.recoveredSuffix}` : undefined,
          fallbackTitle: words.defaultLessonTitle,
          partWords: partWordsIn(this.deps.language()),
          allowMissing: options.allowMissing,
          fallbackFolder: path.join(this.deps.stateDir, SAVED_LESSONS_FOLDER),
        },
        {
          runner: this.deps.runner,
          patience: this.deps.patience,
          onProgress: (stage, fraction) => this.deps.emit('finish:progress', { sessionId, stage, fraction }),
          onLiveRejected: (problem) => this.deps.emit('app:notice', { ...notices.liveRemuxFallback(problem), sessionId }),
          beforeClaim: async (claim) => {
            current = { ...current, claim };
            await this.deps.journal.write(current);
          },
        },
      );
      await this.keepUnreadable(entry, finished.unreadableRaws);
      // Only now, with the MP4 verified, in place and flushed, may the raw recording go.
      await this.deps.journal.remove(sessionId);
      await syncFolder(this.deps.journal.dir).catch(() => undefined);
      for (const dir of new Set([entry.workDir, ...entry.segments.map((s) => path.dirname(s.rawPath))])) {
        await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
      }
      const lesson: LessonSummary = {
        lessonId: this.deps.lessons.saved(finished.path),
        fileName: path.basename(finished.path),
        lessonTitle: parseLessonFileName(path.basename(finished.path)).title,
        durationSeconds: finished.durationSeconds,
        sizeBytes: finished.sizeBytes,
        recovered: options.recovered ?? false,
      };
      if (finished.gaps.length > 0) lesson.gaps = finished.gaps;
      if (finished.parts.length > 0) lesson.parts = finished.parts;
      const receipt = options.recovered ? undefined : receiptOf(entry, finished.durationSeconds);
      if (receipt) lesson.receipt = receipt;
      if (finished.inFallbackFolder) lesson.savedInFallbackFolder = path.dirname(finished.path);
      if (finished.inFallbackFolder) this.deps.emit('app:notice', { ...notices.savedElsewhere(entry.saveFolder, path.dirname(finished.path)), sessionId });
      if (finished.missingSegments > 0) this.deps.emit('app:notice', { ...notices.savedWithoutMissing(), sessionId });
      if (options.recovered) this.deps.emit('app:notice', { ...notices.lessonRecovered(lesson.fileName), sessionId });
      return lesson;
    } catch (error) {
      const problem: FinishProblem =
        error instanceof FinishFailure ? error.problem : { code: 'ffmpeg-failed', detail: error instanceof Error ? error.message : String(error) };
      const notice = notices.keptRaw(problem, entry.workDir);
      console.warn(`[finish] ${sessionId}: ${notice.message}`);
      await this.deps.journal.write({ ...current, state: 'failed', problem }).catch(() => undefined);
      this.deps.emit('app:notice', { ...notice, sessionId });
      throw new ServiceError('finish-failed', notice.message, { problem, keptIn: entry.workDir });
    } finally {
      this.finishing.delete(sessionId);
    }
  }

  /** The bytes of parts that could not be read are not thrown away with the work folder: they go to the app's folder. */
  private async keepUnreadable(entry: JournalEntry, raws: string[]): Promise<void> {
    if (raws.length === 0) return;
    const folder = path.join(this.deps.stateDir, UNREADABLE_FOLDER, entry.sessionId);
    await fs.mkdir(folder, { recursive: true });
    for (const raw of raws) {
      await fs.copyFile(raw, path.join(folder, path.basename(raw)));
      console.warn(`[finish] ${entry.sessionId}: ${path.basename(raw)} held nothing readable; kept in ${folder}`);
    }
    await syncFolder(folder).catch(() => undefined);
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
