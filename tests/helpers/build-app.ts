import { execFileSync } from 'node:child_process';

let built = false;

/**
 * Builds dist/ (esbuild, about a second) the first time a test file needs the built app: the browser-mode
 * tests serve dist/renderer and the crash tests run dist/main/browser-mode.js in a child process.
 */
export function ensureAppBuilt(): void {
  if (built) return;
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  built = true;
}
