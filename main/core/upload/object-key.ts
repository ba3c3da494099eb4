import { DEFAULT_KEY_PREFIX, type UploadSettings } from '../../../common/settings';

/**
 * Where a lesson goes in the bucket: the settings' key prefix with its words filled in
 * (`{school}/{teacher}/{YYYY}/{MM}/` by default), then the lesson's file name. The date is the lesson's
 * (its local day), not the upload's, so a lesson uploaded a week late still lands in its month.
 */
export function objectKeyFor(settings: Pick<UploadSettings, 'keyPrefix' | 'school' | 'teacher'>, recordedAt: Date, fileName: string): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const words: Record<string, string> = {
    school: keyWord(settings.school),
    teacher: keyWord(settings.teacher),
    YYYY: String(recordedAt.getFullYear()),
    MM: two(recordedAt.getMonth() + 1),
    DD: two(recordedAt.getDate()),
  };
  const template = settings.keyPrefix.trim() === '' ? DEFAULT_KEY_PREFIX : settings.keyPrefix;
  const prefix = template.replace(/\{(school|teacher|YYYY|MM|DD)\}/g, (_, word: string) => words[word]!);
  // A word left empty (no school set) drops its folder instead of making `//`, which S3 keeps as a folder named "".
  const folders = prefix
    .split('/')
    .map((folder) => folder.trim())
    .filter((folder) => folder !== '' && folder !== '.' && folder !== '..');
  return [...folders, keyWord(fileName)].join('/');
}

/** A name fit for one folder of a key: no slashes or control characters (S3 takes any other UTF-8). */
function keyWord(text: string): string {
  return text.replace(/[\p{Cc}/\\]/gu, '-').trim();
}
