import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveFfmpegFromEnvironment } from '../core/ffmpeg/resolve-ffmpeg';
import { createIpcHandlers } from '../core/ipc-handlers';
import { RecorderService } from '../core/recorder-service';
import { defaultSaveFolder, userDataDir } from '../core/storage/app-paths';
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
  const settings = await SettingsStore.open(stateDir, defaultSaveFolder(path.join(os.homedir(), 'Videos')));
  // The browser has no native folder dialog: the folder is given on the command line and remembered.
  if (values.folder) await settings.update({ saveFolder: path.resolve(values.folder) });
  const ffmpeg = resolveFfmpegFromEnvironment(settings.get().ffmpegPath);
  if (!ffmpeg.available) console.warn(`[browser-mode] ${ffmpeg.problem}`);

  const hub = new EventHub();
  const service = new RecorderService({
    stateDir,
    settings,
    ffmpeg,
    chooseFolder: async () => undefined,
    showItemInFolder: openInFileManager,
    emit: hub.emit,
  });
  const staticDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'renderer');
  const server = await startBrowserServer({ handlers: createIpcHandlers(service), hub, staticDir, port: Number(values.port) });
  console.log(`Classroom Recorder (browser mode) at ${server.url}`);
  console.log(`Saving lessons to ${settings.get().saveFolder}; state in ${stateDir}; ffmpeg: ${ffmpeg.path ?? 'missing'}`);

  const recovered = await service.recoverInterruptedSessions();
  for (const lesson of recovered) console.log(`[browser-mode] recovered ${lesson.fileName}`);

  const quit = async () => {
    await service.shutdown();
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void quit());
  process.on('SIGTERM', () => void quit());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
