import fs from 'node:fs/promises';
import path from 'node:path';
import { ServiceError } from '../service-error';
import { parseLessonFileName } from '../../../common/lesson-names';
import { claimUniqueFile, sanitizeTitle } from './lesson-file-name';
import { chaptersFileOf } from './lesson-parts';

/**
 * The new base name (without `.mp4`) for a lesson file renamed to `title`: the title cleaned by the same
 * rules as at Record, then the date part of the old name and its recovered mark, in whatever language it
 * was written (`parseLessonFileName`); the ` (N)` is not kept (a new one is picked if the name is taken).
 * Throws `invalid-title` when the title holds nothing usable (empty, only spaces, dots or separators).
 */
export function renamedBaseName(oldFileName: string, title: string): string {
  const clean = sanitizeTitle(title, '');
  if (!clean) throw new ServiceError('invalid-title', 'The new name is empty: type a title with at least one letter or digit.');
  const old = parseLessonFileName(oldFileName);
  return old.stamp ? `${clean} ${old.stamp}${old.recoveredMark ?? ''}` : clean;
}

/**
 * Renames the lesson `file` to `title`, in its folder, and answers its new path. The new name is claimed
 * exclusively first (`claimUniqueFile`: "(2)", "(3)", … when taken), so no other lesson is ever
 * overwritten; the file is then moved over its own claim. Renaming to the current name changes nothing.
 * Errors are ServiceErrors with a sentence for the teacher: `lesson-missing`, `invalid-title`, `busy`.
 */
export async function renameLessonFile(file: string, title: string): Promise<string> {
  const folder = path.dirname(file);
  const oldName = path.basename(file);
  const current = await fs.stat(file).catch(() => undefined);
  if (!current?.isFile()) {
    throw new ServiceError('lesson-missing', `The lesson "${oldName}" is no longer in its folder: it was moved or deleted.`);
  }
  const base = renamedBaseName(oldName, title);
  const wanted = `${base}.mp4`;
  // Already named so ("Maths … (3)" renamed to "Maths" again): moving it would only change its number.
  if (oldName === wanted || (oldName.startsWith(`${base} (`) && /^ \(\d+\)\.mp4$/.test(oldName.slice(base.length)))) return file;
  // Only the case changes: on a case-insensitive disk the "taken" name is this very file, not a claim.
  const caseOnly = wanted.toLowerCase() === oldName.toLowerCase() && (await sameFile(path.join(folder, wanted), current));
  const target = caseOnly ? path.join(folder, wanted) : await claimUniqueFile(folder, base);
  try {
    await fs.rename(file, target);
  } catch (error) {
    if (!caseOnly) await fs.rm(target, { force: true }).catch(() => undefined);
    throw renameError(error, oldName);
  }
  // Its chapters file goes with it (players pair them by name); the lesson is renamed even if that fails.
  await fs.rename(chaptersFileOf(file), chaptersFileOf(target)).catch(() => undefined);
  return target;
}

/** Whether `other` is missing or is the same file as `stat` (same inode: a case-insensitive disk). */
async function sameFile(other: string, stat: { ino: number; dev: number }): Promise<boolean> {
  const found = await fs.stat(other).catch(() => undefined);
  return !found || (found.ino === stat.ino && found.dev === stat.dev);
}

function renameError(error: unknown, oldName: string): ServiceError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new ServiceError('lesson-missing', `The lesson "${oldName}" is no longer in its folder: it was moved or deleted.`);
  // Windows refuses to rename a file a player has open.
  if (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES') {
    return new ServiceError('busy', `"${oldName}" cannot be renamed now: close any program that is playing it, then try again.`);
  }
  return new ServiceError('internal', `"${oldName}" could not be renamed: ${(error as Error).message}`);
}
