import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindowConstructorOptions } from 'electron';

// The security policy of our windows as plain data and functions. This module imports only Electron's
// *types* (erased at build time), so tests can load it without the Electron binary; app-window.ts applies it.

export interface WindowPaths {
  preload: string;
  rendererHtml: string;
}

/** Where the built preload and page are, relative to `dist/`. */
export function appPaths(distDir: string): WindowPaths {
  return {
    preload: path.join(distDir, 'preload', 'preload.cjs'),
    rendererHtml: path.join(distDir, 'renderer', 'index.html'),
  };
}

/** The page our windows may show; anything else is refused navigation, permissions and IPC. */
export function rendererUrl(paths: WindowPaths): string {
  return pathToFileURL(paths.rendererHtml).toString();
}

/**
 * Whether `url` is our page. The fragment is ignored (an in-page `#view` is still our page); the scheme,
 * path and query must match exactly, so no other local file qualifies.
 */
export function isOurPage(url: string | undefined, allowedUrl: string): boolean {
  if (!url) return false;
  const withoutFragment = (text: string) => text.split('#', 1)[0];
  return withoutFragment(url) === withoutFragment(allowedUrl);
}

/** The only permissions our page gets: camera/microphone (`media`) and screen capture. */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['media', 'display-capture']);

/** `session.setPermissionRequestHandler`: grant only GRANTED_PERMISSIONS, and only to our page. */
export function permissionRequestAllowed(permission: string, requestingUrl: string | undefined, allowedUrl: string): boolean {
  return GRANTED_PERMISSIONS.has(permission) && isOurPage(requestingUrl, allowedUrl);
}

export interface PermissionCheck {
  permission: string;
  /** `requestingOrigin` of the check: for a file:// page Chromium reports "file://". */
  requestingOrigin: string;
  /** `details.requestingUrl`, when Electron knows the frame's URL. */
  requestingUrl?: string;
  /** URL of the web contents asking, when there is one. */
  webContentsUrl?: string;
}

/**
 * `session.setPermissionCheckHandler` (synchronous checks such as device enumeration): the same rule as
 * requests. When Electron gives a URL it must be our page; when it gives none (a check not made for a
 * document), only a file:// origin qualifies, which in our app can only be our page since navigation
 * away from it is blocked.
 */
export function permissionCheckAllowed(check: PermissionCheck, allowedUrl: string): boolean {
  if (!GRANTED_PERMISSIONS.has(check.permission)) return false;
  const url = check.requestingUrl ?? check.webContentsUrl;
  if (url) return isOurPage(url, allowedUrl);
  return check.requestingOrigin === 'file://';
}

/**
 * The main window's options, locked down per Electron's security checklist
 * (https://www.electronjs.org/docs/latest/tutorial/security): context isolation, sandbox, no Node in the
 * page, web security on, no <webview>, no experimental or insecure features. The CSP is in index.html.
 */
export function appWindowOptions(paths: WindowPaths): BrowserWindowConstructorOptions {
  return {
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
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // A middle click must not open a link in a new window (window.open is denied anyway).
      disableBlinkFeatures: 'Auxclick',
      // A file dropped on the window must not replace our page with it.
      navigateOnDragDrop: false,
      // A page that floods alert() cannot lock the teacher out.
      safeDialogs: true,
      // A recording must keep its timers running when the teacher minimizes or hides the window.
      backgroundThrottling: false,
      // After a renderer crash the reloaded page must restart the lesson's Web Audio mix with no click:
      // Chromium otherwise keeps an AudioContext suspended until a user gesture, and the sound stops.
      autoplayPolicy: 'no-user-gesture-required',
      spellcheck: false,
    },
  };
}
