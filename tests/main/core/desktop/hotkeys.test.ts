import { describe, expect, it } from 'vitest';
import type { DesktopPlatform } from '../../../../main/core/desktop/accelerator';
import { globalHotkeyProblem, parseAccelerator } from '../../../../main/core/desktop/accelerator';
import {
  CommandDebouncer,
  DEFAULT_HOTKEYS,
  findHotkeyConflicts,
  HOTKEY_COMMANDS,
  KNOWN_SHORTCUTS,
  resolveHotkeys,
} from '../../../../main/core/desktop/hotkeys';

const PLATFORMS: DesktopPlatform[] = ['darwin', 'win32', 'linux'];

describe('default hotkeys', () => {
  it('are canonical, fit for global use, distinct, and clash with nothing known on any platform', () => {
    for (const platform of PLATFORMS) {
      for (const command of HOTKEY_COMMANDS) {
        const text = DEFAULT_HOTKEYS[command];
        if (text === null) throw new Error(`${command} has no default`);
        const parsed = parseAccelerator(text);
        expect(parsed).toMatchObject({ ok: true, text });
        if (parsed.ok) expect(globalHotkeyProblem(parsed.accelerator, platform)).toBeUndefined();
      }
      expect(findHotkeyConflicts(DEFAULT_HOTKEYS, platform)).toEqual([]);
      expect(resolveHotkeys({}, platform)).toEqual({ bindings: DEFAULT_HOTKEYS, warnings: [] });
    }
  });

  it('every known shortcut in the table parses (a typo there would silently never match)', () => {
    for (const shortcut of KNOWN_SHORTCUTS) expect(parseAccelerator(shortcut.accelerator).ok, shortcut.accelerator).toBe(true);
  });
});

describe('conflict detection', () => {
  it('finds the recording shortcuts of Zoom, PowerPoint and other recorders, per platform', () => {
    const zoomWin = findHotkeyConflicts({ 'toggle-recording': 'Alt+R', 'toggle-pause': 'alt+p' }, 'win32');
    expect(zoomWin.map((c) => [c.command, c.kind, c.with])).toEqual([
      ['toggle-recording', 'app', 'Zoom: start/stop local recording'],
      ['toggle-pause', 'app', 'Zoom: pause/resume recording'],
    ]);
    // CommandOrControl+Shift+R is Zoom's on a Mac only.
    expect(findHotkeyConflicts({ 'toggle-recording': 'CmdOrCtrl+Shift+R', 'toggle-pause': null }, 'darwin')[0]?.with).toMatch(/Zoom/);
    expect(findHotkeyConflicts({ 'toggle-recording': 'CmdOrCtrl+Shift+R', 'toggle-pause': null }, 'win32')).toEqual([]);
    expect(findHotkeyConflicts({ 'toggle-recording': 'Shift+F5', 'toggle-pause': null }, 'win32')[0]?.with).toMatch(/PowerPoint/);
    expect(findHotkeyConflicts({ 'toggle-recording': 'Alt+F9', 'toggle-pause': null }, 'win32')[0]?.with).toMatch(/ShadowPlay/);
    expect(findHotkeyConflicts({ 'toggle-recording': 'Super+Alt+R', 'toggle-pause': null }, 'win32')[0]?.with).toMatch(/Game Bar/);
  });

  it('reports OS-reserved combinations as reserved', () => {
    expect(findHotkeyConflicts({ 'toggle-recording': 'CommandOrControl+Shift+5', 'toggle-pause': null }, 'darwin')).toEqual([
      { command: 'toggle-recording', accelerator: 'CommandOrControl+Shift+5', kind: 'reserved', with: 'macOS: screenshot and screen recording' },
    ]);
    expect(findHotkeyConflicts({ 'toggle-recording': 'Ctrl+Shift+Esc', 'toggle-pause': null }, 'win32')[0]?.kind).toBe('reserved');
  });

  it('reports our two commands on the same keys, also when spelled differently', () => {
    const conflicts = findHotkeyConflicts({ 'toggle-recording': 'CommandOrControl+Alt+R', 'toggle-pause': 'Ctrl+Alt+R' }, 'linux');
    expect(conflicts).toEqual([{ command: 'toggle-pause', accelerator: 'Control+Alt+R', kind: 'duplicate', with: 'Classroom Recorder: toggle-recording' }]);
    // On a Mac the same two are different keys (Command vs Control).
    expect(findHotkeyConflicts({ 'toggle-recording': 'CommandOrControl+Alt+R', 'toggle-pause': 'Ctrl+Alt+R' }, 'darwin')).toEqual([]);
  });

  it('reports plain Control/Command + letter as a typing shortcut', () => {
    expect(findHotkeyConflicts({ 'toggle-recording': 'CmdOrCtrl+S', 'toggle-pause': null }, 'win32')[0]?.kind).toBe('typing');
    expect(findHotkeyConflicts({ 'toggle-recording': 'CmdOrCtrl+Alt+S', 'toggle-pause': null }, 'win32')).toEqual([]);
  });
});

describe('resolving the settings file into registrations', () => {
  it('uses valid choices in canonical form and lets null turn a hotkey off', () => {
    expect(resolveHotkeys({ 'toggle-recording': 'alt+shift+r', 'toggle-pause': null, 'mark-part': null }, 'win32')).toEqual({
      bindings: { 'toggle-recording': 'Alt+Shift+R' },
      warnings: [],
    });
  });

  it('falls back to the default, with a warning, for a broken, unfit or clashing choice', () => {
    for (const bad of ['Ctrl+Shfit+R', 'R', 'Alt+R']) {
      const resolved = resolveHotkeys({ 'toggle-recording': bad }, 'win32');
      expect(resolved.bindings, bad).toEqual(DEFAULT_HOTKEYS);
      expect(resolved.warnings, bad).toHaveLength(1);
      expect(resolved.warnings[0], bad).toMatch(/Using CommandOrControl\+Shift\+F9 instead/);
    }
  });

  it('never binds two commands to the same keys', () => {
    const resolved = resolveHotkeys({ 'toggle-recording': 'Ctrl+Alt+F8', 'toggle-pause': 'Control+Alt+F8' }, 'linux');
    expect(resolved.bindings).toEqual({
      'toggle-recording': 'Control+Alt+F8',
      'toggle-pause': 'CommandOrControl+Shift+F10',
      'mark-part': 'CommandOrControl+Shift+F11',
    });
    expect(resolved.warnings[0]).toMatch(/already used by another Classroom Recorder command/);
    // If the fallback is taken too, the command goes without a hotkey rather than steal one.
    const none = resolveHotkeys({ 'toggle-recording': 'CommandOrControl+Shift+F10', 'toggle-pause': 'F10', 'mark-part': null }, 'win32');
    expect(none.bindings).toEqual({ 'toggle-recording': 'CommandOrControl+Shift+F10' });
    expect(none.warnings[0]).toMatch(/It has no hotkey now/);
  });
});

describe('auto-repeat guard', () => {
  it('lets a command through once per window, each command on its own', () => {
    let now = 1000;
    const debouncer = new CommandDebouncer(700, () => now);
    expect(debouncer.accept('toggle-recording')).toBe(true);
    now += 100;
    expect(debouncer.accept('toggle-recording')).toBe(false);
    expect(debouncer.accept('toggle-pause')).toBe(true);
    now += 700;
    expect(debouncer.accept('toggle-recording')).toBe(true);
  });
});
