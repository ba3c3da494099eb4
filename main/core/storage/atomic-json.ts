import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { renameWithRetry, type RetryOptions } from './durable-files';

/**
 * Writes JSON so that a crash at any moment leaves either the old file or the new one, never half of
 * either: write a sibling temp file, flush it to disk, then rename over the target (tried again while
 * Windows reports the target held by another program).
 */
export async function writeJsonAtomic(file: string, value: unknown, retry?: RetryOptions): Promise<void> {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  await fs.mkdir(path.dirname(file), { recursive: true });
  // A unique temp name: two writes of the same file at once must not share (and mix) one temp file.
  const temp = `${file}.${randomUUID()}.tmp`;
  try {
    const handle = await fs.open(temp, 'wx');
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameWithRetry(temp, file, retry);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/** Reads JSON, answering undefined for a missing or unreadable file (the caller falls back to defaults). */
export async function readJsonOrUndefined(file: string): Promise<unknown> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}
