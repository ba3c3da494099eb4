import fs from 'node:fs/promises';
import type { EditProblem, LessonPart } from '../../../common/ipc-contract';
import { FfmpegError, patientRun, DEFAULT_PATIENCE, type FfmpegPatience, type FfmpegRunner } from '../ffmpeg/ffmpeg-runner';
import { probeMedia } from '../ffmpeg/probe-media';
import { verifyLessonMedia } from '../recording/finish-lesson';
import { ServiceError } from '../service-error';
import { flushToDisk, renameWithRetry } from '../storage/durable-files';
import { chaptersJob, chaptersScratchOf, ffmetadataText, partsOfChapters, withTitles, writeChaptersFile, type PartWords } from './lesson-parts';

/**
 * Changes to a saved lesson's MP4 that copy its streams, never re-encode them: new chapters (a part named on
 * the lesson card). The new file is made beside the old one and checked before it replaces it, so a
 * failure (a full disk, a player holding the file) leaves the lesson as it was.
 */

/** An edit of a saved lesson that did not happen; the lesson is as it was. */
export function editFailed(problem: EditProblem, message: string): ServiceError {
  return new ServiceError('edit-failed', message, { params: { problem } });
}

/** What a failed ffmpeg run or write of an edit becomes: the disk full, or ffmpeg failed (anything else as it is). */
export function editFailure(error: unknown, what: string): unknown {
  if (error instanceof FfmpegError) {
    const full = /No space left on device/i.test(error.stderrTail);
    return editFailed(full ? 'disk-full' : 'ffmpeg', `${what} failed (${error.message}); the lesson is unchanged.`);
  }
  if ((error as NodeJS.ErrnoException).code === 'ENOSPC') return editFailed('disk-full', 'The disk is full; the lesson is unchanged.');
  return error;
}

/** Names part `part` (1 = the beginning) of a saved lesson; answers its parts afterwards. */
export async function renameLessonPart(
  runner: FfmpegRunner,
  file: string,
  part: number,
  title: string,
  words: PartWords,
  patience: FfmpegPatience = DEFAULT_PATIENCE,
): Promise<LessonPart[]> {
  const info = await probeMedia(runner.path, file, patience.probeMs);
  if (!info?.durationSeconds) throw new ServiceError('lesson-missing', 'The lesson could not be read: it was moved, deleted or damaged.');
  const parts = partsOfChapters(info.chapters);
  if (part > parts.length) throw new ServiceError('invalid-request', `This lesson has no part ${part}.`);
  const renamed = withTitles(
    parts.map((found, index) => (index === part - 1 ? { ...found, title } : found)),
    words,
  );
  const hasAudio = info.streams.some((stream) => stream.type === 'audio');
  await rewriteWithChapters(runner, file, renamed, info.durationSeconds, hasAudio, patience);
  return renamed;
}

/** Replaces the MP4's chapters with `parts` by a stream copy beside it, checked, then moved over it; and its chapters file. */
export async function rewriteWithChapters(
  runner: FfmpegRunner,
  file: string,
  parts: LessonPart[],
  totalSeconds: number,
  hasAudio: boolean,
  patience: FfmpegPatience,
): Promise<void> {
  const scratch = chaptersScratchOf(file);
  try {
    await fs.writeFile(scratch.metadata, ffmetadataText(parts, totalSeconds));
    await runner.run(chaptersJob(file, scratch.metadata, scratch.output), patientRun(patience, totalSeconds)).done;
    const problem = verifyLessonMedia(await probeMedia(runner.path, scratch.output, patience.probeMs), { hasAudio, expectedSeconds: totalSeconds });
    if (problem) throw editFailed('check', `The lesson with its new parts did not pass its check (${problem}); it is unchanged.`);
    await flushToDisk(scratch.output);
    await renameWithRetry(scratch.output, file).catch((error: unknown) => {
      throw new ServiceError('busy', `The lesson is open in another program (${(error as NodeJS.ErrnoException).code}); it is unchanged.`);
    });
    await writeChaptersFile(file, parts, totalSeconds);
  } catch (error) {
    throw editFailure(error, 'Writing the new parts');
  } finally {
    await fs.rm(scratch.metadata, { force: true }).catch(() => undefined);
    await fs.rm(scratch.output, { force: true }).catch(() => undefined);
  }
}
