import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { makeTempDir } from './media';

const run = promisify(execFile);

/** Only root may mount; CI and these machines run as root (README "Tests"). */
export const canMountTmpfs = process.platform === 'linux' && process.getuid?.() === 0;

/** A real, small filesystem that fills up: writes past its size fail with ENOSPC. */
export async function mountTmpfs(sizeBytes: number): Promise<{ dir: string; unmount: () => Promise<void> }> {
  const dir = await makeTempDir('tmpfs');
  await run('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', dir]);
  return { dir, unmount: () => run('umount', ['-l', dir]).then(() => undefined) };
}
