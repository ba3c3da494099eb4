import fs from 'node:fs/promises';
import path from 'node:path';
import { notices, type NoticeBody } from '../notices';
import { diskAdvice } from './disk-advice';
import type { RecordingSession } from './recording-session';

/** Warn the teacher when the disk holds less than this much more recording. */
const WARN_MINUTES = 20;
/** Tell them again at most this often. */
const WARN_EVERY_MS = 60_000;
const DEFAULT_RESERVE_BYTES = 300 * 1024 * 1024;
const DEFAULT_INTERVAL_MS = 5000;

export interface DiskWatchOptions {
  now: () => number;
  freeBytes: (folder: string) => Promise<number | undefined>;
  reserveBytes?: number;
  intervalMs?: number;
  notify: (notice: NoticeBody) => void;
}

/**
 * Looks at one recording's disk every few seconds (called after each chunk): is the folder still there,
 * how long will the free space last, and is it time to stop and save before the disk is full.
 */
export class DiskWatch {
  private lastCheck: number;
  private lastWarning = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly session: RecordingSession,
    private readonly options: DiskWatchOptions,
  ) {
    this.lastCheck = options.now();
  }

  async check(): Promise<void> {
    const now = this.options.now();
    if (now - this.lastCheck < (this.options.intervalMs ?? DEFAULT_INTERVAL_MS)) return;
    this.lastCheck = now;
    const session = this.session;
    await session.ensureStillOnDisk().catch((error: unknown) => console.error('[recorder] could not rescue the recording', error));
    const free = await this.options.freeBytes(session.journalEntry.workDir);
    if (free === undefined) return;
    // Raw file and live MP4 grow together; bytes still in the live ffmpeg's pipe are already spoken for.
    const bytesPerSecond = session.recordedMs > 0 ? (session.bytesOnDisk / session.recordedMs) * 1000 * 2 : 0;
    const advice = diskAdvice({
      freeBytes: free - session.pendingLiveBytes,
      bytesPerSecond,
      reserveBytes: this.options.reserveBytes ?? DEFAULT_RESERVE_BYTES,
      warnMinutes: WARN_MINUTES,
    });
    if (advice.action === 'stop') {
      session.refuseFurtherChunks();
      this.options.notify(notices.diskFullStopped());
    } else if (advice.action === 'warn' && now - this.lastWarning >= WARN_EVERY_MS) {
      this.lastWarning = now;
      this.options.notify(notices.diskLow(advice.minutesLeft));
    }
  }
}

/** Free space for the folder, asking its nearest existing parent when it does not exist yet. */
export async function freeBytesOf(folder: string): Promise<number | undefined> {
  for (let dir = folder; ; dir = path.dirname(dir)) {
    try {
      const stats = await fs.statfs(dir);
      return stats.bavail * stats.bsize;
    } catch {
      if (path.dirname(dir) === dir) return undefined;
    }
  }
}
