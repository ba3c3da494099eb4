import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { browserRoutes } from '../../common/ipc-contract';
import { afterAll, beforeAll } from 'vitest';
import { EventHub, startBrowserServer, type BrowserServer } from '../../main/browser-mode/browser-server';
import { resolveFfmpegFromEnvironment } from '../../main/core/ffmpeg/resolve-ffmpeg';
import { createIpcHandlers } from '../../main/core/ipc-handlers';
import { RecorderService, type RecorderServiceDeps } from '../../main/core/recorder-service';
import { moveToXdgTrash } from '../../main/core/storage/xdg-trash';
import { SettingsStore } from '../../main/core/storage/settings-store';
import type { LanguageChoice } from '../../common/i18n/messages';
import { ensureAppBuilt } from './build-app';
import { launchChromium } from './chromium';
import { makeTempDir } from './media';

export interface BrowserApp {
  server: BrowserServer;
  /** Sends an event to the page as main does (the tray and global hotkeys send `app:command`). */
  emit: EventHub['emit'];
  service: RecorderService;
  saveFolder: string;
  stateDir: string;
  /** `XDG_DATA_HOME` of the app's trash: a trimmed lesson's original lands in `<trashHome>/Trash/files`. */
  trashHome: string;
  shown: string[];
  /** Lessons played (as Electron's shell.openPath would open them). */
  opened: string[];
  close(): Promise<void>;
}

/**
 * The browser mode as `npm run browser` starts it, in this process: the real server over the real core.
 * `welcomed: false` starts like a first launch (the welcome shows); by default the welcome was completed
 * before, as for a teacher who has used the app.
 */
export async function startBrowserApp(
  options: {
    saveFolder?: string;
    stateDir?: string;
    recover?: boolean;
    welcomed?: boolean;
    countdown?: boolean;
    captureSources?: RecorderServiceDeps['captureSources'];
    /** Test-only stand-ins for the Electron glue (hotkeys, launch, folder dialog): the page then acts as the desktop app. */
    desktop?: RecorderServiceDeps['desktop'];
    chooseFolder?: RecorderServiceDeps['chooseFolder'];
    /** The teacher's language setting (default `system`: the browser's). */
    language?: LanguageChoice;
    /** Fault seams of the core, as the core tests use them: no ffmpeg, a disk that fills up, how often it is looked at. */
    ffmpeg?: RecorderServiceDeps['ffmpeg'];
    freeBytes?: RecorderServiceDeps['freeBytes'];
    diskReserveBytes?: number;
    diskCheckIntervalMs?: number;
    /** The uploads' seams (main/core/upload/upload-center.ts): the school's settings file dialog, the S3 client, the retry waits. */
    uploads?: Pick<RecorderServiceDeps, 'secretCipher' | 'chooseSettingsFile' | 'uploadStorage' | 'uploadRetryDelaysMs' | 'uploadPartBytes'>;
  } = {},
): Promise<BrowserApp> {
  ensureAppBuilt();
  const stateDir = options.stateDir ?? (await makeTempDir('state'));
  const saveFolder = options.saveFolder ?? path.join(await makeTempDir('lessons'), 'Classroom Recorder');
  const settings = await SettingsStore.open(stateDir, saveFolder);
  // The app's 3-2-1 countdown starts off here, as if the teacher had turned it off, so tests that are not
  // about it record at once; `countdown: true` keeps the app's default (on).
  await settings.update({
    saveFolder,
    countdown: options.countdown ?? false,
    ...(options.language ? { language: options.language } : {}),
    ...(options.welcomed === false ? {} : { welcomeDone: true }),
  });
  const hub = new EventHub();
  const token = randomBytes(32).toString('hex');
  const trashHome = await makeTempDir('trash-home');
  const shown: string[] = [];
  const opened: string[] = [];
  const service = new RecorderService({
    stateDir,
    settings,
    ffmpeg: options.ffmpeg ?? resolveFfmpegFromEnvironment(),
    chooseFolder: options.chooseFolder ?? (async () => undefined),
    showItemInFolder: (file) => shown.push(file),
    openFile: async (file) => {
      opened.push(file);
    },
    emit: hub.emit,
    lessonMediaUrl: (lessonId) => browserRoutes.lessonMedia(lessonId, token),
    // The desktop's trash, as `npm run browser` has it on Linux, in a trash folder of the test's own.
    trashItem: async (file) => moveToXdgTrash(file, { XDG_DATA_HOME: trashHome }),
    // Test-only: the app's own screen picker, which `npm run browser` never has (no desktopCapturer there).
    captureSources: options.captureSources,
    desktop: options.desktop,
    freeBytes: options.freeBytes,
    diskReserveBytes: options.diskReserveBytes,
    diskCheckIntervalMs: options.diskCheckIntervalMs,
    ...options.uploads,
  });
  if (options.recover !== false) await service.recoverInterruptedSessions();
  await service.startTimetable();
  await service.startUploads();
  const server = await startBrowserServer({
    handlers: createIpcHandlers(service),
    hub,
    staticDir: path.resolve('dist/renderer'),
    port: 0,
    isRecording: (sessionId) => service.isRecording(sessionId),
    token,
    lessonFile: (lessonId) => service.lessons.mediaFile(lessonId),
  });
  return {
    server,
    emit: hub.emit,
    service,
    saveFolder,
    stateDir,
    trashHome,
    shown,
    opened,
    close: async () => {
      await service.shutdown();
      await server.close();
    },
  };
}

export interface BrowserAppWithChromium {
  app: BrowserApp;
  browser: Awaited<ReturnType<typeof launchChromium>>;
}

/**
 * The usual set-up of an end-to-end file: one browser-mode app and one Chromium for all its tests,
 * closed after them. Read `.app` and `.browser` inside the tests (they exist once beforeAll has run).
 */
export function useBrowserAppWithChromium(options: Parameters<typeof startBrowserApp>[0] = {}): BrowserAppWithChromium {
  const handle = {} as BrowserAppWithChromium;
  beforeAll(async () => {
    handle.app = await startBrowserApp(options);
    handle.browser = await launchChromium();
  });
  afterAll(async () => {
    await handle.browser?.close();
    await handle.app?.close();
  });
  return handle;
}
