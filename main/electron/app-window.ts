import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, session, type Session } from 'electron';

export interface WindowPaths {
  preload: string;
  rendererHtml: string;
}

/** The page our windows may show; anything else is refused navigation and IPC. */
export function rendererUrl(paths: WindowPaths): string {
  return pathToFileURL(paths.rendererHtml).toString();
}

/** Grants only camera and microphone (and screen capture) to our own page; everything else is denied. */
export function lockDownSession(target: Session, allowedUrl: string): void {
  const ours = (url: string | undefined) => url === allowedUrl;
  target.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(ours(details.requestingUrl ?? contents.getURL()) && (permission === 'media' || permission === 'display-capture'));
  });
  target.setPermissionCheckHandler((_contents, permission, requestingOrigin) => {
    return (permission === 'media' || permission === 'display-capture') && (requestingOrigin === 'file://' || ours(requestingOrigin));
  });
}

/**
 * The main window, locked down per Electron's security checklist: context isolation, sandbox, no Node,
 * no new windows, no navigation away from our page. The CSP is in index.html.
 */
export function createAppWindow(paths: WindowPaths): BrowserWindow {
  const url = rendererUrl(paths);
  lockDownSession(session.defaultSession, url);
  const window = new BrowserWindow({
    width: 1100,
    height: 760,
    minWidth: 720,
    minHeight: 560,
    title: 'Classroom Recorder',
    show: false,
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      // A recording must keep its timers running when the teacher minimizes the window.
      backgroundThrottling: false,
      spellcheck: false,
    },
  });
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.webContents.on('will-navigate', (event, target) => {
    if (target !== url) event.preventDefault();
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());
  // A crashed renderer must not end the lesson: main still holds the recording, and the reloaded page
  // continues it in a new segment (AppState.activeSessions → session:continue).
  window.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit' || window.isDestroyed()) return;
    console.error(`[window] renderer gone (${details.reason}); reloading`);
    void window.loadFile(paths.rendererHtml);
  });
  void window.loadFile(paths.rendererHtml);
  return window;
}

export function appPaths(distDir: string): WindowPaths {
  return {
    preload: path.join(distDir, 'preload', 'preload.cjs'),
    rendererHtml: path.join(distDir, 'renderer', 'index.html'),
  };
}
