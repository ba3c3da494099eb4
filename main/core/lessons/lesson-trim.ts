import fs from 'node:fs/promises';
import path from 'node:path';
import type { LessonPart } from '../../../common/ipc-contract';
import { readKeyframes } from '../ffmpeg/keyframes';
import { patientRun, type FfmpegJob, type FfmpegPatience, type FfmpegRunner } from '../ffmpeg/ffmpeg-runner';
import { probeMedia } from '../ffmpeg/probe-media';
import { verifyLessonMedia } from '../recording/finish-lesson';
import { ServiceError } from '../service-error';
import { flushToDisk, moveFile, renameWithRetry, syncFolder } from '../storage/durable-files';
import { editFailed, editFailure } from './lesson-edits';
import { claimUniqueFile } from './lesson-file-name';
import { chaptersFileOf, ffmetadataText, partsOfChapters, writeChaptersFile } from './lesson-parts';

/**
 * The dead minutes cut: a saved lesson trimmed at its start and its end by a stream copy (no re-encoding:
 * seconds for an hour, no loss). A copy can only begin on a keyframe, so the cut at the start falls on the
 * keyframe at or before the time asked (the recorder makes one every second); the end is cut where asked.
 * The trimmed lesson is written beside the original and checked; only then does the original go to the
 * OS trash (never deleted), and the trimmed one takes its name.
 */

/** Where a trim will fall: the start on a keyframe, the end where asked, and how long the lesson will be. */
export interface TrimPlan {
  fromSeconds: number;
  toSeconds: number;
  durationSeconds: number;
}

/** The shortest lesson a trim may leave. */
const SHORTEST_SECONDS = 1;

export function planTrim(keyframes: readonly number[], totalSeconds: number, wantedFrom: number, wantedTo: number): TrimPlan {
  const to = Math.min(Math.max(0, wantedTo), totalSeconds);
  const from = [...keyframes].reverse().find((keyframe) => keyframe <= Math.max(0, wantedFrom) + 0.001) ?? 0;
  if (to - from < SHORTEST_SECONDS) throw editFailed('nothing-left', 'Nothing of the lesson would be left between those times.');
  return { fromSeconds: from, toSeconds: to, durationSeconds: Math.round((to - from) * 1000) / 1000 };
}

/**
 * The parts of the trimmed lesson: each moved by the cut at the start; the one under way at the cut begins
 * the lesson, those after the end are gone.
 */
export function partsAfterTrim(parts: readonly LessonPart[], plan: TrimPlan): LessonPart[] {
  const kept: LessonPart[] = [];
  for (const part of parts) {
    const start = part.startSeconds - plan.fromSeconds;
    if (start >= plan.durationSeconds - SHORTEST_SECONDS) continue;
    if (start <= 0) kept.splice(0, kept.length, { title: part.title, startSeconds: 0 });
    else kept.push({ title: part.title, startSeconds: Math.round(start * 1000) / 1000 });
  }
  return kept;
}

/**
 *   ffmpeg -ss FROM -to TO -i IN.mp4 [-f ffmetadata -i PARTS.txt] -map 0:v -map 0:a? -map_chapters 1|-1
 *          -c copy -avoid_negative_ts make_zero -f mp4 OUT
 */
export function trimJob(input: string, plan: TrimPlan, output: string, metadataFile?: string): FfmpegJob {
  const inputs: FfmpegJob['inputs'] = [{ source: input, options: ['-ss', plan.fromSeconds.toFixed(3), '-to', plan.toSeconds.toFixed(3)] }];
  if (metadataFile) inputs.push({ source: metadataFile, options: ['-f', 'ffmetadata'] });
  return {
    inputs,
    output: {
      target: output,
      options: [
        '-map',
        '0:v',
        '-map',
        '0:a?',
        '-map_metadata',
        '0',
        '-map_chapters',
        metadataFile ? '1' : '-1',
        '-c',
        'copy',
        '-avoid_negative_ts',
        'make_zero',
        '-f',
        'mp4',
      ],
    },
  };
}

export interface TrimDeps {
  runner: FfmpegRunner;
  patience: FfmpegPatience;
  /** Moves a file to the OS trash (Electron's `shell.trashItem`, the XDG trash); absent where there is none. */
  trashItem?: (file: string) => Promise<void>;
}

export interface TrimmedLesson {
  file: string;
  plan: TrimPlan;
  parts: LessonPart[];
  sizeBytes: number;
  /** False when the trash could not take the original: it stays, and the trimmed lesson has a name of its own. */
  originalInTrash: boolean;
}

/** Keyframes of the files looked at, while they are unchanged (a plan is asked again as the teacher types). */
const keyframeCache = new Map<string, { stamp: string; keyframes: number[]; durationSeconds: number; parts: LessonPart[]; hasAudio: boolean }>();

async function lessonFacts(runner: FfmpegRunner, file: string, patience: FfmpegPatience) {
  const stat = await fs.stat(file).catch(() => undefined);
  if (!stat) throw new ServiceError('lesson-missing', 'The lesson is no longer in its folder: it was moved or deleted.');
  const stamp = `${stat.size}:${stat.mtimeMs}`;
  const cached = keyframeCache.get(file);
  if (cached?.stamp === stamp) return cached;
  const info = await probeMedia(runner.path, file, patience.probeMs);
  if (!info?.durationSeconds) throw new ServiceError('lesson-missing', 'The lesson could not be read: it is damaged.');
  const keyframes = await readKeyframes(runner.path, file, patience.baseMs + patience.msPerMediaSecond * info.durationSeconds);
  const facts = {
    stamp,
    keyframes,
    durationSeconds: info.durationSeconds,
    parts: partsOfChapters(info.chapters),
    hasAudio: info.streams.some((stream) => stream.type === 'audio'),
  };
  keyframeCache.set(file, facts);
  return facts;
}

/** Where a trim of `file` from `wantedFrom` to `wantedTo` would fall (shown before the teacher trims). */
export async function planLessonTrim(runner: FfmpegRunner, file: string, wantedFrom: number, wantedTo: number, patience: FfmpegPatience): Promise<TrimPlan> {
  const facts = await lessonFacts(runner, file, patience);
  return planTrim(facts.keyframes, facts.durationSeconds, wantedFrom, wantedTo);
}

export async function trimLesson(deps: TrimDeps, file: string, wantedFrom: number, wantedTo: number): Promise<TrimmedLesson> {
  const facts = await lessonFacts(deps.runner, file, deps.patience);
  const plan = planTrim(facts.keyframes, facts.durationSeconds, wantedFrom, wantedTo);
  const parts = facts.parts.length > 0 ? partsAfterTrim(facts.parts, plan) : [];
  const dir = path.dirname(file);
  const name = path.basename(file, '.mp4');
  // Saved beside the original, the trimmed lesson is numbered from the original's name ("Art (2)", not "Art (2) (2)").
  const base = name.replace(/ \(\d+\)$/, '');
  const scratch = path.join(dir, `.${name}.trim.partial.mp4`);
  const metadata = path.join(dir, `.${name}.trim.parts.txt`);
  try {
    if (parts.length > 0) await fs.writeFile(metadata, ffmetadataText(parts, plan.durationSeconds));
    await fs.rm(scratch, { force: true });
    await deps.runner.run(trimJob(file, plan, scratch, parts.length > 0 ? metadata : undefined), patientRun(deps.patience, plan.durationSeconds)).done;
    const info = await probeMedia(deps.runner.path, scratch, deps.patience.probeMs);
    const problem = verifyLessonMedia(info, { hasAudio: facts.hasAudio });
    if (problem || !info?.durationSeconds) throw editFailed('check', `The trimmed lesson did not pass its check (${problem}).`);
    if (Math.abs(info.durationSeconds - plan.durationSeconds) > 1) {
      throw editFailed('check', `The trimmed lesson lasts ${info.durationSeconds.toFixed(1)} s, not the ${plan.durationSeconds.toFixed(1)} s planned.`);
    }
    await flushToDisk(scratch);
    // Verified: now the original may go, to the trash; the trimmed lesson takes its name.
    let target = file;
    let originalInTrash = false;
    if (deps.trashItem) {
      originalInTrash = await deps.trashItem(file).then(
        () => true,
        () => false,
      );
    }
    if (originalInTrash) {
      await deps.trashItem!(chaptersFileOf(file)).catch(() => undefined);
      await renameWithRetry(scratch, file).catch(async () => {
        target = await claimUniqueFile(dir, base);
        await moveFile(scratch, target);
      });
    } else {
      // No trash (or it refused): the original stays as it is, and the trimmed lesson is saved beside it.
      target = await claimUniqueFile(dir, base);
      await moveFile(scratch, target);
    }
    // Its bytes were flushed before the rename; now the folder, so the new name survives a power cut.
    await syncFolder(dir).catch(() => undefined);
    if (parts.length > 0) await writeChaptersFile(target, parts, plan.durationSeconds).catch(() => undefined);
    const stat = await fs.stat(target);
    return { file: target, plan, parts, sizeBytes: stat.size, originalInTrash };
  } catch (error) {
    throw editFailure(error, 'Trimming the lesson');
  } finally {
    await fs.rm(scratch, { force: true }).catch(() => undefined);
    await fs.rm(metadata, { force: true }).catch(() => undefined);
  }
}
