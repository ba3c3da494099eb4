// `node --import ./register.mjs dist/main/electron-main.js`: swaps in the fake electron, then runs the
// scenario (scenario.mjs, or the file named by FAKE_ELECTRON_SCENARIO) against the started app and prints
// its report as one JSON line.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
await import(process.env.FAKE_ELECTRON_SCENARIO ?? './scenario.mjs');
