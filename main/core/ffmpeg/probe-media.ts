import { execFile } from 'node:child_process';

export interface MediaStreamInfo {
  type: 'video' | 'audio' | 'other';
  codec: string;
  width?: number;
  height?: number;
}

export interface MediaInfo {
  /** Container duration in seconds; undefined when ffmpeg prints `Duration: N/A` (raw MediaRecorder WebM). */
  durationSeconds?: number;
  streams: MediaStreamInfo[];
  /** The file's chapters (a lesson's parts), in order. */
  chapters: MediaChapter[];
}

export interface MediaChapter {
  startSeconds: number;
  endSeconds: number;
  title: string;
}

/**
 * Parses what `ffmpeg -hide_banner -i FILE` prints about its input. We probe with ffmpeg itself rather
 * than ffprobe because ffmpeg-static ships ffmpeg alone. Answers undefined when ffmpeg could not open
 * the file as media (e.g. `moov atom not found` for an MP4 whose writer died).
 *
 *   Duration: 00:00:05.03, start: 0.000000, bitrate: 1667 kb/s
 *   Stream #0:0[0x1](und): Video: h264 (Constrained Baseline) (avc1 / 0x31637661), yuv420p(progressive), 1280x720, …
 *   Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, stereo, fltp, 159 kb/s (default)
 *   Chapter #0:1: start 12.500000, end 30.000000   (with its title below, in Metadata)
 */
export function parseFfmpegInputInfo(stderr: string): MediaInfo | undefined {
  if (!/^Input #0/m.test(stderr)) return undefined;
  const info: MediaInfo = { streams: [], chapters: [] };
  const duration = /^\s*Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)/m.exec(stderr);
  if (duration) {
    info.durationSeconds = Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]);
  }
  for (const match of stderr.matchAll(/^\s*Stream #0:\d+\S*: (Video|Audio|Data|Subtitle|Attachment): (\w+)(.*)$/gm)) {
    const kind = match[1]!.toLowerCase();
    const stream: MediaStreamInfo = {
      type: kind === 'video' || kind === 'audio' ? kind : 'other',
      codec: match[2]!,
    };
    const size = /, (\d{2,5})x(\d{2,5})\b/.exec(match[3]!);
    if (stream.type === 'video' && size) {
      stream.width = Number(size[1]);
      stream.height = Number(size[2]);
    }
    info.streams.push(stream);
  }
  //     Chapter #0:1: start 12.500000, end 30.000000
  //       Metadata:
  //         title           : Fractions
  for (const match of stderr.matchAll(/^\s*Chapter #0:\d+: start (-?[\d.]+), end (-?[\d.]+)\n(?:\s*Metadata:\n\s*title\s*: (.*)\n)?/gm)) {
    info.chapters.push({ startSeconds: Number(match[1]), endSeconds: Number(match[2]), title: match[3]?.trim() ?? '' });
  }
  return info;
}

/**
 * Probes a file with `ffmpeg -i`, which always exits non-zero (no output named); we read stderr only.
 * A probe that hangs is killed after `timeoutMs` and answers undefined (the file could not be read).
 */
export function probeMedia(ffmpegPath: string, file: string, timeoutMs = 20_000): Promise<MediaInfo | undefined> {
  return new Promise((resolve, reject) => {
    execFile(
      ffmpegPath,
      ['-hide_banner', '-nostdin', '-i', file],
      { windowsHide: true, maxBuffer: 4 * 1024 * 1024, timeout: timeoutMs, killSignal: 'SIGKILL' },
      (error, _stdout, stderr) => {
        // A string code means ffmpeg did not start at all (ENOENT, EACCES…); a number is its exit code.
        const code = (error as NodeJS.ErrnoException | null)?.code;
        if (typeof code === 'string') {
          reject(new Error(`ffmpeg could not be started (${ffmpegPath}: ${code})`));
          return;
        }
        resolve(parseFfmpegInputInfo(stderr));
      },
    );
  });
}
