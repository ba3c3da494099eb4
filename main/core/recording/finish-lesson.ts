import fs from 'node:fs/promises';
import path from 'node:path';
import type { FinishProblem, FinishStage, LessonGap, LessonPart } from '../../../common/ipc-contract';
import { concatListText, concatSegmentsJob, rawRemuxJob } from '../ffmpeg/ffmpeg-args';
import { DEFAULT_PATIENCE, FfmpegError, patientRun, type FfmpegPatience, type FfmpegRunner } from '../ffmpeg/ffmpeg-runner';
import { probeMedia, type MediaInfo } from '../ffmpeg/probe-media';
import { progressFraction } from '../ffmpeg/progress';
import { claimUniqueFile, lessonBaseName, removeStaleClaims } from '../lessons/lesson-file-name';
import { chaptersJob, ENGLISH_PART_WORDS, ffmetadataText, partsOfLesson, writeChaptersFile, type PartWords } from '../lessons/lesson-parts';
import { flushToDisk, moveFile } from '../storage/durable-files';
import type { JournalEntry, SegmentRecord } from './session-journal';

export interface FinishInput {
  entry: JournalEntry;
  /** How long the lesson was recorded, if known: a result much shorter than this is not accepted. */
  expectedSeconds?: number;
  /** Where to save when the teacher's folder cannot be written (it was removed, or is read-only). */
  fallbackFolder?: string;
  /** Marks the file name, e.g. " (recovered)". */
  nameSuffix?: string;
  fallbackTitle?: string;
  /** Save what is there even if a segment's raw file is missing (the teacher let that part go). */
  allowMissing?: boolean;
  /** What parts the teacher did not name are called in the chapters ("Start", "Part 2"…). */
  partWords?: PartWords;
}

export interface FinishedLesson {
  path: string;
  /** True when the MP4 went to the fallback folder because the teacher's folder could not be written. */
  inFallbackFolder: boolean;
  /** Segments whose raw file had disappeared (on a removed drive) and are not in the MP4. */
  missingSegments: number;
  /** Parts with nothing readable in them (a recorder that gave no data): left out of the MP4. */
  gaps: LessonGap[];
  /** The raw files of those parts that hold bytes (kept for a closer look; empty ones are not). */
  unreadableRaws: string[];
  durationSeconds: number;
  sizeBytes: number;
  /** The parts marked while teaching, as the MP4's chapters have them (none: no marks). */
  parts: LessonPart[];
}

export interface FinishDeps {
  runner: FfmpegRunner;
  onProgress?: (stage: FinishStage, fraction?: number) => void;
  /** The live MP4 was not usable (why): the raw file is remuxed instead, which takes longer. */
  onLiveRejected?: (problem: string) => void;
  /** Called with the name about to be claimed, before it is claimed, so a crash cannot leave it as a fake lesson. */
  beforeClaim?: (claim: { folder: string; base: string }) => Promise<void>;
  patience?: FfmpegPatience;
}

/** Finishing failed for a reason the teacher can be told (the renderer words `problem`). */
export class FinishFailure extends Error {
  constructor(readonly problem: FinishProblem) {
    super(`${problem.code}${problem.folder ? ` (${problem.folder})` : ''}${problem.detail ? `: ${problem.detail}` : ''}`);
    this.name = 'FinishFailure';
  }
}

/** What an ffmpeg error becomes for the teacher: failed, or hung and stopped, with ffmpeg's last line. */
export function problemOfFfmpegError(error: FfmpegError): FinishProblem {
  const lastLine = error.stderrTail.trim().split('\n').at(-1);
  const detail = lastLine && !error.message.includes(lastLine) ? `${error.message} (${lastLine})` : error.message;
  return { code: error.failure === 'timed-out' ? 'ffmpeg-timed-out' : 'ffmpeg-failed', detail };
}

/**
 * The shortest result we accept for an expected length: MediaRecorder's first chunk lags Record by up to
 * a timeslice and the last chunk covers up to Stop, so allow a few seconds and a few percent.
 */
export function minimumAcceptableSeconds(expectedSeconds: number): number {
  return Math.max(0, expectedSeconds * 0.95 - 3);
}

/** Why a probed MP4 is not a finished lesson, or undefined if it is one. */
export function verifyLessonMedia(info: MediaInfo | undefined, expect: { hasAudio: boolean; expectedSeconds?: number }): string | undefined {
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

/** The first bytes of every Matroska/WebM file (the EBML magic). */
const EBML_MAGIC = [0x1a, 0x45, 0xdf, 0xa3];

/** Whether a raw segment can hold anything: not empty, and it starts as a Matroska stream does. */
async function startsLikeMatroska(file: string): Promise<{ size: number; ok: boolean }> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const head = new Uint8Array(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return { size, ok: bytesRead === 4 && EBML_MAGIC.every((byte, i) => head[i] === byte) };
  } finally {
    await handle.close();
  }
}

/**
 * Turns the recorded segments into one verified MP4 in the teacher's folder:
 * 1. per segment, take the live MP4 if it finished cleanly and verifies, else remux the raw file (copy
 *    H.264, encode VP8/VP9); a segment with nothing readable in it is left out and reported as a gap;
 * 2. join several segments by stream copy;
 * 3. verify, claim a name that overwrites nothing, move the MP4 into place and flush it to disk.
 * The raw files are left untouched: the caller deletes them only after this resolves. Every ffmpeg job
 * is killed if it hangs (`patience`), and the raw files stay.
 */
export async function finishLesson(input: FinishInput, deps: FinishDeps): Promise<FinishedLesson> {
  try {
    return await finishSegments(input, deps);
  } catch (error) {
    if (error instanceof FfmpegError) throw new FinishFailure(problemOfFfmpegError(error));
    throw error;
  } finally {
    if (input.fallbackFolder) {
      const scratch = path.join(input.fallbackFolder, `.finishing-${input.entry.sessionId}`);
      await fs.rm(scratch, { recursive: true, force: true }).catch(() => undefined);
    }
  }
}

async function finishSegments(input: FinishInput, deps: FinishDeps): Promise<FinishedLesson> {
  const { entry } = input;
  const patience = deps.patience ?? DEFAULT_PATIENCE;
  const progress = deps.onProgress ?? (() => undefined);
  const segmentCount = entry.segments.length;
  const verifyOptions = { hasAudio: entry.hasAudio };
  /** The segments that make the MP4, in order: the file, its place in the lesson, its length. */
  const segmentMp4s: Array<{ file: string; position: number; seconds: number }> = [];
  /** Probes already made, so a single live segment is not probed twice. */
  const probed = new Map<string, MediaInfo | undefined>();
  const gaps: LessonGap[] = [];
  const unreadableRaws: string[] = [];
  let missingSegments = 0;

  // An earlier finish that died between claiming a name and moving the MP4 left an empty file there.
  if (entry.claim) await removeStaleClaims(entry.claim.folder, entry.claim.base);
  const missing = [];
  for (const segment of entry.segments) if (!(await exists(segment.rawPath))) missing.push(segment);
  if (missing.length > 0 && !input.allowMissing) {
    // Wait for the drive: the lesson stays journalled until the part is back or the teacher lets it go.
    throw new FinishFailure({ code: 'segment-missing', folder: path.dirname(missing[0]!.rawPath) });
  }

  progress('verifying');
  for (const [index, segment] of entry.segments.entries()) {
    if (missing.includes(segment)) {
      missingSegments++;
      continue;
    }
    const expected = segment.recordedMs !== undefined ? segment.recordedMs / 1000 : segmentCount === 1 ? input.expectedSeconds : undefined;
    const raw = await startsLikeMatroska(segment.rawPath);
    if (!raw.ok) {
      markUnreadable(segment, raw.size, gaps, unreadableRaws);
      continue;
    }
    if (segment.liveOk && segment.livePath && (await exists(segment.livePath))) {
      const info = await probeMedia(deps.runner.path, segment.livePath, patience.probeMs);
      const problem = verifyLessonMedia(info, { ...verifyOptions, expectedSeconds: expected });
      if (!problem) {
        segmentMp4s.push({ file: segment.livePath, position: index, seconds: info!.durationSeconds! });
        probed.set(segment.livePath, info);
        continue;
      }
      deps.onLiveRejected?.(problem);
      // Checked and unusable; on a full disk its space is what the remux needs.
      await fs.rm(segment.livePath, { force: true });
    }
    progress('remuxing', 0);
    const remuxed = await remuxSegment(segment.rawPath, entry, input, deps, patience, {
      expectedSeconds: expected,
      onFraction: (fraction) => progress('remuxing', (index + fraction) / segmentCount),
    });
    if (remuxed === 'unreadable') markUnreadable(segment, raw.size, gaps, unreadableRaws);
    else segmentMp4s.push({ file: remuxed.file, position: index, seconds: remuxed.seconds });
  }

  if (segmentMp4s.length === 0) {
    if (missingSegments > 0 && gaps.length === 0) throw new FinishFailure({ code: 'segment-missing', folder: path.dirname(missing[0]!.rawPath) });
    throw new FinishFailure({ code: 'nothing-recorded' });
  }
  let finalTemp = segmentMp4s[0]!.file;
  if (segmentMp4s.length > 1) {
    progress('remuxing');
    const listPath = path.join(entry.workDir, 'segments.txt');
    await fs.writeFile(listPath, concatListText(segmentMp4s.map((segment) => segment.file)));
    finalTemp = path.join(entry.workDir, 'joined.partial.mp4');
    await fs.rm(finalTemp, { force: true });
    await deps.runner.run(concatSegmentsJob(listPath, finalTemp), patientRun(patience, input.expectedSeconds)).done;
  }

  let info = probed.has(finalTemp) ? probed.get(finalTemp) : await probeMedia(deps.runner.path, finalTemp, patience.probeMs);
  // The length was checked per live segment above; a remux of the raw file is the best there is.
  const problem = verifyLessonMedia(info, verifyOptions);
  if (problem) throw new FinishFailure({ code: 'not-usable', detail: problem });

  let parts: LessonPart[] = [];
  if (entry.marks?.length) {
    const wanted = partsOfLesson(entry.marks, segmentMp4s, info!.durationSeconds!, input.partWords ?? ENGLISH_PART_WORDS);
    const chaptered = wanted.length > 1 ? await withChapters(finalTemp, wanted, info!.durationSeconds!, entry, deps, patience) : undefined;
    if (chaptered) {
      finalTemp = chaptered.file;
      info = chaptered.info;
      parts = wanted;
    }
  }

  progress('saving');
  const base = lessonBaseName(entry.title, new Date(entry.startedAt), input.fallbackTitle) + (input.nameSuffix ?? '');
  let inFallbackFolder = false;
  let target: string;
  try {
    target = await saveInto(entry.saveFolder, base, finalTemp, deps);
  } catch (error) {
    if (!input.fallbackFolder) throw error;
    try {
      target = await saveInto(input.fallbackFolder, base, finalTemp, deps);
    } catch {
      throw new FinishFailure({ code: 'folder-unwritable', folder: entry.saveFolder, detail: (error as Error).message });
    }
    inFallbackFolder = true;
  }
  if (parts.length > 0) {
    await writeChaptersFile(target, parts, info!.durationSeconds!).catch((error: unknown) => {
      console.warn(`[finish] ${entry.sessionId}: the chapters file could not be written beside the MP4: ${String(error)}`);
    });
  }
  const stat = await fs.stat(target);
  progress('done', 1);
  return { path: target, durationSeconds: info!.durationSeconds!, sizeBytes: stat.size, inFallbackFolder, missingSegments, gaps, unreadableRaws, parts };
}

/**
 * The lesson with its parts as chapters (one more stream copy, only for a lesson with marks). If that
 * fails (a full disk, say), the lesson is saved without them rather than not at all.
 */
async function withChapters(
  mp4: string,
  parts: LessonPart[],
  totalSeconds: number,
  entry: JournalEntry,
  deps: FinishDeps,
  patience: FfmpegPatience,
): Promise<{ file: string; info: MediaInfo } | undefined> {
  const metadata = path.join(entry.workDir, 'parts.txt');
  const output = path.join(entry.workDir, 'chaptered.partial.mp4');
  try {
    await fs.writeFile(metadata, ffmetadataText(parts, totalSeconds));
    await fs.rm(output, { force: true });
    await deps.runner.run(chaptersJob(mp4, metadata, output), patientRun(patience, totalSeconds)).done;
    const info = await probeMedia(deps.runner.path, output, patience.probeMs);
    const problem = verifyLessonMedia(info, { hasAudio: entry.hasAudio, expectedSeconds: totalSeconds });
    if (problem || !info) throw new Error(problem);
    return { file: output, info };
  } catch (error) {
    console.warn(`[finish] ${entry.sessionId}: saved without its chapters: ${String(error)}`);
    await fs.rm(output, { force: true }).catch(() => undefined);
    return undefined;
  }
}

/** A part with nothing readable: its time is a gap in the lesson, and its bytes (if any) are kept. */
function markUnreadable(segment: SegmentRecord, size: number, gaps: LessonGap[], unreadableRaws: string[]): void {
  if (size > 0) unreadableRaws.push(segment.rawPath);
  if (segment.startedAt) gaps.push({ from: segment.startedAt, to: segment.closedAt ?? segment.startedAt });
}

/**
 * Whether ffmpeg's stderr says it could not read `file` as media at all, as it says of an empty stream or
 * one cut off in its header: `FILE: Invalid data found when processing input`, `FILE: End of file`.
 */
export function rejectedAsMedia(stderr: string, file: string): boolean {
  return stderr.split('\n').some((line) => line.startsWith(`${file}: `) && /Invalid data found|End of file/.test(line));
}

/**
 * Remuxes one raw segment to MP4 beside it; if that fails (a full disk, a vanished folder), once more
 * into the fallback folder, which is on the app's own disk. Answers 'unreadable' when the raw file holds
 * no usable media (ffmpeg makes nothing of it, or it cannot even read its streams).
 */
async function remuxSegment(
  rawPath: string,
  entry: JournalEntry,
  input: FinishInput,
  deps: FinishDeps,
  patience: FfmpegPatience,
  options: { expectedSeconds?: number; onFraction: (fraction: number) => void },
): Promise<{ file: string; seconds: number } | 'unreadable'> {
  const name = `${path.basename(rawPath, '.mkv')}.remux.partial.mp4`;
  const places = [path.dirname(rawPath)];
  if (input.fallbackFolder) places.push(path.join(input.fallbackFolder, `.finishing-${entry.sessionId}`));
  let lastError: unknown;
  for (const dir of places) {
    const output = path.join(dir, name);
    try {
      await fs.mkdir(dir, { recursive: true });
      await fs.rm(output, { force: true });
      const onProgress = (seconds: number) => {
        const fraction = progressFraction(seconds, options.expectedSeconds ?? 0);
        if (fraction !== undefined) options.onFraction(fraction);
      };
      await deps.runner.run(rawRemuxJob(rawPath, output, { copyVideo: entry.codec === 'h264' }), patientRun(patience, options.expectedSeconds, onProgress))
        .done;
    } catch (error) {
      lastError = error;
      await fs.rm(output, { force: true }).catch(() => undefined);
      // A hung ffmpeg will hang again elsewhere: say so now rather than wait a second time.
      if (error instanceof FfmpegError && error.failure === 'timed-out') throw error;
      continue;
    }
    // Structure only: this is everything the raw file holds, so it is saved whatever its length.
    const info = await probeMedia(deps.runner.path, output, patience.probeMs);
    const problem = verifyLessonMedia(info, { hasAudio: entry.hasAudio });
    if (!problem) return { file: output, seconds: info!.durationSeconds! };
    await fs.rm(output, { force: true }).catch(() => undefined);
    return 'unreadable';
  }
  // ffmpeg ran and found nothing it could read in the raw file (its open error names the file): nothing
  // is in it. Any other failure (a broken ffmpeg, an I/O error) is not the recording's fault: it is thrown.
  if (lastError instanceof FfmpegError && rejectedAsMedia(lastError.stderrTail, rawPath)) return 'unreadable';
  throw lastError;
}

/**
 * Claims a free name in `folder` and moves the MP4 there, then flushes it and the folder to disk. A failed
 * move leaves no empty claim behind; a failed flush leaves the MP4 (and the caller keeps the raw files).
 */
async function saveInto(folder: string, base: string, mp4: string, deps: FinishDeps): Promise<string> {
  await fs.mkdir(folder, { recursive: true });
  await deps.beforeClaim?.({ folder, base });
  const target = await claimUniqueFile(folder, base);
  try {
    await moveFile(mp4, target);
  } catch (error) {
    await fs.rm(target, { force: true });
    throw error;
  }
  await flushToDisk(target);
  return target;
}
