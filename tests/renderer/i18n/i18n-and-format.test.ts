import { describe, expect, it } from 'vitest';
import { pickLanguage, setLanguage, t } from '../../../renderer/i18n/i18n';
import { catalogs, en } from '../../../renderer/i18n/messages';
import { levelFromSamples } from '../../../renderer/ui/audio-level';
import { formatClock, hoursOfRecording } from '../../../renderer/ui/format';

describe('every language has every message', () => {
  for (const [language, messages] of Object.entries(catalogs)) {
    it(`${language} has exactly the English keys, each non-empty, with the same placeholders`, () => {
      expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(messages)) {
        expect(text.trim(), key).not.toBe('');
        const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        expect(placeholders(text), key).toEqual(placeholders(en[key as keyof typeof en]));
      }
    });
  }

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
