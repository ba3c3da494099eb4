import { describe, expect, it } from 'vitest';
import { mainCatalogs, mainStringsFor, pickMainLanguage } from '../../../../main/core/desktop/main-strings';
import { pickLanguage } from '../../../../renderer/i18n/i18n';

describe('main-process strings', () => {
  it('have the same keys in English and Simplified Chinese, none empty or left in English', () => {
    const english = mainCatalogs.en;
    const chinese = mainCatalogs['zh-CN'];
    expect(Object.keys(chinese).sort()).toEqual(Object.keys(english).sort());
    for (const [key, text] of Object.entries(chinese)) {
      expect(text.trim(), key).not.toBe('');
      expect(text, key).not.toBe(english[key as keyof typeof english]);
      expect(text, key).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('pick the language by the same rule as the renderer, so tray and window agree', () => {
    const samples = [['zh-CN'], ['zh'], ['zh-Hans-CN'], ['ZH-tw'], ['en-US'], ['de-DE', 'zh-CN'], ['fr'], [], ['zhx']];
    for (const preferred of samples) expect(pickMainLanguage(preferred), preferred.join(',')).toBe(pickLanguage(preferred));
    expect(mainStringsFor(['zh-CN']).menuQuit).toBe('退出');
    expect(mainStringsFor(['en-GB']).menuQuit).toBe('Quit');
  });
});
