/**
 * Runs every benchmark, one after the other (two cores: running them side by side would measure each
 * other), each in its own process, sharing one scratch folder so a lesson is generated only once.
 *
 *   npx tsx bench/run-all.ts [--quick]     (also: npm run bench -- --quick)
 *
 * Results: printed, and written to bench/results/<name>.json. Exits non-zero only if a benchmark broke.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BENCH_DIR, quick, round } from './lib';

// The last two need Debian Chromium (CHROMIUM_PATH) and build dist/ for the browser mode.
const BENCHMARKS = ['finish-time', 'ipc-throughput', 'memory-flat', 'renderer-memory', 'teaching-cpu'];

function runBenchmark(name: string, mediaDir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(BENCH_DIR, `${name}.ts`), ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, BENCH_MEDIA_DIR: mediaDir },
    });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<void> {
  const mediaDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cr-bench-media-'));
  const failed: string[] = [];
  const started = performance.now();
  try {
    for (const name of BENCHMARKS) {
      console.log(`\n=== ${name}${quick ? ' (quick)' : ''} ===`);
      const benchStart = performance.now();
      const code = await runBenchmark(name, mediaDir);
      console.log(`=== ${name}: ${code === 0 ? 'done' : `FAILED (exit ${code})`} in ${round((performance.now() - benchStart) / 1000, 0)} s ===`);
      if (code !== 0) failed.push(name);
    }
  } finally {
    await fs.rm(mediaDir, { recursive: true, force: true });
  }
  console.log(`\nAll benchmarks ran in ${round((performance.now() - started) / 60000, 1)} min; results in ${path.join(BENCH_DIR, 'results')}`);
  if (failed.length > 0) {
    console.error(`Broken: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
