import { spawn, type ChildProcess } from 'node:child_process';
import { BRIDGE_HEADER, BRIDGE_TOKEN_META } from '../../common/ipc-contract';
import { ensureAppBuilt } from './build-app';

export interface CoreProcess {
  child: ChildProcess;
  url: string;
  /** The launch's secret, read from the page the server hands out (as the app's own page gets it). */
  token: string;
  /** Everything the process printed so far. */
  output: () => string;
  /** POSTs to the API with the secret; answers the parsed Result. */
  post: (pathname: string, body: string | Uint8Array, type: string) => Promise<{ ok: boolean; value?: any; error?: { code: string; message: string } }>;
}

/** Starts the core in its own process, as `npm run browser` does, and answers its URL and secret. */
export async function startCoreProcess(saveFolder: string, stateDir: string): Promise<CoreProcess> {
  ensureAppBuilt();
  const child = spawn(process.execPath, ['dist/main/browser-mode.js', '--folder', saveFolder, '--port', '0', '--state-dir', stateDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr!.on('data', (data: Buffer) => (out += data.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (data: Buffer) => {
      out += data.toString();
      const match = /at (http:\/\/localhost:\d+\/)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`core exited with ${code}: ${out}`)));
  });
  const page = await (await fetch(url)).text();
  const token = new RegExp(`<meta name="${BRIDGE_TOKEN_META}" content="([0-9a-f]+)"`).exec(page)?.[1];
  if (!token) throw new Error('the page carries no bridge token');
  const post: CoreProcess['post'] = async (pathname, body, type) =>
    (await fetch(new URL(pathname, url), { method: 'POST', body, headers: { [BRIDGE_HEADER]: token, 'content-type': type } })).json() as Promise<never>;
  return { child, url, token, output: () => out, post };
}

/** Runs the core as a second copy on the same state: answers its exit code and what it printed. */
export function runSecondCore(saveFolder: string, stateDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dist/main/browser-mode.js', '--folder', saveFolder, '--port', '0', '--state-dir', stateDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (data: Buffer) => (output += data.toString()));
    child.stderr!.on('data', (data: Buffer) => (output += data.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
