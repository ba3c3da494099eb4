import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJsonOrUndefined, writeJsonAtomic } from '../../../../main/core/storage/atomic-json';
import { defaultSettings, shownSettings } from '../../../../common/settings';
import { DEFAULT_PLANNED_LESSON_MINUTES, SettingsStore, sanitizeStoredSettings } from '../../../../main/core/storage/settings-store';

const DEFAULT_FOLDER = path.join(os.tmpdir(), 'Videos', 'Classroom Recorder');
/** The fields a fresh install starts with besides the folder and minutes (common/settings.ts declares them). */
const { saveFolder: _folder, plannedLessonMinutes: _minutes, ...FRESH } = defaultSettings();
/** The same, as the page sees them. */
const { saveFolder: _f, plannedLessonMinutes: _m, ...FRESH_SHOWN } = shownSettings(defaultSettings());
/** A settings file written before the welcome existed already had its folder chosen: no welcome. */
const UPGRADED = { ...FRESH, welcomeDone: true } as const;

let root: string;
let caseNumber = 0;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'cr-units-settings-'));
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

/** A fresh, not yet existing state folder per test. */
function freshStateDir(): string {
  return path.join(root, `state-${++caseNumber}`);
}

async function tempFilesIn(dir: string): Promise<string[]> {
  return (await fs.readdir(dir)).filter((name) => name.endsWith('.tmp'));
}

describe('sanitizeStoredSettings', () => {
  it('answers the defaults for a missing file (undefined)', () => {
    expect(sanitizeStoredSettings(undefined, DEFAULT_FOLDER)).toEqual({
      ...FRESH,
      saveFolder: DEFAULT_FOLDER,
      plannedLessonMinutes: DEFAULT_PLANNED_LESSON_MINUTES,
    });
    expect(DEFAULT_PLANNED_LESSON_MINUTES).toBe(120);
  });

  it('answers the defaults for JSON that is not an object', () => {
    for (const raw of [null, 42, 'settings', true, [], ['/abs/folder', 60]]) {
      expect(sanitizeStoredSettings(raw, DEFAULT_FOLDER), JSON.stringify(raw)).toEqual({
        ...FRESH,
        saveFolder: DEFAULT_FOLDER,
        plannedLessonMinutes: 120,
      });
    }
  });

  it('keeps well-formed values', () => {
    expect(sanitizeStoredSettings({ saveFolder: '/srv/lessons', plannedLessonMinutes: 45, ffmpegPath: '/opt/ffmpeg/bin/ffmpeg' }, DEFAULT_FOLDER)).toEqual({
      ...UPGRADED,
      saveFolder: '/srv/lessons',
      plannedLessonMinutes: 45,
      ffmpegPath: '/opt/ffmpeg/bin/ffmpeg',
    });
    const chosen = {
      ...FRESH,
      saveFolder: '/srv/lessons',
      plannedLessonMinutes: 45,
      quality: '720p',
      welcomeDone: false,
      openAtLogin: true,
      startMinimized: true,
      language: 'zh-CN',
      countdown: false,
      hotkeys: { 'toggle-pause': null },
    } as const;
    expect(sanitizeStoredSettings(chosen, DEFAULT_FOLDER)).toEqual(chosen);
  });

  it('refuses a relative or non-string save folder', () => {
    for (const saveFolder of ['lessons', './lessons', '../lessons', '', '~/Videos', 42, null, { path: '/x' }]) {
      expect(sanitizeStoredSettings({ saveFolder }, DEFAULT_FOLDER).saveFolder, JSON.stringify(saveFolder)).toBe(DEFAULT_FOLDER);
    }
  });

  it('accepts planned minutes from 5 to 1440 inclusive, whole numbers only', () => {
    const minutesOf = (plannedLessonMinutes: unknown) => sanitizeStoredSettings({ plannedLessonMinutes }, DEFAULT_FOLDER).plannedLessonMinutes;
    expect(minutesOf(5)).toBe(5);
    expect(minutesOf(60)).toBe(60);
    expect(minutesOf(1440)).toBe(1440);
    for (const bad of [4, 0, -10, 1441, 60.5, '60', null, true, Number.NaN, Number.POSITIVE_INFINITY, 1e9]) {
      expect(minutesOf(bad), String(bad)).toBe(120);
    }
  });

  it('keeps an ffmpegPath string and drops anything else (empty: none set)', () => {
    expect(sanitizeStoredSettings({ ffmpegPath: '' }, DEFAULT_FOLDER).ffmpegPath).toBe('');
    expect(sanitizeStoredSettings({ ffmpegPath: 7 }, DEFAULT_FOLDER).ffmpegPath).toBe('');
    expect(sanitizeStoredSettings({ ffmpegPath: null }, DEFAULT_FOLDER).ffmpegPath).toBe('');
  });

  it('drops unknown keys', () => {
    const raw: unknown = JSON.parse('{"saveFolder": "/srv/lessons", "theme": "dark", "__proto__": {"ffmpegPath": "/evil"}}');
    const clean = sanitizeStoredSettings(raw, DEFAULT_FOLDER);
    expect(Object.keys(clean).sort()).toEqual(Object.keys(defaultSettings()).sort());
    expect(clean.ffmpegPath).toBe('');
  });

  it('keeps only the two qualities and true/false flags; anything else takes the default', () => {
    for (const bad of ['4k', '1080', 1080, null, true, '']) {
      expect(sanitizeStoredSettings({ quality: bad }, DEFAULT_FOLDER).quality, String(bad)).toBe('1080p');
    }
    for (const bad of ['true', 1, 'yes', null, {}]) {
      const clean = sanitizeStoredSettings({ welcomeDone: bad, openAtLogin: bad, startMinimized: bad }, DEFAULT_FOLDER);
      expect([clean.welcomeDone, clean.openAtLogin, clean.startMinimized], String(bad)).toEqual([false, false, false]);
    }
  });

  it('sanitizes each field on its own: one bad field does not reset the others', () => {
    expect(sanitizeStoredSettings({ saveFolder: '/srv/lessons', plannedLessonMinutes: 'lots' }, DEFAULT_FOLDER)).toEqual({
      ...UPGRADED,
      saveFolder: '/srv/lessons',
      plannedLessonMinutes: 120,
    });
  });
});

describe('SettingsStore', () => {
  it('starts with the defaults when no settings file exists, without creating one', async () => {
    const stateDir = freshStateDir();
    const store = await SettingsStore.open(stateDir, DEFAULT_FOLDER);
    expect(store.get()).toEqual({ ...FRESH, saveFolder: DEFAULT_FOLDER, plannedLessonMinutes: 120 });
    await expect(fs.access(path.join(stateDir, 'settings.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('persists an update across re-opening, creating the state folder', async () => {
    const stateDir = freshStateDir();
    const store = await SettingsStore.open(stateDir, DEFAULT_FOLDER);
    const updated = await store.update({ saveFolder: '/srv/lessons/3B' });
    expect(updated).toEqual({ ...FRESH, saveFolder: '/srv/lessons/3B', plannedLessonMinutes: 120 });

    const reopened = await SettingsStore.open(stateDir, DEFAULT_FOLDER);
    expect(reopened.get()).toEqual({ ...FRESH, saveFolder: '/srv/lessons/3B', plannedLessonMinutes: 120 });
  });

  it('keeps earlier changes when a later update touches another field', async () => {
    const stateDir = freshStateDir();
    const store = await SettingsStore.open(stateDir, DEFAULT_FOLDER);
    await store.update({ saveFolder: '/srv/a' });
    await store.update({ plannedLessonMinutes: 45 });
    const reopened = await SettingsStore.open(stateDir, DEFAULT_FOLDER);
    expect(reopened.get()).toEqual({ ...FRESH, saveFolder: '/srv/a', plannedLessonMinutes: 45 });
  });

  it('writes readable, pretty JSON ending in a newline', async () => {
    const stateDir = freshStateDir();
    const store = await SettingsStore.open(stateDir, DEFAULT_FOLDER);
    await store.update({ plannedLessonMinutes: 50 });
    const text = await fs.readFile(path.join(stateDir, 'settings.json'), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text).toContain('\n  "plannedLessonMinutes": 50');
    expect(JSON.parse(text)).toEqual({ version: 2, ...FRESH, saveFolder: DEFAULT_FOLDER, plannedLessonMinutes: 50 });
  });

  it('leaves no temp files after several updates', async () => {
    const stateDir = freshStateDir();
    const store = await SettingsStore.open(stateDir, DEFAULT_FOLDER);
    for (let minutes = 10; minutes < 20; minutes++) await store.update({ plannedLessonMinutes: minutes });
    expect(await fs.readdir(stateDir)).toEqual(['settings.json']);
  });

  it('reads an admin-set ffmpegPath but never shows it to the renderer', async () => {
    const stateDir = freshStateDir();
    await fs.mkdir(stateDir, { recursive: true });
    await fs.writeFile(
      path.join(stateDir, 'settings.json'),
      JSON.stringify({ saveFolder: '/srv/lessons', plannedLessonMinutes: 90, ffmpegPath: '/opt/ffmpeg' }),
    );
    const store = await SettingsStore.open(stateDir, DEFAULT_FOLDER);
    expect(store.get().ffmpegPath).toBe('/opt/ffmpeg');
    expect(store.forRenderer()).toEqual({ ...FRESH_SHOWN, welcomeDone: true, saveFolder: '/srv/lessons', plannedLessonMinutes: 90 });
    expect('ffmpegPath' in store.forRenderer()).toBe(false);

    // An unrelated update keeps the admin's ffmpegPath in the file.
    await store.update({ plannedLessonMinutes: 30 });
    expect((await SettingsStore.open(stateDir, DEFAULT_FOLDER)).get().ffmpegPath).toBe('/opt/ffmpeg');
  });

  it('falls back to the defaults for a garbage or half-written settings file', async () => {
    for (const text of ['not json at all', '{"saveFolder": "/srv/less', '', '\u0000\u0000\u0000']) {
      const stateDir = freshStateDir();
      await fs.mkdir(stateDir, { recursive: true });
      await fs.writeFile(path.join(stateDir, 'settings.json'), text);
      const store = await SettingsStore.open(stateDir, DEFAULT_FOLDER);
      expect(store.get(), JSON.stringify(text)).toEqual({ ...FRESH, saveFolder: DEFAULT_FOLDER, plannedLessonMinutes: 120 });
    }
  });

  it('refuses a hand-edited relative folder and bad minutes from the file', async () => {
    const stateDir = freshStateDir();
    await fs.mkdir(stateDir, { recursive: true });
    await fs.writeFile(path.join(stateDir, 'settings.json'), JSON.stringify({ saveFolder: 'Videos', plannedLessonMinutes: 2 }));
    const store = await SettingsStore.open(stateDir, DEFAULT_FOLDER);
    expect(store.get()).toEqual({ ...FRESH, saveFolder: DEFAULT_FOLDER, plannedLessonMinutes: 120 });
  });

  it('hands out copies: mutating a returned object does not change the store', async () => {
    const store = await SettingsStore.open(freshStateDir(), DEFAULT_FOLDER);
    const copy = store.get();
    copy.saveFolder = '/hacked';
    const updated = await store.update({ plannedLessonMinutes: 20 });
    updated.plannedLessonMinutes = 999;
    const forRenderer = store.forRenderer();
    forRenderer.saveFolder = '/hacked-too';
    expect(store.get()).toEqual({ ...FRESH, saveFolder: DEFAULT_FOLDER, plannedLessonMinutes: 20 });
  });
});

describe('one store, from the files older versions kept settings in', () => {
  it('moves the hotkeys of desktop.json and the picker’s choice of capture-source.json into settings.json, then removes those files', async () => {
    const stateDir = freshStateDir();
    await fs.mkdir(stateDir, { recursive: true });
    await fs.writeFile(path.join(stateDir, 'settings.json'), JSON.stringify({ saveFolder: '/srv/lessons', quality: '720p', welcomeDone: true }));
    await fs.writeFile(
      path.join(stateDir, 'desktop.json'),
      JSON.stringify({ hotkeys: { 'toggle-recording': 'Alt+Shift+R', 'toggle-pause': null, 'format-disk': 'Ctrl+F' } }),
    );
    await fs.writeFile(path.join(stateDir, 'capture-source.json'), JSON.stringify({ kind: 'window', name: 'Slides' }));
    const store = await SettingsStore.open(stateDir, DEFAULT_FOLDER);
    expect(store.get()).toMatchObject({
      saveFolder: '/srv/lessons',
      quality: '720p',
      hotkeys: { 'toggle-recording': 'Alt+Shift+R', 'toggle-pause': null },
      captureSource: { kind: 'window', name: 'Slides' },
    });
    expect((await fs.readdir(stateDir)).sort()).toEqual(['settings.json']);
    const file = JSON.parse(await fs.readFile(path.join(stateDir, 'settings.json'), 'utf8'));
    expect(file).toMatchObject({
      version: 2,
      hotkeys: { 'toggle-recording': 'Alt+Shift+R', 'toggle-pause': null },
      captureSource: { kind: 'window', name: 'Slides' },
    });
    // Opened again: nothing more to move, the same settings.
    expect((await SettingsStore.open(stateDir, DEFAULT_FOLDER)).get()).toEqual(store.get());
  });

  it('drops what the old files held that is not well formed, and keeps the rest', async () => {
    const stateDir = freshStateDir();
    await fs.mkdir(stateDir, { recursive: true });
    await fs.writeFile(path.join(stateDir, 'desktop.json'), '{ "hotkeys": ');
    await fs.writeFile(path.join(stateDir, 'capture-source.json'), JSON.stringify({ kind: 'tab', name: 'x' }));
    const store = await SettingsStore.open(stateDir, DEFAULT_FOLDER);
    expect(store.get().hotkeys).toEqual({});
    expect(store.get().captureSource).toBeNull();
    expect((await fs.readdir(stateDir)).sort()).toEqual(['settings.json']);
  });

  it('tells its listeners of every change, with what changed; refuses a value not of its setting’s shape', async () => {
    const store = await SettingsStore.open(freshStateDir(), DEFAULT_FOLDER);
    const heard: string[][] = [];
    store.onChange((_settings, changed) => heard.push(changed));
    await store.update({ language: 'zh-CN' });
    await store.update({ countdown: false, quality: '720p' });
    expect(heard).toEqual([['language'], ['countdown', 'quality']]);
    await expect(store.update({ quality: '4k' as never })).rejects.toThrow(/quality/);
    expect(store.get().quality).toBe('720p');
  });
});

describe('writeJsonAtomic / readJsonOrUndefined', () => {
  it('writes JSON that reads back equal and creates missing parent folders', async () => {
    const file = path.join(root, 'atomic-1', 'deep', 'nested', 'value.json');
    const value = { title: '分数的加法', n: 3, list: [1, 2, { ok: true }], nothing: null };
    await writeJsonAtomic(file, value);
    expect(await readJsonOrUndefined(file)).toEqual(value);
    expect(await fs.readdir(path.dirname(file))).toEqual(['value.json']);
  });

  it('replaces an existing file completely, leaving no temp file', async () => {
    const dir = path.join(root, 'atomic-2');
    const file = path.join(dir, 'value.json');
    await writeJsonAtomic(file, { long: 'x'.repeat(10_000) });
    await writeJsonAtomic(file, { short: 1 });
    expect(await readJsonOrUndefined(file)).toEqual({ short: 1 });
    expect(await fs.readFile(file, 'utf8')).toBe('{\n  "short": 1\n}\n');
    expect(await tempFilesIn(dir)).toEqual([]);
    expect(await fs.readdir(dir)).toEqual(['value.json']);
  });

  it('never exposes a half-written file to a reader running at the same time', async () => {
    const dir = path.join(root, 'atomic-3');
    const file = path.join(dir, 'value.json');
    await writeJsonAtomic(file, { version: 0, pad: 'a'.repeat(200_000) });
    const seen: unknown[] = [];
    let writing = true;
    const reader = (async () => {
      while (writing) seen.push(await readJsonOrUndefined(file));
    })();
    for (let version = 1; version <= 20; version++) await writeJsonAtomic(file, { version, pad: 'b'.repeat(200_000 + version) });
    writing = false;
    await reader;
    expect(seen.length).toBeGreaterThan(0);
    // Every read saw a complete document, never undefined (which a torn or missing file would give).
    for (const value of seen) expect(value).toMatchObject({ version: expect.any(Number) });
    expect(await tempFilesIn(dir)).toEqual([]);
  });

  it('answers undefined for a missing file, garbage and a folder', async () => {
    const dir = path.join(root, 'atomic-4');
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'bad.json'), '{"a":');
    expect(await readJsonOrUndefined(path.join(dir, 'missing.json'))).toBeUndefined();
    expect(await readJsonOrUndefined(path.join(dir, 'bad.json'))).toBeUndefined();
    expect(await readJsonOrUndefined(dir)).toBeUndefined();
  });

  it('rejects when the target cannot be written and leaves the old file intact', async () => {
    const dir = path.join(root, 'atomic-5');
    const file = path.join(dir, 'value.json');
    await writeJsonAtomic(file, { keep: true });
    // A folder where the parent folder should be: mkdir fails before anything is touched.
    const blocked = path.join(dir, 'value.json', 'child.json');
    await expect(writeJsonAtomic(blocked, { x: 1 })).rejects.toThrow();
    expect(await readJsonOrUndefined(file)).toEqual({ keep: true });
  });

  it('leaves no temp file when the value cannot be serialized', async () => {
    const dir = path.join(root, 'atomic-6');
    const file = path.join(dir, 'value.json');
    await expect(writeJsonAtomic(file, { big: 1n })).rejects.toThrow(/BigInt/);
    expect(await fs.readdir(dir).catch(() => [])).toEqual([]);
  });

  it('lets concurrent writes of the same file all succeed, leaving one complete value', async () => {
    const dir = path.join(root, 'atomic-7');
    const file = path.join(dir, 'value.json');
    const values = Array.from({ length: 50 }, (_, i) => ({ i, pad: 'x'.repeat((i % 7) * 1000) }));
    const results = await Promise.allSettled(values.map((value) => writeJsonAtomic(file, value)));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(values).toContainEqual(await readJsonOrUndefined(file));
    expect(await tempFilesIn(dir)).toEqual([]);
  });
});
