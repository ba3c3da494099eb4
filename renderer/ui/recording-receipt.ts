import type { RecordingReceipt } from '../../common/ipc-contract';
import type { MessageKey } from '../../common/i18n/messages';
import { t } from '../i18n/i18n';
import { formatClock } from './format';

/**
 * Fewer seconds than this missing from the MP4 is the normal start and end of any recording (the recorder
 * starts on the sound clock, the last chunk is flushed at Stop: 0.2–0.6 s measured), not worth a word.
 */
const MISSING_WORTH_SAYING_SECONDS = 2;
/** About a second of picture: fewer lost frames than this is a hiccup no one sees. */
const DROPPED_WORTH_SAYING_FRAMES = 30;

/** The receipt's sentences, in the teacher's language; one "no problem" sentence when there is nothing to say. */
export function receiptLines(receipt: RecordingReceipt): string[] {
  const counted = (count: number, once: MessageKey, times: MessageKey, params: Record<string, string | number> = {}) =>
    t(count === 1 ? once : times, { count, ...params });
  const lines: string[] = [];
  if (receipt.stallsHealed > 0) lines.push(counted(receipt.stallsHealed, 'receiptStalledOnce', 'receiptStalledTimes'));
  if (receipt.pageRestarts > 0) lines.push(counted(receipt.pageRestarts, 'receiptRestartedOnce', 'receiptRestartedTimes'));
  if (receipt.secondsMissing >= MISSING_WORTH_SAYING_SECONDS) lines.push(t('receiptMissing', { seconds: Math.round(receipt.secondsMissing) }));
  if (receipt.framesDropped >= DROPPED_WORTH_SAYING_FRAMES) lines.push(t('receiptFramesDropped', { count: receipt.framesDropped }));
  if (receipt.silentSeconds > 0) lines.push(t('receiptSilent', { length: formatClock(receipt.silentSeconds) }));
  const problems = lines.length;
  if (receipt.pauses > 0) lines.push(counted(receipt.pauses, 'receiptPausedOnce', 'receiptPausedTimes', { length: formatClock(receipt.pausedSeconds) }));
  if (problems === 0) lines.unshift(t('receiptClean'));
  return lines;
}
