import type { RecordingReceipt } from '../../../common/ipc-contract';
import type { JournalEntry } from './session-journal';

/**
 * How the recording went, from the journal: pauses, recorders that stalled and were replaced, page
 * restarts, the seconds between Record and Stop (pauses excluded) that are not in the MP4, how long
 * the microphone was silent and how many frames the picture lost to a busy machine (as the pages counted them). Undefined
 * when a segment was never closed (a lesson recovered after a crash: its end is not known).
 */
export function receiptOf(entry: JournalEntry, mp4Seconds: number): RecordingReceipt | undefined {
  const segments = entry.segments;
  const first = segments[0]?.startedAt;
  const last = segments.at(-1)?.closedAt;
  if (!first || !last || segments.some((segment) => segment.closedAt === undefined)) return undefined;
  const pausedMs = segments.reduce((sum, segment) => sum + (segment.pausedMs ?? 0), 0);
  const spanSeconds = (Date.parse(last) - Date.parse(first) - pausedMs) / 1000;
  return {
    pauses: entry.pauses ?? 0,
    pausedSeconds: Math.round(pausedMs / 100) / 10,
    stallsHealed: segments.filter((segment) => segment.cause === 'recorder-stalled').length,
    pageRestarts: segments.filter((segment) => segment.cause === 'renderer-restarted').length,
    secondsMissing: Math.max(0, Math.round((spanSeconds - mp4Seconds) * 10) / 10),
    silentSeconds: Math.round((entry.silentSeconds ?? 0) * 10) / 10,
    framesDropped: entry.framesDropped ?? 0,
  };
}
