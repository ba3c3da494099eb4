import fs from 'node:fs/promises';
import path from 'node:path';
import type { FinishStage } from '../../../common/ipc-contract';
import { concatListText, concatSegmentsJob, rawRemuxJob } from '../ffmpeg/ffmpeg-args';
import type { FfmpegRunner } from '../ffmpeg/ffmpeg-runner';
import { FfmpegError } from '../ffmpeg/ffmpeg-runner';
import { probeMedia, type MediaInfo } from '../ffmpeg/probe-media';
import { progressFraction } from '../ffmpeg/progress';
import { claimUniqueFile, lessonBaseName } from '../lessons/lesson-file-name';
import type { JournalEntry } from './session-journal';

export interface FinishInput {
  entry: JournalEntry;
  /** Per segment, whether its live MP4 finished cleanly; absent or false means "remux from raw". */
  liveOk: boolean[];
  /** How long the lesson was recorded, if known: a result much shorter than this is not accepted. */
  expectedSeconds?: number;
  /** The same per segment, when known. */
  segmentSeconds?: number[];
  /** Where to save when the teacher's folder cannot be written (it was removed, or is read-only). */
  fallbackFolder?: string;
  /** Marks the file name, e.g. " (recovered)". */
  nameSuffix?: string;
  fallbackTitle?: string;
}

export interface FinishedLesson {
  path: string;
  /** True when the MP4 went to the fallback folder because the teacher's folder could not be written. */
  inFallbackFolder: boolean;
  /** Segments whose raw file had disappeared (on a removed drive) and are not in the MP4. */
  missingSegments: number;
  durationSeconds: number;
  sizeBytes: number;
}

export interface FinishDeps {
  runner: FfmpegRunner;
  onProgress?: (stage: FinishStage, fraction?: number) => void;
  /** The live MP4 was not usable (why): the raw file is remuxed instead, which takes longer. */
  onLiveRejected?: (problem: string) => void;
}

/**
 * The shortest result we accept for an expected length: MediaRecorder's first chunk lags Record by up to
 * a timeslice and the last chunk covers up to Stop, so allow a few seconds and a few percent.
 */
export function minimumAcceptableSeconds(expectedSeconds: number): number {
  return Math.max(0, expectedSeconds * 0.95 - 3);
}

/** Why a probed MP4 is not a finished lesson, or undefined if it is one. */
export function verifyLessonMedia(
  info: MediaInfo | undefined,
  expect: { hasAudio: boolean; expectedSeconds?: number },
): string | undefined {
  if (!info) return 'the file could not be read as a video';
  const video = info.streams.find((s) => s.type === 'video');
  if (!video || video.codec !== 'h264') return 'it has no H.264 video';
  if (expect.hasAudio && !info.streams.some((s) => s.type === 'audio' && s.codec === 'aac')) {
    return 'it has no AAC audio';
  }
  if (info.durationSeconds === undefined || info.durationSeconds <= 0) return 'it has no duration';
  if (expect.expectedSeconds !== undefined && info.durationSeconds < minimumAcceptableSeconds(expect.expectedSeconds)) {
    return `it lasts ${info.durationSeconds.toFixed(1)} s of about ${expect.expectedSeconds.toFixed(1)} s recorded`;
  }
  return undefined;
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/** Moves a file, copying when the work folder and the teacher's folder are on different disks. */
async function moveFile(from: string, to: string): Promise<void> {
  try {
    await fs.rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await fs.copyFile(from, to);
    await fs.rm(from, { force: true });
  }
}

/**
 * Turns the recorded segments into one verified MP4 in the teacher's folder:
 * 1. per segment, take the live MP4 if it verifies, else remux the raw file (copy H.264, encode VP8/VP9);
 * 2. join several segments by stream copy;
 * 3. verify, claim a name that overwrites nothing, and move the MP4 into place.
 * The raw files are left untouched: the caller deletes them only after this resolves.
 */
export async function finishLesson(input: FinishInput, deps: FinishDeps): Promise<FinishedLesson> {
  try {
    return await finishSegments(input, deps);
  } finally {
    if (input.fallbackFolder) {
      const scratch = path.join(input.fallbackFolder, `.finishing-${input.entry.sessionId}`);
      await fs.rm(scratch, { recursive: true, force: true }).catch(() => undefined);
    }
  }
}

async function finishSegments(input: FinishInput, deps: FinishDeps): Promise<FinishedLesson> {
  const { entry } = input;
  const progress = deps.onProgress ?? (() => undefined);
  const segmentCount = entry.segments.length;
  const verifyOptions = { hasAudio: entry.hasAudio };
  const segmentMp4s: string[] = [];
  /** Probes already made, so a single live segment is not probed twice. */
  const probed = new Map<string, MediaInfo | undefined>();
  let missingSegments = 0;

  progress('verifying');
  for (const [index, segment] of entry.segments.entries()) {
    const expected = segmentCount === 1 ? input.expectedSeconds : input.segmentSeconds?.[index];
    if (!(await exists(segment.rawPath))) {
      missingSegments++;
      continue;
    }
    if (input.liveOk[index] && segment.livePath && (await exists(segment.livePath))) {
      const info = await probeMedia(deps.runner.path, segment.livePath);
      const problem = verifyLessonMedia(info, { ...verifyOptions, expectedSeconds: expected });
      if (!problem) {
        segmentMp4s.push(segment.livePath);
        probed.set(segment.livePath, info);
        continue;
      }
      deps.onLiveRejected?.(problem);
    }
    // The live MP4 is unusable here; on a full disk its space is what the remux needs.
    if (segment.livePath) await fs.rm(segment.livePath, { force: true });
    progress('remuxing', 0);
    segmentMp4s.push(
      await remuxSegment(segment.rawPath, entry, input, deps, {
        expectedSeconds: expected,
        onFraction: (fraction) => progress('remuxing', (index + fraction) / segmentCount),
      }),
    );
  }

  if (segmentMp4s.length === 0) throw new FfmpegError('None of the recording can be found on disk any more.', '');
  let finalTemp = segmentMp4s[0]!;
  if (segmentMp4s.length > 1) {
    progress('remuxing');
    const listPath = path.join(entry.workDir, 'segments.txt');
    await fs.writeFile(listPath, concatListText(segmentMp4s));
    finalTemp = path.join(entry.workDir, 'joined.partial.mp4');
    await fs.rm(finalTemp, { force: true });
    await deps.runner.run(concatSegmentsJob(listPath, finalTemp)).done;
  }

  const info = probed.has(finalTemp) ? probed.get(finalTemp) : await probeMedia(deps.runner.path, finalTemp);
  // The length was checked per live segment above; a remux of the raw file is the best there is.
  const problem = verifyLessonMedia(info, verifyOptions);
  if (problem) throw new FfmpegError(`The finished recording is not usable: ${problem}.`, '');

  progress('saving');
  const base = lessonBaseName(entry.title, new Date(entry.startedAt), input.fallbackTitle) + (input.nameSuffix ?? '');
  let inFallbackFolder = false;
  let target: string;
  try {
    target = await saveInto(entry.saveFolder, base, finalTemp);
  } catch (error) {
    if (!input.fallbackFolder) throw error;
    target = await saveInto(input.fallbackFolder, base, finalTemp);
    inFallbackFolder = true;
  }
  const stat = await fs.stat(target);
  progress('done', 1);
  return { path: target, durationSeconds: info!.durationSeconds!, sizeBytes: stat.size, inFallbackFolder, missingSegments };
}

/**
 * Remuxes one raw segment to MP4 beside it; if that fails (a full disk, a vanished folder), once more
 * into the fallback folder, which is on the app's own disk.
 */
async function remuxSegment(
  rawPath: string,
  entry: JournalEntry,
  input: FinishInput,
  deps: FinishDeps,
  options: { expectedSeconds?: number; onFraction: (fraction: number) => void },
): Promise<string> {
  const name = `${path.basename(rawPath, '.mkv')}.remux.partial.mp4`;
  const places = [path.dirname(rawPath)];
  if (input.fallbackFolder) places.push(path.join(input.fallbackFolder, `.finishing-${entry.sessionId}`));
  let lastError: unknown;
  for (const dir of places) {
    const output = path.join(dir, name);
    try {
      await fs.mkdir(dir, { recursive: true });
      await fs.rm(output, { force: true });
      const job = deps.runner.run(rawRemuxJob(rawPath, output, { copyVideo: entry.codec === 'h264' }), {
        onProgress: (seconds) => {
          const fraction = progressFraction(seconds, options.expectedSeconds ?? 0);
          if (fraction !== undefined) options.onFraction(fraction);
        },
      });
      await job.done;
    } catch (error) {
      lastError = error;
      await fs.rm(output, { force: true }).catch(() => undefined);
      continue;
    }
    // Structure only: this is everything the raw file holds, so it is saved whatever its length.
    const problem = verifyLessonMedia(await probeMedia(deps.runner.path, output), { hasAudio: entry.hasAudio });
    if (problem) throw new FfmpegError(`The converted recording is not usable: ${problem}.`, '');
    return output;
  }
  throw lastError;
}

/** Claims a free name in `folder` and moves the MP4 there; on failure leaves no empty claim behind. */
async function saveInto(folder: string, base: string, mp4: string): Promise<string> {
  await fs.mkdir(folder, { recursive: true });
  const target = await claimUniqueFile(folder, base);
  try {
    await moveFile(mp4, target);
  } catch (error) {
    await fs.rm(target, { force: true });
    throw error;
  }
  return target;
}
