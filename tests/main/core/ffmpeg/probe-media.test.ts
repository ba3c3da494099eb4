import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFfmpegInputInfo, probeMedia } from '../../../../main/core/ffmpeg/probe-media';

const run = promisify(execFile);
const FFMPEG = '/usr/bin/ffmpeg';

/*
 * The literal texts below were captured from `ffmpeg -hide_banner -nostdin -i FILE` (ffmpeg 5.1.9, Debian 12)
 * on files generated with lavfi sources, the same way the fixtures of the probeMedia tests are made.
 */

/** testsrc2 320x240 25 fps libx264 + sine aac, 2 s, plain MP4. */
const MP4_H264_AAC = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'av.mp4':
  Metadata:
    major_brand     : isom
    minor_version   : 512
    compatible_brands: isomiso2avc1mp41
    encoder         : Lavf59.27.100
  Duration: 00:00:02.00, start: 0.000000, bitrate: 778 kb/s
  Stream #0:0[0x1](und): Video: h264 (Constrained Baseline) (avc1 / 0x31637661), yuv420p(progressive), 320x240 [SAR 1:1 DAR 4:3], 697 kb/s, 25 fps, 25 tbr, 12800 tbn (default)
    Metadata:
      handler_name    : VideoHandler
      vendor_id       : [0][0][0][0]
      encoder         : Lavc59.37.100 libx264
  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, mono, fltp, 69 kb/s (default)
    Metadata:
      handler_name    : SoundHandler
      vendor_id       : [0][0][0][0]
At least one output file must be specified
`;

/** Matroska written with `-live 1`, like MediaRecorder's output: no duration in the header. */
const LIVE_MKV = `Input #0, matroska,webm, from 'live.mkv':
  Metadata:
    ENCODER         : Lavf59.27.100
  Duration: N/A, start: -0.007000, bitrate: N/A
  Stream #0:0: Video: h264 (Constrained Baseline), yuv420p(progressive), 640x360 [SAR 1:1 DAR 16:9], 30 fps, 30 tbr, 1k tbn
    Metadata:
      ENCODER         : Lavc59.37.100 libx264
  Stream #0:1: Audio: opus, 48000 Hz, mono, fltp
    Metadata:
      ENCODER         : Lavc59.37.100 libopus
At least one output file must be specified
`;

/** The same MP4 cut to its first 20000 bytes: the moov atom (written last) is missing. */
const TRUNCATED_MP4 = `[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55d2f3099880] moov atom not found
trunc.mp4: Invalid data found when processing input
`;

/** VP8 WebM without audio: the size is followed by ", SAR" rather than " [SAR". */
const WEBM_VP8 = `Input #0, matroska,webm, from 'v.webm':
  Metadata:
    ENCODER         : Lavf59.27.100
  Duration: 00:00:01.00, start: 0.000000, bitrate: 145 kb/s
  Stream #0:0: Video: vp8, yuv420p(progressive), 160x120, SAR 1:1 DAR 4:3, 10 fps, 10 tbr, 1k tbn
    Metadata:
      ENCODER         : Lavc59.37.100 libvpx
      DURATION        : 00:00:01.000000000
At least one output file must be specified
`;

/** MP4 with a timecode track and a warning line before the input block. */
const MP4_WITH_TIMECODE = `[mov,mp4,m4a,3gp,3g2,mj2 @ 0x5594176cd880] Using non-standard frame rate 10240/1024
Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'tc.mp4':
  Metadata:
    major_brand     : isom
    minor_version   : 512
    compatible_brands: isomiso2avc1mp41
    encoder         : Lavf59.27.100
  Duration: 00:00:01.00, start: 0.000000, bitrate: 183 kb/s
  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(progressive), 160x120 [SAR 1:1 DAR 4:3], 93 kb/s, 10 fps, 10 tbr, 10240 tbn (default)
    Metadata:
      handler_name    : VideoHandler
      vendor_id       : [0][0][0][0]
      encoder         : Lavc59.37.100 libx264
      timecode        : 01:00:00:0
  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, mono, fltp, 70 kb/s (default)
    Metadata:
      handler_name    : SoundHandler
      vendor_id       : [0][0][0][0]
  Stream #0:2[0x3](eng): Data: none (tmcd / 0x64636D74), 0 kb/s
    Metadata:
      handler_name    : TimeCodeHandler
      timecode        : 01:00:00:0
At least one output file must be specified
`;

describe('parseFfmpegInputInfo on literal ffmpeg 5.1 output', () => {
  it('reads duration, H.264 video with its size and AAC audio from an MP4', () => {
    expect(parseFfmpegInputInfo(MP4_H264_AAC)).toEqual({
      durationSeconds: 2,
      streams: [
        { type: 'video', codec: 'h264', width: 320, height: 240 },
        { type: 'audio', codec: 'aac' },
      ],
      chapters: [],
    });
  });

  it('reads the chapters of an MP4 (a lesson’s parts), with their titles', () => {
    const withChapters = MP4_H264_AAC.replace(
      /( {2}Duration: [^\n]*\n)/,
      '$1  Chapters:\n    Chapter #0:0: start 0.000000, end 3.000000\n      Metadata:\n        title           : Start\n    Chapter #0:1: start 3.000000, end 10.000000\n      Metadata:\n        title           : Fractions = halves\n',
    );
    expect(parseFfmpegInputInfo(withChapters)!.chapters).toEqual([
      { startSeconds: 0, endSeconds: 3, title: 'Start' },
      { startSeconds: 3, endSeconds: 10, title: 'Fractions = halves' },
    ]);
  });

  it('leaves the duration undefined for a live Matroska (Duration: N/A) but still lists its streams', () => {
    const info = parseFfmpegInputInfo(LIVE_MKV);
    expect(info).toBeDefined();
    expect(info!.durationSeconds).toBeUndefined();
    expect('durationSeconds' in info!).toBe(false);
    expect(info!.streams).toEqual([
      { type: 'video', codec: 'h264', width: 640, height: 360 },
      { type: 'audio', codec: 'opus' },
    ]);
  });

  it('does not take a DURATION stream tag for the container duration', () => {
    const withTag = LIVE_MKV.replace(
      '      ENCODER         : Lavc59.37.100 libx264',
      '      ENCODER         : Lavc59.37.100 libx264\n      DURATION        : 00:00:09.000000000',
    );
    expect(parseFfmpegInputInfo(withTag)!.durationSeconds).toBeUndefined();
  });

  it('answers undefined for an MP4 whose moov atom is missing', () => {
    expect(parseFfmpegInputInfo(TRUNCATED_MP4)).toBeUndefined();
  });

  it('answers undefined for a missing file, a non-media file and empty output', () => {
    expect(parseFfmpegInputInfo('nothere.mp4: No such file or directory\n')).toBeUndefined();
    expect(parseFfmpegInputInfo('t.txt: Invalid data found when processing input\n')).toBeUndefined();
    expect(parseFfmpegInputInfo('')).toBeUndefined();
  });

  it('reads a size followed by ", SAR" (WebM) and a video-only file', () => {
    expect(parseFfmpegInputInfo(WEBM_VP8)).toEqual({
      durationSeconds: 1,
      streams: [{ type: 'video', codec: 'vp8', width: 160, height: 120 }],
      chapters: [],
    });
  });

  it('classifies a timecode Data stream as "other" and ignores warnings before the input', () => {
    const info = parseFfmpegInputInfo(MP4_WITH_TIMECODE)!;
    expect(info.durationSeconds).toBe(1);
    expect(info.streams.map((s) => `${s.type}:${s.codec}`)).toEqual(['video:h264', 'audio:aac', 'other:none']);
    expect(info.streams[2]).toEqual({ type: 'other', codec: 'none' });
  });

  it('reads hours and fractional seconds of a long lesson', () => {
    const long = MP4_H264_AAC.replace('Duration: 00:00:02.00', 'Duration: 01:02:03.45');
    expect(parseFfmpegInputInfo(long)!.durationSeconds).toBeCloseTo(3723.45, 6);
  });

  it('accepts Windows line endings', () => {
    expect(parseFfmpegInputInfo(MP4_H264_AAC.replace(/\n/g, '\r\n'))).toEqual(parseFfmpegInputInfo(MP4_H264_AAC));
  });

  it('reads a 1920x1080 stream whose pixel format lists colour details with commas', () => {
    const hd = MP4_H264_AAC.replace('yuv420p(progressive), 320x240', 'yuv420p(tv, bt709, progressive), 1920x1080');
    expect(parseFfmpegInputInfo(hd)!.streams[0]).toEqual({ type: 'video', codec: 'h264', width: 1920, height: 1080 });
  });
});

describe('probeMedia against real files', () => {
  let dir: string;
  let mp4: string;
  let liveMkv: string;
  let truncated: string;
  let audioOnly: string;
  let textFile: string;
  let unicodeName: string;

  async function ffmpeg(args: string[]): Promise<void> {
    await run(FFMPEG, ['-hide_banner', '-v', 'error', '-nostdin', '-y', ...args]);
  }

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cr-units-probe-'));
    mp4 = path.join(dir, 'av.mp4');
    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x240:rate=25:duration=2',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=48000:duration=2',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-shortest',
      mp4,
    ]);
    liveMkv = path.join(dir, 'live.mkv');
    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=640x360:rate=30:duration=2',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=48000:duration=2',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'libopus',
      '-live',
      '1',
      '-f',
      'matroska',
      liveMkv,
    ]);
    // Without +faststart the moov atom is written last, so the first 20000 bytes hold no moov.
    truncated = path.join(dir, 'truncated.mp4');
    const bytes = await fs.readFile(mp4);
    expect(bytes.length).toBeGreaterThan(40_000);
    await fs.writeFile(truncated, bytes.subarray(0, 20_000));
    audioOnly = path.join(dir, 'audio.m4a');
    await ffmpeg(['-f', 'lavfi', '-i', 'sine=duration=1', '-c:a', 'aac', audioOnly]);
    textFile = path.join(dir, 'notes.txt');
    await fs.writeFile(textFile, 'not a video\n');
    unicodeName = path.join(dir, "分数的加法 'quoted' 2024-03-11 07-30.mp4");
    await fs.copyFile(mp4, unicodeName);
  });

  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('reads an H.264 + AAC MP4', async () => {
    const info = await probeMedia(FFMPEG, mp4);
    expect(info).toBeDefined();
    expect(info!.durationSeconds).toBeGreaterThan(1.9);
    expect(info!.durationSeconds).toBeLessThan(2.2);
    expect(info!.streams).toEqual([
      { type: 'video', codec: 'h264', width: 320, height: 240 },
      { type: 'audio', codec: 'aac' },
    ]);
  });

  it('reads a live Matroska: streams but no duration', async () => {
    const info = await probeMedia(FFMPEG, liveMkv);
    expect(info).toEqual({
      streams: [
        { type: 'video', codec: 'h264', width: 640, height: 360 },
        { type: 'audio', codec: 'opus' },
      ],
      chapters: [],
    });
  });

  it('answers undefined for an MP4 cut before its moov atom', async () => {
    expect(await probeMedia(FFMPEG, truncated)).toBeUndefined();
  });

  it('answers undefined for a text file and for a file that does not exist', async () => {
    expect(await probeMedia(FFMPEG, textFile)).toBeUndefined();
    expect(await probeMedia(FFMPEG, path.join(dir, 'missing.mp4'))).toBeUndefined();
  });

  it('reads an audio-only file as having no video stream', async () => {
    const info = await probeMedia(FFMPEG, audioOnly);
    expect(info!.streams).toEqual([{ type: 'audio', codec: 'aac' }]);
    expect(info!.durationSeconds).toBeCloseTo(1, 1);
  });

  it('handles a lesson file name with Chinese characters, spaces and quotes', async () => {
    const info = await probeMedia(FFMPEG, unicodeName);
    expect(info!.streams.map((s) => s.codec)).toEqual(['h264', 'aac']);
  });

  it('rejects with a clear error when the ffmpeg binary does not exist', async () => {
    const missingFfmpeg = path.join(dir, 'no-ffmpeg-here');
    await expect(probeMedia(missingFfmpeg, mp4)).rejects.toThrow(/ffmpeg could not be started/);
    await expect(probeMedia(missingFfmpeg, mp4)).rejects.toThrow(missingFfmpeg);
  });
});
