// Start-up choices kept in settings.json, in the built main process against the stand-in electron (read by
// tests/main/electron/launch-settings-glue.test.ts). FAKE_LAUNCH_PHASE=first turns "start minimized" on through
// IPC; =relaunch reports that the window stayed hidden, then opens it from the tray.
import { app } from './electron.mjs';
import { delay, runScenario, state, until } from './scenario-kit.mjs';

runScenario(async () => {
  await until(() => state.windows[0]?.loadedFile && state.ipcHandlers.size > 0 && state.trays.length > 0, 'start-up');
  // ready-to-show fires a tick after loadFile; give the window its chance to show.
  await delay(200);
  const window = state.windows[0];
  const ours = window.webContents.getURL();
  const invoke = (channel, ...args) => state.ipcHandlers.get(channel)({ sender: window.webContents, senderFrame: { url: ours } }, ...args);
  const report = { shownAtStart: window.visible };
  if (process.env.FAKE_LAUNCH_PHASE === 'first') {
    const answer = await invoke('settings:update', { startMinimized: true });
    report.startMinimized = answer.value.startMinimized;
  } else {
    state.trays[0].menu.find((item) => item.label === 'Open Classroom Recorder').click();
    report.shownFromTray = window.visible;
  }
  app.quit();
  return report;
});
