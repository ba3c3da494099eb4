import { describe, expect, it } from 'vitest';
import { pickLanguage, setLanguage, t } from '../../../renderer/i18n/i18n';
import { levelFromSamples } from '../../../renderer/ui/audio-level';
import { formatClock, hoursOfRecording, parseLessonTime } from '../../../renderer/ui/format';

describe('the renderer speaks the chosen language', () => {
  it('follows the OS language and fills placeholders', () => {
    expect(pickLanguage(['zh-CN', 'en'])).toBe('zh-CN');
    expect(pickLanguage(['zh-Hans-CN'])).toBe('zh-CN');
    expect(pickLanguage(['de-DE', 'en-US'])).toBe('en');
    setLanguage('zh-CN');
    expect(t('record')).toBe('录制');
    expect(t('announceSaved', { fileName: 'a.mp4' })).toBe('课程已保存为 a.mp4');
    setLanguage('en');
    expect(t('announceSaved', { fileName: 'a.mp4' })).toBe('Lesson saved as a.mp4');
  });
});

describe('display helpers', () => {
  it('formats the recording clock', () => {
    expect(formatClock(0)).toBe('00:00:00');
    expect(formatClock(3725.9)).toBe('01:02:05');
    expect(formatClock(-3)).toBe('00:00:00');
  });

  it('reads a time in the lesson as typed, the clock’s own form and a Chinese input method’s included', () => {
    expect(parseLessonTime(formatClock(3725))).toBe(3725);
    expect(parseLessonTime('62:05')).toBe(3725);
    expect(parseLessonTime(' 5:00 ')).toBe(300);
    expect(parseLessonTime('300')).toBe(300);
    expect(parseLessonTime('0:02.5')).toBe(2.5);
    expect(parseLessonTime('５：００')).toBe(300);
    for (const bad of ['', '5:', 'five', '-1:00', '1:2:3:4', '1,5']) expect(parseLessonTime(bad), bad).toBeUndefined();
  });

  it('estimates hours of recording from free space', () => {
    // 6 Mb/s = 2.7 GB per hour
    expect(hoursOfRecording(2.7e9, 6_000_000)).toBe(1);
    expect(hoursOfRecording(0, 6_000_000)).toBe(0);
  });

  it('measures audio level: silence is 0, a loud tone fills the meter', () => {
    expect(levelFromSamples(new Float32Array(1024))).toBe(0);
    const loud = Float32Array.from({ length: 1024 }, (_, i) => Math.sin(i / 5) * 0.9);
    expect(levelFromSamples(loud)).toBe(1);
    const quiet = Float32Array.from({ length: 1024 }, (_, i) => Math.sin(i / 5) * 0.01);
    expect(levelFromSamples(quiet)).toBeGreaterThan(0);
    expect(levelFromSamples(quiet)).toBeLessThan(0.5);
  });
});
