/**
 * Does main's memory stay flat over a two-hour lesson? The core is driven with 7200 one-second chunks of
 * a real H.264 + Opus recording (the looped clip), as fast as the live remux keeps up, sampling
 * process.memoryUsage() every 100 chunks. Against it, in the same run, the MediaRecorder tutorials' way:
 * keep every chunk in an array and build one Blob at Stop. Each runs in its own child process
 * (bench/memory-worker.ts) so neither's RSS includes the other's, nor this script's.
 *
 * Target for ours: RSS growth under 20 MB over the two hours.
 *
 *   npx tsx bench/memory-flat.ts [--quick]        (--quick: a 10-minute lesson)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { BENCH_DIR, CLIP_SECONDS, makeLesson, MiB, mediaDir, printTable, quick, round, runIfMain, slope, timed, writeResults } from './lib';
import type { MemorySample, WorkerReport } from './memory-worker';

const LESSON_MINUTES = quick ? 10 : 120;
const SAMPLE_EVERY = quick ? 20 : 100;
const TARGET_GROWTH_MB = 20;

function runWorker(args: string[]): Promise<WorkerReport> {
  return new Promise((resolve, reject) => {
    // `--import tsx` runs the TypeScript worker in this very node process (no wrapper processes).
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(BENCH_DIR, 'memory-worker.ts'), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').at(-1);
      if (code !== 0 || !last) reject(new Error(`memory worker ${args[0]} exited ${code}`));
      else resolve(JSON.parse(last) as WorkerReport);
    });
  });
}

interface Summary {
  mode: string;
  startRss: number;
  maxRss: number;
  endRss: number;
  afterStopRss: number;
  growthRss: number;
  /** End − the sample after the first 10% of the lesson: buffers, pools and JIT have settled by then. */
  growthAfterWarmupRss: number;
  /** Least-squares slope of RSS over the second half of the lesson, per hour of lesson. */
  slopeSecondHalfMiBPerHour: number;
  maxHeapUsed: number;
  heapGrowth: number;
  maxChildrenRss?: number;
  ms: number;
}

function summarize(report: WorkerReport): Summary {
  const s = report.samples;
  const at = (label: string): MemorySample => s.find((x) => x.label === label) ?? s.at(-1)!;
  const start = at('start');
  const end = at('end');
  const feedSamples = s.filter((x) => x.label === undefined || x.label === 'start' || x.label === 'end');
  const warm = feedSamples.find((x) => x.chunk >= report.chunks * 0.1) ?? start;
  const half = feedSamples.filter((x) => x.chunk >= report.chunks / 2);
  const children = s.map((x) => x.childrenRssMiB).filter((x): x is number => x !== undefined);
  return {
    mode: report.mode,
    startRss: start.rssMiB,
    maxRss: Math.max(...s.map((x) => x.rssMiB)),
    endRss: end.rssMiB,
    afterStopRss: at('after stop').rssMiB,
    growthRss: round(end.rssMiB - start.rssMiB, 1),
    growthAfterWarmupRss: round(end.rssMiB - warm.rssMiB, 1),
    slopeSecondHalfMiBPerHour: round(slope(half.map((x) => [x.chunk / 3600, x.rssMiB])), 1),
    maxHeapUsed: Math.max(...s.map((x) => x.heapUsedMiB)),
    heapGrowth: round(end.heapUsedMiB - start.heapUsedMiB, 1),
    maxChildrenRss: children.length > 0 ? Math.max(...children) : undefined,
    ms: report.ms,
  };
}

export async function main(): Promise<void> {
  const media = await mediaDir();
  const scratch = await fs.mkdtemp(path.join(media.dir, 'memory-'));
  const reports: WorkerReport[] = [];
  let chunkBytes = 0;
  const lessonSeconds = Math.round((LESSON_MINUTES * 60) / CLIP_SECONDS) * CLIP_SECONDS;
  try {
    const gen = await timed(() => makeLesson(media.dir, '720p', LESSON_MINUTES));
    const source = gen.value;
    const size = (await fs.stat(source)).size;
    // One chunk per second of lesson, as MediaRecorder's 1 s timeslice delivers them.
    chunkBytes = Math.ceil(size / lessonSeconds);
    console.log(
      `Source: ${LESSON_MINUTES} min 720p, ${round(size / 1e6, 0)} MB (${round((size * 8) / lessonSeconds / 1e6, 2)} Mb/s), ` +
        `${lessonSeconds} chunks of ${chunkBytes} B; ready in ${round(gen.ms / 1000, 1)} s`,
    );
    for (const mode of ['ours', 'naive'] as const) {
      reports.push(await runWorker([mode, source, String(chunkBytes), String(SAMPLE_EVERY), String(lessonSeconds), scratch]));
    }
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
    if (media.owned) await fs.rm(media.dir, { recursive: true, force: true });
  }

  const summaries = reports.map(summarize);
  console.log(`\nMemory over a ${LESSON_MINUTES}-minute lesson (MiB; "growth" = end of feed − start)\n`);
  printTable(
    [
      'approach',
      'RSS start',
      'RSS max',
      'RSS end',
      'RSS after Stop',
      'RSS growth',
      'growth after 10%',
      '2nd-half slope /h',
      'heap max',
      'heap growth',
      'ffmpeg RSS max',
      'feed s',
    ],
    summaries.map((x) => [
      x.mode,
      x.startRss,
      x.maxRss,
      x.endRss,
      x.afterStopRss,
      x.growthRss,
      x.growthAfterWarmupRss,
      x.slopeSecondHalfMiBPerHour,
      x.maxHeapUsed,
      x.heapGrowth,
      x.maxChildrenRss ?? '-',
      round(x.ms / 1000, 1),
    ]),
  );
  const ours = summaries.find((x) => x.mode === 'ours')!;
  const growthMB = (ours.growthRss * MiB) / 1e6;
  const warmGrowthMB = (ours.growthAfterWarmupRss * MiB) / 1e6;
  const verdict = (mb: number) => (mb < TARGET_GROWTH_MB ? 'within' : 'OVER');
  console.log(
    `\nOurs (target: growth < ${TARGET_GROWTH_MB} MB): RSS grew ${round(growthMB, 1)} MB from start to end ` +
      `(${verdict(growthMB)} target), ${round(warmGrowthMB, 1)} MB after the first 10% of the lesson (${verdict(warmGrowthMB)} target).`,
  );
  const finished = reports.find((r) => r.mode === 'ours')?.finished;
  if (finished) {
    console.log(
      finished.ok
        ? `Ours also finished the MP4 (${round(finished.durationSeconds ?? 0, 1)} s) in ${round(finished.stopMs, 0)} ms after Stop.`
        : `Ours did NOT finish the MP4: ${finished.message}`,
    );
  }
  const file = await writeResults('memory-flat', {
    lessonMinutes: LESSON_MINUTES,
    chunkBytes,
    sampleEvery: SAMPLE_EVERY,
    targetGrowthMB: TARGET_GROWTH_MB,
    summaries,
    reports,
  });
  console.log(`\nResults: ${file}`);
}

runIfMain(import.meta.url, main);
