import fs from 'node:fs/promises';
import path from 'node:path';
import type { AppendChunkReply, ErrorCode } from '../../../common/ipc-contract';
import type { FfmpegRunner } from '../ffmpeg/ffmpeg-runner';
import { ChunkFile } from './chunk-file';
import { LiveRemux } from './live-remux';
import type { JournalEntry, SegmentRecord, SessionJournal } from './session-journal';

/** An error whose message is fit to show the teacher, with a code the renderer can act on. */
export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

/**
 * Appends a renderer may have outstanding at once. Ours waits for each answer (one in flight); a
 * renderer that floods us is refused instead of queueing the lesson in main's memory.
 */
export const MAX_APPENDS_IN_FLIGHT = 4;

export interface SessionDeps {
  runner?: FfmpegRunner;
  journal: SessionJournal;
  now: () => number;
}

export type SessionState = 'recording' | 'write-failed' | 'stopping' | 'stopped';

/** What Stop hands to the finishing step. */
export interface StoppedRecording {
  entry: JournalEntry;
  /** Per segment: did the live MP4 finish cleanly (else Stop remuxes the raw file). */
  liveOutcomes: Array<{ ok: boolean; reason?: string }>;
  /** Milliseconds from Record to the last chunk: what the MP4's duration should be close to. */
  recordedMs: number;
  rawBytes: number;
}

function describeWriteError(error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOSPC') return 'The disk is full. What was recorded so far is kept and will be saved.';
  if (error.code === 'ENOENT' || error.code === 'EIO' || error.code === 'ENXIO') {
    return 'The save folder is no longer available (was a USB stick or network drive removed?). What was recorded so far is kept.';
  }
  return `Writing the recording failed (${error.code ?? error.message}). What was recorded so far is kept.`;
}

/**
 * One lesson while it records: takes chunks strictly in sequence, appends each to the raw file before
 * answering, and feeds the live MP4. Nothing of the lesson is kept in memory beyond the chunk in hand.
 */
export class RecordingSession {
  private state: SessionState = 'recording';
  private nextSeq = 0;
  private inFlight = 0;
  private writes: Promise<void> = Promise.resolve();
  private writeError: ServiceError | undefined;
  private lastChunkAt: number;
  private rawBytesBefore = 0;

  private constructor(
    readonly entry: JournalEntry,
    private file: ChunkFile,
    private live: LiveRemux | undefined,
    private readonly deps: SessionDeps,
    private readonly startedAtMs: number,
  ) {
    this.lastChunkAt = startedAtMs;
  }

  /** Creates the work folder, the first segment and the journal entry (in that order: the journal only names files that exist). */
  static async start(entry: JournalEntry, deps: SessionDeps): Promise<RecordingSession> {
    await fs.mkdir(entry.workDir, { recursive: true });
    const segment = RecordingSession.segmentPaths(entry.workDir, 1, entry.codec === 'h264' && deps.runner !== undefined);
    const file = await ChunkFile.create(segment.rawPath);
    const live = segment.livePath && deps.runner ? new LiveRemux(deps.runner, segment.livePath) : undefined;
    const recorded: JournalEntry = { ...entry, segments: [segment], state: 'recording' };
    await deps.journal.write(recorded);
    return new RecordingSession(recorded, file, live, deps, deps.now());
  }

  private static segmentPaths(workDir: string, index: number, withLive: boolean): SegmentRecord {
    const name = `segment-${String(index).padStart(2, '0')}`;
    const segment: SegmentRecord = { rawPath: path.join(workDir, `${name}.mkv`) };
    if (withLive) segment.livePath = path.join(workDir, `${name}.partial.mp4`);
    return segment;
  }

  get id(): string {
    return this.entry.sessionId;
  }

  get currentState(): SessionState {
    return this.state;
  }

  get bytesOnDisk(): number {
    return this.rawBytesBefore + this.file.size;
  }

  /**
   * Accepts chunk `seq` only if it is the next one expected and the session is recording; the check is
   * synchronous so a duplicate or out-of-order chunk is refused before anything is written.
   */
  append(seq: number, data: Uint8Array): Promise<AppendChunkReply> {
    if (this.writeError) return Promise.reject(this.writeError);
    if (this.state !== 'recording') {
      return Promise.reject(new ServiceError('session-not-recording', 'This recording has already been stopped.'));
    }
    if (seq !== this.nextSeq) {
      return Promise.reject(
        new ServiceError('out-of-order', `Chunk ${seq} refused: expected chunk ${this.nextSeq} of this recording.`),
      );
    }
    if (this.inFlight >= MAX_APPENDS_IN_FLIGHT) {
      return Promise.reject(new ServiceError('busy', 'Too many chunks at once; wait for the previous ones to be saved.'));
    }
    this.nextSeq++;
    this.inFlight++;
    const write = this.writes.then(async () => {
      if (this.writeError) throw this.writeError;
      try {
        await this.file.append(data);
      } catch (error) {
        this.state = 'write-failed';
        this.writeError = new ServiceError('write-failed', describeWriteError(error as NodeJS.ErrnoException));
        throw this.writeError;
      }
      this.lastChunkAt = this.deps.now();
      this.live?.feed(data);
    });
    this.writes = write.catch(() => undefined);
    return write
      .then(() => ({ bytesOnDisk: this.bytesOnDisk }))
      .finally(() => {
        this.inFlight--;
      });
  }

  /** Waits for the writes in hand, closes the raw file and lets the live MP4 write its index. */
  async stop(): Promise<StoppedRecording> {
    if (this.state === 'stopping' || this.state === 'stopped') {
      throw new ServiceError('session-not-recording', 'This recording is already being finished.');
    }
    this.state = 'stopping';
    await this.writes;
    await this.file.close().catch(() => undefined);
    const liveOutcome = this.live ? await this.live.finish() : { ok: false, reason: 'no live remux for this codec' };
    this.state = 'stopped';
    const entry: JournalEntry = { ...this.entry, state: 'finishing' };
    await this.deps.journal.write(entry).catch(() => undefined);
    return {
      entry,
      liveOutcomes: [liveOutcome],
      recordedMs: this.lastChunkAt - this.startedAtMs,
      rawBytes: this.bytesOnDisk,
    };
  }

  /** Stops everything at once (app quitting mid-lesson): the raw file and journal stay for recovery. */
  async abort(): Promise<void> {
    this.state = 'stopped';
    this.live?.abandon('the app quit during the lesson');
    await this.writes;
    await this.file.close().catch(() => undefined);
  }
}
