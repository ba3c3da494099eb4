import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuiltMain } from '../../helpers/fake-electron';
import { buildInTempCopy } from '../../helpers/isolated-build';

// The app's own screen/window picker in the built Electron main process (dist/main/electron-main.js), run in
// plain Node against the stand-in electron (fake-electron/, scenario capture-scenario.mjs): desktopCapturer
// and getMediaSourceId come from the stand-in; everything between them and the IPC answers is ours.

let app: string;
let home: string;
const reports: Record<string, Record<string, unknown>> = {};

function launch(phase: 'first' | 'relaunch'): Promise<Record<string, unknown>> {
  return runBuiltMain(app, home, 'capture-scenario.mjs', { FAKE_CAPTURE_PHASE: phase });
}

beforeAll(async () => {
  app = await buildInTempCopy('capture-app');
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'cr-fake-electron-'));
  reports.first = await launch('first');
  reports.relaunch = await launch('relaunch');
}, 120_000);

afterAll(async () => {
  for (const dir of [home, app]) if (dir) await fs.rm(dir, { recursive: true, force: true });
});

/** What the handler adds for sound: loopback where Electron has it (display-source.ts). */
const loopback = process.platform === 'win32' || process.platform === 'darwin' ? 'loopback' : undefined;

describe('the app’s screen/window picker in the built Electron main process', () => {
  it('lists through desktopCapturer with bounded thumbnails and window icons, screens first, the app’s own window left out', () => {
    const first = reports.first!;
    expect(first.canPickCaptureSources).toBe(true);
    expect(first.listOptions).toEqual({ types: ['screen', 'window'], thumbnailSize: { width: 320, height: 180 }, fetchWindowIcons: true });
    expect(first.listed).toEqual([
      { name: 'Entire screen', kind: 'screen', thumbnail: true, appIcon: false },
      { name: 'Fractions — Slides', kind: 'window', thumbnail: true, appIcon: true },
      { name: 'Worksheet.pdf', kind: 'window', thumbnail: false, appIcon: false },
    ]);
    expect(first.ownWindowId).toMatch(/^window:\d+:0$/);
    // With the app's picker, macOS's system picker must not take over (Electron would skip our handler).
    expect(first.displayMediaOptions).toEqual({ useSystemPicker: false });
  });

  it('getDisplayMedia gets the primary screen until the teacher chooses, then the chosen window; Electron ids are refused', () => {
    const first = reports.first!;
    expect(first.beforeChoice).toEqual({ video: 'screen:0:0', audio: loopback });
    expect(first.electronIdRefused).toBe('invalid-request');
    expect(first.chose).toBe(true);
    expect(first.afterChoice).toEqual({ video: 'window:502:0', audio: loopback });
    // The request itself asks for no thumbnails: only ids are needed there.
    expect(first.requestOptions).toEqual({ types: ['screen', 'window'], thumbnailSize: { width: 0, height: 0 } });
    expect(first.otherPage).toEqual({});
  });

  it('after a relaunch the same window (new id, same title) is marked chosen and answers getDisplayMedia', () => {
    const relaunch = reports.relaunch!;
    expect(relaunch.chosenName).toBe('Worksheet.pdf');
    expect(relaunch.beforeChoice).toEqual({ video: 'window:1502:0', audio: loopback });
    expect(relaunch.otherPage).toEqual({});
  });
});
