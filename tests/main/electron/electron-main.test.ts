import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeChannels } from '../../../common/ipc-contract';
import { runBuiltMain } from '../../helpers/fake-electron';
import { buildInTempCopy } from '../../helpers/isolated-build';

// The built Electron entry (dist/main/electron-main.js) started in plain Node, with `electron` swapped for
// the stand-in in fake-electron/ (a module-resolution hook). Electron's binary cannot run here; this runs
// everything of ours around it: start-up order, the real RecorderService behind the real IPC handlers,
// window lock-down, hotkeys, tray and the close/quit questions. See fake-electron/scenario.mjs.

let app: string;
let home: string;
let report: Record<string, Record<string, unknown>>;

beforeAll(async () => {
  app = await buildInTempCopy('smoke-app');
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'cr-fake-electron-'));
  // Open at login writes its Linux autostart entry under `home` (XDG_CONFIG_HOME), never in the real ~/.config.
  report = (await runBuiltMain(app, home)) as typeof report;
}, 90_000);

afterAll(async () => {
  for (const dir of [home, app]) if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe('the built Electron main process, started against a stand-in electron', () => {
  it('starts locked down: one instance, sandbox for all, every web contents hardened, one window with the tested options', () => {
    expect(report.startup).toMatchObject({
      sandboxEnabled: true,
      singleInstanceRequested: true,
      webContentsCreatedListeners: 1,
      windowCount: 1,
      shownWhenReady: true,
      webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, backgroundThrottling: false },
    });
    expect(String(report.startup!.loadedFile)).toMatch(/dist[/\\]renderer[/\\]index\.html$/);
    expect(String((report.startup!.webPreferences as Record<string, unknown>).preload)).toMatch(/dist[/\\]preload[/\\]preload\.cjs$/);
  });

  it('registers exactly the contract’s IPC channels, answering our page and refusing any other', () => {
    expect(report.startup!.ipcChannels).toEqual([...invokeChannels].sort());
    expect(report.ipc).toEqual({ trustedOk: true, untrusted: { ok: false, error: { code: 'invalid-request', message: 'Refused: unknown sender.' } } });
  });

  it('blocks navigation away, redirects, webviews and new windows; grants media to our page only', () => {
    expect(report.lockdown).toEqual({
      navigateAwayPrevented: true,
      inPageNavigationPrevented: false,
      redirectPrevented: true,
      webviewPrevented: true,
      windowOpen: { action: 'deny' },
      mediaForOurPage: true,
      mediaForOtherPage: false,
      geolocationForOurPage: false,
      deviceChooser: false,
    });
  });

  it('serves a saved lesson to the page’s player over classroom-media: in byte ranges (privileged before ready), and nothing for an unknown id', () => {
    const media = report.lessonMedia!;
    expect(media.privileged).toEqual([{ scheme: 'classroom-media', privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true } }]);
    expect(media.privilegedBeforeReady).toBe(true);
    expect(media.mediaUrl).toBe(`classroom-media://lesson/${String(media.lessonId)}`);
    expect(media.ranged).toEqual({ status: 206, contentRange: 'bytes 10-19/1000', same: true });
    expect(media.unknown).toBe(404);
  });

  it('registers the default hotkeys; a press reaches the renderer as app:command (pause only while recording)', () => {
    expect(report.startup!.hotkeys).toEqual(['CommandOrControl+Shift+F9', 'CommandOrControl+Shift+F10', 'CommandOrControl+Shift+F11']);
    expect(report.hotkeyCommands).toEqual(['toggle-recording']);
  });

  it('Settings change a hotkey (checked, registered instead of the old one, shown in the tray) and open at login', async () => {
    expect(report.settingsScreen).toMatchObject({
      changed: { state: { bindings: { 'toggle-recording': 'CommandOrControl+Shift+F9', 'toggle-pause': 'Alt+Shift+P' }, editable: true } },
      refused: { kind: 'app', with: 'Zoom: start/stop local recording' },
      hotkeys: ['CommandOrControl+Shift+F9', 'Alt+Shift+P', 'CommandOrControl+Shift+F11'],
      trayPauseAccelerator: 'Alt+Shift+P',
      openAtLogin: true,
    });
    const settingsFile = JSON.parse(await fs.readFile(path.join(home, 'userData', 'settings.json'), 'utf8'));
    expect(settingsFile.hotkeys).toEqual({ 'toggle-pause': 'Alt+Shift+P' });
    // Linux: Electron's login items do nothing there, so an XDG autostart entry runs the app at login.
    expect(report.settingsScreen!.loginItemSettings).toEqual([]);
    const entry = await fs.readFile(path.join(home, 'config', 'autostart', 'classroom-recorder.desktop'), 'utf8');
    expect(entry).toContain(`Exec=${process.execPath}`);
    expect(entry).toContain('Name=Classroom Recorder');
  });

  it('the tray speaks the language chosen in Settings, at once, and the page is told of the change', () => {
    expect(report.language).toEqual({
      chinese: expect.objectContaining({ tooltip: '课堂录制：准备录制', menu: ['开始录制', '暂停', '标记新段落', '---', '打开课堂录制', '退出'] }),
      told: 'zh-CN',
      english: expect.objectContaining({
        tooltip: 'Classroom Recorder: ready',
        menu: ['Start recording', 'Pause', 'Mark a new part', '---', 'Open Classroom Recorder', 'Quit'],
      }),
    });
  });

  it('the tray follows a lesson started, paused and kept awake through the real service', () => {
    expect(report.startup!.tray).toMatchObject({
      tooltip: 'Classroom Recorder: ready',
      menu: ['Start recording', 'Pause', 'Mark a new part', '---', 'Open Classroom Recorder', 'Quit'],
    });
    expect(report.startup!.trayScaleFactors).toEqual([1, 2]);
    expect(report.recording).toMatchObject({ started: true, keepAwake: ['prevent-app-suspension'], tray: { tooltip: 'Classroom Recorder: recording' } });
    expect(report.paused).toMatchObject({
      tray: { tooltip: 'Classroom Recorder: paused', menu: ['Stop and save', 'Resume', 'Mark a new part', '---', 'Open Classroom Recorder', 'Quit'] },
    });
  });

  it('seals the school storage secret with safeStorage, and says it is weak where the OS has no keyring', () => {
    expect(report.uploadSecret).toEqual({ ok: true, secret: 'weak', refused: 'invalid-request' });
  });

  it('asks before a close ends the recording, and keeps recording (Linux: window minimized)', () => {
    expect(report.closeWhileRecording).toEqual({
      closed: false,
      dialog: ['Keep recording in the background', 'Stop and save', 'Cancel'],
      windowCalls: ['show', 'minimize'],
    });
  });

  it('a quit while recording waits for an answer; "Quit now" quits and lets go of hotkeys and tray', () => {
    expect(report.quit).toEqual({ afterCancel: { exited: false }, exited: true, dialogs: 3, hotkeysLeft: 0, trayDestroyed: true });
  });
});
