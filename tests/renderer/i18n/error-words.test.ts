import { describe, expect, it } from 'vitest';
import { ERROR_CODES, FINISH_PROBLEM_CODES, NOTICE_CODES, type Notice } from '../../../common/ipc-contract';
import { deviceErrorWords, errorWords, noticeWords, problemWords } from '../../../renderer/i18n/error-words';
import { say, setLanguage } from '../../../renderer/i18n/i18n';

/** Whatever main may fill in, so no placeholder is left unfilled. */
const PARAMS = {
  folder: '/media/usb/Lessons',
  fallback: '/home/t/.config/Classroom Recorder/recordings/x',
  savedIn: '/home/t/Saved lessons',
  minutesLeft: 12,
  detail: 'EIO',
  fileName: 'Maths 2026-12-01 10-00.mp4',
  keptIn: '/home/t/x',
  problem: 'disk-full',
  title: '7B Maths',
  startsAt: '2026-12-07T08:00:00.000Z',
  endsAt: '2026-12-07T08:45:00.000Z',
  reason: 'closed',
  inProgress: 0,
};

function everyWording(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const code of NOTICE_CODES) {
    const notice: Notice = { level: 'info', code, params: PARAMS, message: 'English, for logs', problem: { code: 'ffmpeg-failed', detail: 'x' } };
    out.push([`notice ${code}`, say(noticeWords(notice))]);
  }
  for (const [reason, inProgress] of [
    ['asleep', 0],
    ['asleep', 1],
    ['closed', 1],
  ] as const) {
    const notice: Notice = { level: 'warning', code: 'timetable-missed', params: { ...PARAMS, reason, inProgress }, message: 'English, for logs' };
    out.push([`notice timetable-missed ${reason} ${inProgress}`, say(noticeWords(notice))]);
  }
  for (const code of ERROR_CODES) out.push([`error ${code}`, say(errorWords({ code, message: 'English, for logs', params: PARAMS }))]);
  for (const problem of ['disk-full', 'folder-gone', 'disk-almost-full', 'io']) {
    out.push([`write ${problem}`, say(errorWords({ code: 'write-failed', message: 'x', params: { problem, detail: 'EIO' } }))]);
  }
  for (const code of FINISH_PROBLEM_CODES) out.push([`problem ${code}`, say(problemWords({ code, folder: '/media/usb', detail: 'x' }, '/home/t/x'))]);
  for (const name of ['NotAllowedError', 'NotFoundError', 'NotReadableError', 'OverconstrainedError', 'AbortError']) {
    out.push([`device ${name}`, say(deviceErrorWords(Object.assign(new Error('Permission denied'), { name })))]);
  }
  return out;
}

describe('main speaks in codes; the page has words for every one', () => {
  it('in Chinese: every notice, error, finishing problem and device refusal is Chinese, with nothing left to fill in', () => {
    setLanguage('zh-CN');
    for (const [what, text] of everyWording()) {
      expect(text, what).toMatch(/[\u4e00-\u9fff]/);
      expect(text, what).not.toMatch(/\{\w+\}/);
      expect(text, what).not.toContain('English, for logs');
      expect(text, what).not.toContain('Permission denied');
    }
    setLanguage('en');
  });

  it('in English the same, and main’s own sentence is never shown', () => {
    setLanguage('en');
    for (const [what, text] of everyWording()) {
      expect(text.length, what).toBeGreaterThan(10);
      expect(text, what).not.toMatch(/\{\w+\}/);
      expect(text, what).not.toContain('English, for logs');
    }
    expect(say(errorWords({ code: 'write-failed', message: 'x', params: { problem: 'disk-full' } }))).toContain('disk is full');
    expect(say(noticeWords({ level: 'warning', code: 'disk-low', params: { minutesLeft: 12 }, message: 'x' }))).toContain('about 12 minutes');
    // A missed period: which one, its times as the clock shows them, and whether Record can catch the rest.
    const missed = (reason: string, inProgress: number) =>
      say(noticeWords({ level: 'warning', code: 'timetable-missed', params: { ...PARAMS, reason, inProgress }, message: 'x' }));
    const from = new Date(PARAMS.startsAt).toLocaleTimeString('en', { hour: '2-digit', minute: '2-digit' });
    expect(missed('closed', 0)).toBe(
      `7B Maths (${from}–${new Date(PARAMS.endsAt).toLocaleTimeString('en', { hour: '2-digit', minute: '2-digit' })}) was not recorded: Classroom Recorder was not open when it began.`,
    );
    expect(missed('asleep', 0)).toContain('the computer was asleep');
    expect(missed('asleep', 1)).toContain('Press Record to record the rest');
  });
});
