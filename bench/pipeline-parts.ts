/**
 * Where the pipeline's CPU goes: the fake camera and microphone recorded by bare MediaRecorder, then with
 * one part of the app's pipeline switched on at a time (compositor worker, Web Audio mixer, level meters,
 * a preview of the recorded track), then all of them. Each variant is measured in turn, round after round,
 * so that load from elsewhere falls on all alike; medians per variant, and each against bare.
 *
 *   npx tsx bench/pipeline-parts.ts [--seconds 20] [--rounds 3] [--pip]
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bundlePage, launchBenchChromium, serve } from './chromium-bench';
import { median, numberArg, printTable, round, runIfMain, writeResults } from './lib';
import { measureCpu, total } from './proc-stats';

const SECONDS = numberArg('--seconds', 20);
const ROUNDS = numberArg('--rounds', 3);
const WARM_UP_MS = 4000;

interface Parts {
  mode?: 'camera' | 'screen-camera';
  height?: 720 | 1080;
  video: 'device' | 'compositor';
  audio: 'device' | 'mixer';
  preview: 'none' | 'device' | 'recorded';
  meters: boolean;
  audioContext?: { latencyHint?: 'interactive' | 'playback'; sinkId?: { type: 'none' } };
}
const BARE: Parts = { video: 'device', audio: 'device', preview: 'device', meters: false };
const CAMERA_VARIANTS: Record<string, Parts> = {
  bare: BARE,
  'bare, no preview': { ...BARE, preview: 'none' },
  '+ compositor': { ...BARE, video: 'compositor' },
  '+ compositor, preview of it': { ...BARE, video: 'compositor', preview: 'recorded' },
  '+ mixer': { ...BARE, audio: 'mixer' },
  '+ mixer + meters': { ...BARE, audio: 'mixer', meters: true },
  // Two ways the mix might cost less: bigger audio buffers, and no output device (the mix is only recorded).
  '+ mixer, playback latency': { ...BARE, audio: 'mixer', audioContext: { latencyHint: 'playback' } },
  '+ mixer, no output device': { ...BARE, audio: 'mixer', audioContext: { sinkId: { type: 'none' } } },
  'all (as the app)': { video: 'compositor', audio: 'mixer', preview: 'recorded', meters: true },
};
/** `--pip`: the screen alone against screen + camera through the compositor, at 720p and 1080p. */
const PIP_VARIANTS: Record<string, Parts> = Object.fromEntries(
  ([720, 1080] as const).flatMap((height) => [
    [`screen ${height}p, bare`, { ...BARE, mode: 'screen-camera', height }],
    [`screen + camera ${height}p, compositor`, { ...BARE, mode: 'screen-camera', height, video: 'compositor', preview: 'recorded' }],
  ]),
);
const PIP = process.argv.includes('--pip');
const VARIANTS = PIP ? PIP_VARIANTS : CAMERA_VARIANTS;

export async function main(): Promise<void> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'cr-bench-parts-'));
  await bundlePage(work, 'pipeline-parts-page.js');
  const site = await serve(work);
  const chromium = await launchBenchChromium('parts');
  const loadBefore = os.loadavg();
  const runs: Array<{ variant: string; round: number; total: number; renderer: number; threads: Record<string, number> }> = [];
  try {
    for (let round_ = 1; round_ <= ROUNDS; round_++) {
      for (const [variant, parts] of Object.entries(VARIANTS)) {
        const page = await chromium.context.newPage();
        await page.goto(site.url);
        await page.evaluate((p) => (globalThis as unknown as { partsStart(p: Parts): Promise<void> }).partsStart(p), parts);
        await page.waitForTimeout(WARM_UP_MS);
        const { perMinute, rendererThreads: threads } = await measureCpu([chromium.pid], SECONDS);
        const bytes = await page.evaluate(() => (globalThis as unknown as { partsStop(): Promise<number> }).partsStop());
        await page.close();
        if (bytes <= 0) throw new Error(`${variant}: nothing recorded`);
        const run = { variant, round: round_, total: round(total(perMinute), 2), renderer: perMinute.renderer ?? 0, threads };
        runs.push(run);
        console.log(
          `round ${round_} ${variant}: ${run.total} CPU-s/min (renderer ${run.renderer}, main thread ${threads.chromium ?? 0}); load ${os.loadavg()[0]!.toFixed(1)}`,
        );
      }
    }
  } finally {
    await chromium.close();
    site.close();
    await fs.rm(work, { recursive: true, force: true });
  }
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.threads)))].filter((n) => runs.some((r) => (r.threads[n] ?? 0) >= 0.3));
  const med = (variant: string, pick: (r: (typeof runs)[number]) => number) => round(median(runs.filter((r) => r.variant === variant).map(pick)), 2);
  // Each variant against the bare one above it (in --pip, the screen alone at the same height).
  const bareOf = (v: string) =>
    Object.keys(VARIANTS)
      .filter((k, i, all) => (k === 'bare' || k.endsWith(', bare')) && i <= all.indexOf(v))
      .pop() ?? v;
  const rows = Object.keys(VARIANTS).map((v) => [
    v,
    med(v, (r) => r.total),
    round(med(v, (r) => r.total) / med(bareOf(v), (r) => r.total), 3),
    med(v, (r) => r.renderer),
    ...names.map((n) => med(v, (r) => r.threads[n] ?? 0)),
  ]);
  console.log(`CPU seconds per recorded minute, medians of ${ROUNDS} rounds of ${SECONDS} s (renderer threads: "chromium" = main thread)`);
  printTable(['variant', 'total', '× bare', 'renderer', ...names], rows);
  const loadAfter = os.loadavg();
  console.log(`load average (1 min) ${loadBefore[0]!.toFixed(1)} → ${loadAfter[0]!.toFixed(1)} on ${os.cpus().length} cores`);
  console.log(
    `→ ${await writeResults(PIP ? 'pipeline-parts-pip' : 'pipeline-parts', { seconds: SECONDS, rounds: ROUNDS, loadAverageBefore: loadBefore, loadAverageAfter: loadAfter, variants: VARIANTS, runs })}`,
  );
}

runIfMain(import.meta.url, main);
