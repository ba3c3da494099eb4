import type { Readable } from 'node:stream';
import type { FfmpegJob } from './ffmpeg-runner';

/** AAC at 160 kb/s: transparent for a voice in a classroom, ~70 MB per hour. */
const AUDIO_OUTPUT = ['-c:a', 'aac', '-b:a', '160k'];

/** Audio is optional (`?`): a lesson recorded without a microphone is still a lesson. */
const MAP_FIRST_VIDEO_AND_AUDIO = ['-map', '0:v:0', '-map', '0:a:0?'];

/**
 * The live remux that runs during the lesson: MediaRecorder's Matroska arrives on stdin chunk by chunk;
 * H.264 is copied, Opus becomes AAC as it arrives, so at Stop only the index (moov) is left to write.
 *
 *   ffmpeg -f matroska -i pipe:0 -map 0:v:0 -map 0:a:0? -c:v copy -c:a aac -b:a 160k -f mp4 OUT.partial.mp4
 *
 * The moov goes at the end (no +faststart): moving it to the front would rewrite the whole file at Stop,
 * which is exactly the wait we avoid; local players and browsers (HTTP range requests) play it either way.
 */
export function liveRemuxJob(stdin: Readable, outputPath: string): FfmpegJob {
  return {
    inputs: [{ source: stdin, options: ['-f', 'matroska'] }],
    output: {
      target: outputPath,
      options: [...MAP_FIRST_VIDEO_AND_AUDIO, '-c:v', 'copy', ...AUDIO_OUTPUT, '-f', 'mp4'],
    },
  };
}

export interface RawRemuxOptions {
  /** True when the raw video is H.264 and can be stream-copied; VP8/VP9 must be encoded to H.264. */
  copyVideo: boolean;
}

/**
 * The full conversion from the raw recording, used when the live remux is not available (VP8/VP9,
 * ffmpeg failed mid-lesson, crash recovery). Raw Matroska from MediaRecorder has no duration and
 * may end mid-cluster after a crash; +genpts fills timestamps ffmpeg cannot read.
 *
 *   ffmpeg -fflags +genpts -i RAW.webm -map 0:v:0 -map 0:a:0? -c:v copy -c:a aac -b:a 160k -f mp4 OUT.partial.mp4
 *
 * No +faststart, like the live MP4: it would need the file's size again in free space (it rewrites the
 * whole file), and this path often runs exactly when the disk is full.
 */
export function rawRemuxJob(rawPath: string, outputPath: string, options: RawRemuxOptions): FfmpegJob {
  const video = options.copyVideo ? ['-c:v', 'copy'] : ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p'];
  return {
    inputs: [{ source: rawPath, options: ['-fflags', '+genpts'] }],
    output: {
      target: outputPath,
      options: [...MAP_FIRST_VIDEO_AND_AUDIO, ...video, ...AUDIO_OUTPUT, '-f', 'mp4'],
    },
  };
}

/**
 * Joins the MP4 segments of one lesson (one per renderer life) without re-encoding.
 *
 *   ffmpeg -f concat -safe 0 -i LIST.txt -map 0 -c copy -f mp4 OUT.partial.mp4
 */
export function concatSegmentsJob(listPath: string, outputPath: string): FfmpegJob {
  return {
    inputs: [{ source: listPath, options: ['-f', 'concat', '-safe', '0'] }],
    output: { target: outputPath, options: ['-map', '0', '-c', 'copy', '-f', 'mp4'] },
  };
}

/** The concat demuxer's list file: one `file '…'` line per segment, quotes escaped as it documents. */
export function concatListText(segmentPaths: string[]): string {
  return segmentPaths.map((file) => `file '${file.replace(/'/g, "'\\''")}'\n`).join('');
}
