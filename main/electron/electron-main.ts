import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, powerSaveBlocker, shell, type IpcMainInvokeEvent } from 'electron';
import { resolveFfmpegFromEnvironment } from '../core/ffmpeg/resolve-ffmpeg';
import { createIpcHandlers } from '../core/ipc-handlers';
import { RecorderService } from '../core/recorder-service';
import { defaultSaveFolder } from '../core/storage/app-paths';
import { SettingsStore } from '../core/storage/settings-store';
import { appPaths, createAppWindow, rendererUrl } from './app-window';
import { registerIpcHandlers, sendToAll } from './register-ipc';

// The Electron glue: window, dialogs, IPC registration. All recording logic is in ../core.

const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const paths = appPaths(distDir);
let mainWindow: BrowserWindow | undefined;
/** The power-save blocker held while a lesson records: sleep would end the recording. */
let blocker: number | undefined;

function windows() {
  return BrowserWindow.getAllWindows().map((w) => w.webContents);
}

function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frameUrl = event.senderFrame?.url;
  return windows().includes(event.sender) && frameUrl === rendererUrl(paths);
}

async function start(): Promise<void> {
  const settings = await SettingsStore.open(app.getPath('userData'), defaultSaveFolder(app.getPath('videos')));
  const ffmpeg = resolveFfmpegFromEnvironment(settings.get().ffmpegPath);
  const service = new RecorderService({
    stateDir: app.getPath('userData'),
    settings,
    ffmpeg,
    chooseFolder: async (current) => {
      const options = { defaultPath: current, properties: ['openDirectory', 'createDirectory'] as Array<'openDirectory' | 'createDirectory'> };
      const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
      return result.canceled ? undefined : result.filePaths[0];
    },
    showItemInFolder: (file) => shell.showItemInFolder(file),
    emit: (channel, payload) => sendToAll(windows, channel, payload),
    keepAwake: (active) => {
      if (active && blocker === undefined) blocker = powerSaveBlocker.start('prevent-app-suspension');
      if (!active && blocker !== undefined) {
        powerSaveBlocker.stop(blocker);
        blocker = undefined;
      }
    },
  });
  registerIpcHandlers(createIpcHandlers(service), isTrustedSender);

  app.on('will-quit', () => void service.shutdown());

  mainWindow = createAppWindow(paths);
  mainWindow.on('closed', () => {
    mainWindow = undefined;
  });
  await service.recoverInterruptedSessions();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.whenReady().then(start, (error: unknown) => {
    console.error(error);
    app.quit();
  });
}
