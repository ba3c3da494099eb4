import type { AppendChunkReply, IpcError, Result } from '../../common/ipc-contract';

export interface ChunkUploaderOptions {
  /** Sends one chunk to main; main answers only after the bytes are written. */
  send: (seq: number, data: Uint8Array<ArrayBuffer>) => Promise<Result<AppendChunkReply>>;
  /** Above this many bytes waiting, the teacher is warned that the disk is slow. */
  warnBytes: number;
  /** Above this many bytes waiting, give up (stop the recording) rather than grow without bound. */
  limitBytes: number;
  onBacklog?: (pendingBytes: number) => void;
  onFailure: (error: IpcError) => void;
  /** Waits before resending a chunk main refused as `busy`. */
  retryDelayMs?: number;
}

/**
 * Sends MediaRecorder's chunks to main one at a time, in order, each with its sequence number.
 * Only chunks not yet acknowledged are held, and never more than `limitBytes`: a slow disk slows the
 * upload, it never lets the lesson pile up in the renderer's memory.
 */
export class ChunkUploader {
  private readonly queue: Blob[] = [];
  private pending = 0;
  private pushed = 0;
  private nextSeq = 0;
  private pumping = false;
  private failure: IpcError | undefined;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: ChunkUploaderOptions) {}

  get pendingBytes(): number {
    return this.pending;
  }

  /** Bytes of every chunk handed to this uploader so far. */
  get pushedBytes(): number {
    return this.pushed;
  }

  get sentChunks(): number {
    return this.nextSeq;
  }

  get failed(): IpcError | undefined {
    return this.failure;
  }

  push(chunk: Blob): void {
    if (this.failure || chunk.size === 0) return;
    this.pushed += chunk.size;
    this.queue.push(chunk);
    this.pending += chunk.size;
    if (this.pending > this.options.limitBytes) {
      this.fail({ code: 'write-failed', message: `More than ${this.options.limitBytes} bytes are waiting to be saved.` });
      return;
    }
    if (this.pending > this.options.warnBytes) this.options.onBacklog?.(this.pending);
    void this.pump();
  }

  /** Resolves once every pushed chunk is acknowledged, or the upload has failed. */
  drained(): Promise<void> {
    if (!this.pumping && (this.queue.length === 0 || this.failure)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private fail(error: IpcError): void {
    this.failure ??= error;
    this.queue.length = 0;
    this.pending = 0;
    this.options.onFailure(error);
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0 && !this.failure) {
        const chunk = this.queue[0]!;
        const data = new Uint8Array(await chunk.arrayBuffer());
        const result = await this.options.send(this.nextSeq, data);
        if (!result.ok && result.error.code === 'busy') {
          await new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs ?? 100));
          continue;
        }
        if (!result.ok) {
          this.fail(result.error);
          break;
        }
        this.nextSeq++;
        this.queue.shift();
        this.pending -= chunk.size;
      }
    } finally {
      this.pumping = false;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}
