import { afterEach, describe, expect, it } from 'vitest';
import { UPLOAD_PROBLEMS, type UploadStatus } from '../../../common/ipc-contract';
import { catalogs, LANGUAGES } from '../../../common/i18n/messages';
import { say, setLanguage } from '../../../renderer/i18n/i18n';
import { secretWords, UPLOAD_PROBLEM_KEYS, uploadBadgeWords, uploadProblemWords, uploadQueueWords, uploadTestWords } from '../../../renderer/ui/upload-words';

afterEach(() => setLanguage('en'));

const status = (change: Partial<UploadStatus>): UploadStatus => ({ pending: 0, failed: 0, lessons: [], secret: 'none', ...change });
const queue = (change: Partial<UploadStatus>) => uploadQueueWords(status(change)).map(say);

describe('every reason an upload fails, in every language', () => {
  for (const language of LANGUAGES) {
    it(`${language}: each UploadProblem has words of its own in the catalogue, with nothing left to fill in`, () => {
      setLanguage(language);
      const said = new Set<string>();
      for (const problem of UPLOAD_PROBLEMS) {
        const key = UPLOAD_PROBLEM_KEYS[problem];
        // Straight from the language's own catalogue: t() would fall back to English and hide a gap.
        expect(catalogs[language][key], `${problem} in ${language}`).toBeTruthy();
        const text = say(uploadProblemWords(problem));
        expect(text, problem).not.toMatch(/\{\w+\}/);
        if (language === 'zh-CN') expect(text, problem).toMatch(/[\u4e00-\u9fff]/);
        said.add(text);
      }
      expect(said.size, 'one sentence per problem').toBe(UPLOAD_PROBLEMS.length);
    });
  }

  it('says plainly what to do about a clock that is off, and names the fields to check', () => {
    expect(say(uploadProblemWords('clock-off'))).toContain('this computer’s clock is off; set the right time');
    expect(say(uploadProblemWords('wrong-key'))).toContain('access key ID or the secret key');
    setLanguage('zh-CN');
    expect(say(uploadProblemWords('clock-off'))).toContain('这台电脑的时钟不准，请把时间调准');
  });
});

describe('the badge of a lesson in the list', () => {
  it('says waiting, the percent sent (whole, never past 100), on the school’s storage, or not uploaded and why', () => {
    expect(say(uploadBadgeWords({ state: 'waiting' }))).toBe('Waiting to upload');
    expect(say(uploadBadgeWords({ state: 'uploading', percent: 42.7 }))).toBe('Uploading: 42 %');
    expect(say(uploadBadgeWords({ state: 'uploading', percent: 100.4 }))).toBe('Uploading: 100 %');
    expect(say(uploadBadgeWords({ state: 'uploaded' }))).toBe('On the school’s storage');
    expect(say(uploadBadgeWords({ state: 'failed', problem: 'no-such-bucket' }))).toBe(
      'Not uploaded: the server has no bucket of that name. Check the bucket’s name.',
    );
  });

  it('speaks Chinese', () => {
    setLanguage('zh-CN');
    expect(say(uploadBadgeWords({ state: 'waiting' }))).toBe('等待上传');
    expect(say(uploadBadgeWords({ state: 'uploading', percent: 7 }))).toBe('正在上传：7%');
    expect(say(uploadBadgeWords({ state: 'uploaded' }))).toBe('已在学校存储上');
    expect(say(uploadBadgeWords({ state: 'failed', problem: 'missing' }))).toBe('未上传：课程文件已不在原来的文件夹中。');
  });
});

describe('the queue’s line', () => {
  it('counts the lessons waiting (the failed ones apart) and says why nothing is sent; nothing when empty or off', () => {
    expect(queue({})).toEqual([]);
    expect(queue({ pending: 3, pausedBecause: 'off' })).toEqual([]);
    expect(queue({ pending: 1 })).toEqual(['1 lesson waiting to upload']);
    expect(queue({ pending: 3, pausedBecause: 'recording' })).toEqual(['3 lessons waiting to upload: paused while a lesson records']);
    expect(queue({ pending: 2, pausedBecause: 'offline' })).toEqual(['2 lessons waiting to upload: waiting for the network']);
    expect(queue({ pending: 2, pausedBecause: 'not-set-up' })).toEqual(['2 lessons waiting to upload: school storage is not fully set up']);
    expect(queue({ pending: 4, failed: 1 })).toEqual(['3 lessons waiting to upload', '1 lesson could not be uploaded (see Retry in the list)']);
    expect(queue({ pending: 2, failed: 2, pausedBecause: 'offline' })).toEqual(['2 lessons could not be uploaded (see Retry in the list)']);
  });

  it('speaks Chinese', () => {
    setLanguage('zh-CN');
    expect(queue({ pending: 3, pausedBecause: 'recording' })).toEqual(['3 节课等待上传：目前录课期间暂停上传']);
    expect(queue({ pending: 1, pausedBecause: 'offline' })).toEqual(['1 节课等待上传：目前正在等待网络']);
    expect(queue({ pending: 5, failed: 2, pausedBecause: 'not-set-up' })).toEqual([
      '3 节课等待上传：目前学校存储还没有设置完整',
      '2 节课未能上传（可在列表中重试）',
    ]);
  });
});

describe('Test connection and the secret key', () => {
  it('words the answer in the teacher’s language, never the server’s English', () => {
    expect(say(uploadTestWords({ ok: true, endpoint: 'http://127.0.0.1:7480' }))).toBe(
      'The connection works: http://127.0.0.1:7480 answered and the bucket takes lessons.',
    );
    const failed = say(uploadTestWords({ ok: false, problem: 'clock-off', message: 'RequestTimeTooSkewed' }));
    expect(failed).toBe('The connection does not work: this computer’s clock is off; set the right time (the server refuses a computer whose clock is wrong).');
    setLanguage('zh-CN');
    for (const problem of UPLOAD_PROBLEMS) {
      const text = say(uploadTestWords({ ok: false, problem, message: 'English, for logs' }));
      expect(text, problem).toMatch(/^连接不成功：/);
      expect(text, problem).not.toContain('English');
    }
  });

  it('says whether a secret key is stored, and warns when anyone with the disk can read it', () => {
    expect(say(secretWords('none').stored)).toBe('No secret key is stored yet.');
    expect(secretWords('os').warning).toBeUndefined();
    expect(say(secretWords('os').stored)).toMatch(/^A secret key is stored\./);
    expect(say(secretWords('weak').warning!)).toContain('anyone with access to this disk can read');
    setLanguage('zh-CN');
    expect(say(secretWords('weak').warning!)).toContain('任何能访问这块磁盘的人都能读取');
  });
});
