import { describe, expect, it } from 'vitest';
import { chooseDisplaySource, displayMediaAnswer, isScreenSource, loopbackAudioSupported } from '../../../main/electron/display-source';

const window1 = { id: 'window:4242:0', name: 'Slides — Impress', display_id: '' };
const screen1 = { id: 'screen:1:0', name: 'Screen 1', display_id: '101' };
const screen2 = { id: 'screen:2:0', name: 'Screen 2', display_id: '202' };

describe('the screen the app records when getDisplayMedia asks', () => {
  it('prefers the primary display, then any screen, then a window; nothing when there is nothing', () => {
    expect(chooseDisplaySource([window1, screen1, screen2], '202')).toBe(screen2);
    expect(chooseDisplaySource([window1, screen1, screen2], '999')).toBe(screen1);
    expect(chooseDisplaySource([window1, screen2])).toBe(screen2);
    expect(chooseDisplaySource([window1])).toBe(window1);
    expect(chooseDisplaySource([])).toBeUndefined();
    expect(isScreenSource(screen1)).toBe(true);
    expect(isScreenSource(window1)).toBe(false);
  });

  it('adds system sound where Electron has loopback (Windows, macOS) and only when asked', () => {
    expect(loopbackAudioSupported('win32')).toBe(true);
    expect(loopbackAudioSupported('darwin')).toBe(true);
    expect(loopbackAudioSupported('linux')).toBe(false);
    expect(displayMediaAnswer([screen1], true, 'win32')).toEqual({ video: screen1, audio: 'loopback' });
    expect(displayMediaAnswer([screen1], false, 'win32')).toEqual({ video: screen1 });
    expect(displayMediaAnswer([screen1], true, 'linux')).toEqual({ video: screen1 });
  });

  it('denies (an empty answer) when no source exists', () => {
    expect(displayMediaAnswer([], true, 'win32')).toEqual({});
  });
});
