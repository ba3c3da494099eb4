import { PassThrough } from 'node:stream';
import { liveRemuxJob } from '../ffmpeg/ffmpeg-args';
import type { FfmpegRunner, RunningFfmpeg } from '../ffmpeg/ffmpeg-runner';

/**
 * If ffmpeg falls this far behind (it is stuck, or the machine is starved), give up on the live MP4
 * rather than hold the lesson in memory; the raw file on disk is remuxed at Stop instead.
 */
export const MAX_PENDING_BYTES = 32 * 1024 * 1024;
/** Above this much unread input, a new chunk waits (briefly) for ffmpeg to catch up. */
const PACE_ABOVE_BYTES = 8 * 1024 * 1024;
const MAX_PACE_WAIT_MS = 2000;
/** The longest Stop waits for the live ffmpeg before falling back to the raw file. */
const FINISH_DEADLINE_MS = 60_000;

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

  constructor(runner: FfmpegRunner, readonly outputPath: string) {
    this.process = runner.run(liveRemuxJob(this.input, outputPath));
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

  /** Ends ffmpeg's input and waits for it to write the index. */
  async finish(): Promise<LiveRemuxOutcome> {
    if (this.failure !== undefined) return { ok: false, reason: this.failure };
    this.input.end();
    // ffmpeg writes its index within milliseconds of the end of input, once it has caught up. If it has
    // not finished by the deadline, something is wrong with it: Stop remuxes the raw file instead.
    const deadline = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), FINISH_DEADLINE_MS).unref());
    try {
      if ((await Promise.race([this.process.done, deadline])) === 'timeout') {
        this.abandon(`ffmpeg did not finish within ${FINISH_DEADLINE_MS / 1000} s of Stop`);
      }
    } catch (error) {
      this.failure ??= (error as Error).message;
    }
    return this.failure === undefined ? { ok: true } : { ok: false, reason: this.failure };
  }

  abandon(reason: string): void {
    this.failure ??= reason;
    this.process.kill();
    this.input.destroy();
  }
}
