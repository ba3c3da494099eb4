import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Starts the built Electron main process (`dist/main/electron-main.js` in `appDir`) in plain Node with the
 * stand-in electron (tests/helpers/fake-electron/), runs `scenario` (a file there; default scenario.mjs)
 * against it, and answers the scenario's report. `home` holds the app's user data; XDG_CONFIG_HOME points
 * into it too, so nothing is written to the real ~/.config.
 */
export async function runBuiltMain(appDir: string, home: string, scenario?: string, env: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const hooks = pathToFileURL(path.resolve('tests/helpers/fake-electron/register.mjs')).href;
  const scenarioEnv = scenario ? { FAKE_ELECTRON_SCENARIO: pathToFileURL(path.resolve('tests/helpers/fake-electron', scenario)).href } : {};
  const { stdout } = await run(process.execPath, ['--import', hooks, 'dist/main/electron-main.js'], {
    cwd: appDir,
    env: { ...process.env, FAKE_ELECTRON_HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), ...scenarioEnv, ...env },
    timeout: 60_000,
  });
  const line = stdout.split('\n').find((l) => l.startsWith('REPORT:'));
  if (!line) throw new Error(`no report from the scenario:\n${stdout}`);
  const report = JSON.parse(line.slice('REPORT:'.length)) as Record<string, unknown>;
  if ('error' in report) throw new Error(String(report.error));
  return report;
}
