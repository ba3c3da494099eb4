/**
 * Shared pieces of the benchmarks: command line, timing, statistics, media generation, result files.
 * Benchmarks never fail on a number: they measure, print and write JSON; only a broken run exits non-zero.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const RESULTS_DIR = path.join(BENCH_DIR, 'results');
export const FFMPEG = process.env.FFMPEG_PATH ?? 'ffmpeg';

export const quick = process.argv.includes('--quick');

/** True when this module's file is the script node was started with (so a benchmark runs on its own). */
export function isMain(moduleUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && path.resolve(entry) === fileURLToPath(moduleUrl);
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Least-squares slope of y over x; 0 for fewer than two points. */
export function slope(points: Array<[number, number]>): number {
  if (points.length < 2) return 0;
  const mx = points.reduce((a, [x]) => a + x, 0) / points.length;
  const my = points.reduce((a, [, y]) => a + y, 0) / points.length;
  const num = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const den = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

/** The number after `flag` on the command line (`--minutes 2`), or `fallback`. */
export function numberArg(flag: string, fallback: number): number {
  const at = process.argv.indexOf(flag);
  const value = at > 0 ? Number(process.argv[at + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export const MiB = 1024 * 1024;

/** Prints an aligned markdown table, so the console output can be pasted into a report as is. */
export function printTable(headers: string[], rows: Array<Array<string | number>>): void {
  const cells = rows.map((row) => row.map((c) => String(c)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]?.length ?? 0)));
  const line = (row: string[]) => `| ${row.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(headers));
  console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
  for (const row of cells) console.log(line(row));
}

/** Machine facts stored with every result, since the numbers mean little without them. */
export function machineInfo(): Record<string, unknown> {
  return {
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    totalMemGiB: round(os.totalmem() / 1024 ** 3, 1),
  };
}

/** Writes bench/results/<name>.json; a --quick smoke run writes <name>.quick.json, leaving full results alone. */
export async function writeResults(name: string, data: Record<string, unknown>): Promise<string> {
  await fs.mkdir(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}${quick ? '.quick' : ''}.json`);
  const body = { benchmark: name, quick, finishedAt: new Date().toISOString(), machine: machineInfo(), ...data };
  await fs.writeFile(file, `${JSON.stringify(body, null, 2)}\n`);
  return file;
}

/** Runs ffmpeg to completion; rejects with the tail of stderr when it exits non-zero. */
export function runFfmpeg(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(FFMPEG, ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`ffmpeg ${args.join(' ')} exited ${code}: ${stderr}`));
    });
  });
}

export type Resolution = '720p' | '1080p';

export const RESOLUTIONS: Record<Resolution, { size: string; videoKbps: number }> = {
  '720p': { size: '1280x720', videoKbps: 2500 },
  '1080p': { size: '1920x1080', videoKbps: 4000 },
};

export const CLIP_SECONDS = 10;

/**
 * A scratch folder for generated media, shared by the benchmarks of one run-all (BENCH_MEDIA_DIR) so a
 * lesson is generated once; removed by whoever created it.
 */
export async function mediaDir(): Promise<{ dir: string; owned: boolean }> {
  const shared = process.env.BENCH_MEDIA_DIR;
  if (shared) {
    await fs.mkdir(shared, { recursive: true });
    return { dir: shared, owned: false };
  }
  return { dir: await fs.mkdtemp(path.join(os.tmpdir(), 'cr-bench-media-')), owned: true };
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/**
 * A 10 s clip shaped like Chromium's MediaRecorder output for `video/webm;codecs=h264,opus`: Matroska
 * written as a live stream (no cues, no duration), H.264 without B-frames, a keyframe every second, Opus.
 */
export async function makeClip(dir: string, resolution: Resolution): Promise<string> {
  const { size, videoKbps } = RESOLUTIONS[resolution];
  const file = path.join(dir, `clip-${resolution}.mkv`);
  if (await exists(file)) return file;
  const partial = `${file}.partial`;
  await runFfmpeg([
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${size}:rate=30:duration=${CLIP_SECONDS}`,
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:sample_rate=48000:duration=${CLIP_SECONDS}`,
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-bf',
    '0',
    '-g',
    '30',
    '-b:v',
    `${videoKbps}k`,
    '-maxrate',
    `${videoKbps}k`,
    '-bufsize',
    `${videoKbps * 2}k`,
    '-c:a',
    'libopus',
    '-b:a',
    '128k',
    '-live',
    '1',
    '-f',
    'matroska',
    partial,
  ]);
  await fs.rename(partial, file);
  return file;
}

/** A lesson of `minutes` made by stream-copying the clip end to end (seconds of ffmpeg, no encoding). */
export async function makeLesson(dir: string, resolution: Resolution, minutes: number): Promise<string> {
  const file = path.join(dir, `lesson-${resolution}-${minutes}min.mkv`);
  if (await exists(file)) return file;
  const clip = await makeClip(dir, resolution);
  const loops = Math.max(1, Math.round((minutes * 60) / CLIP_SECONDS));
  const partial = `${file}.partial`;
  await runFfmpeg(['-stream_loop', String(loops - 1), '-i', clip, '-map', '0', '-c', 'copy', '-live', '1', '-f', 'matroska', partial]);
  await fs.rename(partial, file);
  return file;
}

/** Reads a file in fixed-size chunks without holding it in memory: MediaRecorder's timeslices cut anywhere. */
export async function* fileChunks(file: string, chunkBytes: number): AsyncGenerator<Uint8Array> {
  const handle = await fs.open(file, 'r');
  try {
    for (;;) {
      // A fresh buffer per chunk, as each IPC message arrives in its own buffer.
      const buffer = new Uint8Array(chunkBytes);
      let filled = 0;
      while (filled < chunkBytes) {
        const { bytesRead } = await handle.read(buffer, filled, chunkBytes - filled, null);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      if (filled === 0) return;
      yield filled === chunkBytes ? buffer : buffer.subarray(0, filled);
      if (filled < chunkBytes) return;
    }
  } finally {
    await handle.close();
  }
}

/** Media duration in seconds as ffprobe reads it (an independent check of what the service produced). */
export async function probeDuration(file: string): Promise<number> {
  const ffprobe = FFMPEG.replace(/ffmpeg(\.exe)?$/, 'ffprobe$1');
  return new Promise((resolve, reject) => {
    const child = spawn(ffprobe, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(Number(out.trim())));
  });
}

/**
 * Runs a benchmark's main() when its file is the entry point, then exits. A child process left behind
 * (an ffmpeg still waiting on its stdin) would otherwise keep the benchmark alive forever; it is
 * reported rather than waited for, since the measurements are done by then.
 */
export function runIfMain(moduleUrl: string, main: () => Promise<void>): void {
  if (!isMain(moduleUrl)) return;
  main().then(
    () => {
      const stray = process.getActiveResourcesInfo().filter((r) => r === 'ProcessWrap').length;
      if (stray > 0) console.warn(`warning: ${stray} child process(es) still running at the end; exiting anyway`);
      process.exit(process.exitCode ?? 0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
