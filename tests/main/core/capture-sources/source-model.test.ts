import { describe, expect, it } from 'vitest';
import {
  boundedImage,
  cleanSourceName,
  findByKey,
  isOwnWindow,
  MAX_IMAGE_CHARS,
  MAX_NAME_CHARS,
  MAX_SOURCES,
  parseSourceKey,
  pickerEntries,
  sourceKey,
  type RawCaptureSource,
} from '../../../../main/core/capture-sources/source-model';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==';
const win = (n: number, name: string, extra: Partial<RawCaptureSource> = {}): RawCaptureSource => ({
  id: `window:${n}:0`,
  name,
  display_id: '',
  thumbnail: PNG,
  ...extra,
});
const scr = (n: number, name: string, displayId: string): RawCaptureSource => ({ id: `screen:${n}:0`, name, display_id: displayId, thumbnail: PNG });

describe('the picker model built from desktopCapturer sources', () => {
  it('lists screens first, then windows, each in the system’s order, and leaves the app’s own window out', () => {
    const sources = [win(7, 'Slides'), scr(0, 'Entire screen', '11'), win(42, 'Classroom Recorder'), scr(1, 'Screen 2', '12'), win(8, 'Notes')];
    const entries = pickerEntries(sources, { ownWindowIds: ['window:42:0'] });
    expect(entries.map((e) => [e.kind, e.name])).toEqual([
      ['screen', 'Entire screen'],
      ['screen', 'Screen 2'],
      ['window', 'Slides'],
      ['window', 'Notes'],
    ]);
    // The option to keep it: the app's own window is then offered like any other.
    expect(pickerEntries(sources, { ownWindowIds: ['window:42:0'], leaveOwnWindowOut: false }).map((e) => e.name)).toContain('Classroom Recorder');
  });

  it('recognises the own window on its native id whatever the trailing index, and never a screen', () => {
    expect(isOwnWindow('window:42:0', ['window:42:1'])).toBe(true);
    expect(isOwnWindow('window:421:0', ['window:42:0'])).toBe(false);
    expect(isOwnWindow('screen:42:0', ['window:42:0'])).toBe(false);
    expect(isOwnWindow('window:42:0', [])).toBe(false);
  });

  it('drops sources of unknown kinds and caps how many are offered', () => {
    expect(pickerEntries([{ id: 'web-contents-media-stream://1', name: 'tab', display_id: '' }])).toEqual([]);
    const many = Array.from({ length: MAX_SOURCES + 20 }, (_, i) => win(i, `W${i}`));
    expect(pickerEntries([...many, scr(0, 'Screen', '1')])).toHaveLength(MAX_SOURCES);
    expect(pickerEntries([...many, scr(0, 'Screen', '1')])[0]!.kind).toBe('screen');
  });

  it('cleans names: no control or bidi characters, whitespace collapsed, long titles cut', () => {
    expect(cleanSourceName('  Slides\t—\n  Impress ')).toBe('Slides — Impress');
    expect(cleanSourceName('invoice\u202Efdp.exe')).toBe('invoice fdp.exe');
    expect(cleanSourceName('a\u0000b\u200Bc')).toBe('a b c');
    const long = cleanSourceName('x'.repeat(500));
    expect(long).toHaveLength(MAX_NAME_CHARS);
    expect(long.endsWith('…')).toBe(true);
    expect(cleanSourceName(' \u200E ')).toBe('');
  });

  it('keeps only PNG data URLs with a picture, of bounded size', () => {
    expect(boundedImage(PNG)).toBe(PNG);
    expect(boundedImage('data:image/png;base64,')).toBeUndefined(); // NativeImage.createEmpty().toDataURL()
    expect(boundedImage(undefined)).toBeUndefined();
    expect(boundedImage('data:image/svg+xml;base64,PHN2Zz4=')).toBeUndefined();
    expect(boundedImage('data:image/png;base64,"><script>')).toBeUndefined();
    expect(boundedImage(`data:image/png;base64,${'A'.repeat(MAX_IMAGE_CHARS)}`)).toBeUndefined();
    const entry = pickerEntries([win(1, 'Big', { thumbnail: `data:image/png;base64,${'A'.repeat(MAX_IMAGE_CHARS)}`, appIcon: PNG })])[0]!;
    expect(entry.thumbnail).toBeUndefined();
    expect(entry.appIcon).toBe(PNG);
  });
});

describe('the remembered choice', () => {
  it('finds a screen again by its display, even when Electron numbers the screens differently after a relaunch', () => {
    const key = sourceKey(scr(0, 'Screen 1', '12'))!;
    expect(key).toEqual({ kind: 'screen', displayId: '12', name: 'Screen 1' });
    const relaunched = [scr(0, 'Screen 1', '11'), scr(1, 'Screen 2', '12')];
    expect(findByKey(relaunched, key)).toBe(relaunched[1]);
    expect(findByKey([scr(0, 'Screen 1', '11')], key)).toBeUndefined();
  });

  it('finds a screen by name where no display id is given (Linux), and a window by its title, never across kinds', () => {
    expect(findByKey([scr(3, 'Screen 1', ''), scr(4, 'Screen 2', '')], { kind: 'screen', displayId: '', name: 'Screen 2' })?.id).toBe('screen:4:0');
    const key = sourceKey(win(501, ' Fractions —  Slides '))!;
    expect(key).toEqual({ kind: 'window', name: 'Fractions — Slides' });
    expect(findByKey([scr(0, 'Fractions — Slides', '1'), win(777, 'Fractions — Slides')], key)?.id).toBe('window:777:0');
    expect(findByKey([win(777, 'Fractions — Exercises')], key)).toBeUndefined();
  });

  it('reads back only a well-formed key', () => {
    expect(parseSourceKey({ kind: 'window', name: 'Slides' })).toEqual({ kind: 'window', name: 'Slides' });
    expect(parseSourceKey({ kind: 'screen', displayId: '12', name: 'Screen 1' })).toEqual({ kind: 'screen', displayId: '12', name: 'Screen 1' });
    for (const bad of [
      undefined,
      null,
      'window',
      { kind: 'screen', name: 'no display' },
      { kind: 'tab', name: 'x' },
      { kind: 'window', name: 'x'.repeat(MAX_NAME_CHARS + 1) },
    ]) {
      expect(parseSourceKey(bad)).toBeUndefined();
    }
  });
});
