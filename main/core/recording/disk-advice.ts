export interface DiskAdviceInput {
  freeBytes: number;
  /** How fast the lesson uses disk now (raw file + live MP4). */
  bytesPerSecond: number;
  /** Below this, stop and save: finishing needs some room, and a full disk hurts the whole computer. */
  reserveBytes: number;
  /** Warn when the free space holds less than this many minutes. */
  warnMinutes: number;
}

export type DiskAdvice = { action: 'ok' } | { action: 'warn'; minutesLeft: number } | { action: 'stop' };

/** What to do about the disk during a lesson: carry on, tell the teacher how long is left, or stop and save. */
export function diskAdvice(input: DiskAdviceInput): DiskAdvice {
  if (input.freeBytes <= input.reserveBytes) return { action: 'stop' };
  if (!(input.bytesPerSecond > 0)) return { action: 'ok' };
  const minutesLeft = Math.floor((input.freeBytes - input.reserveBytes) / input.bytesPerSecond / 60);
  return minutesLeft < input.warnMinutes ? { action: 'warn', minutesLeft } : { action: 'ok' };
}
