import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Errors Windows gives for a rename while another program (antivirus, the search indexer, a backup tool)
 * briefly holds the file; they pass within moments (the same list graceful-fs and write-file-atomic retry).
 */
const TRANSIENT_RENAME_ERRORS = new Set(['EPERM', 'EBUSY', 'EACCES']);

export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts?: number;
  /** The first wait; each later one doubles, up to 1 s. */
  firstDelayMs?: number;
  /** Test seam: the rename to use (defaults to fs.rename). */
  rename?: (from: string, to: string) => Promise<void>;
}

/**
 * `fs.rename`, tried again a few times (about 4 s in all) when the error is one that another program
 * holding the file gives on Windows. Other errors, and the last attempt's, are thrown as they are.
 */
export async function renameWithRetry(from: string, to: string, options: RetryOptions = {}): Promise<void> {
  const attempts = options.attempts ?? 10;
  const rename = options.rename ?? fs.rename;
  let delay = options.firstDelayMs ?? 50;
  for (let attempt = 1; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (attempt >= attempts || !code || !TRANSIENT_RENAME_ERRORS.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(1000, delay * 2);
    }
  }
}

/**
 * Flushes a file and the folder that names it to the disk, so that after a power cut the file is there
 * with all its bytes (POSIX: a rename is durable only once its directory is synced). Windows cannot open
 * a folder to sync it; NTFS journals the rename itself, so that step is skipped there.
 */
export async function flushToDisk(file: string): Promise<void> {
  const handle = await fs.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await syncFolder(path.dirname(file));
}

export async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.open(folder, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some filesystems (network shares, FUSE) do not sync directories; the file itself is synced.
    if (!['EINVAL', 'ENOTSUP', 'EISDIR', 'EBADF'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle.close();
  }
}

/**
 * Moves a file to `to` (which may be an empty claim of that name). On one disk this is a rename. Across
 * disks (EXDEV: the work folder on the app's disk, the lesson on a USB stick) the bytes are copied to a
 * hidden temporary name beside `to`, flushed, and only then renamed onto `to`: a copy cut short by a
 * crash or a full disk never stands under the lesson's name. The source goes only after that.
 */
export async function moveFile(from: string, to: string): Promise<void> {
  try {
    await renameWithRetry(from, to);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
  }
  const temp = path.join(path.dirname(to), `.${path.basename(to)}.${randomUUID().slice(0, 8)}.partial`);
  try {
    await fs.copyFile(from, temp);
    const handle = await fs.open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameWithRetry(temp, to);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  await fs.rm(from, { force: true });
}
