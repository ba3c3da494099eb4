// Builds the three processes with esbuild (see README "Build" for why esbuild):
//   dist/main/electron-main.js   Electron main process (ESM)
//   dist/main/browser-mode.js    browser mode server (ESM, plain Node)
//   dist/preload/preload.cjs     sandboxed preload: one CommonJS file, since it may only require 'electron'
//   dist/renderer/               app.js, browser-bridge.js, compositor-worker.js, index.html, styles.css
import { build } from 'esbuild';
import fs from 'node:fs/promises';

const common = { bundle: true, sourcemap: true, logLevel: 'warning', target: 'es2022' };
// Loaded from node_modules at run time: fluent-ffmpeg picks files dynamically; ffmpeg-static is optional.
const nodeExternals = ['electron', 'fluent-ffmpeg', 'ffmpeg-static'];

await fs.rm('dist', { recursive: true, force: true });
await Promise.all([
  build({
    ...common,
    entryPoints: { 'electron-main': 'main/electron/electron-main.ts', 'browser-mode': 'main/browser-mode/browser-main.ts' },
    outdir: 'dist/main',
    platform: 'node',
    format: 'esm',
    external: nodeExternals,
    // @aws-sdk's CommonJS requires Node's built-ins ('node:https'), which esbuild's ESM output cannot do
    // by itself ("Dynamic require … is not supported", esbuild #1921): give the bundle a real require.
    banner: { js: "import { createRequire as createRequireForCjs } from 'node:module'; const require = createRequireForCjs(import.meta.url);" },
  }),
  build({ ...common, entryPoints: ['preload/preload.ts'], outfile: 'dist/preload/preload.cjs', platform: 'node', format: 'cjs', external: ['electron'] }),
  build({
    ...common,
    entryPoints: {
      app: 'renderer/app.ts',
      'browser-bridge': 'renderer/browser-mode/http-bridge.ts',
      'compositor-worker': 'renderer/capture/compositor-worker.ts',
    },
    outdir: 'dist/renderer',
    platform: 'browser',
    format: 'iife',
  }),
]);
await fs.copyFile('renderer/index.html', 'dist/renderer/index.html');
await fs.copyFile('renderer/styles.css', 'dist/renderer/styles.css');
await fs.copyFile('assets/icon.svg', 'dist/renderer/icon.svg');
