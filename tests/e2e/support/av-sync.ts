import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Times (s) of the frames where the picture turns from dark to bright: the start of each flash. */
export async function flashTimes(file: string): Promise<number[]> {
  const { stdout } = await run(
    'ffmpeg',
    ['-v', 'error', '-i', file, '-map', '0:v:0', '-vf', 'signalstats,metadata=print:key=lavfi.signalstats.YAVG:file=-', '-f', 'null', '-'],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const times: number[] = [];
  let time = Number.NaN;
  let wasBright = false;
  for (const line of stdout.split('\n')) {
    const frame = /pts_time:([\d.]+)/.exec(line);
    if (frame) time = Number(frame[1]);
    const value = /lavfi\.signalstats\.YAVG=([\d.]+)/.exec(line);
    if (!value) continue;
    const bright = Number(value[1]) > 128;
    if (bright && !wasBright) times.push(time);
    wasBright = bright;
  }
  return times;
}

/**
 * Times (s) where the sound starts after a silence: the start of each beep. silencedetect also reports
 * the end of the file as the end of a silence; that one is left out.
 */
export async function beepTimes(file: string): Promise<number[]> {
  const { stderr } = await run(
    'ffmpeg',
    ['-v', 'info', '-nostats', '-i', file, '-map', '0:a:0', '-af', 'silencedetect=noise=-30dB:d=0.02', '-f', 'null', '-'],
    {
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'packet=pts_time,duration_time', '-of', 'csv=p=0', file], {
    maxBuffer: 64 * 1024 * 1024,
  });
  let end = 0;
  for (const line of stdout.split('\n')) {
    const [pts, duration] = line.split(',').map(Number);
    if (Number.isFinite(pts) && Number.isFinite(duration)) end = Math.max(end, pts! + duration!);
  }
  return [...stderr.matchAll(/silence_end: ([\d.]+)/g)].map((m) => Number(m[1])).filter((time) => time < end - 0.1);
}

export interface SyncPair {
  video: number;
  audio: number;
  /** audio − video, in seconds: positive when the sound comes late. */
  offset: number;
}

/** Pairs each beep with the flash nearest to it (within a quarter of a second), leaving out beeps without one. */
export function pairEvents(flashes: number[], beeps: number[]): SyncPair[] {
  const pairs: SyncPair[] = [];
  for (const audio of beeps) {
    let best: number | undefined;
    for (const video of flashes) if (best === undefined || Math.abs(audio - video) < Math.abs(audio - best)) best = video;
    if (best !== undefined && Math.abs(audio - best) < 0.25) pairs.push({ video: best, audio, offset: audio - best });
  }
  return pairs;
}
