import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireInstanceLock } from '../../../main/core/storage/instance-lock';
import { runBuiltMain } from '../../helpers/fake-electron';
import { buildInTempCopy } from '../../helpers/isolated-build';

// The desktop app started while browser mode holds the same per-user state (its lock taken here, as
// `npm run browser` takes it): it must say so, in the teacher's language, and quit without opening a
// window, registering IPC or recovering anything.

let app: string;
let home: string;

beforeAll(async () => {
  app = await buildInTempCopy('locked-app');
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'cr-fake-electron-'));
}, 90_000);

afterAll(async () => {
  for (const dir of [home, app]) if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe('the desktop app on state that browser mode holds', () => {
  it('says where the running copy is and quits, touching nothing (English and Chinese)', async () => {
    const held = await acquireInstanceLock(path.join(home, 'userData'), { kind: 'browser', pid: process.pid, url: 'http://localhost:5173/' });
    expect(held.acquired).toBe(true);
    try {
      const english = await runBuiltMain(app, home, 'locked-scenario.mjs');
      expect(english).toMatchObject({ exited: true, windows: 0, ipcChannels: 0 });
      expect(english.dialogs).toEqual([
        expect.objectContaining({ message: 'Classroom Recorder is already running.', detail: expect.stringContaining('http://localhost:5173/') }),
      ]);
      const chinese = await runBuiltMain(app, home, 'locked-scenario.mjs', { FAKE_ELECTRON_LOCALE: 'zh-CN' });
      expect(chinese.dialogs).toEqual([expect.objectContaining({ message: '课堂录制已在运行。', detail: expect.stringContaining('http://localhost:5173/') })]);
      await expect(fs.readdir(path.join(home, 'userData', 'sessions'))).rejects.toThrow();
    } finally {
      if (held.acquired) await held.lock.release();
    }
  });
});
