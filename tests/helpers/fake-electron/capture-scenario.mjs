// The app's own screen/window picker through the built main process (see capture-sources-glue.test.ts):
// list over IPC (desktopCapturer's options, the app's window left out), choose, then answer getDisplayMedia
// as Chromium would ask. FAKE_CAPTURE_PHASE=relaunch runs a second launch on the same state folder, where
// Electron gives the windows new ids. Prints REPORT:{...} like scenario.mjs.
import { app } from './electron.mjs';
import { delay, state, until } from './scenario-kit.mjs';

const relaunch = process.env.FAKE_CAPTURE_PHASE === 'relaunch';
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==';

async function scenario() {
  await until(() => state.windows[0]?.loadedFile && state.ipcHandlers.size > 0 && state.displayMediaRequestHandler, 'start-up');
  const window = state.windows[0];
  const contents = window.webContents;
  const ours = contents.getURL();
  const shift = relaunch ? 1000 : 0; // window ids change with every launch
  state.desktopSources = [
    { id: `window:${501 + shift}:0`, name: 'Fractions — Slides', display_id: '', thumbnail: PNG, appIcon: PNG },
    { id: 'screen:0:0', name: 'Entire screen', display_id: '1', thumbnail: PNG },
    { id: window.getMediaSourceId(), name: 'Classroom Recorder', display_id: '', thumbnail: PNG },
    { id: `window:${502 + shift}:0`, name: 'Worksheet.pdf', display_id: '', thumbnail: '' },
  ];
  const invoke = (channel, ...args) => state.ipcHandlers.get(channel)({ sender: contents, senderFrame: { url: ours } }, ...args);
  const displayMedia = (url) =>
    new Promise((resolve) => state.displayMediaRequestHandler({ frame: { url }, audioRequested: true, videoRequested: true }, resolve));
  const answerOf = (answer) => ({ video: answer.video?.id, audio: answer.audio });

  const report = { phase: relaunch ? 'relaunch' : 'first', ownWindowId: window.getMediaSourceId(), displayMediaOptions: state.displayMediaOptions };
  const state0 = await invoke('app:get-state');
  report.canPickCaptureSources = state0.value.canPickCaptureSources;
  const list = await invoke('capture-sources:list');
  report.listOptions = state.capturerCalls.at(-1);
  report.listed = list.value.sources.map((s) => ({ name: s.name, kind: s.kind, thumbnail: Boolean(s.thumbnail), appIcon: Boolean(s.appIcon) }));
  report.chosenName = list.value.sources.find((s) => s.sourceId === list.value.chosenId)?.name ?? null;
  report.beforeChoice = answerOf(await displayMedia(ours));
  if (!relaunch) {
    report.electronIdRefused = (await invoke('capture-sources:choose', { sourceId: `window:502:0` })).error?.code;
    const worksheet = list.value.sources.find((s) => s.name === 'Worksheet.pdf');
    report.chose = (await invoke('capture-sources:choose', { sourceId: worksheet.sourceId })).ok;
    report.afterChoice = answerOf(await displayMedia(ours));
    report.requestOptions = state.capturerCalls.at(-1);
  }
  report.otherPage = answerOf(await displayMedia('https://example.com/'));

  process.stdout.write(`REPORT:${JSON.stringify(report)}\n`);
  app.quit();
  await delay(200);
  process.exit(0);
}

scenario().catch((error) => {
  process.stdout.write(`REPORT:${JSON.stringify({ error: String(error?.stack ?? error) })}\n`);
  process.exit(1);
});
