import fs from 'node:fs/promises';
import path from 'node:path';
import { probeMedia } from '../ffmpeg/probe-media';

/**
 * At most this many lessons are probed for their duration (newest first): each probe starts ffmpeg, and
 * a folder of years of lessons must not keep the list waiting.
 */
export const MAX_PROBED_LESSONS = 50;
/**
 * Probes run at once: each is an ffmpeg process, and the list is often asked for while a lesson records,
 * whose encoder must not be crowded out (51 probes at once were seen before this limit).
 */
export const MAX_PARALLEL_PROBES = 3;

/**
 * The durations read so far, by path, kept while the file's size and modification time stay the same:
 * refreshing the list of a folder of finished lessons starts no ffmpeg at all.
 */
export class DurationCache {
  private readonly known = new Map<string, { sizeBytes: number; modifiedMs: number; durationSeconds: number | undefined }>();

  constructor(private readonly probe: (file: string) => Promise<number | undefined> = () => Promise.resolve(undefined)) {}

  /** Fills in `durationSeconds` of each lesson, probing those not known, `MAX_PARALLEL_PROBES` at a time. */
  async fill(lessons: LessonFile[], parallel = MAX_PARALLEL_PROBES): Promise<void> {
    const unknown = lessons.filter((lesson) => {
      const cached = this.known.get(lesson.path);
      if (!cached || cached.sizeBytes !== lesson.sizeBytes || cached.modifiedMs !== lesson.modifiedMs) return true;
      if (cached.durationSeconds !== undefined) lesson.durationSeconds = cached.durationSeconds;
      return false;
    });
    let next = 0;
    const worker = async () => {
      while (next < unknown.length) {
        const lesson = unknown[next++]!;
        const durationSeconds = await this.probe(lesson.path).catch(() => undefined);
        this.known.set(lesson.path, { sizeBytes: lesson.sizeBytes, modifiedMs: lesson.modifiedMs, durationSeconds });
        if (durationSeconds !== undefined) lesson.durationSeconds = durationSeconds;
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, unknown.length) }, worker));
  }
}

/** The duration ffmpeg reads from a file, if it reads one. */
export function probeDuration(ffmpegPath: string): (file: string) => Promise<number | undefined> {
  return async (file) => (await probeMedia(ffmpegPath, file).catch(() => undefined))?.durationSeconds;
}

/** One MP4 found in the save folder, with its path (main-side only: never sent to the renderer). */
export interface LessonFile {
  path: string;
  fileName: string;
  /** The file name without `.mp4`. */
  title: string;
  modifiedMs: number;
  sizeBytes: number;
  /** Undefined when not probed (beyond the cap, no ffmpeg) or when ffmpeg could not read it. */
  durationSeconds?: number;
}

/**
 * Lists the MP4 lessons directly in `folder`, newest first. Only regular, non-hidden, non-empty files
 * count (the work folder, half-written temporary files and the empty claim a finish that died left behind
 * are not lessons). A missing folder is an empty list. Durations come from `durations` (probed with
 * ffmpeg, cached), for the newest `maxProbed`.
 */
export async function listLessonFiles(folder: string, durations: DurationCache | undefined, maxProbed = MAX_PROBED_LESSONS): Promise<LessonFile[]> {
  const entries = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
  const lessons: LessonFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || entry.name.startsWith('.') || !/\.mp4$/i.test(entry.name)) continue;
    const file = path.join(folder, entry.name);
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat || stat.size === 0) continue; // deleted while we looked, or an empty claim
    lessons.push({ path: file, fileName: entry.name, title: entry.name.replace(/\.mp4$/i, ''), modifiedMs: stat.mtimeMs, sizeBytes: stat.size });
  }
  lessons.sort((a, b) => b.modifiedMs - a.modifiedMs || a.fileName.localeCompare(b.fileName));
  await durations?.fill(lessons.slice(0, maxProbed));
  return lessons;
}

/** One lesson file as the list shows it (after a rename): stat and, with ffmpeg, its duration. */
export async function readLessonFile(file: string, durations: DurationCache | undefined): Promise<LessonFile> {
  const stat = await fs.stat(file);
  const fileName = path.basename(file);
  const lesson: LessonFile = { path: file, fileName, title: fileName.replace(/\.mp4$/i, ''), modifiedMs: stat.mtimeMs, sizeBytes: stat.size };
  await durations?.fill([lesson]);
  return lesson;
}
