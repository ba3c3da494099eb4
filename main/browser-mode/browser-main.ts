import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveFfmpegFromEnvironment } from '../core/ffmpeg/resolve-ffmpeg';
import { moveToXdgTrash } from '../core/storage/xdg-trash';
import { browserRoutes } from '../../common/ipc-contract';
import { createIpcHandlers } from '../core/ipc-handlers';
import { RecorderService } from '../core/recorder-service';
import { defaultSaveFolder, userDataDir } from '../core/storage/app-paths';
import { acquireInstanceLock, askOwner, lockAddress, type InstanceInfo } from '../core/storage/instance-lock';
import { SettingsStore } from '../core/storage/settings-store';
import { EventHub, startBrowserServer } from './browser-server';

// `npm run browser -- --folder DIR --port N`: the app in a plain browser, against the real core.

function openInFileManager(file: string): void {
  const [command, args] =
    process.platform === 'win32'
      ? ['explorer', [`/select,${file}`]]
      : process.platform === 'darwin'
        ? ['open', ['-R', file]]
        : ['xdg-open', [path.dirname(file)]];
  const child = spawn(command, args, { detached: true, stdio: 'ignore' });
  child.on('error', () => console.log(`[browser-mode] lesson is at ${file}`));
  child.unref();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      folder: { type: 'string' },
      port: { type: 'string', default: '5173' },
      'state-dir': { type: 'string' },
    },
  });
  const stateDir = path.resolve(values['state-dir'] ?? userDataDir(process.platform, process.env, os.homedir()));
  // One owner for the state: a second copy (this mode or the desktop app) must not touch its live lessons.
  // The URL is only known once the server listens (filled in then); a caller that comes earlier learns the process id.
  const info: InstanceInfo = { kind: 'browser', pid: process.pid };
  const locked = await acquireInstanceLock(stateDir, info);
  if (!locked.acquired) {
    const owner = locked.owner;
    // The desktop app comes to the front; browser mode has no window to show, so say where it is.
    if (owner.kind === 'desktop') await askOwner(lockAddress(stateDir), 'show');
    const where = owner.kind === 'desktop' ? 'the desktop app' : `browser mode at ${owner.url ?? '(starting)'}`;
    console.error(
      `Classroom Recorder is already running with this state folder (${stateDir}): ${where}, process ${owner.pid}. Use that one, or quit it first.`,
    );
    process.exit(3);
  }
  const settings = await SettingsStore.open(stateDir, defaultSaveFolder(path.join(os.homedir(), 'Videos')));
  // The browser has no native folder dialog: the folder is given on the command line and remembered.
  if (values.folder) await settings.update({ saveFolder: path.resolve(values.folder) });
  const ffmpeg = resolveFfmpegFromEnvironment(settings.get().ffmpegPath);
  if (!ffmpeg.available) console.warn(`[browser-mode] ${ffmpeg.problem}`);

  const hub = new EventHub();
  const token = randomBytes(32).toString('hex');
  const service = new RecorderService({
    stateDir,
    settings,
    ffmpeg,
    chooseFolder: async () => undefined,
    showItemInFolder: openInFileManager,
    // The desktop's trash where there is a freedesktop one (Linux); elsewhere a trimmed lesson's original stays.
    trashItem: process.platform === 'linux' ? (file) => moveToXdgTrash(file) : undefined,
    emit: hub.emit,
    lessonMediaUrl: (lessonId) => browserRoutes.lessonMedia(lessonId, token),
    // The page resolves its own `system` language from the browser; main's words (file names) from here.
    systemLanguages: () => [Intl.DateTimeFormat().resolvedOptions().locale, process.env.LANG ?? ''].filter(Boolean),
  });
  const staticDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'renderer');
  const server = await startBrowserServer({
    handlers: createIpcHandlers(service),
    hub,
    staticDir,
    port: Number(values.port),
    isRecording: (sessionId) => service.isRecording(sessionId),
    token,
    lessonFile: (lessonId) => service.lessons.mediaFile(lessonId),
  });
  info.url = server.url;
  console.log(`Classroom Recorder (browser mode) at ${server.url}`);
  console.log(`Saving lessons to ${settings.get().saveFolder}; state in ${stateDir}; ffmpeg: ${ffmpeg.path ?? 'missing'}`);

  const recovered = await service.recoverInterruptedSessions();
  for (const lesson of recovered) console.log(`[browser-mode] recovered ${lesson.fileName}`);
  await service.startTimetable();
  await service.startUploads();

  const quit = async () => {
    await service.shutdown();
    await server.close();
    await locked.lock.release();
    process.exit(0);
  };
  process.on('SIGINT', () => void quit());
  process.on('SIGTERM', () => void quit());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
