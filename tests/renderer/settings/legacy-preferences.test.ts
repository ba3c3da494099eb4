import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../common/settings';
import { LEGACY_KEYS, legacyPreferences, moveLegacyPreferences } from '../../../renderer/settings/legacy-preferences';
import { formatSize } from '../../../renderer/ui/format';

function storage(values: Record<string, string>) {
  const store = new Map(Object.entries(values));
  return {
    store,
    api: {
      getItem: (key: string) => store.get(key) ?? null,
      setItem: (key: string, value: string) => void store.set(key, value),
      removeItem: (key: string) => void store.delete(key),
    } as unknown as Storage,
  };
}

describe('the page’s choices of older versions move into main’s settings', () => {
  it('keeps each well-formed stored choice and drops the rest', () => {
    const { api } = storage({
      [LEGACY_KEYS.app]: '{"language":"zh-CN","countdown":false}',
      [LEGACY_KEYS.capture]: JSON.stringify({ mode: 'screen', corner: 'middle', pipSize: 7, microphoneGain: 0.5, cameraId: 5 }),
    });
    expect(legacyPreferences(api)).toEqual({
      language: 'zh-CN',
      countdown: false,
      capture: { ...defaultSettings().capture, mode: 'screen', microphoneGain: 0.5 },
    });
    expect(legacyPreferences(storage({ [LEGACY_KEYS.app]: '{"language":"klingon","countdown":"yes"}' }).api)).toEqual({ language: 'system', countdown: true });
    expect(legacyPreferences(storage({ [LEGACY_KEYS.app]: '{oops' }).api)).toBeUndefined();
    expect(legacyPreferences(storage({}).api)).toBeUndefined();
  });

  it('hands them to main once, and removes the old keys only when main has them', async () => {
    const sent: unknown[] = [];
    const refused = storage({ [LEGACY_KEYS.app]: '{"countdown":false}' });
    await moveLegacyPreferences(refused.api, async (change) => (sent.push(change), { ok: false }));
    expect(refused.store.has(LEGACY_KEYS.app)).toBe(true);
    const taken = storage({ [LEGACY_KEYS.app]: '{"countdown":false}' });
    await moveLegacyPreferences(taken.api, async (change) => (sent.push(change), { ok: true }));
    expect(taken.store.size).toBe(0);
    await moveLegacyPreferences(taken.api, async (change) => (sent.push(change), { ok: true }));
    expect(sent).toEqual([{ countdown: false }, { countdown: false }]);
  });

  it('sizes lessons in MB and GB', () => {
    expect(formatSize(1_536_000)).toBe('1.5 MB');
    expect(formatSize(2_300_000_000)).toBe('2.3 GB');
  });
});
