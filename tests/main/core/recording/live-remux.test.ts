import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { liveRemuxJob } from '../../../../main/core/ffmpeg/ffmpeg-args';
import { FfmpegRunner } from '../../../../main/core/ffmpeg/ffmpeg-runner';
import { resolveFfmpegFromEnvironment } from '../../../../main/core/ffmpeg/resolve-ffmpeg';
import { LiveRemux } from '../../../../main/core/recording/live-remux';
import { durationOf, ffprobe, makeRecording, makeTempDir, readChunks } from '../../../helpers/media';
import { PassThrough } from 'node:stream';

const ffmpegPath = resolveFfmpegFromEnvironment().path!;

function settlesWithin<T>(promise: Promise<T>, ms: number): Promise<'settled' | 'hung'> {
  return Promise.race([
    promise.then(
      () => 'settled' as const,
      () => 'settled' as const,
    ),
    new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), ms)),
  ]);
}

describe('the live ffmpeg can always be stopped', () => {
  it('a job killed before fluent-ffmpeg has spawned it still ends (it used to wait on stdin forever)', async () => {
    const runner = new FfmpegRunner(ffmpegPath);
    const dir = await makeTempDir('kill');
    const job = runner.run(liveRemuxJob(new PassThrough(), path.join(dir, 'out.mp4')));
    job.kill();
    expect(await settlesWithin(job.done, 10_000)).toBe('settled');
    expect(runner.runningCount).toBe(0);
  });

  it('an abandoned live MP4 reports failure at once at Stop instead of waiting for ffmpeg', async () => {
    const runner = new FfmpegRunner(ffmpegPath);
    const dir = await makeTempDir('abandon');
    const live = new LiveRemux(runner, path.join(dir, 'out.mp4'));
    live.abandon('test');
    const outcome = await live.finish();
    expect(outcome).toEqual({ ok: false, reason: 'test' });
  });

  it('a producer much faster than real time is paced, and the live MP4 is complete', async () => {
    const runner = new FfmpegRunner(ffmpegPath);
    const dir = await makeTempDir('pace');
    const recording = await makeRecording(dir, { seconds: 30, codec: 'h264', width: 1280, height: 720 });
    const live = new LiveRemux(runner, path.join(dir, 'out.mp4'));
    for (const chunk of await readChunks(recording, 4 * 1024 * 1024)) await live.feed(chunk);
    expect(await live.finish()).toEqual({ ok: true });
    expect(durationOf(await ffprobe(path.join(dir, 'out.mp4')))).toBeGreaterThan(29.5);
    expect((await fs.stat(recording)).size).toBeGreaterThan(20 * 1024 * 1024);
  });
});
