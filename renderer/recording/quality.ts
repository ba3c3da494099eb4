import type { RecordingQuality } from '../../common/ipc-contract';
import type { Size } from '../capture/layout';

/** Opus at this rate is clear speech and music; main converts it to AAC at 160 kb/s (a little more). */
export const AUDIO_BITS_PER_SECOND = 128_000;

/**
 * The bitrate MediaRecorder gets for a picture of this height: enough for slides and a face, and the
 * figure behind the size per hour that Settings shows.
 */
export function videoBitsPerSecond(height: number): number {
  return height > 720 ? 4_000_000 : 2_500_000;
}

/** What each quality setting records at most: the picture is scaled down to fit, never up. */
export const QUALITY_LIMITS: Readonly<Record<RecordingQuality, Size>> = {
  '720p': { width: 1280, height: 720 },
  '1080p': { width: 1920, height: 1080 },
};

/** Bytes one hour of recording takes at a quality's largest picture (video and audio bitrates together). */
export function bytesPerHour(quality: RecordingQuality): number {
  return ((videoBitsPerSecond(QUALITY_LIMITS[quality].height) + AUDIO_BITS_PER_SECOND) * 3600) / 8;
}

/**
 * Disk a second of recording takes while the lesson runs: the raw recording and the MP4 that ffmpeg builds
 * from it live side by side until Stop, so twice the recorded bitrate. The free-space estimate uses it.
 */
export function diskBitsPerSecondWhileRecording(quality: RecordingQuality): number {
  return (2 * bytesPerHour(quality) * 8) / 3600;
}

// The quality in force in this page: set from AppState at start and by Settings; the capture follows it.
let current: RecordingQuality = '1080p';
const listeners = new Set<(quality: RecordingQuality) => void>();

export function recordingQuality(): RecordingQuality {
  return current;
}

export function setRecordingQuality(quality: RecordingQuality): void {
  if (quality === current) return;
  current = quality;
  for (const listener of listeners) listener(quality);
}

/** Calls `listener` on every change; answers the unsubscribe function. */
export function onRecordingQualityChange(listener: (quality: RecordingQuality) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
