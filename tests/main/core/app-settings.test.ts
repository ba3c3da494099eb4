import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ErrorCode, HotkeyCommand, Result } from '../../../common/ipc-contract';
import type { DesktopPlatform } from '../../../main/core/desktop/accelerator';
import { autostartEntry, setLinuxAutostart } from '../../../main/core/desktop/linux-autostart';
import { createIpcHandlers } from '../../../main/core/ipc-handlers';
import { RecorderService } from '../../../main/core/recorder-service';
import { SettingsStore } from '../../../main/core/storage/settings-store';
import { makeTempDir } from '../../helpers/media';

/** The real service and handlers; `desktop` records what would reach Electron (absent = browser mode). */
async function setup(options: { desktop?: boolean; platform?: DesktopPlatform; osRefuses?: string[] } = {}) {
  const stateDir = await makeTempDir('state');
  const settings = await SettingsStore.open(stateDir, path.join(stateDir, 'Lessons'));
  const registered: Array<Partial<Record<HotkeyCommand, string>>> = [];
  const launches: boolean[] = [];
  const service = new RecorderService({
    stateDir,
    settings,
    ffmpeg: { available: false, problem: 'not needed here' },
    chooseFolder: async () => undefined,
    showItemInFolder: () => undefined,
    emit: () => undefined,
    platform: options.platform ?? 'win32',
    desktop:
      options.desktop === false
        ? undefined
        : {
            applyHotkeys: (bindings) => {
              registered.push(bindings);
              return (Object.entries(bindings) as Array<[HotkeyCommand, string]>).filter(([, a]) => options.osRefuses?.includes(a)).map(([c]) => c);
            },
            applyLaunch: ({ openAtLogin }) => launches.push(openAtLogin),
          },
  });
  const handlers = createIpcHandlers(service);
  /** The hotkeys as the one settings file holds them. */
  const desktopJson = async () => ({ hotkeys: JSON.parse(await fs.readFile(path.join(stateDir, 'settings.json'), 'utf8')).hotkeys as unknown });
  return { stateDir, service, handlers, registered, launches, desktopJson };
}

function codeOf(result: Result<unknown>): ErrorCode | 'ok' {
  return result.ok ? 'ok' : result.error.code;
}

describe('settings:update', () => {
  it('stores quality, the welcome flag and the launch choices, which survive a restart; open at login reaches the OS once', async () => {
    const { handlers, launches, stateDir } = await setup();
    const state = await handlers['app:get-state']([]);
    expect(state.ok && [state.value.settings.welcomeDone, state.value.settings.quality, state.value.platform, state.value.desktopApp]).toEqual([
      false,
      '1080p',
      'win32',
      true,
    ]);

    const updated = await handlers['settings:update']([{ quality: '720p', welcomeDone: true, openAtLogin: true, startMinimized: true }]);
    expect(updated.ok && updated.value).toMatchObject({ quality: '720p', welcomeDone: true, openAtLogin: true, startMinimized: true });
    await handlers['settings:update']([{ quality: '720p' }]);
    expect(launches).toEqual([true]);

    const reopened = await SettingsStore.open(stateDir, '/unused');
    expect(reopened.forRenderer()).toMatchObject({ quality: '720p', welcomeDone: true, openAtLogin: true, startMinimized: true });
  });

  it('refuses anything but the four fields with their types, and changes nothing', async () => {
    const { handlers, stateDir } = await setup();
    const cases: unknown[][] = [
      [],
      [{}],
      [{ quality: '4k' }],
      [{ quality: 1080 }],
      [{ welcomeDone: 'yes' }],
      [{ openAtLogin: 1 }],
      [{ startMinimized: null }],
      [{ saveFolder: '/etc' }],
      [{ ffmpegPath: '/tmp/evil' }],
      [{ quality: '720p', plannedLessonMinutes: 5 }],
      [{ quality: '720p' }, 'extra'],
      [null],
      [['720p']],
    ];
    for (const args of cases) expect(codeOf(await handlers['settings:update'](args)), JSON.stringify(args)).toBe('invalid-request');
    await expect(fs.access(path.join(stateDir, 'settings.json'))).rejects.toThrow();
  });
});

describe('hotkeys:get and hotkeys:set', () => {
  it('answers the defaults, then a changed hotkey: canonical, registered, written to the settings, and off with null', async () => {
    const { handlers, registered, desktopJson } = await setup();
    const initial = await handlers['hotkeys:get']([]);
    expect(initial.ok && initial.value).toEqual({
      bindings: { 'toggle-recording': 'CommandOrControl+Shift+F9', 'toggle-pause': 'CommandOrControl+Shift+F10', 'mark-part': 'CommandOrControl+Shift+F11' },
      editable: true,
    });

    const set = await handlers['hotkeys:set']([{ command: 'toggle-recording', accelerator: 'ctrl+alt+r' }]);
    expect(set.ok && set.value).toEqual({
      state: {
        bindings: { 'toggle-recording': 'Control+Alt+R', 'toggle-pause': 'CommandOrControl+Shift+F10', 'mark-part': 'CommandOrControl+Shift+F11' },
        editable: true,
      },
    });
    expect(registered.at(-1)).toEqual({
      'toggle-recording': 'Control+Alt+R',
      'toggle-pause': 'CommandOrControl+Shift+F10',
      'mark-part': 'CommandOrControl+Shift+F11',
    });
    expect(await desktopJson()).toEqual({ hotkeys: { 'toggle-recording': 'Control+Alt+R' } });

    const off = await handlers['hotkeys:set']([{ command: 'toggle-pause', accelerator: null }]);
    expect(off.ok && off.value.state.bindings['toggle-pause']).toBeNull();
    expect(registered.at(-1)).toEqual({ 'toggle-recording': 'Control+Alt+R', 'mark-part': 'CommandOrControl+Shift+F11' });
    expect(await desktopJson()).toEqual({ hotkeys: { 'toggle-recording': 'Control+Alt+R', 'toggle-pause': null } });
    const again = await handlers['hotkeys:get']([]);
    expect(again.ok && again.value.bindings).toEqual({ 'toggle-recording': 'Control+Alt+R', 'toggle-pause': null, 'mark-part': 'CommandOrControl+Shift+F11' });
  });

  it('refuses, with the reason, shortcuts that are not keys, that people type, that others use, or that we use twice', async () => {
    const { handlers, registered } = await setup();
    const refusal = async (command: HotkeyCommand, accelerator: string) => {
      const answer = await handlers['hotkeys:set']([{ command, accelerator }]);
      if (!answer.ok) throw new Error(answer.error.message);
      // A refused change leaves the hotkeys as they were.
      expect(answer.value.state.bindings['toggle-recording']).toBe('CommandOrControl+Shift+F9');
      return answer.value.refusal;
    };
    expect(await refusal('toggle-recording', 'Ctrl+Banana')).toMatchObject({ kind: 'invalid' });
    expect(await refusal('toggle-recording', 'Shift+A')).toMatchObject({ kind: 'unfit' });
    expect(await refusal('toggle-recording', 'MediaPlayPause')).toMatchObject({ kind: 'unfit' });
    expect(await refusal('toggle-recording', 'Alt+R')).toMatchObject({ kind: 'app', with: 'Zoom: start/stop local recording' });
    expect(await refusal('toggle-recording', 'Alt+F4')).toMatchObject({ kind: 'reserved' });
    expect(await refusal('toggle-recording', 'Ctrl+S')).toMatchObject({ kind: 'typing' });
    expect(await refusal('toggle-recording', 'CommandOrControl+Shift+F10')).toMatchObject({ kind: 'duplicate' });
    expect(await refusal('toggle-pause', 'Control+Shift+F9')).toMatchObject({ kind: 'duplicate' });
    expect(registered).toEqual([]);
  });

  it('a shortcut the OS will not register is refused and the previous hotkeys are registered again', async () => {
    const { handlers, registered, stateDir } = await setup({ osRefuses: ['Control+Alt+F9'] });
    const answer = await handlers['hotkeys:set']([{ command: 'toggle-recording', accelerator: 'Control+Alt+F9' }]);
    expect(answer.ok && answer.value.refusal?.kind).toBe('os-refused');
    expect(registered.at(-1)).toEqual({
      'toggle-recording': 'CommandOrControl+Shift+F9',
      'toggle-pause': 'CommandOrControl+Shift+F10',
      'mark-part': 'CommandOrControl+Shift+F11',
    });
    // Nothing was stored: the settings file, if there is one yet, names no hotkey.
    const stored = await fs.readFile(path.join(stateDir, 'settings.json'), 'utf8').then(
      (text) => JSON.parse(text).hotkeys,
      () => undefined,
    );
    expect(stored ?? {}).toEqual({});
  });

  it('in browser mode they are read-only: shown, not editable, and a change is refused as unsupported', async () => {
    const { handlers } = await setup({ desktop: false });
    const state = await handlers['app:get-state']([]);
    expect(state.ok && state.value.desktopApp).toBe(false);
    const hotkeys = await handlers['hotkeys:get']([]);
    expect(hotkeys.ok && hotkeys.value.editable).toBe(false);
    expect(codeOf(await handlers['hotkeys:set']([{ command: 'toggle-pause', accelerator: 'Control+Alt+P' }]))).toBe('unsupported');
  });

  it('refuses malformed requests', async () => {
    const { handlers } = await setup();
    const cases: unknown[][] = [
      [],
      [{ command: 'toggle-recording' }],
      [{ command: 'stop-recording', accelerator: 'Control+Alt+S' }],
      [{ command: 'toggle-recording', accelerator: 42 }],
      [{ command: 'toggle-recording', accelerator: 'x'.repeat(101) }],
      [{ command: 'toggle-recording', accelerator: 'Control+Alt+S', global: true }],
      [{ command: 'toggle-recording', accelerator: 'Control+Alt+S' }, 'extra'],
    ];
    for (const args of cases) expect(codeOf(await handlers['hotkeys:set'](args)), JSON.stringify(args)).toBe('invalid-request');
    expect(codeOf(await handlers['hotkeys:get'](['extra']))).toBe('invalid-request');
  });
});

describe('open at login on Linux (XDG autostart)', () => {
  it('writes an entry that runs the app, quoting a path with spaces, and removes it again', async () => {
    const configHome = await makeTempDir('xdg-config');
    const file = path.join(configHome, 'autostart', 'classroom-recorder.desktop');
    await setLinuxAutostart(configHome, true, '/opt/Classroom Recorder/classroom-recorder', 'Classroom Recorder');
    const text = await fs.readFile(file, 'utf8');
    expect(text).toContain('[Desktop Entry]\nType=Application\nName=Classroom Recorder\n');
    expect(text).toContain('Exec="/opt/Classroom Recorder/classroom-recorder"\n');
    expect(autostartEntry('/home/t/Apps/Recorder.AppImage', 'Classroom Recorder')).toContain('Exec=/home/t/Apps/Recorder.AppImage\n');
    expect(autostartEntry('/x/a"$b', 'A')).toContain('Exec="/x/a\\"\\$b"');
    await setLinuxAutostart(configHome, false, '/unused', 'Classroom Recorder');
    await expect(fs.access(file)).rejects.toThrow();
    // Turning off what was never on is fine.
    await setLinuxAutostart(configHome, false, '/unused', 'Classroom Recorder');
  });
});
