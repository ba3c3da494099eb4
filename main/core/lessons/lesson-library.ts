import fs from 'node:fs/promises';
import path from 'node:path';
import { probeMedia } from '../ffmpeg/probe-media';

/**
 * At most this many lessons are probed for their duration (newest first): each probe starts ffmpeg, and
 * a folder of years of lessons must not keep the list waiting.
 */
export const MAX_PROBED_LESSONS = 50;

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
 * Lists the MP4 lessons directly in `folder`, newest first. Only regular, non-hidden files count (the work
 * folder and half-written temporary files are not lessons). A missing folder is an empty list.
 */
export async function listLessonFiles(folder: string, ffmpegPath: string | undefined, maxProbed = MAX_PROBED_LESSONS): Promise<LessonFile[]> {
  const entries = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
  const lessons: LessonFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || entry.name.startsWith('.') || !/\.mp4$/i.test(entry.name)) continue;
    const file = path.join(folder, entry.name);
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat) continue; // deleted while we looked
    lessons.push({ path: file, fileName: entry.name, title: entry.name.replace(/\.mp4$/i, ''), modifiedMs: stat.mtimeMs, sizeBytes: stat.size });
  }
  lessons.sort((a, b) => b.modifiedMs - a.modifiedMs || a.fileName.localeCompare(b.fileName));
  if (ffmpegPath) {
    await Promise.all(
      lessons.slice(0, maxProbed).map(async (lesson) => {
        const info = await probeMedia(ffmpegPath, lesson.path).catch(() => undefined);
        if (info?.durationSeconds !== undefined) lesson.durationSeconds = info.durationSeconds;
      }),
    );
  }
  return lessons;
}

/** One lesson file as the list shows it (after a rename): stat and, with ffmpeg, its duration. */
export async function readLessonFile(file: string, ffmpegPath: string | undefined): Promise<LessonFile> {
  const stat = await fs.stat(file);
  const fileName = path.basename(file);
  const lesson: LessonFile = { path: file, fileName, title: fileName.replace(/\.mp4$/i, ''), modifiedMs: stat.mtimeMs, sizeBytes: stat.size };
  const info = ffmpegPath ? await probeMedia(ffmpegPath, file).catch(() => undefined) : undefined;
  if (info?.durationSeconds !== undefined) lesson.durationSeconds = info.durationSeconds;
  return lesson;
}
