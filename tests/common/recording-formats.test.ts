import { describe, expect, it } from 'vitest';
import { chooseMimeType, codecFromMimeType, PREFERRED_MIME_TYPES, PREFERRED_VIDEO_ONLY_MIME_TYPES } from '../../common/recording-formats';

describe('codecFromMimeType accepts what MediaRecorder writes as WebM/Matroska', () => {
  it.each([
    ['video/webm;codecs=h264,opus', 'h264'],
    ['video/webm;codecs=h264', 'h264'],
    ['video/x-matroska;codecs=avc1,opus', 'h264'],
    ['video/x-matroska;codecs=avc1', 'h264'],
    ['video/webm;codecs=avc1.42E01E,opus', 'h264'],
    ['video/webm;codecs=vp9,opus', 'vp9'],
    ['video/webm;codecs=vp9', 'vp9'],
    ['video/webm;codecs=vp09.00.10.08,opus', 'vp9'],
    ['video/webm;codecs=vp8,opus', 'vp8'],
    ['video/webm;codecs=vp8', 'vp8'],
  ] as const)('%s -> %s', (mimeType, codec) => {
    expect(codecFromMimeType(mimeType)).toBe(codec);
  });

  it('accepts quoted codec lists, spaces and any letter case', () => {
    expect(codecFromMimeType('video/webm;codecs="h264,opus"')).toBe('h264');
    expect(codecFromMimeType('video/webm; codecs="vp8, opus"')).toBe('vp8');
    expect(codecFromMimeType('  VIDEO/WEBM;CODECS=H264,OPUS  ')).toBe('h264');
    expect(codecFromMimeType('Video/X-Matroska;Codecs=AVC1,Opus')).toBe('h264');
  });

  it('accepts every MIME type the renderer may pick', () => {
    for (const type of [...PREFERRED_MIME_TYPES, ...PREFERRED_VIDEO_ONLY_MIME_TYPES]) {
      expect(codecFromMimeType(type), type).toBeDefined();
    }
  });
});

describe('codecFromMimeType refuses everything else', () => {
  it('refuses MP4 container types, even with an accepted codec', () => {
    expect(codecFromMimeType('video/mp4')).toBeUndefined();
    expect(codecFromMimeType('video/mp4;codecs=avc1,opus')).toBeUndefined();
    expect(codecFromMimeType('video/mp4;codecs=avc1.42E01E,mp4a.40.2')).toBeUndefined();
  });

  it('refuses audio-only types and an audio codec in the video position', () => {
    expect(codecFromMimeType('audio/webm;codecs=opus')).toBeUndefined();
    expect(codecFromMimeType('audio/ogg;codecs=opus')).toBeUndefined();
    expect(codecFromMimeType('video/webm;codecs=opus')).toBeUndefined();
    expect(codecFromMimeType('video/webm;codecs=opus,h264')).toBeUndefined();
  });

  it('refuses a type without an explicit codec list', () => {
    expect(codecFromMimeType('video/webm')).toBeUndefined();
    expect(codecFromMimeType('video/x-matroska')).toBeUndefined();
    expect(codecFromMimeType('video/webm;codecs=')).toBeUndefined();
  });

  it('refuses unknown video codecs', () => {
    for (const type of [
      'video/webm;codecs=av1,opus',
      'video/webm;codecs=av01.0.04M.08',
      'video/webm;codecs=hevc',
      'video/x-matroska;codecs=hev1,opus',
      'video/webm;codecs=theora',
    ]) {
      expect(codecFromMimeType(type), type).toBeUndefined();
    }
  });

  it('refuses audio codecs other than Opus', () => {
    for (const type of ['video/webm;codecs=h264,vorbis', 'video/webm;codecs=vp8,pcm', 'video/x-matroska;codecs=avc1,mp4a.40.2', 'video/webm;codecs=vp9,aac']) {
      expect(codecFromMimeType(type), type).toBeUndefined();
    }
  });

  it('refuses more than one audio codec and empty list entries', () => {
    expect(codecFromMimeType('video/webm;codecs=h264,opus,opus')).toBeUndefined();
    expect(codecFromMimeType('video/webm;codecs=vp9,')).toBeUndefined();
    expect(codecFromMimeType('video/webm;codecs=,opus')).toBeUndefined();
  });

  it('refuses garbage and extra parameters', () => {
    for (const type of [
      '',
      '   ',
      'h264',
      'webm',
      'video/',
      'video/webm;',
      'video/webm;codecs=h264,opus;rate=30',
      'video/webm;codec=h264',
      'video/webm codecs=h264',
      'video/ogg;codecs=theora',
      'image/png',
      'video/webm;codecs=h264\nx',
      'video/webm;codecs=h264,opus"; drop table',
      '<script>video/webm;codecs=h264</script>',
    ]) {
      expect(codecFromMimeType(type), JSON.stringify(type)).toBeUndefined();
    }
  });
});

describe('chooseMimeType', () => {
  const supports =
    (...types: string[]) =>
    (type: string) =>
      types.includes(type);

  it('prefers H.264 WebM when the browser can record it', () => {
    expect(chooseMimeType(() => true, true)).toBe('video/webm;codecs=h264,opus');
    expect(chooseMimeType(() => true, false)).toBe('video/webm;codecs=h264');
  });

  it('follows the order h264 WebM > avc1 Matroska > vp9 > vp8 with audio', () => {
    expect(PREFERRED_MIME_TYPES).toEqual([
      'video/webm;codecs=h264,opus',
      'video/x-matroska;codecs=avc1,opus',
      'video/webm;codecs=vp9,opus',
      'video/webm;codecs=vp8,opus',
    ]);
    expect(chooseMimeType(supports('video/webm;codecs=vp8,opus', 'video/x-matroska;codecs=avc1,opus'), true)).toBe('video/x-matroska;codecs=avc1,opus');
    expect(chooseMimeType(supports('video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus'), true)).toBe('video/webm;codecs=vp9,opus');
    expect(chooseMimeType(supports('video/webm;codecs=vp8,opus'), true)).toBe('video/webm;codecs=vp8,opus');
  });

  it('follows the same order without a microphone and never picks a type with audio', () => {
    expect(PREFERRED_VIDEO_ONLY_MIME_TYPES).toEqual([
      'video/webm;codecs=h264',
      'video/x-matroska;codecs=avc1',
      'video/webm;codecs=vp9',
      'video/webm;codecs=vp8',
    ]);
    expect(chooseMimeType(supports('video/webm;codecs=h264,opus', 'video/webm;codecs=vp9'), false)).toBe('video/webm;codecs=vp9');
    expect(chooseMimeType(supports('video/webm;codecs=h264,opus'), false)).toBeUndefined();
  });

  it('never picks a video-only type for a recording with audio', () => {
    expect(chooseMimeType(supports('video/webm;codecs=h264'), true)).toBeUndefined();
  });

  it('answers undefined when the browser supports none of them', () => {
    expect(chooseMimeType(() => false, true)).toBeUndefined();
    expect(chooseMimeType(supports('video/mp4;codecs=avc1,opus'), true)).toBeUndefined();
  });

  it('asks about types in preference order and stops at the first supported one', () => {
    const asked: string[] = [];
    const result = chooseMimeType((type) => {
      asked.push(type);
      return type === 'video/webm;codecs=vp9,opus';
    }, true);
    expect(result).toBe('video/webm;codecs=vp9,opus');
    expect(asked).toEqual(['video/webm;codecs=h264,opus', 'video/x-matroska;codecs=avc1,opus', 'video/webm;codecs=vp9,opus']);
  });

  it('always picks a type that main will accept, mapping to the expected codec', () => {
    const pairs = PREFERRED_MIME_TYPES.map((type) => codecFromMimeType(chooseMimeType(supports(type), true)!));
    expect(pairs).toEqual(['h264', 'h264', 'vp9', 'vp8']);
  });
});
