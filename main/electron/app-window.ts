import { app, BrowserWindow, session, type Session, type WebContents } from 'electron';
import type { CaptureSourcePicker } from '../core/capture-sources/source-picker';
import { handleDisplayMediaRequests } from './display-media';
import { appWindowOptions, isOurPage, permissionCheckAllowed, permissionRequestAllowed, rendererUrl, type WindowPaths } from './window-policy';

export { appPaths, rendererUrl, type WindowPaths } from './window-policy';

/**
 * Grants camera and microphone (and screen capture) to our own page only; every other permission, and
 * every device chooser (HID, serial, USB), is denied.
 */
export function lockDownSession(target: Session, allowedUrl: string): void {
  target.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(permissionRequestAllowed(permission, details.requestingUrl ?? contents.getURL(), allowedUrl));
  });
  target.setPermissionCheckHandler((contents, permission, requestingOrigin, details) =>
    permissionCheckAllowed({ permission, requestingOrigin, requestingUrl: details.requestingUrl, webContentsUrl: contents?.getURL() }, allowedUrl),
  );
  target.setDevicePermissionHandler(() => false);
}

/** No new windows, no navigation or redirect away from our page, no <webview>: for any web contents. */
function lockDownContents(contents: WebContents, allowedUrl: string): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => {
    if (!isOurPage(event.url, allowedUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isOurPage(event.url, allowedUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * Applies lockDownContents to every web contents the app ever creates, not only our window: a future
 * dev-tools-like view, an embedded page or a window opened despite the handler gets the same rules.
 * Call once, before the first window.
 */
export function hardenAllWebContents(paths: WindowPaths): void {
  const url = rendererUrl(paths);
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, url));
}

/**
 * The main window, locked down per Electron's security checklist: options from appWindowOptions()
 * (tested in tests/security/window-lockdown.test.ts), permissions from lockDownSession, navigation and
 * new windows from hardenAllWebContents. The CSP is in index.html.
 */
export function createAppWindow(
  paths: WindowPaths,
  picker?: CaptureSourcePicker,
  options: { show?: boolean; onRendererGone?: () => void } = {},
): BrowserWindow {
  lockDownSession(session.defaultSession, rendererUrl(paths));
  handleDisplayMediaRequests(session.defaultSession, rendererUrl(paths), picker);
  const window = new BrowserWindow(appWindowOptions(paths));
  // Also applied here directly, so this window is locked down even if hardenAllWebContents was not called.
  lockDownContents(window.webContents, rendererUrl(paths));
  // `show: false` (start minimized to the tray): the tray's Open shows it later.
  window.once('ready-to-show', () => {
    if (options.show !== false) window.show();
  });
  // A crashed renderer must not end the lesson: main still holds the recording, and the reloaded page
  // continues it in a new segment (AppState.activeSessions → session:continue). Main is told first that
  // the lesson's page is gone, so the reloaded page need not wait to be sure of it.
  window.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit' || window.isDestroyed()) return;
    console.error(`[window] renderer gone (${details.reason}); reloading`);
    options.onRendererGone?.();
    void window.loadFile(paths.rendererHtml);
  });
  void window.loadFile(paths.rendererHtml);
  return window;
}
