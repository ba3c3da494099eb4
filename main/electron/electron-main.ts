import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, powerMonitor, powerSaveBlocker, shell, type IpcMainInvokeEvent } from 'electron';
import { toDesktopPlatform } from '../core/desktop/accelerator';
import { resolveHotkeys } from '../core/desktop/hotkeys';
import { setLinuxAutostart } from '../core/desktop/linux-autostart';
import { pickLanguage, resolveLanguage } from '../../common/i18n/messages';
import { mainStringsFor } from '../core/desktop/main-strings';
import { resolveFfmpegFromEnvironment } from '../core/ffmpeg/resolve-ffmpeg';
import { safeStorageCipher } from './safe-storage-cipher';
import { createIpcHandlers } from '../core/ipc-handlers';
import { RecorderService } from '../core/recorder-service';
import { defaultSaveFolder } from '../core/storage/app-paths';
import { acquireInstanceLock, type InstanceLock } from '../core/storage/instance-lock';
import { SettingsStore } from '../core/storage/settings-store';
import { appPaths, createAppWindow, hardenAllWebContents, rendererUrl } from './app-window';
import { createCaptureSourcePicker } from './display-media';
import { DesktopShell } from './desktop-shell';
import { handleLessonMedia, registerLessonMediaScheme } from './lesson-media-protocol';
import { registerIpcHandlers, sendToAll } from './register-ipc';
import { isOurPage } from './window-policy';
import { lessonMediaUrl, type TimetableStatus } from '../../common/ipc-contract';

// The Electron glue: window, dialogs, IPC registration, desktop shell. All recording logic is in ../core.

const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const paths = appPaths(distDir);
let mainWindow: BrowserWindow | undefined;
let desktopShell: DesktopShell | undefined;
let instanceLock: InstanceLock | undefined;
/** The power-save blocker held while a lesson records: sleep would end the recording. */
let blocker: number | undefined;

/** Open at login: Electron's login items on macOS and Windows, an XDG autostart entry on Linux. */
function applyOpenAtLogin(openAtLogin: boolean): void {
  if (process.platform === 'darwin' || process.platform === 'win32') {
    app.setLoginItemSettings({ openAtLogin });
    return;
  }
  const configHome = process.env.XDG_CONFIG_HOME || path.join(app.getPath('home'), '.config');
  // In an AppImage, execPath is a temporary mount; $APPIMAGE is the file the teacher keeps.
  setLinuxAutostart(configHome, openAtLogin, process.env.APPIMAGE ?? process.execPath, app.getName()).catch((error: unknown) =>
    console.warn('[launch] autostart entry not written:', error),
  );
}

/** The computer's languages, most wanted first. */
function systemLanguages(): string[] {
  const preferred = app.getPreferredSystemLanguages?.() ?? [];
  return preferred.length > 0 ? preferred : [app.getLocale()];
}

function windows() {
  return BrowserWindow.getAllWindows().map((w) => w.webContents);
}

/** IPC is answered only for our own windows showing our own page (not a frame, not another file). */
function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  return windows().includes(event.sender) && isOurPage(event.senderFrame?.url, rendererUrl(paths));
}

async function start(): Promise<void> {
  const stateDir = app.getPath('userData');
  // Electron's single-instance lock keeps out a second desktop app; this one also keeps out browser mode
  // on the same state, which would otherwise recover or finish this app's live lessons (and vice versa).
  const locked = await acquireInstanceLock(stateDir, { kind: 'desktop', pid: process.pid }, () => desktopShell?.showWindow());
  if (!locked.acquired) {
    // The settings are the other copy's to read now: the computer's language speaks here.
    const strings = mainStringsFor(pickLanguage(systemLanguages()));
    await dialog.showMessageBox({
      type: 'warning',
      message: strings.alreadyRunningMessage,
      detail: strings.alreadyRunningDetail.replace('{where}', locked.owner.url ?? String(locked.owner.pid)),
      buttons: [strings.answerQuitNow],
    });
    app.quit();
    return;
  }
  instanceLock = locked.lock;
  app.on('will-quit', () => void instanceLock?.release());
  const settings = await SettingsStore.open(stateDir, defaultSaveFolder(app.getPath('videos')));
  const ffmpeg = resolveFfmpegFromEnvironment(settings.get().ffmpegPath);
  const platform = toDesktopPlatform(process.platform);
  const language = () => resolveLanguage(settings.get().language, systemLanguages());
  const desktop = new DesktopShell({
    platform,
    strings: mainStringsFor(language()),
    sendCommand: (command) => sendToAll(windows, 'app:command', { command }),
    skipScheduled: (key) => service.timetable.cancel(key),
    extendScheduled: (sessionId) => {
      try {
        service.timetable.extend(sessionId);
      } catch (error) {
        console.warn(`[timetable] ${String(error)}`);
      }
    },
  });
  desktopShell = desktop;
  // The tray and the dialogs follow the language chosen in Settings, as the window does.
  settings.onChange((_settings, changed) => {
    if (changed.includes('language')) desktop.setStrings(mainStringsFor(language()));
  });
  const captureSources = createCaptureSourcePicker(settings);
  const service = new RecorderService({
    stateDir,
    systemLanguages,
    captureSources,
    settings,
    ffmpeg,
    chooseFolder: async (current) => {
      const options = { defaultPath: current, properties: ['openDirectory', 'createDirectory'] as Array<'openDirectory' | 'createDirectory'> };
      const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
      return result.canceled ? undefined : result.filePaths[0];
    },
    // Only paths main itself mapped from a lesson id; the renderer never sends a path.
    showItemInFolder: (file) => shell.showItemInFolder(file),
    trashItem: (file) => shell.trashItem(file),
    lessonMediaUrl,
    openFile: async (file) => {
      // shell.openPath answers an error message, or '' when the player opened.
      const problem = await shell.openPath(file);
      if (problem) throw new Error(problem);
    },
    emit: (channel, payload) => {
      sendToAll(windows, channel, payload);
      if (channel === 'timetable:changed') desktop.setTimetable(payload as TimetableStatus);
    },
    onUpcomingLesson: (lesson) => desktop.notifyUpcoming(lesson, language()),
    keepAwake: (active) => {
      if (active && blocker === undefined) blocker = powerSaveBlocker.start('prevent-app-suspension');
      if (!active && blocker !== undefined) {
        powerSaveBlocker.stop(blocker);
        blocker = undefined;
      }
    },
    onRecordingStateChange: (state) => desktop.setRecordingState(state),
    onUploadsChange: (status) => desktop.setUploads(status),
    secretCipher: safeStorageCipher(),
    chooseSettingsFile: async () => {
      const options = { properties: ['openFile'] as Array<'openFile'>, filters: [{ name: 'JSON', extensions: ['json'] }] };
      const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
      return result.canceled ? undefined : result.filePaths[0];
    },
    desktop: {
      applyHotkeys: (bindings) => desktop.setHotkeys(bindings),
      applyLaunch: ({ openAtLogin }) => applyOpenAtLogin(openAtLogin),
    },
  });
  registerIpcHandlers(createIpcHandlers(service), isTrustedSender);
  handleLessonMedia((lessonId) => service.lessons.mediaFile(lessonId));

  app.on('will-quit', () => void service.shutdown());

  const hotkeys = resolveHotkeys(settings.get().hotkeys, platform);
  for (const warning of hotkeys.warnings) console.warn(`[hotkeys] ${warning}`);
  desktop.start(hotkeys.bindings);

  // Started minimized: only the tray shows, unless there is no tray to bring the window back from.
  mainWindow = createAppWindow(paths, captureSources, {
    show: !(settings.get().startMinimized && desktop.hasTray),
    onRendererGone: () => service.windowGone(),
  });
  desktop.attachWindow(mainWindow);
  mainWindow.on('closed', () => {
    mainWindow = undefined;
  });
  await service.recoverInterruptedSessions();
  await service.startTimetable();
  await service.startUploads();
  // Woken from sleep: the timetable looks at once at what it missed, and the uploads try at once rather
  // than at their next retry (the network is usually back with the lid open).
  powerMonitor.on('resume', () => {
    service.timetable.tick();
    void service.uploads.queue.nudge();
  });
}

// Every renderer sandboxed, whatever a future window's options say; every web contents locked down.
app.enableSandbox();
hardenAllWebContents(paths);
registerLessonMediaScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // A second launch (e.g. the teacher clicks the icon again while the window is hidden) shows this one.
  app.on('second-instance', () => desktopShell?.showWindow());
  // macOS: clicking the Dock icon brings the window back.
  app.on('activate', () => desktopShell?.showWindow());
  app.on('window-all-closed', () => app.quit());
  app.whenReady().then(start, (error: unknown) => {
    console.error(error);
    app.quit();
  });
}
