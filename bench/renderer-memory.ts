/**
 * Does the renderer's memory stay flat while a lesson is recorded? The real app in browser mode records
 * the fake camera and microphone through its UI for 10 minutes; at the same time, in a second Chromium,
 * the MediaRecorder tutorials' page records the same fake devices, pushing every chunk into an array
 * and making one Blob at Stop. Every ~15 s, for both: a forced GC (CDP HeapProfiler.collectGarbage),
 * then the page's JS heap (Performance.getMetrics JSHeapUsedSize), the private memory (USS) of each
 * Chromium process kind from /proc, and the bytes in the profile's blob_storage folder. Chromium keeps Blob data in the
 * browser process (and pages it to disk), not in the page's JS heap: the naive approach's growth shows
 * in the browser's memory and on disk, so those are reported too.
 *
 *   npx tsx bench/renderer-memory.ts [--minutes 10] [--every 15] [--quick]   (--quick: 0.5 min, every 5 s)
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import {
  bundlePage,
  launchBenchChromium,
  recordBaseline,
  recordInApp,
  serve,
  startAppProcess,
  stopBaseline,
  stopInApp,
  type AppProcess,
  type BenchChromium,
} from './chromium-bench';
import { MiB, numberArg, printTable, quick, round, runIfMain, slope, writeResults } from './lib';
import { dirBytes, processTree, privateByKind, total } from './proc-stats';

const MINUTES = numberArg('--minutes', quick ? 0.5 : 10);
const EVERY_SECONDS = numberArg('--every', quick ? 5 : 15);
/** Samples before this are warm-up (codec buffers, JIT, first GCs); growth is counted from the first after it. */
const WARM_UP_SECONDS = Math.min(60, MINUTES * 60 * 0.2);

interface Sample {
  seconds: number;
  jsHeapMiB: number;
  rendererMiB: number;
  browserMiB: number;
  chromiumMiB: number;
  blobStorageMiB: number;
  /** The core (node) and its ffmpeg children; ours only. */
  coreMiB?: number;
  loadAverage: number;
}

interface Side {
  name: 'ours' | 'naive';
  chromium: BenchChromium;
  page: Page;
  cdp: CDPSession;
  app?: AppProcess;
  samples: Sample[];
}

const mib = (bytes: number) => round(bytes / MiB, 1);

async function sample(side: Side, seconds: number): Promise<Sample> {
  await side.cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await side.cdp.send('Performance.getMetrics');
  const mem = await privateByKind(await processTree(side.chromium.pid));
  const core = side.app ? total(await privateByKind(await processTree(side.app.pid))) : undefined;
  return {
    seconds: round(seconds, 1),
    jsHeapMiB: mib(metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN),
    rendererMiB: mib(mem.renderer ?? 0),
    browserMiB: mib(mem.browser ?? 0),
    chromiumMiB: mib(total(mem)),
    blobStorageMiB: mib(await dirBytes(path.join(side.chromium.userDataDir, 'Default', 'blob_storage'))),
    ...(core === undefined ? {} : { coreMiB: mib(core) }),
    loadAverage: round(os.loadavg()[0]!, 1),
  };
}

type Metric = 'jsHeapMiB' | 'rendererMiB' | 'browserMiB' | 'chromiumMiB' | 'blobStorageMiB' | 'coreMiB';

/** Growth (last − first after warm-up) and least-squares slope per minute over the samples after warm-up. */
function growth(samples: Sample[], metric: Metric): { first: number; last: number; growth: number; slopePerMin: number; max: number } | undefined {
  const settled = samples.filter((s) => s.seconds >= WARM_UP_SECONDS && s[metric] !== undefined);
  if (settled.length === 0) return undefined;
  const first = settled[0]![metric]!;
  const last = settled.at(-1)![metric]!;
  return {
    first,
    last,
    growth: round(last - first, 1),
    slopePerMin: round(slope(settled.map((s) => [s.seconds / 60, s[metric]!])), 2),
    max: Math.max(...samples.map((s) => s[metric] ?? 0)),
  };
}

/** Launches a Chromium for one side and starts it recording; `launched` gets it at once, to be closed whatever happens. */
async function openSide(
  launched: BenchChromium[],
  name: Side['name'],
  open: (chromium: BenchChromium) => Promise<{ page: Page; app?: AppProcess }>,
): Promise<Side> {
  const chromium = await launchBenchChromium(name);
  launched.push(chromium);
  const { page, app } = await open(chromium);
  const cdp = await chromium.context.newCDPSession(page);
  await cdp.send('Performance.enable');
  return { name, chromium, page, cdp, app, samples: [] };
}

export async function main(): Promise<void> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'cr-bench-memory-'));
  await bundlePage(work);
  const site = await serve(work);
  const app = await startAppProcess();
  const launched: BenchChromium[] = [];
  const sides: Side[] = [];
  const loadBefore = os.loadavg();
  let blobBytes = 0;
  let savedAs = '';
  try {
    // Each side in its own Chromium, so each browser process's memory (where Blob data lives) is its own.
    const ours = await openSide(launched, 'ours', async (c) => ({ page: await recordInApp(c.context, app.url, 'Memory benchmark'), app }));
    const naive = await openSide(launched, 'naive', async (c) => ({
      page: await recordBaseline(c.context, site.url, { mode: 'camera', height: 720, pipeline: 'bare', keep: true }),
    }));
    sides.push(ours, naive);
    console.log(`Recording ${MINUTES} min in both, sampling every ${EVERY_SECONDS} s (warm-up ${WARM_UP_SECONDS} s)…`);
    const started = performance.now();
    for (let k = 0; k * EVERY_SECONDS <= MINUTES * 60; k++) {
      const due = started + k * EVERY_SECONDS * 1000;
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
      for (const side of [ours, naive]) side.samples.push(await sample(side, (performance.now() - started) / 1000));
      const [o, n] = [ours.samples.at(-1)!, naive.samples.at(-1)!];
      console.log(
        `${String(o.seconds).padStart(6)} s  ours heap ${o.jsHeapMiB} MiB, Chromium ${o.chromiumMiB} MiB | naive heap ${n.jsHeapMiB} MiB, Chromium ${n.chromiumMiB} MiB, blob_storage ${n.blobStorageMiB} MiB`,
      );
    }
    savedAs = await stopInApp(ours.page);
    blobBytes = await stopBaseline(naive.page, false);
  } finally {
    for (const chromium of launched) await chromium.close();
    await app.stop();
    site.close();
    await fs.rm(work, { recursive: true, force: true });
  }
  const metrics: Metric[] = ['jsHeapMiB', 'rendererMiB', 'browserMiB', 'chromiumMiB', 'blobStorageMiB', 'coreMiB'];
  const [ours, naive] = sides as [Side, Side];
  const summary = Object.fromEntries(
    [ours, naive].map((side) => [side.name, Object.fromEntries(metrics.map((m) => [m, growth(side.samples, m)]).filter(([, g]) => g !== undefined))]),
  );
  const rows: Array<Array<string | number>> = [];
  for (const side of [ours, naive]) {
    for (const m of metrics) {
      const g = growth(side.samples, m);
      if (g) rows.push([side.name, m.replace('MiB', ''), g.first, g.last, g.growth, g.slopePerMin, g.max]);
    }
  }
  printTable(['approach', 'MiB of', 'first after warm-up', 'last', 'growth', 'MiB/min', 'max'], rows);
  const loadAfter = os.loadavg();
  const loads = ours.samples.map((s) => s.loadAverage);
  console.log(`naive Blob at Stop: ${mib(blobBytes)} MiB; ours saved ${savedAs}`);
  console.log(
    `load average (1 min) ${loadBefore[0]!.toFixed(1)} → ${loadAfter[0]!.toFixed(1)}, mean during ${round(loads.reduce((a, b) => a + b, 0) / loads.length, 1)} on ${os.cpus().length} cores`,
  );
  const file = await writeResults('renderer-memory', {
    minutes: MINUTES,
    everySeconds: EVERY_SECONDS,
    warmUpSeconds: WARM_UP_SECONDS,
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadAfter,
    naiveBlobMiB: mib(blobBytes),
    oursSavedAs: savedAs,
    summary,
    samples: { ours: ours.samples, naive: naive.samples },
  });
  console.log(`→ ${file}`);
}

runIfMain(import.meta.url, main);
