import { catalogs, LANGUAGES } from './i18n/messages';

/**
 * The names the app gives lesson files, `<title> YYYY-MM-DD HH-mm[ (recovered)][ (N)].mp4`, read back in
 * one place: main writes them (in the teacher's language: "课堂 … (已恢复).mp4"), and both main (a rename
 * keeps the date and the mark) and the lists (the mark, the part the teacher may edit) read them through
 * `parseLessonFileName`, whatever language the name was written in.
 */

/** The recovered mark in every language, e.g. `(recovered)`, `(已恢复)`. */
export const RECOVERED_MARKS: readonly string[] = [...new Set(LANGUAGES.map((language) => catalogs[language].recoveredSuffix))];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const NAME = new RegExp(`^(.*?) (\\d{4}-\\d{2}-\\d{2} \\d{2}-\\d{2})( (?:${RECOVERED_MARKS.map(escape).join('|')}))?(?: \\((\\d+)\\))?\\.mp4$`, 'i');

export interface LessonFileNameParts {
  /** What the teacher typed (or the default title): the part a rename changes. */
  title: string;
  /** `YYYY-MM-DD HH-mm`, when the name has it (a file the teacher named by hand may not). */
  stamp?: string;
  /** The mark with its leading space (` (recovered)`), when the lesson was rebuilt after a crash. */
  recoveredMark?: string;
  /** The `(N)` that made the name unique, if any. */
  copy?: number;
}

export function parseLessonFileName(fileName: string): LessonFileNameParts {
  const match = NAME.exec(fileName);
  if (!match) return { title: fileName.replace(/\.mp4$/i, '') };
  const parts: LessonFileNameParts = { title: match[1]!, stamp: match[2]! };
  if (match[3]) parts.recoveredMark = match[3];
  if (match[4]) parts.copy = Number(match[4]);
  return parts;
}
