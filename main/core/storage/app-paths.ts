import path from 'node:path';

export const APP_NAME = 'Classroom Recorder';

/**
 * Where the app keeps per-user state, matching Electron's `app.getPath('userData')` for our product name,
 * so the browser mode and the desktop app share settings and the recovery journal.
 */
export function userDataDir(platform: NodeJS.Platform, env: Record<string, string | undefined>, home: string): string {
  if (platform === 'win32') return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', APP_NAME);
  return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), APP_NAME);
}

/** The default save folder: the OS Videos folder, then "Classroom Recorder". */
export function defaultSaveFolder(videosDir: string): string {
  return path.join(videosDir, APP_NAME);
}
