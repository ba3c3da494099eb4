import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../../../renderer/i18n/i18n';
import { receiptLines } from '../../../renderer/ui/recording-receipt';

const clean = { pauses: 0, pausedSeconds: 0, stallsHealed: 0, pageRestarts: 0, secondsMissing: 0.4, silentSeconds: 0, framesDropped: 0 };

afterEach(() => setLanguage('en'));

describe('the receipt on the lesson card', () => {
  it('says in one sentence that all went well, pauses being no problem; the normal fraction of a second at the ends is not a loss', () => {
    expect(receiptLines(clean)).toEqual(['Recorded without a problem.']);
    expect(receiptLines({ ...clean, pauses: 1, pausedSeconds: 75 })).toEqual(['Recorded without a problem.', 'Paused once (00:01:15).']);
    // A few frames lost is a hiccup no one sees.
    expect(receiptLines({ ...clean, framesDropped: 12 })).toEqual(['Recorded without a problem.']);
  });

  it('names each thing that went wrong, counted, and how much of the lesson the video lacks', () => {
    expect(
      receiptLines({ pauses: 2, pausedSeconds: 30, stallsHealed: 2, pageRestarts: 1, secondsMissing: 11.6, silentSeconds: 95.2, framesDropped: 140 }),
    ).toEqual([
      '2 times the recorder stopped giving sound and picture; the app started it again by itself each time.',
      'The app’s page restarted once and went on recording.',
      'About 12 seconds of the lesson are not in the video.',
      'The computer was too busy: at least 140 frames of the picture were lost, so the video stutters in places.',
      'The microphone gave no sound for 00:01:35 in all.',
      'Paused 2 times (00:00:30 in all).',
    ]);
  });

  it('speaks Chinese', () => {
    setLanguage('zh-CN');
    expect(receiptLines(clean)).toEqual(['录制过程一切正常。']);
    expect(receiptLines({ pauses: 3, pausedSeconds: 90, stallsHealed: 1, pageRestarts: 0, secondsMissing: 5.2, silentSeconds: 12, framesDropped: 31 })).toEqual(
      [
        '录制器有 1 次没有输出声音和画面，应用已自动重新开始录制。',
        '视频中缺少大约 5 秒的课程内容。',
        '电脑当时太忙：至少丢失了 31 帧画面，视频有些地方会卡顿。',
        '麦克风共有 00:00:12 没有声音。',
        '暂停了 3 次（共 00:01:30）。',
      ],
    );
  });
});
