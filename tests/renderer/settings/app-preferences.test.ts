import { describe, expect, it } from 'vitest';
import { DEFAULT_APP_PREFERENCES, parseAppPreferences } from '../../../renderer/settings/app-preferences';
import { formatSize } from '../../../renderer/ui/format';

describe('app preferences', () => {
  it('keeps valid stored choices and defaults anything else', () => {
    expect(parseAppPreferences(null)).toEqual(DEFAULT_APP_PREFERENCES);
    expect(parseAppPreferences('{oops')).toEqual(DEFAULT_APP_PREFERENCES);
    expect(parseAppPreferences('{"language":"zh-CN","countdown":false}')).toEqual({ language: 'zh-CN', countdown: false });
    expect(parseAppPreferences('{"language":"klingon","countdown":"yes"}')).toEqual(DEFAULT_APP_PREFERENCES);
  });

  it('sizes lessons in MB and GB', () => {
    expect(formatSize(1_536_000)).toBe('1.5 MB');
    expect(formatSize(2_300_000_000)).toBe('2.3 GB');
  });
});
