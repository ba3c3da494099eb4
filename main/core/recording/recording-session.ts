import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { AppendChunkReply, NewRecorderCause } from '../../../common/ipc-contract';
import { notices, type NoticeBody } from '../notices';
import { FOLDER_GONE, ServiceError, writeFailure } from '../service-error';
import { HeaderCapture } from './matroska-header';
import { Segment, type SegmentDeps } from './segment';
import type { JournalEntry, SegmentRecord, SessionJournal } from './session-journal';

/**
 * Appends a renderer may have outstanding at once. Ours waits for each answer (one in flight); a
 * renderer that floods us is refused instead of queueing the lesson in main's memory.
 */
export const MAX_APPENDS_IN_FLIGHT = 4;

/**
 * A lesson whose page has sent nothing (no chunk, no heartbeat) for this long has lost its page: another
 * window may then offer to continue it. The page sends something at least every 3 s, paused or not.
 */
export const OWNER_GONE_AFTER_MS = 10_000;

export interface SessionDeps extends SegmentDeps {
  journal: SessionJournal;
  /** Where to go on recording if the work folder disappears mid-lesson (USB stick pulled). */
  fallbackDir: string;
  notify: (notice: NoticeBody) => void;
}

export type SessionState = 'recording' | 'write-failed' | 'stopping' | 'stopped';

/** What Stop hands to the finishing step: the journal entry, whose segments say what each holds. */
export interface StoppedRecording {
  entry: JournalEntry;
  /** The whole lesson's recorded milliseconds: what the MP4's duration should be close to. */
  recordedMs: number;
  rawBytes: number;
}

/**
 * One lesson while it records: takes chunks strictly in sequence, appends each to the raw file before
 * answering, and feeds the live MP4. Nothing of the lesson is kept in memory beyond the chunk in hand
 * (and the stream's few-hundred-byte header, kept to continue elsewhere if the folder disappears).
 *
 * Each MediaRecorder the page runs for the lesson is numbered (`recorder`: 1 at Record, then one more for
 * each that takes over after a restarted page or a stalled recorder); a chunk names its recorder, so one
 * from a recorder that was replaced is refused (`segment-closed`) instead of landing in the next file.
 */
export class RecordingSession {
  private state: SessionState = 'recording';
  private recorder = 1;
  private nextSeq = 0;
  /** Times the teacher paused the lesson (for the receipt at Stop). */
  private pauses = 0;
  /** Seconds of silence from the microphone, and frames the picture lost to a busy machine, as the pages count them. */
  private readonly silence = new PageCount();
  private readonly dropped = new PageCount();
  private inFlight = 0;
  private writes: Promise<void> = Promise.resolve();
  private writeError: ServiceError | undefined;
  private header = new HeaderCapture();
  private lastHeardAt: number;
  private token = randomUUID();

  private constructor(
    private entry: JournalEntry,
    private segment: Segment,
    private readonly deps: SessionDeps,
  ) {
    this.lastHeardAt = deps.now();
  }

  /** Creates the work folder, the first segment and the journal entry (in that order: the journal only names files that exist). */
  static async start(entry: JournalEntry, deps: SessionDeps): Promise<RecordingSession> {
    await fs.mkdir(entry.workDir, { recursive: true });
    const segment = await Segment.open(entry, entry.workDir, 1, 'start', deps);
    const session = new RecordingSession({ ...entry, segments: [segment.record], state: 'recording' }, segment, deps);
    try {
      await deps.journal.write(session.entry);
    } catch (error) {
      await session.discard();
      throw error;
    }
    return session;
  }

  get id(): string {
    return this.entry.sessionId;
  }

  get journalEntry(): JournalEntry {
    return this.entry;
  }

  get currentState(): SessionState {
    return this.state;
  }

  /** The number of the MediaRecorder whose chunks are taken now. */
  get currentRecorder(): number {
    return this.recorder;
  }

  get paused(): boolean {
    return this.segment.paused;
  }

  /** Known only to the page that started (or took over) the lesson: a reload of that page continues it. */
  get resumeToken(): string {
    return this.token;
  }

  /** Another page takes the lesson over (its own page was gone): the old page's token stops working. */
  newOwner(): string {
    this.token = randomUUID();
    return this.token;
  }

  /** Whether the page recording this lesson has been heard from lately (a chunk, a heartbeat). */
  get ownerActive(): boolean {
    return this.deps.now() - this.lastHeardAt < OWNER_GONE_AFTER_MS;
  }

  /** The page recording this lesson is gone for certain (its renderer crashed): another may continue it now. */
  ownerGone(): void {
    this.lastHeardAt = Number.NEGATIVE_INFINITY;
  }

  /**
   * The page recording this lesson is still there (sent while paused, when no chunks come too);
   * `silentSeconds` is its count of the microphone's silence in this lesson so far, `framesDropped` its
   * count of the picture's frames it could not take.
   */
  heartbeat(silentSeconds?: number, framesDropped?: number): void {
    this.lastHeardAt = this.deps.now();
    this.silence.report(silentSeconds);
    this.dropped.report(framesDropped);
  }

  get bytesOnDisk(): number {
    return this.closedSegments().reduce((sum, s) => sum + (s.bytes ?? 0), 0) + this.segment.file.size;
  }

  /** Bytes handed to the live ffmpeg that it has not written yet: disk space already spoken for. */
  get pendingLiveBytes(): number {
    return this.segment.live?.pendingBytes ?? 0;
  }

  /** Milliseconds recorded so far, pauses and renderer restarts excluded. */
  get recordedMs(): number {
    return this.closedSegments().reduce((sum, s) => sum + (s.recordedMs ?? 0), 0) + this.segment.recordedMs;
  }

  /**
   * The number the next segment's files take: one past the highest so far. Not the count of segments: a
   * segment copied to the fallback folder replaces the lost one under a new number, and two files must
   * never share a name.
   */
  private nextSegmentIndex(): number {
    return Math.max(0, ...this.entry.segments.map(Segment.indexOf)) + 1;
  }

  private closedSegments(): SegmentRecord[] {
    return this.entry.segments.filter((s) => s !== this.segment.record);
  }

  /**
   * Accepts chunk `seq` of recorder `recorder` only if it is the next one expected and the session is
   * recording; the check is synchronous so a duplicate, out-of-order or stale chunk is refused before
   * anything is written.
   */
  append(recorder: number, seq: number, data: Uint8Array): Promise<AppendChunkReply> {
    if (this.writeError) return Promise.reject(this.writeError);
    if (this.state !== 'recording') {
      return Promise.reject(new ServiceError('session-not-recording', 'This recording has already been stopped.'));
    }
    if (recorder !== this.recorder) {
      return Promise.reject(new ServiceError('segment-closed', `Chunk of recorder ${recorder} refused: the lesson goes on with recorder ${this.recorder}.`));
    }
    if (seq !== this.nextSeq) {
      return Promise.reject(new ServiceError('out-of-order', `Chunk ${seq} refused: expected chunk ${this.nextSeq} of this recording.`));
    }
    if (this.inFlight >= MAX_APPENDS_IN_FLIGHT) {
      return Promise.reject(new ServiceError('busy', 'Too many chunks at once; wait for the previous ones to be saved.'));
    }
    this.lastHeardAt = this.deps.now();
    this.nextSeq++;
    this.inFlight++;
    const write = this.writes.then(() => this.write(data));
    this.writes = write.catch(() => undefined);
    return write
      .then(() => ({ bytesOnDisk: this.bytesOnDisk }))
      .finally(() => {
        this.inFlight--;
      });
  }

  private async write(data: Uint8Array): Promise<void> {
    if (this.writeError) throw this.writeError;
    const segment = this.segment;
    try {
      await segment.file.append(data);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (!(code && FOLDER_GONE.has(code) && (await this.continueInFallback(data)))) {
        this.state = 'write-failed';
        this.writeError = writeFailure(error as NodeJS.ErrnoException);
        throw this.writeError;
      }
    }
    this.header.feed(data);
    this.segment.lastChunkAt = this.deps.now();
    if (this.segment === segment) await segment.live?.feed(data);
  }

  /**
   * The folder under the recording has gone: carry on in the app's own folder without dropping the chunk
   * in hand. The new file starts with the stream's header so ffmpeg can read it (it skips to the next
   * cluster, losing at most the rest of the current second).
   */
  private async continueInFallback(pending: Uint8Array): Promise<boolean> {
    const header = this.header.value;
    if (!header || this.entry.workDir === this.deps.fallbackDir) return false;
    const old = this.segment;
    old.live?.abandon('the save folder disappeared');
    await old.file.close().catch(() => undefined);
    try {
      await fs.mkdir(this.deps.fallbackDir, { recursive: true });
      const next = await Segment.open(this.entry, this.deps.fallbackDir, this.nextSegmentIndex(), 'folder-gone', this.deps, false);
      await next.file.append(header);
      await next.file.append(pending);
      next.startedAt = old.lastChunkAt;
      old.seal(false);
      this.segment = next;
      this.entry = { ...this.entry, workDir: this.deps.fallbackDir, segments: [...this.entry.segments, next.record] };
      await this.deps.journal.write(this.entry);
    } catch {
      return false;
    }
    this.deps.notify(notices.folderGone(this.deps.fallbackDir));
    return true;
  }

  /**
   * Checks that the raw file is still where the journal says. A deleted folder gives no write error on
   * Linux or macOS (the open file lives on, unlinked, and would vanish at close), so this is looked at
   * regularly; if it is gone, everything written so far is copied into the fallback folder and the
   * lesson continues there, without losing a byte.
   */
  async ensureStillOnDisk(): Promise<void> {
    if (this.state !== 'recording' || this.writeError) return;
    const segment = this.segment;
    const pathInode = await fs.stat(segment.record.rawPath).then(
      (stat) => stat.ino,
      () => undefined,
    );
    if (pathInode !== undefined && pathInode === (await segment.file.inode().catch(() => pathInode))) return;
    const rescue = this.writes.then(() => this.rescueOrphanedSegment(segment));
    this.writes = rescue.catch(() => undefined);
    await rescue;
  }

  private async rescueOrphanedSegment(old: Segment): Promise<void> {
    if (this.segment !== old || this.entry.workDir === this.deps.fallbackDir) return;
    old.live?.abandon('the save folder disappeared');
    await fs.mkdir(this.deps.fallbackDir, { recursive: true });
    const next = await Segment.open(this.entry, this.deps.fallbackDir, this.nextSegmentIndex(), old.record.cause ?? 'start', this.deps, false);
    try {
      await old.file.copyInto(next.file);
    } catch (error) {
      await next.file.close().catch(() => undefined);
      await fs.rm(next.record.rawPath, { force: true });
      throw error;
    }
    await old.file.close().catch(() => undefined);
    next.takeTimesOf(old);
    // The copy replaces the lost segment: same place in the lesson, now on the app's disk.
    const segments = this.entry.segments.map((s) => (s === old.record ? next.record : s));
    this.segment = next;
    this.entry = { ...this.entry, workDir: this.deps.fallbackDir, segments };
    await this.deps.journal.write(this.entry);
    this.deps.notify(notices.folderGoneCopied(this.deps.fallbackDir));
  }

  /**
   * Refuses every further chunk (`write-failed`, the disk almost full); the renderer then stops and Stop
   * saves what is on disk.
   */
  refuseFurtherChunks(): void {
    this.writeError ??= new ServiceError('write-failed', 'The disk is almost full, so the recording was stopped and is being saved.', {
      params: { problem: 'disk-almost-full' },
    });
  }

  /**
   * The teacher marks the start of a new part: where it falls is kept as the segment recording now and
   * how far into it the lesson is (pauses excluded), which finishing turns into the MP4's time. Journalled
   * before it answers, so a crash keeps it. Answers the new part's number (the beginning is part 1).
   */
  async mark(): Promise<{ part: number; startSeconds: number }> {
    if (this.state !== 'recording') throw new ServiceError('session-not-recording', 'This recording has already been stopped.');
    this.lastHeardAt = this.deps.now();
    const position = this.entry.segments.indexOf(this.segment.record);
    const record = { position, atMs: this.segment.elapsedMs(), title: '' };
    const marks = [...(this.entry.marks ?? []), record];
    this.entry = { ...this.entry, marks };
    await this.deps.journal.write(this.entry);
    return { part: marks.length + 1, startSeconds: this.startSecondsOf(record) };
  }

  /** Names part `part` (2 and up: the beginning is named on the lesson card, after saving). */
  async namePart(part: number, title: string): Promise<void> {
    const marks = this.entry.marks ?? [];
    if (part < 2 || part > marks.length + 1) throw new ServiceError('invalid-request', `This lesson has no part ${part}.`);
    this.entry = { ...this.entry, marks: marks.map((mark, index) => (index === part - 2 ? { ...mark, title } : mark)) };
    await this.deps.journal.write(this.entry);
  }

  /** The parts marked so far, with where each begins in the lesson recorded so far. */
  get marks(): Array<{ title: string; startSeconds: number }> {
    return (this.entry.marks ?? []).map((mark) => ({ title: mark.title, startSeconds: this.startSecondsOf(mark) }));
  }

  private startSecondsOf(mark: { position: number; atMs: number }): number {
    const before = this.entry.segments
      .slice(0, mark.position)
      .reduce((sum, s) => sum + (s === this.segment.record ? this.segment.recordedMs : (s.recordedMs ?? 0)), 0);
    return (before + mark.atMs) / 1000;
  }

  pause(): void {
    this.lastHeardAt = this.deps.now();
    if (this.state !== 'recording' || this.segment.paused) return;
    this.segment.pause();
    this.pauses++;
  }

  resume(): void {
    this.lastHeardAt = this.deps.now();
    this.segment.resume();
  }

  /**
   * A new MediaRecorder takes over the lesson (the page was restarted, or its recorder stalled): from now
   * on only its chunks are taken, numbered from 0 again, into a new segment; the old one is closed as it
   * is, after the writes already accepted. Answers the new recorder's number.
   *
   * A segment that received nothing is not kept as an empty part: the new recorder writes into its place
   * (a page restarted twice in a row would otherwise leave an empty segment between two good ones).
   */
  async continueWithNewRecorder(cause: NewRecorderCause): Promise<number> {
    if (this.state !== 'recording' || this.writeError) throw new ServiceError('session-not-recording', 'This recording cannot be continued.');
    // At once, before anything is awaited: a chunk of the old recorder arriving from now on is refused
    // rather than written into a file that is being closed.
    this.recorder++;
    this.nextSeq = 0;
    this.lastHeardAt = this.deps.now();
    if (cause === 'renderer-restarted') {
      this.silence.pageRestarted();
      this.dropped.pageRestarted();
    }
    const switched = this.writes.then(() => this.switchSegment(cause));
    this.writes = switched.catch(() => undefined);
    await switched;
    return this.recorder;
  }

  private async switchSegment(cause: NewRecorderCause): Promise<void> {
    const old = this.segment;
    const wasPaused = old.paused;
    const dir = path.dirname(old.record.rawPath);
    let index = this.nextSegmentIndex();
    let segments: SegmentRecord[];
    if (old.file.size === 0) {
      old.live?.abandon('nothing was recorded in this segment');
      await old.file.close().catch(() => undefined);
      await fs.rm(old.record.rawPath, { force: true });
      if (old.record.livePath) await fs.rm(old.record.livePath, { force: true });
      index = Segment.indexOf(old.record);
      segments = this.entry.segments.filter((s) => s !== old.record);
    } else {
      await old.close();
      segments = this.entry.segments;
    }
    const next = await Segment.open(this.entry, dir, index, cause, this.deps);
    // A lesson that was paused stays paused in its new segment until the page resumes it.
    if (wasPaused) next.pause();
    this.segment = next;
    this.entry = { ...this.entry, segments: [...segments, next.record] };
    this.header = new HeaderCapture();
    await this.deps.journal.write(this.entry);
  }

  /** Ends the lesson: closes its last segment and hands everything to the finishing step. */
  async stop(): Promise<StoppedRecording> {
    if (this.state === 'stopping' || this.state === 'stopped') {
      throw new ServiceError('session-not-recording', 'This recording is already being finished.');
    }
    this.state = 'stopping';
    await this.writes;
    await this.segment.close();
    this.state = 'stopped';
    this.entry = {
      ...this.entry,
      state: 'finishing',
      pauses: this.pauses,
      silentSeconds: this.silence.total,
      framesDropped: this.dropped.total,
    };
    await this.deps.journal.write(this.entry).catch(() => undefined);
    return {
      entry: this.entry,
      recordedMs: this.entry.segments.reduce((sum, s) => sum + (s.recordedMs ?? 0), 0),
      rawBytes: this.entry.segments.reduce((sum, s) => sum + (s.bytes ?? 0), 0),
    };
  }

  /** Stops everything at once (app quitting mid-lesson): the raw file and journal stay for recovery. */
  async abort(): Promise<void> {
    this.state = 'stopped';
    this.segment.live?.abandon('the app quit during the lesson');
    await this.writes;
    await this.segment.file.close().catch(() => undefined);
  }

  /** Undoes a start that could not be completed: no ffmpeg, no open file and no folder are left behind. */
  async discard(): Promise<void> {
    await this.abort();
    await this.deps.journal.remove(this.entry.sessionId).catch(() => undefined);
    await fs.rm(this.entry.workDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * A count a page keeps for the lesson and sends in its heartbeats, only ever growing (a late, smaller one
 * changes nothing). A restarted page counts from 0 again, so what the pages before it counted is kept apart.
 */
class PageCount {
  private before = 0;
  private page = 0;

  report(count: number | undefined): void {
    if (count !== undefined) this.page = Math.max(this.page, count);
  }

  pageRestarted(): void {
    this.before += this.page;
    this.page = 0;
  }

  get total(): number {
    return this.before + this.page;
  }
}
