// A stand-in for the `electron` module, loaded in place of the real one by hooks.mjs, so the *built*
// dist/main/electron-main.js can start in plain Node. It implements only what our glue calls, records
// what happens in globalThis.__fakeElectron, and behaves like Electron where our code depends on it
// (web-contents-created on each new window, before-quit → will-quit on quit, preventable events).
import { EventEmitter } from 'node:events';
import os from 'node:os';
import path from 'node:path';

const root = process.env.FAKE_ELECTRON_HOME ?? os.tmpdir();

/** An Electron-style event: `preventDefault()` marks it. */
export function fakeEvent(extra = {}) {
  const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true), ...extra };
  return event;
}

const state = {
  sandboxEnabled: false,
  singleInstanceRequested: false,
  quitRequested: 0,
  exited: false,
  windows: [],
  ipcHandlers: new Map(),
  shortcuts: new Map(),
  trays: [],
  dialogs: [],
  dialogAnswers: [],
  permissionRequestHandler: undefined,
  permissionCheckHandler: undefined,
  devicePermissionHandler: undefined,
  blockers: [],
  loginItemSettings: [],
  ready: false,
  privilegedSchemes: [],
  /** When each scheme was made privileged: Electron allows it only before the app is ready. */
  privilegedBeforeReady: undefined,
  protocolHandlers: new Map(),
};
globalThis.__fakeElectron = state;

class FakeApp extends EventEmitter {
  enableSandbox() {
    state.sandboxEnabled = true;
  }
  requestSingleInstanceLock() {
    state.singleInstanceRequested = true;
    return true;
  }
  whenReady() {
    return Promise.resolve().then(() => {
      state.ready = true;
    });
  }
  getPath(name) {
    return path.join(root, name);
  }
  getName() {
    return 'Classroom Recorder';
  }
  /** macOS and Windows only in Electron; recorded here. */
  setLoginItemSettings(settings) {
    state.loginItemSettings.push(settings);
  }
  getLocale() {
    return process.env.FAKE_ELECTRON_LOCALE ?? 'en-US';
  }
  /** Like Electron: before-quit (preventable), then will-quit, then the process ends. */
  quit() {
    state.quitRequested++;
    // Electron ignores quit() while a quit is already closing the windows.
    if (this.quitting) return;
    const event = fakeEvent();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    this.quitting = true;
    for (const window of [...state.windows]) window.close();
    this.emit('will-quit', fakeEvent());
    state.exited = true;
  }
}
export const app = new FakeApp();

class FakeWebContents extends EventEmitter {
  constructor() {
    super();
    this.sent = [];
    this.url = '';
    this.windowOpenHandler = undefined;
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
  send(channel, payload) {
    this.sent.push([channel, payload]);
  }
  isDestroyed() {
    return false;
  }
  getURL() {
    return this.url;
  }
}

export class BrowserWindow extends EventEmitter {
  static getAllWindows() {
    return state.windows.filter((w) => !w.destroyed);
  }
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new FakeWebContents();
    this.visible = false;
    this.minimized = false;
    this.destroyed = false;
    this.calls = [];
    state.windows.push(this);
    app.emit('web-contents-created', fakeEvent(), this.webContents);
  }
  async loadFile(file) {
    this.webContents.url = new URL(`file://${path.resolve(file)}`).href;
    this.loadedFile = file;
    setTimeout(() => this.emit('ready-to-show'), 0);
  }
  /** Like the close button: 'close' (preventable), then 'closed'. */
  close() {
    const event = fakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return false;
    this.destroyed = true;
    this.emit('closed');
    if (BrowserWindow.getAllWindows().length === 0) app.emit('window-all-closed');
    return true;
  }
  isDestroyed() {
    return this.destroyed;
  }
  isVisible() {
    return this.visible;
  }
  isMinimized() {
    return this.minimized;
  }
  show() {
    this.visible = true;
    this.calls.push('show');
  }
  hide() {
    this.visible = false;
    this.calls.push('hide');
  }
  minimize() {
    this.minimized = true;
    this.calls.push('minimize');
  }
  restore() {
    this.minimized = false;
    this.calls.push('restore');
  }
  focus() {
    this.calls.push('focus');
  }
  /** Like Electron: the window's id in desktopCapturer's format. */
  getMediaSourceId() {
    return `window:${4200 + state.windows.indexOf(this)}:0`;
  }
}

export const session = {
  defaultSession: {
    setPermissionRequestHandler: (handler) => (state.permissionRequestHandler = handler),
    setPermissionCheckHandler: (handler) => (state.permissionCheckHandler = handler),
    setDevicePermissionHandler: (handler) => (state.devicePermissionHandler = handler),
    setDisplayMediaRequestHandler: (handler, options) => {
      state.displayMediaRequestHandler = handler;
      state.displayMediaOptions = options;
    },
  },
};

/** A NativeImage holding a PNG data URL ('' = empty), as thumbnails and window icons are. */
export function fakeImage(dataUrl = '') {
  return { isEmpty: () => dataUrl === '', toDataURL: () => dataUrl || 'data:image/png;base64,' };
}

/** Sources as Electron gives them; a scenario may set `state.desktopSources` (plain {id, name, display_id, thumbnail?, appIcon?}). */
export const desktopCapturer = {
  getSources: async (options) => {
    (state.capturerCalls ??= []).push(options);
    const sources = state.desktopSources ?? [
      { id: 'window:7:0', name: 'Slides', display_id: '' },
      { id: 'screen:1:0', name: 'Screen 1', display_id: '1' },
    ];
    return sources.map((s) => ({ ...s, thumbnail: fakeImage(s.thumbnail), appIcon: s.appIcon === undefined ? null : fakeImage(s.appIcon) }));
  },
};

export const screen = { getPrimaryDisplay: () => ({ id: 1 }) };

export const ipcMain = {
  handle: (channel, handler) => {
    if (state.ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
    state.ipcHandlers.set(channel, handler);
  },
};

export const globalShortcut = {
  register: (accelerator, callback) => {
    state.shortcuts.set(accelerator, callback);
    return true;
  },
  unregisterAll: () => state.shortcuts.clear(),
};

export const dialog = {
  showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
  showMessageBox: async (...args) => {
    const options = args[args.length - 1];
    state.dialogs.push(options);
    return { response: state.dialogAnswers.shift() ?? options.cancelId ?? 0, checkboxChecked: false };
  },
};

export const powerSaveBlocker = {
  start: (type) => state.blockers.push(type) - 1,
  stop: (id) => (state.blockers[id] = 'stopped'),
};
export const powerMonitor = new EventEmitter();
/** safeStorage as on a Linux without a keyring (`basic_text`): sealed, but with a key anyone has. */
export const safeStorage = {
  isAsyncEncryptionAvailable: async () => true,
  getSelectedStorageBackend: () => 'basic_text',
  encryptStringAsync: async (text) => Buffer.from(Buffer.from(text, 'utf8').map((byte) => byte ^ 0x5a)),
  decryptStringAsync: async (sealed) => ({ result: Buffer.from(sealed.map((byte) => byte ^ 0x5a)).toString('utf8'), shouldReEncrypt: false }),
};
export const shell = {
  showItemInFolder: () => undefined,
  openPath: async () => '',
  trashItem: async (file) => {
    throw new Error(`the stand-in has no trash for ${file}`);
  },
};

export const protocol = {
  registerSchemesAsPrivileged: (schemes) => {
    state.privilegedSchemes.push(...schemes);
    state.privilegedBeforeReady = !state.ready;
  },
  handle: (scheme, handler) => state.protocolHandlers.set(scheme, handler),
};

export const Menu = { buildFromTemplate: (template) => template };
export const nativeImage = {
  createEmpty: () => {
    const image = {
      template: false,
      scaleFactors: [],
      addRepresentation: (o) => image.scaleFactors.push(o.scaleFactor),
      setTemplateImage: (t) => (image.template = t),
    };
    return image;
  },
};

export class Tray extends EventEmitter {
  constructor(image) {
    super();
    this.image = image;
    this.destroyed = false;
    state.trays.push(this);
  }
  setImage(image) {
    this.image = image;
  }
  setToolTip(text) {
    this.tooltip = text;
  }
  setContextMenu(menu) {
    this.menu = menu;
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    this.destroyed = true;
  }
}

/** OS notifications (the timetable's "records in a minute"): kept for the scenario to look at. */
export class Notification extends EventEmitter {
  static shown = [];
  static isSupported() {
    return true;
  }
  constructor(options) {
    super();
    this.options = options;
  }
  show() {
    Notification.shown.push(this.options);
  }
}

export default {
  Notification,
  app,
  BrowserWindow,
  session,
  desktopCapturer,
  screen,
  ipcMain,
  globalShortcut,
  dialog,
  powerSaveBlocker,
  powerMonitor,
  safeStorage,
  shell,
  protocol,
  Menu,
  nativeImage,
  Tray,
};
