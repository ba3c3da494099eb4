import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';

/**
 * Starves one Chromium of CPU for real: busy processes take the cores, and Chromium's scheduling group is
 * given the lowest share. Linux groups processes by session for scheduling (autogroup, on by default
 * where `/proc/sys/kernel/sched_autogroup_enabled` is 1). Playwright starts Chromium in a session of its
 * own. A plain `nice` on the hogs would therefore not take CPU from Chromium: it keeps half the machine.
 * So the hogs get sessions of their own, and Chromium's group gets `groupNice` (written to
 * `/proc/<pid>/autogroup`, sched(7)). At nice 8 the page takes about 2 of the camera's 20 frames a second
 * here, which is the overload a teacher's busy laptop gives. `release` stops the hogs and gives the share
 * back.
 */
export async function starveChromium(userDataDir: string, options: { hogs?: number; groupNice?: number } = {}): Promise<{ release: () => Promise<void> }> {
  const pids = await chromiumPids(userDataDir);
  if (pids.length === 0) throw new Error(`no Chromium runs with --user-data-dir=${userDataDir}`);
  // Each hog ends by itself after a minute: detached, it would outlive a test process that died.
  const hogs: ChildProcess[] = Array.from({ length: options.hogs ?? 4 }, () =>
    spawn(process.execPath, ['-e', 'const end = Date.now() + 60_000; while (Date.now() < end);'], { stdio: 'ignore', detached: true }),
  );
  const setNice = async (nice: number) => {
    for (const pid of pids) await fs.writeFile(`/proc/${pid}/autogroup`, String(nice)).catch(() => undefined);
  };
  try {
    await setNice(options.groupNice ?? 8);
    const groups = await Promise.all(pids.map((pid) => fs.readFile(`/proc/${pid}/autogroup`, 'utf8').catch(() => '')));
    if (!groups.some((group) => group.includes(`nice ${options.groupNice ?? 8}`)))
      throw new Error(`Chromium's scheduling group could not be reniced: ${groups.join(' | ')}`);
  } catch (error) {
    for (const hog of hogs) hog.kill('SIGKILL');
    throw error;
  }
  return {
    release: async () => {
      for (const hog of hogs) hog.kill('SIGKILL');
      await setNice(0);
    },
  };
}

async function chromiumPids(userDataDir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await fs.readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(`--user-data-dir=${userDataDir}`)) pids.push(Number(entry));
  }
  return pids;
}
