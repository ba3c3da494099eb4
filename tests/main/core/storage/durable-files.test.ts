import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { writeJsonAtomic } from '../../../../main/core/storage/atomic-json';
import { moveFile, renameWithRetry } from '../../../../main/core/storage/durable-files';
import { makeTempDir, digestOf } from '../../../helpers/media';
import { canMountTmpfs, mountTmpfs } from '../../../helpers/tmpfs';

const run = promisify(execFile);
/** `chattr +i`: the file refuses to be replaced, even by root, with EPERM, as a file an antivirus holds on Windows does. */
const canChattr = process.platform === 'linux' && process.getuid?.() === 0;

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup().catch(() => undefined);
});

describe.runIf(canChattr)('a rename that another program briefly blocks (Windows: antivirus, indexer)', () => {
  it('is tried again until it goes through, so the journal is written; without retries it fails with EPERM', async () => {
    const dir = await makeTempDir('rename-retry');
    const journal = path.join(dir, 'entry.json');
    await writeJsonAtomic(journal, { version: 1 });
    // The target is held for 400 ms: every rename onto it fails with EPERM meanwhile.
    await run('chattr', ['+i', journal]);
    cleanups.push(() => run('chattr', ['-i', journal]));
    setTimeout(() => void run('chattr', ['-i', journal]), 400);
    await writeJsonAtomic(journal, { version: 2 });
    expect(JSON.parse(await fs.readFile(journal, 'utf8'))).toEqual({ version: 2 });
    expect((await fs.readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    await run('chattr', ['+i', journal]);
    await expect(writeJsonAtomic(journal, { version: 3 }, { attempts: 1 })).rejects.toMatchObject({ code: 'EPERM' });
    await run('chattr', ['-i', journal]);
    expect(JSON.parse(await fs.readFile(journal, 'utf8'))).toEqual({ version: 2 });
    expect((await fs.readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('does not retry errors that will not pass', async () => {
    let calls = 0;
    const missing = Object.assign(new Error('no such file'), { code: 'ENOENT' });
    const rename = async () => {
      calls++;
      throw missing;
    };
    await expect(renameWithRetry('a', 'b', { rename })).rejects.toBe(missing);
    expect(calls).toBe(1);
  });
});

describe.runIf(canMountTmpfs)('a move across drives (the work folder on one disk, the lesson folder on another)', () => {
  it('copies through a hidden temporary name, so the lesson’s name only ever holds the whole file', async () => {
    const source = path.join(await makeTempDir('move-source'), 'joined.partial.mp4');
    const bytes = Buffer.alloc(300_000, 7);
    await fs.writeFile(source, bytes);
    const drive = await mountTmpfs(1024 * 1024);
    cleanups.push(drive.unmount);
    const target = path.join(drive.dir, 'Lesson 2026-12-02 08-00.mp4');
    await fs.writeFile(target, ''); // the claim
    await moveFile(source, target);
    expect(await digestOf(target)).toBe(await digestOf(bytes));
    await expect(fs.access(source)).rejects.toThrow();
    expect(await fs.readdir(drive.dir)).toEqual(['Lesson 2026-12-02 08-00.mp4']);
  });

  it('on a drive that fills up during the copy: fails, leaves the claim as it was and no partial file, keeps the source', async () => {
    const source = path.join(await makeTempDir('move-source'), 'joined.partial.mp4');
    const bytes = Buffer.alloc(2 * 1024 * 1024, 7);
    await fs.writeFile(source, bytes);
    const drive = await mountTmpfs(1024 * 1024);
    cleanups.push(drive.unmount);
    const target = path.join(drive.dir, 'Lesson 2026-12-02 08-00.mp4');
    await fs.writeFile(target, '');
    await expect(moveFile(source, target)).rejects.toMatchObject({ code: 'ENOSPC' });
    expect((await fs.stat(target)).size).toBe(0);
    expect(await fs.readdir(drive.dir)).toEqual(['Lesson 2026-12-02 08-00.mp4']);
    expect(await digestOf(source)).toBe(await digestOf(bytes));
  });
});
