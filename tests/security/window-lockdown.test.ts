import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appPaths, appWindowOptions, isOurPage, permissionCheckAllowed, permissionRequestAllowed, rendererUrl } from '../../main/electron/window-policy';

// Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security), checked on
// the policy module the window is built from, plus source checks for what must never appear.

const paths = appPaths(path.resolve('dist'));
const ours = rendererUrl(paths);

describe('main window options', () => {
  const options = appWindowOptions(paths);
  const web = options.webPreferences ?? {};

  it('isolate the page: context isolation, sandbox, no Node anywhere, web security on', () => {
    expect(web).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(web.preload).toBe(paths.preload);
  });

  it('turn off what a recorder page does not need and an attacker could use', () => {
    expect(web.disableBlinkFeatures).toBe('Auxclick');
    expect(web.navigateOnDragDrop).toBe(false);
    expect(web.safeDialogs).toBe(true);
    expect(web.enableBlinkFeatures).toBeUndefined();
    expect(web.additionalArguments).toBeUndefined();
    expect(web.partition).toBeUndefined();
  });

  it('keep recording timers running in a hidden window', () => {
    expect(web.backgroundThrottling).toBe(false);
  });
});

describe('which page is ours', () => {
  it('is exactly our index.html; an in-page #fragment is still ours', () => {
    expect(isOurPage(ours, ours)).toBe(true);
    expect(isOurPage(`${ours}#settings`, ours)).toBe(true);
    expect(isOurPage(`${ours}?x=1`, ours)).toBe(false);
    expect(isOurPage(ours.replace('index.html', 'other.html'), ours)).toBe(false);
    expect(isOurPage('file:///etc/passwd', ours)).toBe(false);
    expect(isOurPage('https://example.com/', ours)).toBe(false);
    expect(isOurPage(undefined, ours)).toBe(false);
    expect(isOurPage('', ours)).toBe(false);
  });
});

describe('permissions', () => {
  it('grant camera/microphone and screen capture to our page only', () => {
    expect(permissionRequestAllowed('media', ours, ours)).toBe(true);
    expect(permissionRequestAllowed('display-capture', ours, ours)).toBe(true);
    expect(permissionRequestAllowed('media', 'https://evil.example/', ours)).toBe(false);
    expect(permissionRequestAllowed('media', 'file:///tmp/other.html', ours)).toBe(false);
    expect(permissionRequestAllowed('media', undefined, ours)).toBe(false);
  });

  it('deny everything else, even to our page', () => {
    for (const permission of ['geolocation', 'notifications', 'openExternal', 'clipboard-read', 'hid', 'usb', 'serial', 'midiSysex', 'fullscreen', 'unknown']) {
      expect(permissionRequestAllowed(permission, ours, ours), permission).toBe(false);
      expect(permissionCheckAllowed({ permission, requestingOrigin: 'file://', requestingUrl: ours }, ours), permission).toBe(false);
    }
  });

  it('checks: a known URL must be ours; without one only a file:// origin passes', () => {
    expect(permissionCheckAllowed({ permission: 'media', requestingOrigin: 'file://', requestingUrl: ours }, ours)).toBe(true);
    expect(permissionCheckAllowed({ permission: 'media', requestingOrigin: 'file://', webContentsUrl: ours }, ours)).toBe(true);
    expect(permissionCheckAllowed({ permission: 'media', requestingOrigin: 'file://', requestingUrl: 'file:///tmp/x.html' }, ours)).toBe(false);
    expect(permissionCheckAllowed({ permission: 'media', requestingOrigin: 'file://' }, ours)).toBe(true);
    expect(permissionCheckAllowed({ permission: 'media', requestingOrigin: 'https://evil.example' }, ours)).toBe(false);
  });
});

/** Every .ts file under a folder. */
async function sources(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => path.join(e.parentPath, e.name));
}

describe('the Electron glue, read as source', () => {
  it('wires the policy in: window from appWindowOptions, session and every web contents locked down, sandbox for all', async () => {
    const window = await fs.readFile('main/electron/app-window.ts', 'utf8');
    expect(window).toMatch(/new BrowserWindow\(appWindowOptions\(paths\)\)/);
    expect(window.match(/new BrowserWindow\(/g)).toHaveLength(1);
    for (const hook of [
      'setWindowOpenHandler',
      "'will-navigate'",
      "'will-redirect'",
      "'will-attach-webview'",
      "'web-contents-created'",
      'setPermissionRequestHandler',
      'setPermissionCheckHandler',
      'setDevicePermissionHandler(() => false)',
    ]) {
      expect(window, hook).toContain(hook);
    }
    const main = await fs.readFile('main/electron/electron-main.ts', 'utf8');
    expect(main).toContain('app.enableSandbox()');
    expect(main).toContain('hardenAllWebContents(paths)');
    expect(main).toMatch(/isOurPage\(event\.senderFrame\?\.url, rendererUrl\(paths\)\)/);
    expect(main).toContain('requestSingleInstanceLock()');
  });

  it('never opens URLs externally, evaluates code, or loads remote content in main or preload', async () => {
    for (const file of [...(await sources('main')), ...(await sources('preload'))]) {
      const text = await fs.readFile(file, 'utf8');
      expect(text, file).not.toMatch(/openExternal\s*\(/);
      expect(text, file).not.toMatch(/\bloadURL\s*\(/);
      expect(text, file).not.toMatch(/executeJavaScript\s*\(/);
      expect(text, file).not.toMatch(/\beval\s*\(|new Function\s*\(/);
      expect(text, file).not.toMatch(/ELECTRON_DISABLE_SECURITY_WARNINGS|allowRunningInsecureContent:\s*true|webSecurity:\s*false/);
    }
  });

  it('the preload exposes one API object through contextBridge and nothing else', async () => {
    const preload = await fs.readFile('preload/preload.ts', 'utf8');
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(preload).toContain('exposeInMainWorld(API_GLOBAL, buildRecorderApi(ipcRenderer))');
  });

  it('the page has a CSP without inline script, eval or remote origins', async () => {
    const html = await fs.readFile('renderer/index.html', 'utf8');
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(csp).toBeDefined();
    const directives = new Map(
      csp!
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });
});
