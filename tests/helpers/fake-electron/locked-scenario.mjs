// A second copy of the app on state another copy holds (read by tests/main/electron/instance-lock-glue.test.ts):
// the test holds the state's lock before this starts. Reports what the app showed and whether it opened
// a window or touched the lessons.
import './electron.mjs';
import { delay, runScenario, state, until } from './scenario-kit.mjs';

runScenario(async () => {
  await until(() => state.exited || state.windows.length > 0, 'the app to quit or open a window');
  await delay(100);
  return {
    exited: state.exited,
    windows: state.windows.length,
    ipcChannels: state.ipcHandlers.size,
    dialogs: state.dialogs.map((dialog) => ({ message: dialog.message, detail: dialog.detail, buttons: dialog.buttons })),
  };
});
