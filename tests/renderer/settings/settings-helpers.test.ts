import { describe, expect, it } from 'vitest';
import { parseAccelerator } from '../../../main/core/desktop/accelerator';
import { bytesPerHour, diskBitsPerSecondWhileRecording, QUALITY_LIMITS, videoBitsPerSecond } from '../../../renderer/recording/quality';
import { hoursOfRecording } from '../../../renderer/ui/format';
import { acceleratorFromKeyPress, displayAccelerator, type KeyPress } from '../../../renderer/settings/hotkey-capture';
import { accessHelp, accessStatusOf } from '../../../renderer/ui/access-help';

const press = (code: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key: '',
  code,
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  ...mods,
});

describe('quality', () => {
  it('caps the picture and sets the bitrate; the size per hour comes from the same bitrates', () => {
    expect(QUALITY_LIMITS['720p']).toEqual({ width: 1280, height: 720 });
    expect(videoBitsPerSecond(QUALITY_LIMITS['720p'].height)).toBe(2_500_000);
    expect(videoBitsPerSecond(QUALITY_LIMITS['1080p'].height)).toBe(4_000_000);
    // (2.5 Mb/s + 128 kb/s) × 3600 s / 8 and (4 Mb/s + 128 kb/s) × 3600 s / 8.
    expect(bytesPerHour('720p')).toBe(1_182_600_000);
    expect(bytesPerHour('1080p')).toBe(1_857_600_000);
  });

  it('estimates the free hours from the chosen quality, counting the raw file and the live MP4 side by side', () => {
    expect(diskBitsPerSecondWhileRecording('720p')).toBe(2 * 2_628_000);
    expect(diskBitsPerSecondWhileRecording('1080p')).toBe(2 * 4_128_000);
    // 20 GB free: 5.3 hours at 1080p, 8.4 at 720p (rounded down to a tenth).
    expect(hoursOfRecording(20e9, diskBitsPerSecondWhileRecording('1080p'))).toBe(5.3);
    expect(hoursOfRecording(20e9, diskBitsPerSecondWhileRecording('720p'))).toBe(8.4);
  });
});

describe('the hotkey box', () => {
  it('turns key presses into accelerators main accepts, from the physical key', () => {
    expect(acceleratorFromKeyPress(press('KeyR', { ctrlKey: true, altKey: true }), 'win32')).toBe('CommandOrControl+Alt+R');
    expect(acceleratorFromKeyPress(press('F9', { ctrlKey: true, shiftKey: true }), 'linux')).toBe('CommandOrControl+Shift+F9');
    // macOS: Cmd is CommandOrControl, Ctrl stays Control.
    expect(acceleratorFromKeyPress(press('KeyP', { metaKey: true, ctrlKey: true }), 'darwin')).toBe('CommandOrControl+Control+P');
    expect(acceleratorFromKeyPress(press('Digit5', { altKey: true, metaKey: true }), 'win32')).toBe('Alt+Super+5');
    expect(acceleratorFromKeyPress(press('ArrowUp', { ctrlKey: true }), 'linux')).toBe('CommandOrControl+Up');
    // Only modifiers held: nothing yet.
    expect(acceleratorFromKeyPress(press('ControlLeft', { ctrlKey: true }), 'win32')).toBeUndefined();
    expect(acceleratorFromKeyPress(press('ShiftRight', { shiftKey: true }), 'win32')).toBeUndefined();
    for (const code of ['KeyA', 'Digit0', 'F24', 'Numpad7', 'NumpadAdd', 'Minus', 'Slash', 'Space', 'Enter', 'PageDown']) {
      const accelerator = acceleratorFromKeyPress(press(code, { ctrlKey: true, altKey: true }), 'win32')!;
      expect(parseAccelerator(accelerator).ok, `${code} → ${accelerator}`).toBe(true);
    }
  });

  it('shows accelerators as the keyboard labels them', () => {
    expect(displayAccelerator('CommandOrControl+Shift+F9', 'win32')).toBe('Ctrl+Shift+F9');
    expect(displayAccelerator('CommandOrControl+Shift+F9', 'darwin')).toBe('⌘⇧F9');
    expect(displayAccelerator('Super+Alt+R', 'win32')).toBe('Win+Alt+R');
  });
});

describe('the welcome’s device checks', () => {
  it('tells refused, missing and busy devices apart', () => {
    expect(accessStatusOf(new DOMException('denied', 'NotAllowedError'))).toBe('blocked');
    expect(accessStatusOf(new DOMException('x', 'SecurityError'))).toBe('blocked');
    expect(accessStatusOf(new DOMException('none', 'NotFoundError'))).toBe('missing');
    expect(accessStatusOf(new DOMException('busy', 'NotReadableError'))).toBe('busy');
  });

  it('says how to allow a blocked device on each OS, and that macOS wants a restart for the screen', () => {
    expect(accessHelp('camera', 'blocked', 'win32', false)).toEqual(['helpCameraWin']);
    expect(accessHelp('microphone', 'blocked', 'darwin', false)).toEqual(['helpMicrophoneMac']);
    expect(accessHelp('screen', 'blocked', 'darwin', false)).toEqual(['helpScreenMac', 'macRestartNote']);
    expect(accessHelp('screen', 'ok', 'darwin', false)).toEqual(['macRestartNote']);
    expect(accessHelp('screen', 'blocked', 'linux', true)).toEqual(['helpScreenLinux', 'helpBrowser']);
    expect(accessHelp('camera', 'ok', 'win32', true)).toEqual([]);
    expect(accessHelp('camera', 'missing', 'linux', false)).toEqual(['helpMissing']);
  });
});
