// `node --import ./register.mjs dist/main/electron-main.js`: swaps in the fake electron, then runs the
// scenario (scenario.mjs) against the started app and prints its report as one JSON line.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
await import('./scenario.mjs');
