/**
 * Renderer CPU of the capture pipeline, per source mode and resolution, against bare MediaRecorder on
 * the same devices (what the app did before the compositor).
 *
 *   npx tsx bench/renderer-cpu.ts [--seconds 8]
 *
 * Headless Chromium with fake devices at 30 fps, no GPU. CPU is the renderer processes' CPU time
 * (CDP SystemInfo.getProcessInfo) while recording, as a share of one core; the whole browser's is given
 * too (the fake devices paint their pictures in another process). Frames per second are counted in the
 * recorded file with ffprobe. Prints a table and writes bench/results/renderer-cpu.json; never fails on a
 * number.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { bundlePage, serve, startBaseline, stopBaseline } from './chromium-bench';

const run = promisify(execFile);
const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const secondsArg = process.argv.indexOf('--seconds');
const SECONDS = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 8;
const WARM_UP_MS = 2000;

type Mode = 'camera' | 'screen' | 'screen-camera';
type Pipeline = 'bare' | 'app';
interface Row {
  mode: Mode;
  height: number;
  pipeline: Pipeline;
  rendererCpuPercent: number;
  browserCpuPercent: number;
  recordedFps: number;
}

interface ProcessInfo {
  type: string;
  id: number;
  cpuTime: number;
}

async function countFrames(file: string): Promise<number> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-count_packets',
    '-show_entries',
    'stream=nb_read_packets',
    '-of',
    'csv=p=0',
    file,
  ]);
  return Number(stdout.trim());
}

async function main(): Promise<void> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'cr-bench-renderer-'));
  await bundlePage(work);
  const site = await serve(work);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--use-fake-device-for-media-stream=fps=30',
      '--use-fake-ui-for-media-stream',
      '--auto-select-desktop-capture-source=Entire screen',
    ],
  });
  const cdp = await browser.newBrowserCDPSession();
  const cpu = async () => {
    const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as unknown as { processInfo: ProcessInfo[] };
    const sum = (list: ProcessInfo[]) => list.reduce((total, p) => total + p.cpuTime, 0);
    return { renderer: sum(processInfo.filter((p) => p.type === 'renderer')), all: sum(processInfo) };
  };
  const rows: Row[] = [];
  const loadBefore = os.loadavg()[0]!;
  for (const height of [720, 1080]) {
    for (const mode of ['camera', 'screen', 'screen-camera'] as const) {
      for (const pipeline of ['bare', 'app'] as const) {
        const page = await browser.newPage();
        await page.goto(site.url);
        await startBaseline(page, { mode, height, pipeline });
        await page.waitForTimeout(WARM_UP_MS);
        const before = await cpu();
        const startedAt = Date.now();
        await page.waitForTimeout(SECONDS * 1000);
        const after = await cpu();
        const elapsed = (Date.now() - startedAt) / 1000;
        const bytes = await stopBaseline(page, true);
        await page.close();
        const file = path.join(work, `${mode}-${height}-${pipeline}.webm`);
        await fs.writeFile(file, Buffer.from(bytes));
        const row: Row = {
          mode,
          height,
          pipeline,
          rendererCpuPercent: Math.round(((after.renderer - before.renderer) / elapsed) * 100),
          browserCpuPercent: Math.round(((after.all - before.all) / elapsed) * 100),
          recordedFps: Math.round(((await countFrames(file)) / (SECONDS + WARM_UP_MS / 1000)) * 10) / 10,
        };
        rows.push(row);
        console.log(
          `${mode.padEnd(13)} ${String(height).padStart(4)}p ${pipeline.padEnd(4)}  renderer ${String(row.rendererCpuPercent).padStart(3)}% of a core, browser ${String(row.browserCpuPercent).padStart(3)}%, ${row.recordedFps} fps recorded`,
        );
      }
    }
  }
  await browser.close();
  site.close();
  await fs.rm(work, { recursive: true, force: true });
  const result = { seconds: SECONDS, cores: os.cpus().length, loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg()[0], rows };
  await fs.mkdir(path.join(BENCH_DIR, 'results'), { recursive: true });
  await fs.writeFile(path.join(BENCH_DIR, 'results', 'renderer-cpu.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`load average ${loadBefore.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
}

await main();
