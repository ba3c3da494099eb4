/**
 * CPU while teaching: what recording a lesson through the whole pipeline costs per minute, against bare
 * MediaRecorder on the same fake camera and microphone with the chunks discarded, in the same Chromium.
 *
 * "Ours" is the real app in browser mode recording through its UI: every Chromium process (renderer with
 * the compositor worker, GPU, utility, browser) plus the browser-mode core (node, our main) and its ffmpeg
 * children (the live remux). "Bare" is every Chromium process while the baseline page
 * (bench/renderer-cpu-page.js, `keep: false`) records. CPU is utime + stime from /proc, read while
 * recording, after a warm-up. Runs are interleaved (ours, bare, ours, bare…) so that load from other
 * processes falls on both alike; medians and the ratio of the medians are reported, and the median of
 * each pair's ratio. Target: ours at most 5 % more than bare.
 *
 *   npx tsx bench/teaching-cpu.ts [--seconds 60] [--pairs 3] [--quick] [--pip]   (--quick: 2 pairs of 10 s)
 *
 * `--pip`: ours records the screen with the camera in its corner (1080p, the default quality); bare
 * records the fake screen alone at 1080p, since MediaRecorder records one video track.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { bundlePage, launchBenchChromium, recordBaseline, recordInApp, serve, startAppProcess, stopBaseline, stopInApp } from './chromium-bench';
import { median, numberArg, printTable, quick, round, runIfMain, writeResults } from './lib';
import { measureCpu, total, type ByKind } from './proc-stats';

const SECONDS = numberArg('--seconds', quick ? 10 : 60);
const PAIRS = numberArg('--pairs', quick ? 2 : 3);
const WARM_UP_MS = quick ? 3000 : 5000;
const TARGET_RATIO = 1.05;

const PIP = process.argv.includes('--pip');
const SIDES = ['ours', 'bare'] as const;
type Side = (typeof SIDES)[number];

interface Run {
  side: Side;
  pair: number;
  seconds: number;
  /** CPU seconds per minute of recording, per process kind. */
  perMinute: ByKind;
  /** The renderers' CPU seconds per minute by thread name ("chromium" = the main thread). */
  rendererThreads: Record<string, number>;
  /** All of it, per minute of recording; 60 = one core busy all the time. */
  totalPerMinute: number;
  loadAverage: number;
  /** What was recorded: ours the saved MP4's name, bare the bytes it discarded. */
  recorded: string;
}

export async function main(): Promise<void> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'cr-bench-cpu-'));
  await bundlePage(work);
  const site = await serve(work);
  const app = await startAppProcess();
  const chromium = await launchBenchChromium('cpu');
  const loadBefore = os.loadavg();
  const runs: Run[] = [];
  console.log(`${PAIRS} pairs of ${SECONDS} s recordings (ours, bare, …), ${WARM_UP_MS / 1000} s warm-up each`);
  try {
    for (let pair = 1; pair <= PAIRS; pair++) {
      for (const side of SIDES) {
        let page: Page;
        let roots: number[];
        if (side === 'ours') {
          page = await recordInApp(chromium.context, app.url, `CPU benchmark ${pair}`, PIP ? 'Screen and camera' : undefined);
          roots = [chromium.pid, app.pid];
        } else {
          page = await recordBaseline(chromium.context, site.url, { mode: PIP ? 'screen' : 'camera', height: PIP ? 1080 : 720, pipeline: 'bare', keep: false });
          roots = [chromium.pid];
        }
        await page.waitForTimeout(WARM_UP_MS);
        const { perMinute, rendererThreads, seconds } = await measureCpu(roots, SECONDS);
        const recorded = side === 'ours' ? await stopInApp(page) : `${await stopBaseline(page, false)} bytes`;
        await page.close();
        const run: Run = {
          side,
          pair,
          seconds,
          perMinute,
          rendererThreads,
          totalPerMinute: round(total(perMinute), 2),
          loadAverage: round(os.loadavg()[0]!, 1),
          recorded,
        };
        runs.push(run);
        const parts = Object.entries(perMinute)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ');
        console.log(`pair ${pair} ${side}  ${run.totalPerMinute} CPU s per recorded minute (${parts}); load ${run.loadAverage}`);
      }
    }
  } finally {
    await chromium.close();
    await app.stop();
    site.close();
    await fs.rm(work, { recursive: true, force: true });
  }
  const of = (side: Run['side']) => runs.filter((r) => r.side === side);
  const kinds = [...new Set(runs.flatMap((r) => Object.keys(r.perMinute)))] as Array<keyof ByKind>;
  const medianOf = (side: Run['side'], pick: (r: Run) => number) => round(median(of(side).map(pick)), 2);
  printTable(
    ['', 'total', ...kinds],
    SIDES.map((side) => [side, medianOf(side, (r) => r.totalPerMinute), ...kinds.map((k) => medianOf(side, (r) => r.perMinute[k] ?? 0))]),
  );
  const threads = [...new Set(runs.flatMap((r) => Object.keys(r.rendererThreads)))];
  const threadMedian = (side: Run['side'], name: string) => medianOf(side, (r) => r.rendererThreads[name] ?? 0);
  console.log('Renderer threads, CPU s per recorded minute ("chromium" = main thread):');
  printTable(
    ['', ...threads],
    SIDES.map((side) => [side, ...threads.map((t) => threadMedian(side, t))]),
  );
  const ratio = round(medianOf('ours', (r) => r.totalPerMinute) / medianOf('bare', (r) => r.totalPerMinute), 3);
  const pairRatios = of('ours').map((o) => round(o.totalPerMinute / (of('bare').find((b) => b.pair === o.pair)?.totalPerMinute ?? Number.NaN), 3));
  const pairRatio = round(median(pairRatios), 3);
  const verdict = pairRatio <= TARGET_RATIO ? 'met' : `missed by ${round((pairRatio - TARGET_RATIO) * 100, 1)} points`;
  console.log(`ours / bare: ${ratio} (medians), ${pairRatio} (median of the pairs ${pairRatios.join(', ')}); target ≤ ${TARGET_RATIO}: ${verdict}`);
  const loadAfter = os.loadavg();
  console.log(`load average (1 min) ${loadBefore[0]!.toFixed(1)} → ${loadAfter[0]!.toFixed(1)} on ${os.cpus().length} cores`);
  const file = await writeResults(PIP ? 'teaching-cpu-pip' : 'teaching-cpu', {
    seconds: SECONDS,
    pairs: PAIRS,
    warmUpMs: WARM_UP_MS,
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadAfter,
    medianPerMinute: Object.fromEntries(
      SIDES.map((side) => [
        side,
        { total: medianOf(side, (r) => r.totalPerMinute), ...Object.fromEntries(kinds.map((k) => [k, medianOf(side, (r) => r.perMinute[k] ?? 0)])) },
      ]),
    ),
    medianRendererThreads: Object.fromEntries(SIDES.map((side) => [side, Object.fromEntries(threads.map((t) => [t, threadMedian(side, t)]))])),
    ratioOfMedians: ratio,
    pairRatios,
    medianPairRatio: pairRatio,
    targetRatio: TARGET_RATIO,
    runs,
  });
  console.log(`→ ${file}`);
}

runIfMain(import.meta.url, main);
