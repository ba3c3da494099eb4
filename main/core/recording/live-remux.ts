import { PassThrough } from 'node:stream';
import { liveRemuxJob } from '../ffmpeg/ffmpeg-args';
import { DEFAULT_PATIENCE, type FfmpegPatience, type FfmpegRunner, type RunningFfmpeg } from '../ffmpeg/ffmpeg-runner';

/**
 * If ffmpeg falls this far behind (it is stuck, or the machine is starved), give up on the live MP4
 * rather than hold the lesson in memory; the raw file on disk is remuxed at Stop instead.
 */
export const MAX_PENDING_BYTES = 32 * 1024 * 1024;
/** Above this much unread input, a new chunk waits (briefly) for ffmpeg to catch up. */
const PACE_ABOVE_BYTES = 8 * 1024 * 1024;
const MAX_PACE_WAIT_MS = 2000;

export type LiveRemuxOutcome = { ok: true } | { ok: false; reason: string };

/**
 * Feeds each chunk, after it is safely on disk, to an ffmpeg that builds the MP4 during the lesson:
 * H.264 copied, Opus encoded to AAC as it arrives. At Stop only ffmpeg's index is left to write.
 * It is an optimisation only: any failure is remembered and Stop falls back to the raw file.
 */
export class LiveRemux {
  private readonly input = new PassThrough({ highWaterMark: 1024 * 1024 });
  private readonly process: RunningFfmpeg;
  private failure: string | undefined;
  private lastProgressAt = Date.now();

  constructor(
    runner: FfmpegRunner,
    readonly outputPath: string,
    private readonly patience: FfmpegPatience = DEFAULT_PATIENCE,
  ) {
    // No timeout while the lesson runs: a paused lesson rightly gives ffmpeg nothing to do. Stop watches it.
    this.process = runner.run(liveRemuxJob(this.input, outputPath), {
      onProgress: () => {
        this.lastProgressAt = Date.now();
      },
    });
    this.process.done.catch((error: Error) => {
      this.failure ??= error.message;
    });
  }

  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** Bytes handed to ffmpeg's stdin that it has not read yet. */
  get pendingBytes(): number {
    return this.input.writableLength;
  }

  /**
   * Hands a chunk to ffmpeg. When ffmpeg is behind, waits a little for it (so a fast producer, such as a
   * catch-up after a stall, is paced to ffmpeg rather than dropping the live MP4); never waits long,
   * because the chunk's acknowledgement, and so the renderer, waits with it.
   */
  async feed(chunk: Uint8Array): Promise<void> {
    if (this.failure !== undefined) return;
    if (this.input.writableLength > PACE_ABOVE_BYTES) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.input.off('drain', done);
          this.input.off('close', done);
          resolve();
        };
        const timer = setTimeout(done, MAX_PACE_WAIT_MS);
        this.input.once('drain', done);
        this.input.once('close', done);
      });
      if (this.failure !== undefined) return;
    }
    if (this.input.writableLength + chunk.byteLength > MAX_PENDING_BYTES) {
      this.abandon(`ffmpeg fell more than ${MAX_PENDING_BYTES} bytes behind the recording`);
      return;
    }
    this.input.write(chunk);
  }

  /**
   * Ends ffmpeg's input and waits for it to write the index. ffmpeg does that within milliseconds once it
   * has caught up with its input; while it catches up it reports progress. If it goes quiet for
   * `patience.idleMs` (or takes longer than `patience.baseMs` in all), it is hung: it is killed, and Stop
   * remuxes the raw file instead.
   */
  async finish(): Promise<LiveRemuxOutcome> {
    if (this.failure !== undefined) return { ok: false, reason: this.failure };
    this.input.end();
    const endedAt = Date.now();
    this.lastProgressAt = endedAt;
    let watch: ReturnType<typeof setInterval> | undefined;
    const hung = new Promise<string>((resolve) => {
      watch = setInterval(
        () => {
          const now = Date.now();
          if (now - this.lastProgressAt >= this.patience.idleMs) resolve(`ffmpeg gave no sign of progress for ${this.patience.idleMs / 1000} s after Stop`);
          else if (now - endedAt >= this.patience.baseMs) resolve(`ffmpeg did not finish within ${this.patience.baseMs / 1000} s of Stop`);
        },
        Math.min(1000, this.patience.idleMs / 4),
      );
    });
    try {
      const outcome = await Promise.race([this.process.done.then(() => undefined), hung]);
      if (outcome !== undefined) this.abandon(outcome);
    } catch (error) {
      this.failure ??= (error as Error).message;
    } finally {
      clearInterval(watch);
    }
    return this.failure === undefined ? { ok: true } : { ok: false, reason: this.failure };
  }

  abandon(reason: string): void {
    this.failure ??= reason;
    this.process.kill();
    this.input.destroy();
  }
}
