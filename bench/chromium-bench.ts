/**
 * Chromium pieces of the benchmarks: the real app in browser mode (`dist/main/browser-mode.js` in its own
 * process, so its CPU and memory, and its ffmpeg children's, can be read from /proc), Debian Chromium with
 * fake devices, and the baseline page (bench/renderer-cpu-page.js: bare MediaRecorder on the same devices).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { BrowserContext, Page } from 'playwright-core';
import { SettingsStore } from '../main/core/storage/settings-store';
import { ensureAppBuilt } from '../tests/helpers/build-app';
import { launchChromium } from '../tests/helpers/chromium';
import { BENCH_DIR } from './lib';
import { pidWithArgument } from './proc-stats';

/** Bundles a bench page (by default bench/renderer-cpu-page.js) and the compositor worker it may start, with an index.html, into `dir`. */
export async function bundlePage(dir: string, pageScript = 'renderer-cpu-page.js'): Promise<void> {
  await build({
    entryPoints: { page: path.join(BENCH_DIR, pageScript), 'compositor-worker': path.join(BENCH_DIR, '../renderer/capture/compositor-worker.ts') },
    outdir: dir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'warning',
  });
  await fs.writeFile(path.join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>bench</title><script src="./page.js"></script>');
}

/** Serves the files of `dir` on localhost (a secure context, so getUserMedia works). */
export function serve(dir: string): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((request, response) => {
    const name = path.basename(new URL(request.url ?? '/', 'http://localhost').pathname) || 'index.html';
    fs.readFile(path.join(dir, name)).then(
      (body) => {
        response.writeHead(200, { 'content-type': name.endsWith('.js') ? 'text/javascript' : 'text/html' });
        response.end(body);
      },
      () => {
        response.writeHead(404);
        response.end();
      },
    );
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://localhost:${port}/`, close: () => server.close() });
    }),
  );
}

export interface BaselineConfig {
  mode: 'camera' | 'screen' | 'screen-camera';
  height: number;
  pipeline: 'bare' | 'app';
  /** false: chunks are discarded as they come (bare MediaRecorder); true: pushed into an array (the tutorials). */
  keep?: boolean;
}

type BenchWindow = { benchStart(c: BaselineConfig): Promise<void>; benchStop(wantBytes: boolean): Promise<number[] | number> };

/** Starts recording in a page of the bundled baseline page. */
export async function startBaseline(page: Page, config: BaselineConfig): Promise<void> {
  await page.evaluate((c) => (globalThis as unknown as BenchWindow).benchStart(c), config);
}

/** Stops it: one Blob is made of the kept chunks; answers its bytes, or only its size. */
export async function stopBaseline(page: Page, wantBytes: true): Promise<number[]>;
export async function stopBaseline(page: Page, wantBytes: false): Promise<number>;
export async function stopBaseline(page: Page, wantBytes: boolean): Promise<number[] | number> {
  return page.evaluate((w) => (globalThis as unknown as BenchWindow).benchStop(w), wantBytes);
}

export interface BenchChromium {
  context: BrowserContext;
  /** The browser process: the root of the tree to read from /proc. */
  pid: number;
  userDataDir: string;
  close(): Promise<void>;
}

/**
 * Chromium as the e2e tests launch it (persistent profile, like the app's Electron session, so Blob data
 * may be paged to disk as in a real browser), with the fake camera at 30 fps like a webcam.
 */
export async function launchBenchChromium(name: string): Promise<BenchChromium> {
  const marker = `--cr-bench=${name}-${process.pid}`;
  const browser = await launchChromium({ extraArgs: ['--use-fake-device-for-media-stream=fps=30', '--enable-precise-memory-info', marker] });
  const pid = await pidWithArgument(marker);
  const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8');
  const userDataDir =
    cmdline
      .split('\0')
      .find((a) => a.startsWith('--user-data-dir='))
      ?.slice('--user-data-dir='.length) ?? '';
  return { context: browser.context, pid, userDataDir, close: browser.close };
}

export interface AppProcess {
  url: string;
  pid: number;
  saveFolder: string;
  stop(): Promise<void>;
}

/** `node dist/main/browser-mode.js` as `npm run browser` runs it, on temp folders and a free port. */
export async function startAppProcess(): Promise<AppProcess> {
  ensureAppBuilt();
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'cr-bench-app-'));
  const saveFolder = path.join(work, 'lessons');
  const stateDir = path.join(work, 'state');
  // As for a teacher who has used the app before: the first-launch welcome is done.
  const settings = await SettingsStore.open(stateDir, saveFolder);
  // No 3-2-1 countdown: a benchmark records at once.
  await settings.update({ saveFolder, welcomeDone: true, countdown: false });
  const child = spawn(process.execPath, ['dist/main/browser-mode.js', '--folder', saveFolder, '--state-dir', stateDir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /at (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on('close', (code) => reject(new Error(`browser mode exited ${code}: ${out}`)));
  });
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  // A benchmark that breaks half-way must not leave the app running (it would hold our stderr open).
  const killOnExit = () => child.kill('SIGTERM');
  process.on('exit', killOnExit);
  return {
    url,
    pid: child.pid!,
    saveFolder,
    stop: async () => {
      process.off('exit', killOnExit);
      child.kill('SIGTERM');
      await exited;
      await fs.rm(work, { recursive: true, force: true });
    },
  };
}

/**
 * Opens the app, waits for its preview, and presses Record (the countdown is off in the settings it starts with).
 * `sources` is the label of a source mode to choose first ("Screen and camera"); the app's own default
 * (the camera) otherwise.
 */
export async function recordInApp(context: BrowserContext, url: string, title: string, sources?: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('video.preview').waitFor({ timeout: 60_000 });
  if (sources) await page.getByRole('radio', { name: sources }).check();
  await page.waitForFunction(
    () =>
      (globalThis as unknown as { document: { querySelector(s: string): { readyState: number } | null } }).document.querySelector('video.preview')
        ?.readyState === 4,
  );
  await page.getByLabel('Lesson title').fill(title);
  await page.getByRole('button', { name: 'Record' }).click();
  await page.getByRole('button', { name: 'Stop' }).waitFor();
  return page;
}

/** Presses Stop and waits until the MP4 is saved; answers the file's name. */
export async function stopInApp(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Stop' }).click();
  await page
    .getByRole('button', { name: 'Show in folder', exact: true })
    .waitFor({ timeout: 120_000 })
    .catch(async (error: unknown) => {
      await page.screenshot({ path: '/tmp/cr-bench-stop.png' });
      throw new Error(`not saved: ${await page.locator('body').innerText()}`, { cause: error });
    });
  return (await page.locator('.saved-name').textContent()) ?? '';
}

/** Opens the bundled baseline page served at `url`, and starts it recording. */
export async function recordBaseline(context: BrowserContext, url: string, config: BaselineConfig): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await startBaseline(page, config);
  return page;
}
