import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP_SETTINGS_FILE, readDesktopSettings, sanitizeDesktopSettings } from '../../../../main/core/desktop/desktop-settings';

let root: string;
beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'cr-desktop-settings-'));
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('desktop settings file', () => {
  it('keeps a string or null per known command and drops everything else', () => {
    expect(
      sanitizeDesktopSettings({ hotkeys: { 'toggle-recording': 'Alt+Shift+R', 'toggle-pause': null, 'format-disk': 'Ctrl+F', extra: 1 }, other: true }),
    ).toEqual({ hotkeys: { 'toggle-recording': 'Alt+Shift+R', 'toggle-pause': null } });
    expect(sanitizeDesktopSettings({ hotkeys: { 'toggle-recording': 42, 'toggle-pause': ['F9'] } })).toEqual({ hotkeys: {} });
    for (const junk of [undefined, null, 'x', [], { hotkeys: [] }, { hotkeys: 'F9' }]) {
      expect(sanitizeDesktopSettings(junk)).toEqual({ hotkeys: {} });
    }
  });

  it('reads the file, and treats a missing or damaged one as "all defaults"', async () => {
    const good = path.join(root, 'good');
    await fs.mkdir(good);
    await fs.writeFile(path.join(good, DESKTOP_SETTINGS_FILE), JSON.stringify({ hotkeys: { 'toggle-pause': null } }));
    expect(await readDesktopSettings(good)).toEqual({ hotkeys: { 'toggle-pause': null } });

    const broken = path.join(root, 'broken');
    await fs.mkdir(broken);
    await fs.writeFile(path.join(broken, DESKTOP_SETTINGS_FILE), '{ "hotkeys": ');
    expect(await readDesktopSettings(broken)).toEqual({ hotkeys: {} });
    expect(await readDesktopSettings(path.join(root, 'missing'))).toEqual({ hotkeys: {} });
  });
});
