// Drives the started app the way Electron and a teacher would, and prints what happened as one JSON line
// prefixed with REPORT: (read by tests/main/electron/electron-main.test.ts). Runs beside the app's own
// start-up; it waits until the window, the IPC handlers and the tray exist.
import fs from 'node:fs/promises';
import path from 'node:path';
import { app, fakeEvent } from './electron.mjs';
import { delay, state, until } from './scenario-kit.mjs';

const tray = () => state.trays[0];
const menuLabels = () => tray().menu.map((item) => (item.type === 'separator' ? '---' : item.label));
const trayState = () => ({ tooltip: tray().tooltip, template: tray().image.template, menu: menuLabels() });

async function scenario() {
  const report = {};
  await until(() => state.windows[0]?.loadedFile && state.ipcHandlers.size > 0 && state.trays.length > 0, 'start-up');
  await delay(200);
  const window = state.windows[0];
  const contents = window.webContents;
  const ours = contents.getURL();

  report.startup = {
    sandboxEnabled: state.sandboxEnabled,
    singleInstanceRequested: state.singleInstanceRequested,
    webContentsCreatedListeners: app.listenerCount('web-contents-created'),
    windowCount: state.windows.length,
    webPreferences: window.options.webPreferences,
    loadedFile: window.loadedFile,
    shownWhenReady: window.visible,
    ipcChannels: [...state.ipcHandlers.keys()].sort(),
    hotkeys: [...state.shortcuts.keys()],
    tray: trayState(),
    trayScaleFactors: tray().image.scaleFactors,
  };

  // Navigation, new windows, permissions.
  const away = fakeEvent({ url: 'https://example.com/' });
  contents.emit('will-navigate', away);
  const inPage = fakeEvent({ url: `${ours}#lesson` });
  contents.emit('will-navigate', inPage);
  const redirect = fakeEvent({ url: 'file:///etc/passwd' });
  contents.emit('will-redirect', redirect);
  const webview = fakeEvent();
  contents.emit('will-attach-webview', webview);
  const permission = (name, url) => new Promise((resolve) => state.permissionRequestHandler(contents, name, resolve, { requestingUrl: url }));
  report.lockdown = {
    navigateAwayPrevented: away.defaultPrevented,
    inPageNavigationPrevented: inPage.defaultPrevented,
    redirectPrevented: redirect.defaultPrevented,
    webviewPrevented: webview.defaultPrevented,
    windowOpen: contents.windowOpenHandler({ url: 'https://example.com/' }),
    mediaForOurPage: await permission('media', ours),
    mediaForOtherPage: await permission('media', 'https://example.com/'),
    geolocationForOurPage: await permission('geolocation', ours),
    deviceChooser: state.devicePermissionHandler({ deviceType: 'usb' }),
  };

  // IPC answers our page only.
  const invoke = (channel, senderUrl, ...args) => state.ipcHandlers.get(channel)({ sender: contents, senderFrame: { url: senderUrl } }, ...args);
  const trusted = await invoke('app:get-state', ours);
  const untrusted = await invoke('app:get-state', 'file:///tmp/evil.html');
  report.ipc = { trustedOk: trusted.ok, untrusted };

  // A hotkey press reaches the renderer as app:command; pause is not forwarded while idle.
  state.shortcuts.get('CommandOrControl+Shift+F9')();
  state.shortcuts.get('CommandOrControl+Shift+F10')();
  report.hotkeyCommands = contents.sent.filter(([channel]) => channel === 'app:command').map(([, payload]) => payload.command);

  // The settings screen: a hotkey changed through IPC is checked, registered in place of the old one and
  // shown in the tray; one Zoom uses is refused; open at login reaches the OS (Linux: an autostart entry).
  const changed = await invoke('hotkeys:set', ours, { command: 'toggle-pause', accelerator: 'alt+shift+p' });
  const refused = await invoke('hotkeys:set', ours, { command: 'toggle-recording', accelerator: 'Alt+R' });
  const launch = await invoke('settings:update', ours, { openAtLogin: true });
  report.settingsScreen = {
    changed: changed.value,
    refused: refused.value.refusal,
    hotkeys: [...state.shortcuts.keys()],
    trayPauseAccelerator: tray().menu.find((item) => item.label === 'Pause')?.accelerator,
    openAtLogin: launch.value.openAtLogin,
    loginItemSettings: state.loginItemSettings,
  };

  // The teacher chooses Chinese in Settings: the tray speaks it at once, and the page is told; then English again.
  await invoke('settings:update', ours, { language: 'zh-CN' });
  await delay(20);
  const chinese = trayState();
  const told = contents.sent
    .filter(([channel]) => channel === 'settings:changed')
    .map(([, settings]) => settings.language)
    .at(-1);
  await invoke('settings:update', ours, { language: 'en' });
  await delay(20);
  report.language = { chinese, told, english: trayState() };

  // The page's player reads a saved lesson through classroom-media:, in byte ranges; unknown ids are 404.
  const { saveFolder } = (await invoke('app:get-state', ours)).value.settings;
  const bytes = Buffer.from(Array.from({ length: 1000 }, (_, index) => index % 251));
  await fs.mkdir(saveFolder, { recursive: true });
  await fs.writeFile(path.join(saveFolder, 'Player 2026-12-02 09-00.mp4'), bytes);
  const listed = (await invoke('lessons:list', ours)).value.find((lesson) => lesson.fileName.startsWith('Player'));
  const mediaUrl = (await invoke('lesson:media-url', ours, { lessonId: listed.lessonId })).value;
  const serve = state.protocolHandlers.get('classroom-media');
  const ranged = await serve(new Request(mediaUrl, { headers: { range: 'bytes=10-19' } }));
  const rangedBody = Buffer.from(await ranged.arrayBuffer());
  const unknown = await serve(new Request('classroom-media://lesson/not-an-id'));
  report.lessonMedia = {
    privileged: state.privilegedSchemes,
    privilegedBeforeReady: state.privilegedBeforeReady,
    mediaUrl,
    lessonId: listed.lessonId,
    ranged: { status: ranged.status, contentRange: ranged.headers.get('content-range'), same: rangedBody.equals(bytes.subarray(10, 20)) },
    unknown: unknown.status,
  };

  // The school storage's secret goes to safeStorage (the stand-in's is Linux without a keyring: weak).
  const sealed = await invoke('upload:set-secret', ours, { secret: 'Smoke-Secret-123' });
  report.uploadSecret = {
    ok: sealed.ok,
    secret: sealed.value?.secret,
    refused: (await invoke('upload:set-secret', ours, { secret: 'has space' })).error?.code,
  };

  // Recording through IPC updates the tray.
  const started = await invoke('session:start', ours, { title: 'Smoke', mimeType: 'video/webm;codecs=h264,opus', hasAudio: true });
  report.recording = { started: started.ok, tray: trayState(), keepAwake: [...state.blockers] };
  await invoke('session:pause', ours, { sessionId: started.value.sessionId });
  report.paused = { tray: trayState() };

  // Closing the window while a lesson records asks; the default answer keeps recording, window hidden.
  state.dialogAnswers.push(0);
  const closed = window.close();
  await delay(50);
  report.closeWhileRecording = { closed, dialog: state.dialogs.at(-1)?.buttons, windowCalls: [...window.calls] };

  // Quit: "Keep recording" cancels it; "Quit now" quits, and will-quit lets go of hotkeys and tray.
  state.dialogAnswers.push(0);
  app.quit();
  await delay(50);
  const afterCancel = { exited: state.exited };
  state.dialogAnswers.push(2);
  app.quit();
  await delay(50);
  await until(() => state.exited, 'quit');
  report.quit = { afterCancel, exited: state.exited, dialogs: state.dialogs.length, hotkeysLeft: state.shortcuts.size, trayDestroyed: tray().destroyed };

  process.stdout.write(`REPORT:${JSON.stringify(report)}\n`);
  // Give will-quit's service.shutdown() a moment to stop ffmpeg and close files.
  await delay(300);
  process.exit(0);
}

scenario().catch((error) => {
  process.stdout.write(`REPORT:${JSON.stringify({ error: String(error?.stack ?? error) })}\n`);
  process.exit(1);
});
