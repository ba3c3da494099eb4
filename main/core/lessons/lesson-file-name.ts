import fs from 'node:fs/promises';
import path from 'node:path';

/** Longest title we keep, in UTF-8 bytes: leaves room for the date, a " (99)" suffix and ".mp4" within 255. */
const MAX_TITLE_BYTES = 150;

/** Names Windows refuses for a file whatever the extension (CON.mp4 is still CON). */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/** Cuts at whole characters as a reader sees them (graphemes), so an emoji or flag is never split. */
function truncateUtf8(text: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) {
    const size = Buffer.byteLength(segment, 'utf8');
    if (bytes + size > maxBytes) break;
    out += segment;
    bytes += size;
  }
  return out;
}

/**
 * Turns a typed lesson title into something every OS accepts as part of a file name: no path separators,
 * no characters Windows forbids, no control characters, no leading dots (hidden files), no trailing dots or
 * spaces (Windows strips them), not a reserved device name, and at most 150 UTF-8 bytes. Answers the
 * fallback when nothing usable is left.
 */
export function sanitizeTitle(title: string, fallback = 'Lesson'): string {
  let clean = title
    .normalize('NFC')
    // Tabs and line breaks separate words: keep them as spaces. Other invisible controls go (the
    // zero-width joiner U+200D stays: it holds family and profession emoji together).
    .replace(/[\t\n\r\u2028\u2029]/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b\u200c\u200e\u200f\u202a-\u202e\ufeff]/g, '')
    .replace(/[<>:"/\\|?*]/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+/, '');
  clean = truncateUtf8(clean, MAX_TITLE_BYTES).replace(/[.\s]+$/, '');
  if (!clean) return fallback;
  // Windows treats the part before the first dot as the device name: "con.txt" is CON.
  const [head, ...rest] = clean.split('.');
  if (WINDOWS_RESERVED.test(head!.trim())) clean = [`${head!.trim()} lesson`, ...rest].join('.');
  return clean;
}

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * `<title> YYYY-MM-DD HH-mm` in the teacher's local time (colons are not allowed on Windows); an empty title
 * becomes `fallbackTitle`, the catalogue's `defaultLessonTitle` in the teacher's language ("Lesson", "课堂").
 */
export function lessonBaseName(title: string, startedAt: Date, fallbackTitle = 'Lesson'): string {
  const date = `${startedAt.getFullYear()}-${twoDigits(startedAt.getMonth() + 1)}-${twoDigits(startedAt.getDate())}`;
  const time = `${twoDigits(startedAt.getHours())}-${twoDigits(startedAt.getMinutes())}`;
  return `${sanitizeTitle(title, fallbackTitle)} ${date} ${time}`;
}

/**
 * Claims a file name in `folder` that nothing else uses: `base.mp4`, then `base (2).mp4`, … The claim is
 * an empty file created exclusively (`wx`), so two lessons finishing at once can never take the same name
 * and an existing lesson is never overwritten; the caller renames the finished MP4 over its own claim.
 */
export async function claimUniqueFile(folder: string, base: string, extension = '.mp4'): Promise<string> {
  for (let attempt = 1; attempt < 1000; attempt++) {
    const name = attempt === 1 ? `${base}${extension}` : `${base} (${attempt})${extension}`;
    const file = path.join(folder, name);
    try {
      const handle = await fs.open(file, 'wx');
      await handle.close();
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(`No free file name for "${base}" in ${folder}`);
}

/** A claim younger than this may be another lesson finishing right now: never touched. */
const CLAIM_SETTLED_MS = 60_000;

/**
 * Removes the empty files a finish that died between `claimUniqueFile` and its move left for `base` in
 * `folder` (`base.mp4`, `base (2).mp4`, …). Only empty files older than a minute: a real lesson is never
 * empty, and a claim being used right now is younger.
 */
export async function removeStaleClaims(folder: string, base: string, extension = '.mp4', now = Date.now()): Promise<string[]> {
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^${escaped}(?: \\(\\d+\\))?${extension.replace('.', '\\.')}$`);
  const removed: string[] = [];
  for (const name of await fs.readdir(folder).catch(() => [] as string[])) {
    if (!pattern.test(name)) continue;
    const file = path.join(folder, name);
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat?.isFile() || stat.size !== 0 || now - stat.mtimeMs < CLAIM_SETTLED_MS) continue;
    await fs.rm(file, { force: true });
    removed.push(file);
  }
  return removed;
}
