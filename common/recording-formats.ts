import type { RecordingCodec } from './ipc-contract';

/**
 * MediaRecorder types in order of preference. H.264 first: main can stream-copy it into MP4, so Stop
 * takes seconds. Chromium writes `video/webm;codecs=h264` as Matroska. VP9/VP8 are fallbacks for a
 * platform without an H.264 encoder; they must be encoded to H.264 at Stop, which is slower.
 */
export const PREFERRED_MIME_TYPES = [
  'video/webm;codecs=h264,opus',
  'video/x-matroska;codecs=avc1,opus',
  'video/webm;codecs=vp9,opus',
  'video/webm;codecs=vp8,opus',
] as const;

/** The same list for a recording without a microphone. */
export const PREFERRED_VIDEO_ONLY_MIME_TYPES = [
  'video/webm;codecs=h264',
  'video/x-matroska;codecs=avc1',
  'video/webm;codecs=vp9',
  'video/webm;codecs=vp8',
] as const;

/** Reads the video codec of a MIME type we accept; undefined for anything else (refused by main). */
export function codecFromMimeType(mimeType: string): RecordingCodec | undefined {
  const match = /^video\/(webm|x-matroska)\s*;\s*codecs="?([a-z0-9.,\s]+)"?\s*$/i.exec(mimeType.trim());
  if (!match) return undefined;
  const codecs = match[2]!
    .toLowerCase()
    .split(',')
    .map((c) => c.trim());
  const video = codecs[0];
  const audio = codecs.slice(1);
  if (audio.some((c) => c !== 'opus') || codecs.length > 2) return undefined;
  if (video === 'h264' || video?.startsWith('avc1')) return 'h264';
  if (video === 'vp9' || video?.startsWith('vp09')) return 'vp9';
  if (video === 'vp8') return 'vp8';
  return undefined;
}

/** Picks the first type the browser can record, or undefined if it can record none of ours. */
export function chooseMimeType(isTypeSupported: (type: string) => boolean, withAudio: boolean): string | undefined {
  const list = withAudio ? PREFERRED_MIME_TYPES : PREFERRED_VIDEO_ONLY_MIME_TYPES;
  return list.find((type) => isTypeSupported(type));
}
