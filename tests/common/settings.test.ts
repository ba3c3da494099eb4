import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { defaultSettings, PAGE_SETTINGS, SETTINGS, SettingsChangeShape, settingsFromFile, SHOWN_SETTINGS, shownSettings } from '../../common/settings';

describe('one settings model, each setting declared once', () => {
  it('says who may change each setting and what the page sees', () => {
    expect([...PAGE_SETTINGS].sort()).toEqual([
      'capture',
      'countdown',
      'language',
      'openAtLogin',
      'quality',
      'startMinimized',
      'timetable',
      'upload',
      'welcomeDone',
    ]);
    expect(SHOWN_SETTINGS).not.toContain('ffmpegPath');
    expect(SHOWN_SETTINGS).not.toContain('captureSource');
    expect(Object.keys(shownSettings(defaultSettings())).sort()).toEqual([...SHOWN_SETTINGS].sort());
    // Every default is of its own setting's shape.
    for (const [key, spec] of Object.entries(SETTINGS)) {
      if (key === 'saveFolder') continue; // main fills in the OS's Videos folder
      expect(v.safeParse(spec.shape, spec.fallback).success, key).toBe(true);
    }
  });

  it('reads a file leniently: a bad value takes its default, each capture choice and hotkey on its own', () => {
    const settings = settingsFromFile({
      quality: '4k',
      language: 'zh-CN',
      capture: { mode: 'screen-camera', corner: 'middle', microphoneGain: 99, cameraId: 'abc' },
      hotkeys: { 'toggle-pause': null, 'toggle-recording': 42, 'format-disk': 'Ctrl+F' },
      theme: 'dark',
    });
    expect(settings.quality).toBe('1080p');
    expect(settings.language).toBe('zh-CN');
    expect(settings.capture).toEqual({ ...defaultSettings().capture, mode: 'screen-camera', cameraId: 'abc' });
    expect(settings.hotkeys).toEqual({ 'toggle-pause': null });
    expect('theme' in settings).toBe(false);
    // The timetable keeps every period it can: one bad line, or one that overlaps a kept one, is dropped alone.
    const maths = { id: 'a', weekday: 1, start: '08:00', end: '08:45', title: '7B Maths' };
    const timetable = settingsFromFile({
      timetable: [
        maths,
        { ...maths, id: 'b', start: '08:30', end: '09:00' },
        { id: 'c', weekday: 9, start: '10:00', end: '10:45', title: 'x' },
        'junk',
        { ...maths, id: 'd', weekday: 2 },
      ],
    }).timetable;
    expect(timetable.map((period) => period.id)).toEqual(['a', 'd']);
    expect(settingsFromFile({ timetable: 'every day' }).timetable).toEqual([]);
    for (const junk of [undefined, null, 'x', [], 7]) expect(settingsFromFile(junk), String(junk)).toEqual(defaultSettings());
  });

  it('checks a change from the page strictly: only its own settings, each of its shape, at least one', () => {
    const ok = (change: unknown) => v.safeParse(SettingsChangeShape, change).success;
    expect(ok({ quality: '720p' })).toBe(true);
    expect(ok({ language: 'zh-CN', countdown: false })).toBe(true);
    expect(ok({ capture: defaultSettings().capture })).toBe(true);
    for (const bad of [
      {},
      { quality: '4k' },
      { saveFolder: '/etc' },
      { ffmpegPath: '/tmp/evil' },
      { hotkeys: { 'toggle-pause': 'A' } },
      { countdown: 'yes' },
      { capture: { mode: 'screen' } },
      { capture: { ...defaultSettings().capture, microphoneGain: 3 } },
      { language: 'fr' },
      null,
      [],
    ]) {
      expect(ok(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});
