/**
 * One side of bench/memory-flat.ts, in a process of its own so that its RSS is its own:
 *
 *   node --import tsx bench/memory-worker.ts ours|naive SOURCE.mkv CHUNK_BYTES SAMPLE_EVERY LESSON_SECONDS OUT_DIR
 *
 * Prints one JSON line (WorkerReport) on stdout at the end; progress goes to stderr.
 */
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createHarness } from './harness';
import { feedChunks, livePendingBytes, MediaClock, startSession } from './feed';
import { fileChunks, MiB } from './lib';

export interface MemorySample {
  /** Chunks handled so far. */
  chunk: number;
  label?: string;
  rssMiB: number;
  heapUsedMiB: number;
  /** Memory of ArrayBuffers (chunks in hand, stream buffers), outside the JS heap. */
  arrayBuffersMiB: number;
  /** RSS of this process's children (the live ffmpeg), Linux only. */
  childrenRssMiB?: number;
  /** Bytes queued for the live ffmpeg at that moment (a benchmark artefact: 0 at 1× speed). */
  liveBacklogMiB?: number;
}

export interface WorkerReport {
  mode: 'ours' | 'naive';
  chunks: number;
  bytes: number;
  ms: number;
  samples: MemorySample[];
  /** For ours: Stop's outcome (the lesson must still become an MP4, or the flat line means nothing). */
  finished?: { ok: boolean; durationSeconds?: number; stopMs: number; message?: string };
}

/** A live progress line on a terminal; nothing when the output is a log file. */
function progress(text: string, done = false): void {
  if (!process.stderr.isTTY) return;
  process.stderr.write(done ? '\n' : `\r  ${text}   `);
}

const mib = (bytes: number) => Math.round((bytes / MiB) * 10) / 10;

/**
 * Sum of VmRSS over this process's direct children, read from /proc; undefined elsewhere. Synchronous on
 * purpose: a few /proc reads every hundred chunks cost less than interleaving an async sampler.
 */
function childrenRss(): number | undefined {
  let entries: string[];
  try {
    entries = fsSync.readdirSync('/proc');
  } catch {
    return undefined;
  }
  let total = 0;
  for (const pid of entries.filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = fsSync.readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Field 4 (ppid) follows the command name, which is in parentheses and may contain spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      const kb = /^VmRSS:\s+(\d+) kB/m.exec(fsSync.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (kb) total += Number(kb[1]) * 1024;
    } catch {
      // The process ended while we looked.
    }
  }
  return total;
}

function sample(chunk: number, extra: Partial<MemorySample> = {}): MemorySample {
  const usage = process.memoryUsage();
  return {
    chunk,
    rssMiB: mib(usage.rss),
    heapUsedMiB: mib(usage.heapUsed),
    arrayBuffersMiB: mib(usage.arrayBuffers),
    ...extra,
  };
}

/** The recording core as in production: each chunk on disk and into the live MP4, then dropped. */
async function runOurs(source: string, chunkBytes: number, every: number, lessonSeconds: number): Promise<WorkerReport> {
  const clock = new MediaClock();
  const harness = await createHarness({ now: clock.now });
  const samples: MemorySample[] = [];
  try {
    const sessionId = await startSession(harness);
    const totalBytes = (await fs.stat(source)).size;
    const take = (chunk: number, label?: string) => {
      const backlog = livePendingBytes(harness.service, sessionId);
      const children = childrenRss();
      samples.push(
        sample(chunk, {
          label,
          childrenRssMiB: children === undefined ? undefined : mib(children),
          liveBacklogMiB: backlog === undefined ? undefined : mib(backlog),
        }),
      );
    };
    take(0, 'start');
    const feed = await feedChunks(harness, sessionId, fileChunks(source, chunkBytes), {
      pace: true,
      // A small backlog: at 1× it would be empty, and whatever is queued here shows up as RSS.
      paceHighWater: 4 * MiB,
      drainBeforeLast: true,
      clock,
      totalBytes,
      durationMs: lessonSeconds * 1000,
      onChunk: (seq) => {
        if ((seq + 1) % every !== 0) return;
        take(seq + 1);
        progress(`ours: ${seq + 1} chunks, RSS ${samples.at(-1)!.rssMiB} MiB`);
      },
    });
    take(feed.chunks, 'end');
    const stopStart = performance.now();
    const stopped = await harness.handlers['session:stop']([{ sessionId }]);
    const stopMs = performance.now() - stopStart;
    take(feed.chunks, 'after stop');
    progress('', true);
    return {
      mode: 'ours',
      chunks: feed.chunks,
      bytes: feed.bytes,
      ms: feed.ms,
      samples,
      finished: stopped.ok ? { ok: true, durationSeconds: stopped.value.durationSeconds, stopMs } : { ok: false, stopMs, message: stopped.error.message },
    };
  } finally {
    await harness.service.shutdown();
    await fs.rm(harness.root, { recursive: true, force: true });
  }
}

/**
 * The MediaRecorder tutorials' way: `chunks.push(event.data)` on every dataavailable, and at Stop
 * `new Blob(chunks)` written out as the download. Everything stays in memory until the end.
 */
async function runNaive(source: string, chunkBytes: number, every: number, outDir: string): Promise<WorkerReport> {
  const samples: MemorySample[] = [sample(0, { label: 'start' })];
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  const start = performance.now();
  for await (const data of fileChunks(source, chunkBytes)) {
    chunks.push(data);
    bytes += data.byteLength;
    if (chunks.length % every === 0) {
      samples.push(sample(chunks.length));
      progress(`naive: ${chunks.length} chunks, RSS ${samples.at(-1)!.rssMiB} MiB`);
    }
  }
  samples.push(sample(chunks.length, { label: 'end' }));
  const blob = new Blob(chunks, { type: 'video/webm' });
  samples.push(sample(chunks.length, { label: 'blob built' }));
  const out = path.join(outDir, 'naive.webm');
  await fs.writeFile(out, blob.stream());
  samples.push(sample(chunks.length, { label: 'after stop' }));
  const ms = performance.now() - start;
  await fs.rm(out, { force: true });
  progress('', true);
  return { mode: 'naive', chunks: chunks.length, bytes, ms, samples };
}

async function main(): Promise<void> {
  const [mode, source, chunkBytes, every, lessonSeconds, outDir] = process.argv.slice(2);
  if ((mode !== 'ours' && mode !== 'naive') || !source || !outDir) {
    throw new Error('usage: memory-worker.ts ours|naive SOURCE CHUNK_BYTES SAMPLE_EVERY LESSON_SECONDS OUT_DIR');
  }
  const report =
    mode === 'ours'
      ? await runOurs(source, Number(chunkBytes), Number(every), Number(lessonSeconds))
      : await runNaive(source, Number(chunkBytes), Number(every), outDir);
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
