import { describe, expect, it } from 'vitest';
import { globalHotkeyProblem, parseAccelerator, physicalKeys, toDesktopPlatform, type Accelerator } from '../../../../main/core/desktop/accelerator';

function parsed(text: string): Accelerator {
  const result = parseAccelerator(text);
  if (!result.ok) throw new Error(result.problem);
  return result.accelerator;
}

describe('accelerator parsing', () => {
  it('writes one canonical form whatever the aliases, case, spacing and modifier order', () => {
    for (const text of ['CommandOrControl+Shift+F9', 'shift+cmdorctrl+f9', ' CmdOrCtrl + Shift + F9 ', 'SHIFT+COMMANDORCONTROL+F9']) {
      expect(parseAccelerator(text)).toMatchObject({ ok: true, text: 'CommandOrControl+Shift+F9' });
    }
    expect(parseAccelerator('Option+Meta+Ctrl+a')).toMatchObject({ ok: true, text: 'Control+Alt+Super+A' });
    expect(parseAccelerator('Alt+Enter')).toMatchObject({ ok: true, text: 'Alt+Return' });
    expect(parseAccelerator('Ctrl+Esc')).toMatchObject({ ok: true, text: 'Control+Escape' });
    expect(parseAccelerator('Ctrl+Plus')).toMatchObject({ ok: true, text: 'Control+Plus' });
    expect(parseAccelerator('Ctrl+pageup')).toMatchObject({ ok: true, text: 'Control+PageUp' });
    expect(parseAccelerator('Alt+NUM5')).toMatchObject({ ok: true, text: 'Alt+num5' });
    expect(parseAccelerator('Ctrl+/')).toMatchObject({ ok: true, text: 'Control+/' });
    expect(parseAccelerator('F24')).toMatchObject({ ok: true, text: 'F24' });
  });

  it('refuses what Electron would refuse, saying why', () => {
    const problems: Record<string, RegExp> = {
      '': /empty/,
      'Ctrl+': /empty part/,
      'Ctrl++': /empty part/,
      'Ctrl+Shift': /only modifiers/,
      'Ctrl+A+B': /two keys/,
      'Ctrl+Ctrl+A': /twice/,
      'Ctrl+Cmnd+A': /not a key/,
      'Ctrl+F25': /not a key/,
      'Ctrl+F0': /not a key/,
      'Hyper+A': /not a key/,
    };
    for (const [text, problem] of Object.entries(problems)) {
      const result = parseAccelerator(text);
      expect(result.ok, text).toBe(false);
      if (!result.ok) expect(result.problem, text).toMatch(problem);
    }
  });
});

describe('physical keys per platform', () => {
  it('CommandOrControl is Command on macOS and Control elsewhere; Super is Command on macOS', () => {
    expect(physicalKeys(parsed('CommandOrControl+Q'), 'darwin')).toBe('Command+Q');
    expect(physicalKeys(parsed('CommandOrControl+Q'), 'win32')).toBe('Control+Q');
    expect(physicalKeys(parsed('Super+Shift+R'), 'darwin')).toBe('Command+Shift+R');
    expect(physicalKeys(parsed('Super+Shift+R'), 'linux')).toBe('Shift+Super+R');
    // Both spellings collapse into one key set, so they are recognised as the same shortcut.
    expect(physicalKeys(parsed('CommandOrControl+Command+Q'), 'darwin')).toBe('Command+Q');
  });

  it('maps Node platforms onto ours', () => {
    expect(toDesktopPlatform('darwin')).toBe('darwin');
    expect(toDesktopPlatform('win32')).toBe('win32');
    expect(toDesktopPlatform('linux')).toBe('linux');
    expect(toDesktopPlatform('freebsd')).toBe('linux');
  });
});

describe('fitness as a global hotkey', () => {
  it('accepts chords with Control/Command/Alt/Super and bare F13–F24', () => {
    for (const text of ['CommandOrControl+Shift+F9', 'Alt+Shift+R', 'Super+F9', 'F13', 'Shift+F20']) {
      expect(globalHotkeyProblem(parsed(text), 'win32'), text).toBeUndefined();
    }
  });

  it('refuses keys people type, media keys, and Command off macOS', () => {
    expect(globalHotkeyProblem(parsed('A'), 'win32')).toMatch(/every app loses/);
    expect(globalHotkeyProblem(parsed('Shift+A'), 'win32')).toMatch(/every app loses/);
    expect(globalHotkeyProblem(parsed('F9'), 'linux')).toMatch(/every app loses/);
    expect(globalHotkeyProblem(parsed('Ctrl+MediaPlayPause'), 'darwin')).toMatch(/media keys/);
    expect(globalHotkeyProblem(parsed('Command+F9'), 'win32')).toMatch(/only on macOS/);
    expect(globalHotkeyProblem(parsed('Command+F9'), 'darwin')).toBeUndefined();
  });
});
