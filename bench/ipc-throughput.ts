/**
 * How fast the IPC-facing core accepts a recording: handlers['session:append-chunk'] awaited one chunk at
 * a time (as the renderer does), against a plain FileHandle.write loop of the same chunks in the same run.
 *
 * The feed is a real generated recording (H.264 + Opus Matroska) so the live remux runs as in production.
 * Two ways to feed ours:
 *   flood:     the next chunk as soon as the previous one is acknowledged. Acknowledgement means "on disk";
 *              whether the live remux survives a flood depends on the core: before afb0261 it was fed
 *              without back-pressure and gave up after 32 MiB queued; since then an acknowledgement
 *              waits (up to 2 s) while more than 8 MiB are queued. The "live remux" column tells.
 *   sustained: the same, but waiting whenever ffmpeg's backlog grows (bench/feed.ts), i.e. the rate at which
 *              the whole production path, live MP4 included, keeps up.
 *   no-ffmpeg: a flood into a service without ffmpeg (no live remux): what validation, the ordered write
 *              queue and the raw file cost on their own.
 * A lesson needs 3 Mb/s = 0.375 MB/s; "headroom" is how many times that each variant sustains.
 *
 *   npx tsx bench/ipc-throughput.ts [--quick]
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { createHarness } from './harness';
import { feedChunks, liveRemuxFailed, startSession } from './feed';
import { makeLesson, median, mediaDir, printTable, quick, round, runIfMain, timed, writeResults } from './lib';

/** Decimal megabytes: 375 KB chunks at one per second are exactly 3 Mb/s. */
const MB = 1e6;
const LESSON_BYTES_PER_SECOND = 375_000;
const CHUNK_SIZES = [375_000, 64 * 1024];
const RUNS = 3;
const LESSON_MINUTES = quick ? 3 : 10;
/** MediaRecorder's first chunk arrives one timeslice after Record; ffmpeg has long started by then. */
const FIRST_CHUNK_DELAY_MS = 1000;

/** Cuts the recording into chunks, each in its own buffer as each IPC message arrives in its own. */
function cut(bytes: Buffer, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += size) {
    chunks.push(new Uint8Array(bytes.subarray(offset, Math.min(bytes.length, offset + size))));
  }
  return chunks;
}

type Variant = 'ours-flood' | 'ours-sustained' | 'ours-no-ffmpeg' | 'plain-write' | 'plain-write+datasync/s';

interface Sample {
  ms: number;
  liveRemuxGaveUp?: boolean;
}

async function runOurs(chunks: Uint8Array[], pace: boolean, withFfmpeg = true): Promise<Sample> {
  const harness = await createHarness(withFfmpeg ? {} : { ffmpeg: { available: false, problem: 'benchmark without ffmpeg' } });
  try {
    const sessionId = await startSession(harness);
    await new Promise((resolve) => setTimeout(resolve, FIRST_CHUNK_DELAY_MS));
    const feed = await feedChunks(harness, sessionId, chunks, { pace });
    return { ms: feed.ms, liveRemuxGaveUp: liveRemuxFailed(harness.service, sessionId) };
  } finally {
    // Shutdown, not Stop: only the appends are measured, and after a flood Stop would remux everything.
    await harness.service.shutdown();
    await fs.rm(harness.root, { recursive: true, force: true });
  }
}

/** The floor: the same chunks written in order to one file, nothing else. */
async function runPlain(chunks: Uint8Array[], dir: string, syncEveryMs?: number): Promise<Sample> {
  const file = path.join(dir, 'plain.mkv');
  const handle = await fs.open(file, 'wx');
  try {
    const { ms } = await timed(async () => {
      let position = 0;
      let lastSync = performance.now();
      for (const chunk of chunks) {
        await handle.write(chunk, 0, chunk.byteLength, position);
        position += chunk.byteLength;
        if (syncEveryMs !== undefined && performance.now() - lastSync >= syncEveryMs) {
          lastSync = performance.now();
          await handle.datasync();
        }
      }
    });
    return { ms };
  } finally {
    await handle.close();
    await fs.rm(file, { force: true });
  }
}

export async function main(): Promise<void> {
  const media = await mediaDir();
  const scratch = await fs.mkdtemp(path.join(media.dir, 'plain-'));
  const results: Array<{ chunkBytes: number; chunks: number; variant: Variant; samples: Sample[] }> = [];
  try {
    const lesson = await makeLesson(media.dir, '720p', LESSON_MINUTES);
    const bytes = await fs.readFile(lesson);
    console.log(`Source: ${LESSON_MINUTES} min 720p recording, ${round(bytes.length / MB, 1)} MB`);
    for (const chunkBytes of CHUNK_SIZES) {
      const chunks = cut(bytes, chunkBytes);
      const byVariant = new Map<Variant, Sample[]>();
      const add = (variant: Variant, sample: Sample) => byVariant.set(variant, [...(byVariant.get(variant) ?? []), sample]);
      // Variants alternate within each run so that drift in the machine's load hits them all alike.
      for (let run = 0; run < RUNS; run++) {
        add('plain-write', await runPlain(chunks, scratch));
        add('plain-write+datasync/s', await runPlain(chunks, scratch, 1000));
        add('ours-flood', await runOurs(chunks, false));
        add('ours-sustained', await runOurs(chunks, true));
        add('ours-no-ffmpeg', await runOurs(chunks, false, false));
      }
      for (const [variant, samples] of byVariant) results.push({ chunkBytes, chunks: chunks.length, variant, samples });
    }
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
    if (media.owned) await fs.rm(media.dir, { recursive: true, force: true });
  }

  const rows: Array<Array<string | number>> = [];
  const summary = results.map((r) => {
    const ms = median(r.samples.map((s) => s.ms));
    const plainMs = median(results.find((p) => p.chunkBytes === r.chunkBytes && p.variant === 'plain-write')!.samples.map((s) => s.ms));
    const chunksPerSecond = r.chunks / (ms / 1000);
    const mbPerSecond = (r.chunks * r.chunkBytes) / MB / (ms / 1000);
    const gaveUp = r.samples.map((s) => s.liveRemuxGaveUp).filter((g) => g !== undefined);
    const live = gaveUp.length === 0 ? '-' : gaveUp.every((g) => g) ? 'gave up' : gaveUp.some((g) => g) ? 'gave up (some runs)' : 'kept up';
    rows.push([
      r.chunkBytes,
      r.variant,
      round(chunksPerSecond, 0),
      round(mbPerSecond, 1),
      // Throughput ratio: ours/plain below 1 means ours accepts less per second than a plain write.
      round(plainMs / ms, 3),
      `${round(mbPerSecond / (LESSON_BYTES_PER_SECOND / MB), 0)}×`,
      live,
    ]);
    return { ...r, medianMs: ms, chunksPerSecond, mbPerSecond, throughputVsPlain: plainMs / ms, liveRemux: live };
  });
  console.log(`\nAppend throughput (median of ${RUNS} runs, MB = 10^6 bytes)\n`);
  printTable(['chunk B', 'variant', 'chunks/s', 'MB/s', 'vs plain', 'headroom vs 3 Mb/s', 'live remux'], rows);
  const file = await writeResults('ipc-throughput', { lessonMinutes: LESSON_MINUTES, runs: RUNS, results: summary });
  console.log(`\nResults: ${file}`);
}

runIfMain(import.meta.url, main);
