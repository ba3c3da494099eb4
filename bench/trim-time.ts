/**
 * Trimming a saved lesson (`lesson:trim`: plan on keyframes, stream copy, read back, flush, original to
 * the trash) against copying the same file, for 720p lessons of 10, 60 and 120 minutes. Each run cuts two
 * minutes off both ends. Baselines in the same run, on the same file:
 *   copy:    fs.copyFile of the lesson into the save folder (the least any trim that writes a new file costs)
 *   plan:    the first `lesson:plan-trim` (reads the keyframes: what the teacher waits for before Trim)
 *
 *   npx tsx bench/trim-time.ts [--quick] [--runs N] [--lengths 10,60]
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Result } from '../common/ipc-contract';
import { moveToXdgTrash } from '../main/core/storage/xdg-trash';
import { createHarness } from './harness';
import { makeLesson, median, mediaDir, MiB, numberArg, printTable, probeDuration, quick, round, runFfmpeg, runIfMain, timed, writeResults } from './lib';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** The lesson as the app saves it: H.264 copied, AAC (made once per length). */
async function savedLesson(dir: string, minutes: number): Promise<string> {
  const file = path.join(dir, `saved-720p-${minutes}min.mp4`);
  if (await fs.stat(file).catch(() => undefined)) return file;
  const mkv = await makeLesson(dir, '720p', minutes);
  await runFfmpeg(['-i', mkv, '-map', '0', '-c:v', 'copy', '-c:a', 'aac', '-b:a', '128k', '-f', 'mp4', `${file}.partial`]);
  await fs.rename(`${file}.partial`, file);
  return file;
}

interface Run {
  copyMs: number;
  planMs: number;
  trimMs: number;
  trimmedSeconds: number;
}

async function runOnce(source: string, minutes: number): Promise<Run> {
  const trashHome = await fs.mkdtemp(path.join(path.dirname(source), 'trash-'));
  const harness = await createHarness({ trashItem: (file) => moveToXdgTrash(file, { XDG_DATA_HOME: trashHome }) });
  try {
    await fs.mkdir(harness.saveFolder, { recursive: true });
    const fileName = `Bench ${minutes} 2026-12-02 08-00.mp4`;
    const copy = await timed(() => fs.copyFile(source, path.join(harness.saveFolder, fileName)));
    const lessons = value(await harness.handlers['lessons:list']([]));
    const { lessonId, durationSeconds } = lessons.find((lesson) => lesson.fileName === fileName)!;
    const range = { lessonId, fromSeconds: 120, toSeconds: durationSeconds! - 120 };
    const plan = await timed(async () => value(await harness.handlers['lesson:plan-trim']([range])));
    const trim = await timed(async () => value(await harness.handlers['lesson:trim']([range])));
    const trimmedSeconds = await probeDuration(path.join(harness.saveFolder, trim.value.lesson.fileName));
    return { copyMs: copy.ms, planMs: plan.ms, trimMs: trim.ms, trimmedSeconds };
  } finally {
    await harness.service.shutdown();
    await fs.rm(harness.root, { recursive: true, force: true });
    await fs.rm(trashHome, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const minutesList = option('--lengths')?.split(',').map(Number) ?? (quick ? [2, 5] : [10, 60, 120]);
  const runs = numberArg('--runs', 3);
  const media = await mediaDir();
  const cases: Array<{ minutes: number; lessonBytes: number; runs: Run[] }> = [];
  try {
    for (const minutes of minutesList) {
      const source = await savedLesson(media.dir, minutes);
      const lessonBytes = (await fs.stat(source)).size;
      const done: Run[] = [];
      for (let run = 0; run < runs; run++) {
        done.push(await runOnce(source, minutes));
        const last = done.at(-1)!;
        console.log(`${minutes} min run ${run + 1}: copy ${round(last.copyMs, 0)} ms, plan ${round(last.planMs, 0)} ms, trim ${round(last.trimMs, 0)} ms`);
      }
      cases.push({ minutes, lessonBytes, runs: done });
    }
  } finally {
    if (media.owned) await fs.rm(media.dir, { recursive: true, force: true });
  }
  const spread = (values: number[]) => `${round(Math.min(...values), 0)}–${round(Math.max(...values), 0)}`;
  console.log('\nTrim two minutes off both ends (ms; median, and the spread of the runs)\n');
  printTable(
    ['min', 'MiB', 'runs', 'copy', 'plan', 'trim', 'trim spread', 'trim/copy', 'left (s)'],
    cases.map((c) => {
      const pick = (key: keyof Run) => c.runs.map((run) => run[key]);
      return [
        c.minutes,
        round(c.lessonBytes / MiB, 0),
        c.runs.length,
        round(median(pick('copyMs')), 0),
        round(median(pick('planMs')), 0),
        round(median(pick('trimMs')), 0),
        spread(pick('trimMs')),
        round(median(pick('trimMs')) / median(pick('copyMs')), 2),
        round(median(pick('trimmedSeconds')), 1),
      ];
    }),
  );
  const file = await writeResults('trim-time', { totalSeconds: round((performance.now() - started) / 1000, 0), cases });
  console.log(`\nResults: ${file}`);
}

runIfMain(import.meta.url, main);
