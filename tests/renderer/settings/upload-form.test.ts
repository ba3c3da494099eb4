import { afterEach, describe, expect, it } from 'vitest';
import { SETTINGS, type UploadSettings } from '../../../common/settings';
import { say, setLanguage } from '../../../renderer/i18n/i18n';
import { maxLengthOf, readUploadForm, uploadFormValues, type UploadFormValues } from '../../../renderer/settings/upload-form';

afterEach(() => setLanguage('en'));

const saved: UploadSettings = { ...SETTINGS.upload.fallback };
const typed = (change: Partial<UploadFormValues>): UploadFormValues => ({ ...uploadFormValues(saved), ...change });

describe('the School storage fields, read as main checks them', () => {
  it('takes what the teacher typed, without spaces around it, and numbers from their digits (full-width too)', () => {
    const reading = readUploadForm(
      typed({
        enabled: true,
        endpoint: ' http://nas.school.lan:7480 ',
        bucket: 'lessons',
        school: 'Hillside',
        accessKeyId: ' AKIA123 ',
        maxMbps: '12,5',
        trashAfterDays: '３０',
      }),
      saved,
    );
    expect(reading.problems).toEqual({});
    expect(reading.settings).toEqual({
      ...saved,
      enabled: true,
      endpoint: 'http://nas.school.lan:7480',
      bucket: 'lessons',
      school: 'Hillside',
      accessKeyId: 'AKIA123',
      maxMbps: 12.5,
      trashAfterDays: 30,
    });
    expect(uploadFormValues(reading.settings).trashAfterDays).toBe('30');
  });

  it('refuses a field that does not read well with words that say what to type, and keeps the other fields', () => {
    const before: UploadSettings = { ...saved, endpoint: 'https://s3.example.org', bucket: 'old' };
    const reading = readUploadForm(typed({ endpoint: 's3.example.org', bucket: 'new-bucket', teacher: 'Ms Li' }), before);
    expect(Object.keys(reading.problems)).toEqual(['endpoint']);
    expect(reading.settings.endpoint).toBe('https://s3.example.org');
    expect(reading.settings.bucket).toBe('new-bucket');
    expect(reading.settings.teacher).toBe('Ms Li');
    expect(say(reading.problems.endpoint!)).toBe('Type the server address starting with http:// or https://, e.g. https://s3.eu-west-1.amazonaws.com.');
  });

  it('says each kind of bad input, in English and in Chinese', () => {
    const reading = readUploadForm(
      typed({ bucket: 'b'.repeat(64), school: 'a\tb', keyPrefix: '{school}/{Teacher}/', maxMbps: 'fast', trashAfterDays: '2.5' }),
      saved,
    );
    const words = Object.fromEntries(Object.entries(reading.problems).map(([field, problem]) => [field, say(problem)]));
    expect(words).toEqual({
      bucket: 'Bucket: at most 63 characters.',
      school: 'School holds a character that cannot be used (a tab or a line break).',
      keyPrefix: '{Teacher} is not one of the words that are filled in ({school} {teacher} {YYYY} {MM} {DD}): check its spelling.',
      maxMbps: 'Upload speed limit (megabits per second): type a number from 0 to 10000.',
      trashAfterDays: 'Free space: move lessons to the trash after (days): type a whole number from 0 to 3650.',
    });
    expect(reading.settings).toEqual(saved);
    expect(readUploadForm(typed({ maxMbps: '' }), saved).problems.maxMbps).toBeDefined();
    expect(readUploadForm(typed({ trashAfterDays: '3651' }), saved).problems.trashAfterDays).toBeDefined();

    setLanguage('zh-CN');
    for (const problem of Object.values(reading.problems)) {
      const text = say(problem);
      expect(text).toMatch(/[\u4e00-\u9fff]/);
      expect(text).not.toMatch(/\{(field|max|min|word|words)\}/);
    }
    expect(say(reading.problems.bucket!)).toBe('存储桶（Bucket）最多只能有 63 个字符。');
  });

  it('limits each box to the length main takes', () => {
    expect(maxLengthOf('bucket')).toBe(63);
    expect(maxLengthOf('endpoint')).toBe(500);
    expect(maxLengthOf('maxMbps')).toBeUndefined();
  });
});
