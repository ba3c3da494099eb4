/**
 * How fast our uploader sends a lesson to S3, and what it costs this process in CPU, against a plain
 * `@aws-sdk/lib-storage` Upload of the same file to the same server, in the same run.
 *
 *   ours:          uploadFile() (main/core/upload/multipart-upload.ts) over s3Operations() (s3-client.ts):
 *                  HeadObject for a free key, then one 8 MiB part at a time, each read from the file, MD5'd,
 *                  sent with Content-MD5, its ETag checked and journalled (a JSON written and fsynced),
 *                  then Complete and a HeadObject that verifies size and multipart ETag.
 *   lib-storage-q1 `new Upload({ client, params: { Body: fs.createReadStream(file) }, partSize: 8 MiB,
 *                  queueSize: 1 })`: the same concurrency as ours, no MD5, no journal, no verification.
 *   lib-storage-q4 the same with queueSize 4, lib-storage's default (four parts in flight).
 *
 * The server is a real Ceph RADOS Gateway on loopback (tests/helpers/s3-test-server.ts) with an in-memory
 * OSD, a fresh one for each run (all three variants of a run share it), on this same machine: its daemons
 * compete with this process for the two cores, so MB/s is bounded by the server and means little on its own. The ratios ours/lib-storage,
 * computed within each run, are the figures to read. The server's CPU (its daemons, children of this
 * process, from /proc) is reported as well, since it explains much of the wall time.
 *
 * The file is random bytes (MD5 and the gateway's work do not depend on content, but nothing compresses),
 * 256 MB (`--quick`: 48 MB), made in a temp folder and deleted at the end; it stays in the page cache, so
 * the disk is not measured. Each upload goes to a fresh key, checked whole and deleted afterwards. The
 * three variants take turns within each run, the order rotated from run to run, after one unmeasured
 * warm-up upload of each. MB = 10^6 bytes, GB = 10^9 bytes.
 *
 * The CPU it costs while a lesson records: a teacher who allows uploads while recording shares the network
 * with the lesson, so each run also sends a 24 MB file (`--quick`: 12 MB) our way under a 20 Mbit/s cap
 * (`maxMbps`, a classroom's share of a school uplink) and reports this process's CPU as a share of one
 * core over that time, beside what the recording pipeline itself costs (docs/PERFORMANCE.md §5).
 *
 *   npx tsx bench/upload-throughput.ts [--quick] [--runs N]   (N defaults to 3)
 */
import { randomFillSync } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, DeleteObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { uploadFile } from '../main/core/upload/multipart-upload';
import { s3Operations, type S3Connection } from '../main/core/upload/s3-client';
import { startS3TestServer, testClient, type S3TestServer } from '../tests/helpers/s3-test-server';
import { median, MiB, numberArg, printTable, quick, round, runIfMain, timed, writeResults } from './lib';
import { processTree, total, cpuBetween } from './proc-stats';

const MB = 1e6;
const GB = 1e9;
const FILE_BYTES = (quick ? 48 : 256) * MB;
/** Three parts: the warm-up goes the multipart way, as the measured uploads do. */
const WARM_UP_BYTES = 17 * MB;
/** Far more than any upload here takes: a stalled server (a full OSD blocks writes) fails the run instead. */
const UPLOAD_TIMEOUT_MS = 5 * 60_000;
const PART_BYTES = 8 * MiB;
const RUNS = numberArg('--runs', 3);
const CAPPED_BYTES = (quick ? 12 : 24) * MB;
const CAP_MBPS = 20;
const BUCKET = 'bench-uploads';

const VARIANTS = ['ours', 'lib-storage-q1', 'lib-storage-q4'] as const;
type Variant = (typeof VARIANTS)[number];

interface Sample {
  variant: Variant;
  run: number;
  /** Position in the run's order (0 = first). */
  position: number;
  ms: number;
  mbPerSecond: number;
  /** user + system CPU of this process during the upload, in seconds. */
  cpuSeconds: number;
  cpuSecondsPerGB: number;
  /** CPU of the gateway's daemons (radosgw, OSD, monitor) during the upload, in seconds. */
  serverCpuSeconds: number;
  serverCpuSecondsPerGB: number;
}

/** Random bytes written 8 MiB at a time, so the file is never held in memory whole. */
async function makeRandomFile(file: string, bytes: number): Promise<void> {
  const handle = await fs.open(file, 'wx');
  try {
    const block = Buffer.alloc(PART_BYTES);
    for (let written = 0; written < bytes;) {
      const length = Math.min(block.length, bytes - written);
      randomFillSync(block, 0, length);
      await handle.write(block, 0, length, written);
      written += length;
    }
  } finally {
    await handle.close();
  }
}

/** The gateway's daemons are this process's children: their CPU is read from /proc. */
async function serverCpuNow() {
  return (await processTree(process.pid)).filter((p) => p.pid !== process.pid);
}

interface Context {
  server: S3TestServer;
  connection: S3Connection;
  admin: S3Client;
  file: string;
  work: string;
}

async function uploadOurs(ctx: Context, file: string, key: string, bytesPerSecond = 0): Promise<void> {
  const s3 = s3Operations(ctx.connection, { bytesPerSecond });
  try {
    const result = await uploadFile(file, key, { s3, journalFile: path.join(ctx.work, 'journal', `${path.basename(key)}.json`), partBytes: PART_BYTES });
    if (result.key !== key || result.alreadyThere) throw new Error(`ours: unexpected result ${JSON.stringify(result)}`);
  } finally {
    s3.close();
  }
}

async function uploadLibStorage(ctx: Context, file: string, key: string, queueSize: number): Promise<void> {
  // The same client settings as the tests' (and a school's): path-style, no CRC32 checksums.
  const client = testClient(ctx.server);
  try {
    const upload = new Upload({
      client,
      params: { Bucket: BUCKET, Key: key, Body: createReadStream(file), ContentType: 'video/mp4' },
      partSize: PART_BYTES,
      queueSize,
    });
    await upload.done();
  } finally {
    client.destroy();
  }
}

function upload(ctx: Context, variant: Variant, file: string, key: string): Promise<void> {
  if (variant === 'ours') return uploadOurs(ctx, file, key);
  return uploadLibStorage(ctx, file, key, variant === 'lib-storage-q1' ? 1 : 4);
}

/** Not measured: the object is there whole, then deleted so the in-memory OSD does not fill up. */
async function checkAndDelete(ctx: Context, key: string, bytes: number): Promise<void> {
  const head = await ctx.admin.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
  if (head.ContentLength !== bytes) throw new Error(`${key}: the server holds ${head.ContentLength} bytes, not ${bytes}`);
  await ctx.admin.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
}

async function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${UPLOAD_TIMEOUT_MS / 1000} s: is the server stalled?`)), UPLOAD_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function measure(ctx: Context, variant: Variant, run: number, position: number): Promise<Sample> {
  const key = `run-${run}/${variant}.mp4`;
  const serverBefore = await serverCpuNow();
  const cpuBefore = process.cpuUsage();
  const { ms } = await timed(() => withTimeout(upload(ctx, variant, ctx.file, key), `${variant}'s upload in run ${run}`));
  const cpu = process.cpuUsage(cpuBefore);
  const serverCpuSeconds = total(cpuBetween(serverBefore, await serverCpuNow()));
  await checkAndDelete(ctx, key, FILE_BYTES);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    variant,
    run,
    position,
    ms,
    mbPerSecond: FILE_BYTES / MB / (ms / 1000),
    cpuSeconds,
    cpuSecondsPerGB: cpuSeconds / (FILE_BYTES / GB),
    serverCpuSeconds,
    serverCpuSecondsPerGB: serverCpuSeconds / (FILE_BYTES / GB),
  };
}

interface CappedSample {
  run: number;
  ms: number;
  mbPerSecond: number;
  /** This process's CPU over the upload, as a share of one core (1 = a whole core). */
  coreShare: number;
}

/** Ours under the bandwidth cap, as it runs beside a lesson: what share of a core it takes. */
async function measureCapped(ctx: Context, run: number, file: string): Promise<CappedSample> {
  const key = `run-${run}/capped.mp4`;
  const cpuBefore = process.cpuUsage();
  const { ms } = await timed(() => withTimeout(uploadOurs(ctx, file, key, (CAP_MBPS * 1e6) / 8), `the capped upload in run ${run}`));
  const cpu = process.cpuUsage(cpuBefore);
  await checkAndDelete(ctx, key, CAPPED_BYTES);
  return { run, ms, mbPerSecond: CAPPED_BYTES / MB / (ms / 1000), coreShare: (cpu.user + cpu.system) / 1e3 / ms };
}

const spread = (values: number[]) => `${round(Math.min(...values), 2)}–${round(Math.max(...values), 2)}`;

export async function main(): Promise<void> {
  const started = performance.now();
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'cr-bench-upload-'));
  let server: S3TestServer | undefined;
  let admin: S3Client | undefined;
  const samples: Sample[] = [];
  const capped: CappedSample[] = [];
  try {
    const file = path.join(work, 'lesson.bin');
    const warmUpFile = path.join(work, 'warm-up.bin');
    const cappedFile = path.join(work, 'capped.bin');
    await makeRandomFile(file, FILE_BYTES);
    await makeRandomFile(warmUpFile, WARM_UP_BYTES);
    await makeRandomFile(cappedFile, CAPPED_BYTES);
    for (let run = 1; run <= RUNS; run++) {
      // A fresh server per run: its OSD keeps objects in 1 GiB of memory, and a deleted object's data is
      // only freed by the gateway's garbage collection hours later, so one server fills up after ~4 uploads
      // of 256 MB (and then stalls every write rather than failing it).
      const boot = await timed(() => startS3TestServer());
      server = boot.value;
      admin = testClient(server);
      await admin.send(new CreateBucketCommand({ Bucket: BUCKET }));
      const connection: S3Connection = {
        endpoint: server.endpoint,
        region: server.region,
        bucket: BUCKET,
        accessKeyId: server.accessKeyId,
        secretAccessKey: server.secretAccessKey,
        pathStyle: true,
      };
      const ctx: Context = { server, connection, admin, file, work };
      if (run === 1) {
        console.log(
          `${RUNS} runs of ${VARIANTS.length} uploads of ${FILE_BYTES / MB} MB (random bytes, ${Math.ceil(FILE_BYTES / PART_BYTES)} parts of 8 MiB), ` +
            `a fresh S3 test server for each run`,
        );
      }
      for (const variant of VARIANTS) {
        const key = `warm-up/${variant}.mp4`;
        await withTimeout(upload(ctx, variant, warmUpFile, key), `the warm-up upload of ${variant}`);
        await checkAndDelete(ctx, key, WARM_UP_BYTES);
      }
      // Rotated per run, so that no variant always goes first.
      const order = VARIANTS.map((_, i) => VARIANTS[(i + run - 1) % VARIANTS.length]!);
      const line: string[] = [];
      for (const [position, variant] of order.entries()) {
        const sample = await measure(ctx, variant, run, position);
        samples.push(sample);
        line.push(
          `${variant} ${round(sample.ms / 1000, 2)} s, ${round(sample.mbPerSecond, 1)} MB/s, ` +
            `${round(sample.cpuSecondsPerGB, 2)} CPU-s/GB (server ${round(sample.serverCpuSecondsPerGB, 2)})`,
        );
      }
      const cap = await measureCapped(ctx, run, cappedFile);
      capped.push(cap);
      line.push(`ours capped at ${CAP_MBPS} Mbit/s ${round(cap.mbPerSecond, 2)} MB/s, ${round(cap.coreShare * 100, 1)} % of a core`);
      console.log(`  run ${run} (server up in ${round(boot.ms / 1000, 1)} s): ${line.join('; ')}`);
      admin.destroy();
      admin = undefined;
      await server.stop();
      server = undefined;
    }
  } finally {
    admin?.destroy();
    await server?.stop();
    await fs.rm(work, { recursive: true, force: true });
  }

  const of = (variant: Variant) => samples.filter((s) => s.variant === variant);
  const perVariant = VARIANTS.map((variant) => {
    const mine = of(variant);
    const pick = (f: (s: Sample) => number) => mine.map(f);
    return {
      variant,
      mbPerSecond: { median: median(pick((s) => s.mbPerSecond)), min: Math.min(...pick((s) => s.mbPerSecond)), max: Math.max(...pick((s) => s.mbPerSecond)) },
      cpuSecondsPerGB: {
        median: median(pick((s) => s.cpuSecondsPerGB)),
        min: Math.min(...pick((s) => s.cpuSecondsPerGB)),
        max: Math.max(...pick((s) => s.cpuSecondsPerGB)),
      },
      serverCpuSecondsPerGB: {
        median: median(pick((s) => s.serverCpuSecondsPerGB)),
        min: Math.min(...pick((s) => s.serverCpuSecondsPerGB)),
        max: Math.max(...pick((s) => s.serverCpuSecondsPerGB)),
      },
    };
  });
  console.log(`\nUpload of ${FILE_BYTES / MB} MB (${RUNS} runs; median, and min–max)\n`);
  printTable(
    ['variant', 'MB/s', 'MB/s min–max', 'CPU-s/GB (this process)', 'min–max', 'server CPU-s/GB', 'min–max'],
    VARIANTS.map((variant) => {
      const mine = of(variant);
      return [
        variant,
        round(median(mine.map((s) => s.mbPerSecond)), 1),
        spread(mine.map((s) => s.mbPerSecond)),
        round(median(mine.map((s) => s.cpuSecondsPerGB)), 2),
        spread(mine.map((s) => s.cpuSecondsPerGB)),
        round(median(mine.map((s) => s.serverCpuSecondsPerGB)), 2),
        spread(mine.map((s) => s.serverCpuSecondsPerGB)),
      ];
    }),
  );

  // Per run: throughput ratio (above 1 = ours faster) and CPU ratio (above 1 = ours costs more per byte).
  const ratios = Array.from({ length: RUNS }, (_, i) => {
    const run = i + 1;
    const get = (variant: Variant) => samples.find((s) => s.run === run && s.variant === variant)!;
    const ours = get('ours');
    const q1 = get('lib-storage-q1');
    const q4 = get('lib-storage-q4');
    return {
      run,
      throughputVsQ1: ours.mbPerSecond / q1.mbPerSecond,
      throughputVsQ4: ours.mbPerSecond / q4.mbPerSecond,
      cpuVsQ1: ours.cpuSecondsPerGB / q1.cpuSecondsPerGB,
      cpuVsQ4: ours.cpuSecondsPerGB / q4.cpuSecondsPerGB,
    };
  });
  console.log('\nOurs / lib-storage, per run (MB/s: above 1 = ours faster; CPU-s/GB: above 1 = ours costs more)\n');
  const ratioRows: Array<Array<string | number>> = ratios.map((r) => [
    r.run,
    round(r.throughputVsQ1, 3),
    round(r.throughputVsQ4, 3),
    round(r.cpuVsQ1, 3),
    round(r.cpuVsQ4, 3),
  ]);
  const ratioSummary = {
    throughputVsQ1: median(ratios.map((r) => r.throughputVsQ1)),
    throughputVsQ4: median(ratios.map((r) => r.throughputVsQ4)),
    cpuVsQ1: median(ratios.map((r) => r.cpuVsQ1)),
    cpuVsQ4: median(ratios.map((r) => r.cpuVsQ4)),
  };
  ratioRows.push([
    'median',
    round(ratioSummary.throughputVsQ1, 3),
    round(ratioSummary.throughputVsQ4, 3),
    round(ratioSummary.cpuVsQ1, 3),
    round(ratioSummary.cpuVsQ4, 3),
  ]);
  ratioRows.push([
    'min–max',
    spread(ratios.map((r) => r.throughputVsQ1)),
    spread(ratios.map((r) => r.throughputVsQ4)),
    spread(ratios.map((r) => r.cpuVsQ1)),
    spread(ratios.map((r) => r.cpuVsQ4)),
  ]);
  printTable(['run', 'MB/s ours/q1', 'MB/s ours/q4', 'CPU/GB ours/q1', 'CPU/GB ours/q4'], ratioRows);

  const shares = capped.map((c) => c.coreShare * 100);
  console.log(
    `\nOurs capped at ${CAP_MBPS} Mbit/s (${CAPPED_BYTES / MB} MB, as beside a lesson): ${round(median(shares), 1)} % of one core ` +
      `(min–max ${spread(shares)} %), at ${round(median(capped.map((c) => c.mbPerSecond)), 2)} MB/s`,
  );

  const file = await writeResults('upload-throughput', {
    capMbps: CAP_MBPS,
    cappedBytes: CAPPED_BYTES,
    capped,
    cappedCoreShareMedian: median(capped.map((c) => c.coreShare)),
    fileBytes: FILE_BYTES,
    partBytes: PART_BYTES,
    runs: RUNS,
    totalSeconds: round((performance.now() - started) / 1000, 0),
    samples,
    perVariant,
    ratios,
    ratioMedians: ratioSummary,
  });
  console.log(`\nResults: ${file}`);
}

runIfMain(import.meta.url, main);
