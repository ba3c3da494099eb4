import fs from 'node:fs/promises';

/** Flush to the disk at least this often, so a power cut loses at most about this much of the lesson. */
export const SYNC_INTERVAL_MS = 1000;

/**
 * The raw recording of one segment, appended chunk by chunk exactly as MediaRecorder produced it.
 * This file is the truth: everything else (the live MP4, the journal) can be rebuilt from it.
 */
export class ChunkFile {
  private bytes = 0;
  private lastSync: number;

  private constructor(
    readonly path: string,
    private readonly handle: fs.FileHandle,
    private readonly now: () => number,
  ) {
    this.lastSync = now();
  }

  /** Creates the file; refuses to reuse an existing one (`wx`), so a segment is never written twice. */
  static async create(file: string, now: () => number = Date.now): Promise<ChunkFile> {
    // Read access too: if the folder is deleted mid-lesson, the data is rescued through this handle.
    return new ChunkFile(file, await fs.open(file, 'wx+'), now);
  }

  get size(): number {
    return this.bytes;
  }

  /** Appends one chunk; resolves once the OS has all of it, rejects with the fs error (ENOSPC, EIO, …). */
  async append(data: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < data.byteLength) {
      const { bytesWritten } = await this.handle.write(data, offset, data.byteLength - offset, this.bytes + offset);
      offset += bytesWritten;
    }
    this.bytes += data.byteLength;
    if (this.now() - this.lastSync >= SYNC_INTERVAL_MS) {
      this.lastSync = this.now();
      await this.handle.datasync();
    }
  }

  /** The inode this handle writes to; differs from the path's (or the path is gone) once the file was deleted or replaced. */
  async inode(): Promise<number> {
    return (await this.handle.stat()).ino;
  }

  /**
   * Copies everything written so far into `target`, a megabyte at a time. Works even after the file's
   * folder was deleted: the open handle still reaches the data.
   */
  async copyInto(target: ChunkFile): Promise<void> {
    const buffer = new Uint8Array(1024 * 1024);
    for (let position = 0; position < this.bytes;) {
      const { bytesRead } = await this.handle.read(buffer, 0, Math.min(buffer.length, this.bytes - position), position);
      if (bytesRead === 0) break;
      await target.append(buffer.subarray(0, bytesRead));
      position += bytesRead;
    }
  }

  async close(): Promise<void> {
    try {
      await this.handle.datasync();
    } finally {
      await this.handle.close();
    }
  }
}
