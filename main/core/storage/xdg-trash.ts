import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Moves a file to the desktop's trash as the freedesktop.org Trash specification describes (1.0: the home
 * trash `$XDG_DATA_HOME/Trash`, a `files/` entry and its `info/<name>.trashinfo`), so the file manager
 * lists it and can put it back. Browser mode on Linux uses this where the desktop app has Electron's
 * `shell.trashItem`. A file on another disk is copied into the home trash, then removed.
 */
export async function moveToXdgTrash(file: string, env: NodeJS.ProcessEnv = process.env, now: () => Date = () => new Date()): Promise<void> {
  const trash = path.join(env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share'), 'Trash');
  await fs.mkdir(path.join(trash, 'files'), { recursive: true, mode: 0o700 });
  await fs.mkdir(path.join(trash, 'info'), { recursive: true, mode: 0o700 });
  const absolute = path.resolve(file);
  const ext = path.extname(absolute);
  const stem = path.basename(absolute, ext);
  // The .trashinfo is created exclusively first: it is what reserves the name (the specification's order).
  for (let n = 1; n < 1000; n++) {
    const name = n === 1 ? `${stem}${ext}` : `${stem}.${n}${ext}`;
    const info = path.join(trash, 'info', `${name}.trashinfo`);
    const stamp = now().toISOString().slice(0, 19);
    const text = `[Trash Info]\nPath=${encodeURI(absolute).replace(/[?#]/g, encodeURIComponent)}\nDeletionDate=${stamp}\n`;
    try {
      await fs.writeFile(info, text, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    const target = path.join(trash, 'files', name);
    try {
      await fs.rename(absolute, target).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EXDEV') throw error;
        await fs.copyFile(absolute, target);
        await fs.rm(absolute);
      });
    } catch (error) {
      await fs.rm(info, { force: true });
      throw error;
    }
    return;
  }
  throw new Error(`The trash holds too many files named ${stem}${ext}.`);
}
