import { randomUUID } from 'node:crypto';
import { parseLessonFileName } from '../../../common/lesson-names';
import path from 'node:path';
import type { LessonListItem, LessonPart, LessonSummary, LessonUpload, TrimPlan, TrimReply } from '../../../common/ipc-contract';
import { DEFAULT_PATIENCE, type FfmpegPatience, type FfmpegRunner } from '../ffmpeg/ffmpeg-runner';
import { planLessonTrim, trimLesson } from './lesson-trim';
import { renameLessonPart } from './lesson-edits';
import { ENGLISH_PART_WORDS, type PartWords } from './lesson-parts';
import { ServiceError } from '../service-error';
import { DurationCache, listLessonFiles, probeDuration, readLessonFile, type LessonFile } from './lesson-library';
import { renameLessonFile } from './rename-lesson';

export interface LessonShelfDeps {
  /** The folder whose MP4s are listed (the teacher's save folder, read at each listing). */
  saveFolder: () => string;
  /** ffmpeg, to read durations; undefined when it is missing (lessons are then listed without one). */
  ffmpegPath: () => string | undefined;
  /** Opens the OS file manager with the file selected. */
  showItemInFolder: (file: string) => void;
  /** Opens a lesson in the computer's video player; absent where that is not possible (browser mode). */
  openFile?: (file: string) => Promise<void>;
  /** ffmpeg to rewrite a lesson (its parts); undefined when it is missing. */
  runner?: () => FfmpegRunner | undefined;
  /** What unnamed parts are called, in the teacher's language now. */
  partWords?: () => PartWords;
  patience?: FfmpegPatience;
  /** Moves a file to the OS trash (a trimmed lesson's original); absent where there is none. */
  trashItem?: (file: string) => Promise<void>;
  /** The address the page's player reads a lesson at (the host serves it: `lesson-media.ts`). */
  mediaUrl?: (lessonId: string) => string;
  /** A lesson was saved (the uploads queue it). */
  onSaved?: (file: string) => void;
  /** The app renamed, trimmed or re-chaptered a lesson (`previous` may equal `file`): its upload follows it. */
  onFileChanged?: (previous: string, file: string) => void;
  /** Where the lesson's upload to the school's storage is, for the list. */
  uploadOf?: (file: string) => LessonUpload | undefined;
}

/**
 * The saved lessons as the renderer addresses them: by opaque ids that only main maps to files, so the
 * renderer never sends a path. Backs `lessons:list`, `lesson:open`, `lesson:rename` and
 * `lesson:show-in-folder`.
 */
export class LessonShelf {
  private readonly pathOfId = new Map<string, string>();
  private durationCache: { ffmpegPath: string; cache: DurationCache } | undefined;

  constructor(private readonly deps: LessonShelfDeps) {}

  /** The durations cache for the ffmpeg in use (none without ffmpeg: lessons are listed without a duration). */
  private durations(): DurationCache | undefined {
    const ffmpegPath = this.deps.ffmpegPath();
    if (!ffmpegPath) return undefined;
    if (this.durationCache?.ffmpegPath !== ffmpegPath) this.durationCache = { ffmpegPath, cache: new DurationCache(probeDuration(ffmpegPath)) };
    return this.durationCache.cache;
  }

  /** Gives a file just saved an id (the lesson card uses it before any listing). */
  remember(file: string): string {
    const lessonId = randomUUID();
    this.pathOfId.set(lessonId, file);
    return lessonId;
  }

  /** A lesson just saved: its id, and the uploads hear of it. */
  saved(file: string): string {
    const lessonId = this.remember(file);
    this.deps.onSaved?.(file);
    return lessonId;
  }

  /** The id the page knows a file by; undefined when none was given out (no new id is made). */
  idOf(file: string): string | undefined {
    for (const [lessonId, known] of this.pathOfId) if (known === file) return lessonId;
    return undefined;
  }

  /** The MP4 lessons in the save folder, newest first. */
  async list(): Promise<LessonListItem[]> {
    const files = await listLessonFiles(this.deps.saveFolder(), this.durations());
    // One id per path, reused across refreshes, so the map grows with the folder and not with each refresh.
    const idOfPath = new Map([...this.pathOfId].map(([lessonId, file]) => [file, lessonId]));
    return files.map((file) => this.withUpload(listItem(idOfPath.get(file.path) ?? this.remember(file.path), file), file.path));
  }

  /** Plays a lesson in the computer's video player. */
  async open(lessonId: string): Promise<null> {
    const file = this.fileOf(lessonId);
    if (!this.deps.openFile) throw new ServiceError('unsupported', 'Lessons cannot be played from here; use Show in folder.');
    await this.deps.openFile(file).catch((error: unknown) => {
      throw new ServiceError('unsupported', `The lesson could not be opened: ${error instanceof Error ? error.message : String(error)}`);
    });
    return null;
  }

  /** Renames a lesson file (`renameLessonFile`); its id follows it to the new name. */
  async rename(lessonId: string, title: string): Promise<LessonListItem> {
    const previous = this.fileOf(lessonId);
    const renamed = await renameLessonFile(previous, title);
    this.pathOfId.set(lessonId, renamed);
    this.deps.onFileChanged?.(previous, renamed);
    return this.withUpload(listItem(lessonId, await readLessonFile(renamed, this.durations())), renamed);
  }

  /** Where a trim would fall (the start on a keyframe), before the teacher trims. */
  async planTrim(lessonId: string, fromSeconds: number, toSeconds: number): Promise<TrimPlan> {
    return planLessonTrim(this.ffmpeg(), this.fileOf(lessonId), fromSeconds, toSeconds, this.deps.patience ?? DEFAULT_PATIENCE);
  }

  /** Trims a saved lesson (`trimLesson`); its id follows the trimmed file. */
  async trim(lessonId: string, fromSeconds: number, toSeconds: number): Promise<TrimReply> {
    const original = this.fileOf(lessonId);
    const trimmed = await trimLesson(
      { runner: this.ffmpeg(), patience: this.deps.patience ?? DEFAULT_PATIENCE, trashItem: this.deps.trashItem },
      original,
      fromSeconds,
      toSeconds,
    );
    this.pathOfId.set(lessonId, trimmed.file);
    this.deps.onFileChanged?.(original, trimmed.file);
    const name = parseLessonFileName(path.basename(trimmed.file));
    const lesson: LessonSummary = {
      lessonId,
      fileName: path.basename(trimmed.file),
      lessonTitle: name.title,
      durationSeconds: trimmed.plan.durationSeconds,
      sizeBytes: trimmed.sizeBytes,
      recovered: name.recoveredMark !== undefined,
    };
    if (trimmed.parts.length > 0) lesson.parts = trimmed.parts;
    return { lesson, originalInTrash: trimmed.originalInTrash };
  }

  private ffmpeg(): FfmpegRunner {
    const runner = this.deps.runner?.();
    if (!runner) throw new ServiceError('unsupported', 'The video converter (ffmpeg) is missing: lessons cannot be changed now.');
    return runner;
  }

  /** Names a part of a saved lesson (its chapter in the MP4 and its chapters file). */
  async renamePart(lessonId: string, part: number, title: string): Promise<LessonPart[]> {
    const file = this.fileOf(lessonId);
    const parts = await renameLessonPart(this.ffmpeg(), file, part, title, this.deps.partWords?.() ?? ENGLISH_PART_WORDS, this.deps.patience);
    this.deps.onFileChanged?.(file, file);
    return parts;
  }

  /** Where the page's player reads the lesson (checked to be one the app knows). */
  mediaUrl(lessonId: string): string {
    this.fileOf(lessonId);
    if (!this.deps.mediaUrl) throw new ServiceError('unsupported', 'Lessons cannot be played in the app here; use Show in folder.');
    return this.deps.mediaUrl(lessonId);
  }

  /** The file a player's request for a lesson reads; undefined for an id the app never gave out. */
  mediaFile(lessonId: string): string | undefined {
    return this.pathOfId.get(lessonId);
  }

  async showInFolder(lessonId: string): Promise<null> {
    this.deps.showItemInFolder(this.fileOf(lessonId));
    return null;
  }

  private withUpload(item: LessonListItem, file: string): LessonListItem {
    const upload = this.deps.uploadOf?.(file);
    if (upload) item.upload = upload;
    return item;
  }

  /** The file of a lesson id the app gave out (main's own use: the uploads' Retry). */
  fileOf(lessonId: string): string {
    const file = this.pathOfId.get(lessonId);
    if (!file) throw new ServiceError('unknown-lesson', 'This lesson is not known to the app.');
    return file;
  }
}

/** What the renderer sees of a lesson file: no path. */
function listItem(lessonId: string, file: LessonFile): LessonListItem {
  const name = parseLessonFileName(file.fileName);
  const item: LessonListItem = {
    lessonId,
    title: file.title,
    fileName: file.fileName,
    lessonTitle: name.title,
    recovered: name.recoveredMark !== undefined,
    modifiedAt: new Date(file.modifiedMs).toISOString(),
    sizeBytes: file.sizeBytes,
  };
  if (file.durationSeconds !== undefined) item.durationSeconds = file.durationSeconds;
  return item;
}
