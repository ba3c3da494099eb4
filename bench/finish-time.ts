/**
 * Time from Stop to a verified MP4 in the teacher's folder, against lesson length.
 *
 * For each synthetic lesson the real path runs: a RecorderService records it through the IPC handlers
 * (the live remux builds the MP4 meanwhile) and only `session:stop` is timed. Baselines on the same file,
 * in the same run:
 *   copy:  ffmpeg -i lesson.mkv -c copy -f mp4 out.mp4           (the least any remux-at-Stop could cost)
 *   naive: ffmpeg -i lesson.mkv -c:v copy -c:a aac -movflags +faststart out.mp4   (the usual finalize)
 *
 *   npx tsx bench/finish-time.ts [--quick] [--runs N] [--lengths 10,30] [--res 720p,1080p]
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { createHarness, finishStages } from './harness';
import { feedChunks, MediaClock, startSession, type FeedStats } from './feed';
import {
  CLIP_SECONDS,
  fileChunks,
  makeLesson,
  median,
  mediaDir,
  MiB,
  printTable,
  probeDuration,
  quick,
  round,
  runFfmpeg,
  runIfMain,
  timed,
  writeResults,
  type Resolution,
} from './lib';

/** 512 KiB: about 1 s of 1080p per chunk, in the range MediaRecorder timeslices produce. */
const CHUNK_BYTES = 512 * 1024;

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

interface Plan {
  resolutions: Resolution[];
  minutes: number[];
  runsFor: (minutes: number) => number;
}

function plan(): Plan {
  const runs = option('--runs');
  const lengths = option('--lengths');
  const res = option('--res');
  const resolutions = (res?.split(',') ?? (quick ? ['720p'] : ['720p', '1080p'])) as Resolution[];
  const minutes = lengths?.split(',').map(Number) ?? (quick ? [1, 3] : [10, 30, 60, 120]);
  // Three runs of a two-hour lesson would alone take most of the time budget; one run of a long lesson
  // is steadier than one of a short one anyway (Stop's fixed costs dominate the short ones).
  const runsFor = (m: number) => (runs ? Number(runs) : m >= 60 ? 1 : 3);
  return { resolutions, minutes, runsFor };
}

interface OursRun {
  stopMs: number;
  feed: FeedStats;
  /** Stop split by the service's own progress events. */
  stagesMs: Record<string, number>;
  /** True when Stop had to remux the raw file (the live MP4 was not usable). */
  fellBack: boolean;
  mp4Seconds: number;
  mp4Bytes: number;
}

/** One recording through the real service; times only session:stop. */
async function runOurs(lesson: string, lessonSeconds: number): Promise<OursRun> {
  const clock = new MediaClock();
  const harness = await createHarness({ now: clock.now });
  try {
    const sessionId = await startSession(harness);
    const totalBytes = (await fs.stat(lesson)).size;
    const feed = await feedChunks(harness, sessionId, fileChunks(lesson, CHUNK_BYTES), {
      pace: true,
      drainBeforeLast: true,
      clock,
      totalBytes,
      durationMs: lessonSeconds * 1000,
    });

    const stopStart = performance.now();
    const stopped = await harness.handlers['session:stop']([{ sessionId }]);
    const stopEnd = performance.now();
    if (!stopped.ok) throw new Error(`session:stop failed: ${stopped.error.message}`);

    const stages = finishStages(harness, sessionId);
    const stagesMs: Record<string, number> = {};
    for (const [i, { stage, at }] of stages.entries()) {
      stagesMs[stage === 'done' ? 'cleanup' : stage] = round((stages[i + 1]?.at ?? stopEnd) - at, 1);
    }
    const mp4 = path.join(harness.saveFolder, stopped.value.fileName);
    return {
      stopMs: stopEnd - stopStart,
      feed,
      stagesMs,
      fellBack: stages.some((s) => s.stage === 'remuxing'),
      // An independent check (ffprobe) that what Stop produced is the whole lesson.
      mp4Seconds: await probeDuration(mp4),
      mp4Bytes: stopped.value.sizeBytes,
    };
  } finally {
    await harness.service.shutdown();
    await fs.rm(harness.root, { recursive: true, force: true });
  }
}

async function timeFfmpeg(args: string[], output: string): Promise<number> {
  try {
    return (await timed(() => runFfmpeg([...args, output]))).ms;
  } finally {
    await fs.rm(output, { force: true });
  }
}

interface CaseResult {
  resolution: Resolution;
  minutes: number;
  lessonBytes: number;
  runs: number;
  oursMs: number[];
  copyMs: number[];
  naiveMs: number[];
  feedMs: number[];
  ours: OursRun[];
}

export async function main(): Promise<void> {
  const { resolutions, minutes, runsFor } = plan();
  const media = await mediaDir();
  const work = await fs.mkdtemp(path.join(media.dir, 'baseline-'));
  const cases: CaseResult[] = [];
  const started = performance.now();
  try {
    for (const resolution of resolutions) {
      for (const m of minutes) {
        const gen = await timed(() => makeLesson(media.dir, resolution, m));
        const lesson = gen.value;
        const lessonSeconds = Math.max(1, Math.round((m * 60) / CLIP_SECONDS)) * CLIP_SECONDS;
        const lessonBytes = (await fs.stat(lesson)).size;
        console.log(`\n${resolution} ${m} min (${round(lessonBytes / MiB, 0)} MiB, ready in ${round(gen.ms / 1000, 1)} s)`);
        const result: CaseResult = { resolution, minutes: m, lessonBytes, runs: runsFor(m), oursMs: [], copyMs: [], naiveMs: [], feedMs: [], ours: [] };
        // Ours and the baselines alternate within each run, so a slow patch of the machine hits all three.
        for (let run = 0; run < result.runs; run++) {
          const ours = await runOurs(lesson, lessonSeconds);
          const copyMs = await timeFfmpeg(['-i', lesson, '-c', 'copy', '-f', 'mp4'], path.join(work, 'copy.mp4'));
          const naiveMs = await timeFfmpeg(['-i', lesson, '-c:v', 'copy', '-c:a', 'aac', '-movflags', '+faststart'], path.join(work, 'naive.mp4'));
          result.ours.push(ours);
          result.oursMs.push(ours.stopMs);
          result.feedMs.push(ours.feed.ms);
          result.copyMs.push(copyMs);
          result.naiveMs.push(naiveMs);
          console.log(
            `  run ${run + 1}: stop ${round(ours.stopMs)} ms ${JSON.stringify(ours.stagesMs)}` +
              `${ours.fellBack ? ' (FELL BACK to remux from raw)' : ''}; copy ${round(copyMs)} ms; naive ${round(naiveMs)} ms;` +
              ` feed ${round(ours.feed.ms / 1000, 1)} s (${round(lessonSeconds / (ours.feed.ms / 1000), 0)}× real time,` +
              ` paced ${round(ours.feed.pacedMs / 1000, 1)} s, drain ${round(ours.feed.drainMs)} ms); MP4 ${round(ours.mp4Seconds, 1)} s of ${lessonSeconds} s`,
          );
        }
        cases.push(result);
      }
    }
  } finally {
    await fs.rm(work, { recursive: true, force: true });
    if (media.owned) await fs.rm(media.dir, { recursive: true, force: true });
  }

  const rows = cases.map((c) => {
    const ours = median(c.oursMs);
    const copy = median(c.copyMs);
    const naive = median(c.naiveMs);
    const feedS = median(c.feedMs) / 1000;
    return [
      c.resolution,
      c.minutes,
      round(c.lessonBytes / MiB, 0),
      c.runs,
      round(ours, 0),
      round(copy, 0),
      round(naive, 0),
      round(ours / copy, 2),
      round(ours / naive, 3),
      round(feedS, 1),
      `${round((c.minutes * 60) / feedS, 0)}×`,
      c.ours.some((o) => o.fellBack) ? 'yes' : 'no',
    ];
  });
  console.log('\nStop → verified MP4 (medians, ms)\n');
  printTable(['res', 'min', 'MiB', 'runs', 'ours stop', 'copy', 'naive', 'ours/copy', 'ours/naive', 'feed s', 'feed speed', 'fallback'], rows);

  // Does Stop grow with lesson length? Least-squares slope of the medians, in ms per lesson minute.
  const growth: Record<string, Record<string, number>> = {};
  for (const resolution of resolutions) {
    const mine = cases.filter((c) => c.resolution === resolution);
    if (mine.length < 2) continue;
    const slope = (pick: (c: CaseResult) => number[]) => {
      const xs = mine.map((c) => c.minutes);
      const ys = mine.map((c) => median(pick(c)));
      const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
      const my = ys.reduce((a, b) => a + b, 0) / ys.length;
      const num = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0);
      const den = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
      return round(num / den, 1);
    };
    growth[resolution] = { oursMsPerMin: slope((c) => c.oursMs), copyMsPerMin: slope((c) => c.copyMs), naiveMsPerMin: slope((c) => c.naiveMs) };
  }
  console.log('\nGrowth with lesson length (ms of finish time per minute of lesson):');
  for (const [resolution, g] of Object.entries(growth)) {
    console.log(`  ${resolution}: ours ${g.oursMsPerMin}, copy ${g.copyMsPerMin}, naive ${g.naiveMsPerMin}`);
  }

  const file = await writeResults('finish-time', {
    chunkBytes: CHUNK_BYTES,
    totalSeconds: round((performance.now() - started) / 1000, 0),
    cases: cases.map((c) => ({
      ...c,
      median: { oursMs: median(c.oursMs), copyMs: median(c.copyMs), naiveMs: median(c.naiveMs), feedMs: median(c.feedMs) },
      ratio: { oursOverCopy: median(c.oursMs) / median(c.copyMs), oursOverNaive: median(c.oursMs) / median(c.naiveMs) },
    })),
    growth,
  });
  console.log(`\nResults: ${file}`);
}

runIfMain(import.meta.url, main);
