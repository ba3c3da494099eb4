import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface RecordingFixture {
  seconds: number;
  codec: 'h264' | 'vp8';
  audio?: boolean;
  width?: number;
  height?: number;
}

/**
 * Makes a file shaped like MediaRecorder's output: Matroska/WebM written as a live stream (no cues, no
 * duration), H.264 or VP8 video with Opus audio, keyframes every second.
 */
export async function makeRecording(dir: string, fixture: RecordingFixture): Promise<string> {
  const { seconds, codec, audio = true, width = 640, height = 360 } = fixture;
  const file = path.join(dir, `fixture-${codec}-${seconds}s-${audio ? 'av' : 'v'}-${width}x${height}.${codec === 'h264' ? 'mkv' : 'webm'}`);
  const video =
    codec === 'h264'
      ? ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-bf', '0', '-g', '30']
      : ['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '500k', '-g', '30'];
  const args = ['-hide_banner', '-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=30:duration=${seconds}`];
  if (audio) args.push('-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`);
  args.push(...video);
  if (audio) args.push('-c:a', 'libopus', '-b:a', '64k');
  args.push('-live', '1', '-f', codec === 'h264' ? 'matroska' : 'webm', file);
  await run('ffmpeg', args);
  return file;
}

/** Splits a file into chunks of `size` bytes, as MediaRecorder's timeslices cut a stream anywhere. */
export async function readChunks(file: string, size: number): Promise<Uint8Array[]> {
  const bytes = await fs.readFile(file);
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += size) {
    chunks.push(new Uint8Array(bytes.subarray(offset, Math.min(bytes.length, offset + size))));
  }
  return chunks;
}

export interface ProbedStream {
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
  start_time?: string;
  duration?: string;
}

export interface Probed {
  format: { duration?: string; format_name: string };
  streams: ProbedStream[];
}

/** Probes with ffprobe: a different tool from the one the app verifies with, so the tests check independently. */
export async function ffprobe(file: string): Promise<Probed> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file]);
  return JSON.parse(stdout) as Probed;
}

/** Decodes every frame; rejects if ffmpeg reports any error. */
export async function decodesCleanly(file: string): Promise<boolean> {
  const { stderr } = await run('ffmpeg', ['-hide_banner', '-v', 'error', '-i', file, '-f', 'null', '-']);
  return stderr.trim() === '';
}

export async function makeTempDir(prefix: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), `cr-${prefix}-`));
}

export function durationOf(probed: Probed): number {
  return Number(probed.format.duration);
}

/** When the video's keyframes come (seconds), as ffprobe reads them: only keyframes are decoded. */
export async function keyframeTimes(file: string): Promise<number[]> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-skip_frame',
    'nokey',
    '-show_entries',
    'frame=pts_time',
    '-of',
    'csv=p=0',
    file,
  ]);
  return stdout
    .split('\n')
    .map((line) => Number.parseFloat(line))
    .filter((time) => Number.isFinite(time));
}

/** The chapters of an MP4 as ffprobe reads them (a reader other than our own). */
export async function chaptersOf(file: string): Promise<Array<{ start: number; title: string }>> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_chapters', '-of', 'json', file]);
  return (JSON.parse(stdout) as { chapters: Array<{ start_time: string; tags?: { title?: string } }> }).chapters.map((chapter) => ({
    start: Number(chapter.start_time),
    title: chapter.tags?.title ?? '',
  }));
}

/**
 * The SHA-256 of some bytes (a file's, or a Buffer's), to compare recordings: vitest's deep equality walks a
 * Buffer byte by byte, which takes seconds for a few megabytes.
 */
export async function digestOf(bytes: Uint8Array | string): Promise<string> {
  const { createHash } = await import('node:crypto');
  const data = typeof bytes === 'string' ? await fs.readFile(bytes) : bytes;
  return createHash('sha256').update(data).digest('hex');
}
