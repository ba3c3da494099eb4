import fs from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaptureSourceList, ErrorCode, Result } from '../../../../common/ipc-contract';
import { CaptureSourcePicker } from '../../../../main/core/capture-sources/source-picker';
import { SettingsStore } from '../../../../main/core/storage/settings-store';
import type { RawCaptureSource } from '../../../../main/core/capture-sources/source-model';
import { fakeDesktopSources } from '../../../helpers/capture-sources';
import { makeTempDir } from '../../../helpers/media';
import { createHarness, okValue } from '../../../helpers/service';

// The app's picker behind the real IPC handlers and RecorderService, fed a desktopCapturer-shaped list with
// real PNG thumbnails (ffmpeg). The Electron side passes desktopCapturer through the same `getSources`.

let desktop: RawCaptureSource[];
const OWN = 'window:900:0';

beforeAll(async () => {
  desktop = await fakeDesktopSources();
});

/** The picker as the desktop app makes it: its choice remembered in the settings store. */
function pickerIn(settings: SettingsStore, sources: () => RawCaptureSource[]) {
  return new CaptureSourcePicker({
    remembered: { get: () => settings.get().captureSource, set: (captureSource) => settings.update({ captureSource }) },
    getSources: async () => sources(),
    ownWindowIds: () => [OWN],
  });
}

async function pickerHarness(stateDir?: string, sources: () => RawCaptureSource[] = () => desktop) {
  const dir = stateDir ?? (await makeTempDir('state'));
  let picker!: CaptureSourcePicker;
  const harness = await createHarness({ stateDir: dir, captureSources: (settings) => (picker = pickerIn(settings, sources)) });
  return { picker, ...harness };
}

async function rememberedIn(stateDir: string): Promise<unknown> {
  return JSON.parse(await fs.readFile(path.join(stateDir, 'settings.json'), 'utf8')).captureSource;
}

function codeOf(result: Result<unknown>): ErrorCode | 'ok' {
  return result.ok ? 'ok' : result.error.code;
}

describe('capture-sources:list and capture-sources:choose', () => {
  it('answers screens then windows with names, kinds and the PNG thumbnails, leaving the app’s window out; ids are opaque', async () => {
    const { handlers } = await pickerHarness();
    expect(okValue(await handlers['app:get-state']([])).canPickCaptureSources).toBe(true);
    const list = okValue(await handlers['capture-sources:list']([]));
    expect(list.sources.map((s) => [s.kind, s.name])).toEqual([
      ['screen', 'Entire screen'],
      ['screen', 'Screen 2'],
      ['window', 'Fractions — Slides'],
      ['window', 'Worksheet.pdf'],
    ]);
    expect(list.chosenId).toBeUndefined();
    for (const [i, item] of list.sources.entries()) {
      expect(item.sourceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(item.thumbnail).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
      expect(JSON.stringify(item)).not.toContain(':0'); // no Electron id leaks
      if (i > 0) expect(item.sourceId).not.toBe(list.sources[i - 1]!.sourceId);
    }
    expect(list.sources[2]!.appIcon).toMatch(/^data:image\/png;base64,/);
    // Bounded payload: five 320x180 thumbnails stay far below a megabyte.
    expect(JSON.stringify(list).length).toBeLessThan(200_000);
  });

  it('accepts only an id from the latest listing, and refuses every other shape', async () => {
    const { handlers, picker } = await pickerHarness();
    const first = okValue(await handlers['capture-sources:list']([]));
    const second = okValue(await handlers['capture-sources:list']([]));
    const choose = (...args: unknown[]) => handlers['capture-sources:choose'](args);
    const worksheet = second.sources.find((s) => s.name === 'Worksheet.pdf')!.sourceId;
    const cases: Array<[unknown[], ErrorCode | 'ok']> = [
      [[{ sourceId: first.sources[0]!.sourceId }], 'unknown-source'], // from an older listing
      [[{ sourceId: '00000000-0000-4000-8000-000000000000' }], 'unknown-source'],
      [[{ sourceId: 'window:502:0' }], 'invalid-request'], // Electron's own id is never accepted
      [[{ sourceId: 'screen:0:0' }], 'invalid-request'],
      [[{ sourceId: 42 }], 'invalid-request'],
      [[{ sourceId: worksheet, display_id: '1' }], 'invalid-request'],
      [[{}], 'invalid-request'],
      [[worksheet], 'invalid-request'],
      [[null], 'invalid-request'],
      [[], 'invalid-request'],
      [[{ sourceId: worksheet }, 'extra'], 'invalid-request'],
    ];
    for (const [args, expected] of cases) {
      const result = await choose(...args);
      expect(codeOf(result), JSON.stringify(args)).toBe(expected);
      if (!result.ok) expect(result.error.message.length).toBeGreaterThan(10);
    }
    expect(await picker.resolve(desktop)).toBeUndefined(); // nothing refused was taken
    expect(codeOf(await handlers['capture-sources:list'](['extra']))).toBe('invalid-request');

    expect(codeOf(await choose({ sourceId: worksheet }))).toBe('ok');
    expect((await picker.resolve(desktop))?.id).toBe('window:502:0');
    expect(okValue(await handlers['capture-sources:list']([])).chosenId).toBeDefined();
  });

  it('remembers the choice across a relaunch: a screen by its display, a window by its title', async () => {
    const stateDir = await makeTempDir('state');
    const before = await pickerHarness(stateDir);
    const list = okValue(await before.handlers['capture-sources:list']([]));
    const screen2 = list.sources.find((s) => s.name === 'Screen 2')!;
    okValue(await before.handlers['capture-sources:choose']([{ sourceId: screen2.sourceId }]));
    expect(await rememberedIn(stateDir)).toEqual({ kind: 'screen', displayId: '2002', name: 'Screen 2' });

    // After the relaunch Electron numbers the screens the other way round; the display id still finds it.
    const renumbered = desktop.map((s) => (s.id === 'screen:0:0' ? { ...s, id: 'screen:1:0' } : s.id === 'screen:1:0' ? { ...s, id: 'screen:0:0' } : s));
    const after = await pickerHarness(stateDir, () => renumbered);
    const relisted: CaptureSourceList = okValue(await after.handlers['capture-sources:list']([]));
    expect(relisted.sources.find((s) => s.sourceId === relisted.chosenId)?.name).toBe('Screen 2');
    expect((await after.picker.resolve(renumbered))?.id).toBe('screen:0:0');

    // A window: its id changes with every launch, its title does not.
    okValue(await after.handlers['capture-sources:choose']([{ sourceId: relisted.sources.find((s) => s.name === 'Fractions — Slides')!.sourceId }]));
    const again = pickerIn(await SettingsStore.open(stateDir, '/unused'), () => []);
    expect((await again.resolve([{ id: 'window:8080:0', name: 'Fractions — Slides', display_id: '' }]))?.id).toBe('window:8080:0');
    expect(await again.resolve([{ id: 'window:8081:0', name: 'Something else', display_id: '' }])).toBeUndefined();
  });

  it('a damaged choice (in the file an older version kept it in) means no choice, not a failure', async () => {
    const stateDir = await makeTempDir('state');
    await fs.writeFile(path.join(stateDir, 'capture-source.json'), '{"kind":"screen",');
    const { handlers, picker } = await pickerHarness(stateDir);
    expect(okValue(await handlers['capture-sources:list']([])).chosenId).toBeUndefined();
    expect(await picker.resolve(desktop)).toBeUndefined();
  });

  it('browser mode (no picker): the channels answer "unsupported" and AppState says the browser asks', async () => {
    const { handlers } = await createHarness();
    expect(okValue(await handlers['app:get-state']([])).canPickCaptureSources).toBe(false);
    expect(codeOf(await handlers['capture-sources:list']([]))).toBe('unsupported');
    expect(codeOf(await handlers['capture-sources:choose']([{ sourceId: '00000000-0000-4000-8000-000000000000' }]))).toBe('unsupported');
  });
});
