import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** What scripts/build.mjs reads, copied so the build runs in a folder of its own. */
const BUILD_INPUTS = ['scripts', 'main', 'common', 'preload', 'renderer', 'assets', 'package.json', 'tsconfig.json'];

/**
 * Builds the app (scripts/build.mjs) in a fresh temporary copy of the sources and answers that folder,
 * whose `dist/` no other test run can delete or rebuild underneath us (the shared dist/ is rebuilt by
 * every test run on the machine). node_modules is linked, not copied. The caller removes the folder.
 */
export async function buildInTempCopy(prefix: string): Promise<string> {
  const root = process.cwd();
  const copy = await fs.mkdtemp(path.join(os.tmpdir(), `cr-${prefix}-`));
  for (const item of BUILD_INPUTS) await fs.cp(path.join(root, item), path.join(copy, item), { recursive: true });
  await fs.symlink(path.join(root, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: copy, stdio: 'inherit' });
  return copy;
}
