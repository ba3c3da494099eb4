import path from 'node:path';
import type { FfmpegPatience, FfmpegRunner } from '../ffmpeg/ffmpeg-runner';
import { ChunkFile } from './chunk-file';
import { LiveRemux } from './live-remux';
import type { JournalEntry, SegmentCause, SegmentRecord } from './session-journal';

export interface SegmentDeps {
  runner?: FfmpegRunner;
  now: () => number;
  /** Test seam: opens a segment's raw file (lets a test make writes fail as a pulled USB stick does). */
  createChunkFile?: (file: string) => Promise<ChunkFile>;
  patience?: FfmpegPatience;
}

/**
 * One raw file of a lesson while it is written, `segment-NN.mkv` (and its live MP4 beside it): the file,
 * the live ffmpeg, and the time it holds, pauses excluded. Its facts go into its journal record when it is
 * closed (`seal`), which is what finishing and a later retry read.
 */
export class Segment {
  startedAt: number;
  lastChunkAt: number;
  pausedMs = 0;
  pausedSince: number | undefined;

  private constructor(
    readonly record: SegmentRecord,
    readonly file: ChunkFile,
    readonly live: LiveRemux | undefined,
    private readonly now: () => number,
  ) {
    this.startedAt = now();
    this.lastChunkAt = this.startedAt;
  }

  /** Opens `segment-<index>.mkv` in `dir` (exclusively: a segment is never written twice), with a live MP4 for H.264 when ffmpeg is there. */
  static async open(entry: JournalEntry, dir: string, index: number, cause: SegmentCause, deps: SegmentDeps, withLive = true): Promise<Segment> {
    const name = `segment-${String(index).padStart(2, '0')}`;
    const record: SegmentRecord = { rawPath: path.join(dir, `${name}.mkv`), startedAt: new Date(deps.now()).toISOString(), cause };
    const file = await (deps.createChunkFile ?? ChunkFile.create)(record.rawPath);
    let live: LiveRemux | undefined;
    if (withLive && entry.codec === 'h264' && deps.runner) {
      record.livePath = path.join(dir, `${name}.partial.mp4`);
      live = new LiveRemux(deps.runner, record.livePath, deps.patience);
    }
    return new Segment(record, file, live, deps.now);
  }

  /** The number in its file name (`segment-07.mkv` → 7). */
  static indexOf(record: SegmentRecord): number {
    return Number(/segment-(\d+)\.mkv$/.exec(record.rawPath)?.[1] ?? 0);
  }

  get paused(): boolean {
    return this.pausedSince !== undefined;
  }

  /** Milliseconds of lesson it holds: from its start to its last chunk, pauses excluded. */
  get recordedMs(): number {
    const pausedNow = this.pausedSince === undefined ? 0 : Math.max(0, this.lastChunkAt - this.pausedSince);
    return Math.max(0, this.lastChunkAt - this.startedAt - this.pausedMs - pausedNow);
  }

  /** How far into this segment the lesson is now, pauses excluded: where a mark made now falls. */
  elapsedMs(): number {
    const now = this.now();
    const pausedNow = this.pausedSince === undefined ? 0 : now - this.pausedSince;
    return Math.max(0, now - this.startedAt - this.pausedMs - pausedNow);
  }

  pause(): void {
    this.pausedSince ??= this.now();
  }

  resume(): void {
    if (this.pausedSince === undefined) return;
    this.pausedMs += this.now() - this.pausedSince;
    this.pausedSince = undefined;
  }

  /** A copy of this segment elsewhere takes its place in the lesson: the same times and pauses. */
  takeTimesOf(other: Segment): void {
    this.startedAt = other.startedAt;
    this.lastChunkAt = other.lastChunkAt;
    this.pausedMs = other.pausedMs;
    this.pausedSince = other.pausedSince;
    this.record.startedAt = other.record.startedAt;
  }

  /** Files its facts in its journal record: when it closed, how much lesson it holds, its size, whether its live MP4 finished. */
  seal(liveOk: boolean): void {
    Object.assign(this.record, {
      closedAt: new Date(this.now()).toISOString(),
      recordedMs: this.recordedMs,
      pausedMs: this.pausedMs,
      bytes: this.file.size,
      liveOk,
    } satisfies Partial<SegmentRecord>);
  }

  /** Closes the raw file, lets the live MP4 write its index, and seals. */
  async close(): Promise<void> {
    this.resume();
    await this.file.close().catch(() => undefined);
    const liveOk = this.live ? (await this.live.finish()).ok : false;
    this.seal(liveOk);
  }
}
