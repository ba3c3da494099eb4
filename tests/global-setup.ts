import { execFileSync } from 'node:child_process';

/** The end-to-end tests serve the built renderer: build it once before any test runs (esbuild, ~1 s). */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
