import { describe, expect, it } from 'vitest';
import { catalogs, en, fillIn, pickLanguage, resolveLanguage } from '../../../common/i18n/messages';
import { mainStringsFor } from '../../../main/core/desktop/main-strings';

/** Texts that are the same in every language: nothing but a placeholder. */
const SAME_IN_EVERY_LANGUAGE = new Set(['plainReason']);

describe('one catalogue per language, for every process', () => {
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

  it('says everything in Chinese in Chinese: no text left in English', () => {
    for (const [key, text] of Object.entries(catalogs['zh-CN'])) {
      if (SAME_IN_EVERY_LANGUAGE.has(key)) continue;
      expect(text, key).not.toBe(en[key as keyof typeof en]);
      expect(text, key).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('picks the language by one rule in every process, so tray, dialogs, file names and window agree', () => {
    expect(pickLanguage(['zh-CN', 'en'])).toBe('zh-CN');
    expect(pickLanguage(['zh-Hans-CN'])).toBe('zh-CN');
    expect(pickLanguage(['ZH-tw'])).toBe('zh-CN');
    expect(pickLanguage(['de-DE', 'en-US'])).toBe('en');
    expect(pickLanguage(['zhx'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
    expect(resolveLanguage('system', ['zh-CN'])).toBe('zh-CN');
    expect(resolveLanguage('en', ['zh-CN'])).toBe('en');
    expect(mainStringsFor('zh-CN').menuQuit).toBe('退出');
    expect(mainStringsFor('en').menuQuit).toBe('Quit');
    expect(fillIn(en.quitWhileRecordingDetail, { recovered: en.recoveredSuffix })).toContain('“(recovered)”');
  });
});
