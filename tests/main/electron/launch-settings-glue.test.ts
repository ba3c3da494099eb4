import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuiltMain } from '../../helpers/fake-electron';
import { buildInTempCopy } from '../../helpers/isolated-build';

// "Start hidden in the tray" in the built Electron main process, run twice against the stand-in electron
// (scenario fake-electron/launch-scenario.mjs) with the same user-data folder: set through IPC in the first
// run, it keeps the window hidden in the second, until the tray's Open shows it.

let app: string;
let home: string;
const reports: Record<string, Record<string, unknown>> = {};

beforeAll(async () => {
  app = await buildInTempCopy('launch-app');
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'cr-fake-electron-'));
  reports.first = await runBuiltMain(app, home, 'launch-scenario.mjs', { FAKE_LAUNCH_PHASE: 'first' });
  reports.relaunch = await runBuiltMain(app, home, 'launch-scenario.mjs', { FAKE_LAUNCH_PHASE: 'relaunch' });
}, 120_000);

afterAll(async () => {
  for (const dir of [home, app]) if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe('start minimized to the tray', () => {
  it('shows the window by default; once set, the next launch keeps it hidden until the tray opens it', () => {
    expect(reports.first).toEqual({ shownAtStart: true, startMinimized: true });
    expect(reports.relaunch).toEqual({ shownAtStart: false, shownFromTray: true });
  });
});
