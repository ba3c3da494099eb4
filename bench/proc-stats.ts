/**
 * CPU time and resident memory of a process tree, read from Linux /proc: Chromium's browser, renderer,
 * GPU and utility processes, and the browser-mode core (node) with its ffmpeg children. /proc rather
 * than CDP's SystemInfo.getProcessInfo because the core and ffmpeg are not Chromium's, and because
 * RSS (where Chromium keeps Blob data: the browser process) is not in CDP's answer.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { round } from './lib';

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
const PAGE_BYTES = Number(execFileSync('getconf', ['PAGESIZE']).toString().trim()) || 4096;

export type ProcKind = 'browser' | 'renderer' | 'gpu' | 'utility' | 'zygote' | 'main' | 'ffmpeg' | 'other';

export interface ProcStat {
  pid: number;
  ppid: number;
  kind: ProcKind;
  /** user + system CPU time since the process started, in seconds. */
  cpuSeconds: number;
  rssBytes: number;
}

function kindOf(cmdline: string): ProcKind {
  // Chromium rewrites its children's command line as one string (setproctitle): split on spaces too.
  const argv = cmdline.split(/[\0 ]/);
  const exe = path.basename(argv[0] ?? '');
  if (exe.startsWith('ffmpeg') || exe.startsWith('ffprobe')) return 'ffmpeg';
  if (exe === 'node' || exe.startsWith('node')) return 'main';
  const type = argv.find((a) => a.startsWith('--type='))?.slice('--type='.length);
  if (type === undefined) return exe.includes('chrom') ? 'browser' : 'other';
  if (type === 'renderer') return 'renderer';
  if (type === 'gpu-process') return 'gpu';
  if (type === 'utility') return 'utility';
  if (type === 'zygote') return 'zygote';
  return 'other';
}

async function readStat(pid: number): Promise<ProcStat | undefined> {
  try {
    const [stat, cmdline] = await Promise.all([fs.readFile(`/proc/${pid}/stat`, 'utf8'), fs.readFile(`/proc/${pid}/cmdline`, 'utf8')]);
    // The command name in field 2 may hold spaces and parentheses: the fields that follow start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      pid,
      ppid: Number(fields[1]),
      kind: kindOf(cmdline),
      cpuSeconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS,
      rssBytes: Number(fields[21]) * PAGE_BYTES,
    };
  } catch {
    return undefined; // exited while we read it
  }
}

/** Every living process, read once. */
export async function allProcesses(): Promise<ProcStat[]> {
  const pids = (await fs.readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  return (await Promise.all(pids.map(readStat))).filter((p): p is ProcStat => p !== undefined);
}

/** `root` and all its descendants (zygote-forked renderers included, they descend from the browser). */
export async function processTree(root: number): Promise<ProcStat[]> {
  const all = await allProcesses();
  const inTree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all) {
      if (!inTree.has(p.pid) && inTree.has(p.ppid)) {
        inTree.add(p.pid);
        grew = true;
      }
    }
  }
  return all.filter((p) => inTree.has(p.pid));
}

/** The pid of the process whose command line holds `marker` (a flag given to Chromium to find it again). */
export async function pidWithArgument(marker: string): Promise<number> {
  for (const name of (await fs.readdir('/proc')).filter((n) => /^\d+$/.test(n))) {
    const cmdline = await fs.readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => '');
    const argv = cmdline.split('\0');
    if (argv.includes(marker) && !argv.some((a) => a.startsWith('--type='))) return Number(name);
  }
  throw new Error(`no process with ${marker}`);
}

export type ByKind = Partial<Record<ProcKind, number>>;

/**
 * CPU seconds spent between two readings of the same tree, per kind. A process that started in between
 * counts from zero; one that ended in between is lost (measure only while the recording runs).
 */
export function cpuBetween(before: ProcStat[], after: ProcStat[]): ByKind {
  const start = new Map(before.map((p) => [p.pid, p.cpuSeconds]));
  const out: ByKind = {};
  for (const p of after) out[p.kind] = (out[p.kind] ?? 0) + p.cpuSeconds - (start.get(p.pid) ?? 0);
  return out;
}

/** Resident memory per kind, in bytes (a sum of RSS: pages shared between processes count in each). */
export function rssByKind(tree: ProcStat[]): ByKind {
  const out: ByKind = {};
  for (const p of tree) out[p.kind] = (out[p.kind] ?? 0) + p.rssBytes;
  return out;
}

/**
 * Private memory per kind, in bytes (USS: Private_Clean + Private_Dirty from /proc/<pid>/smaps_rollup).
 * Unlike RSS it does not count shared libraries once per process, and unlike PSS it does not change
 * when unrelated processes (other Chromiums on this machine) map the same libraries.
 */
export async function privateByKind(tree: ProcStat[]): Promise<ByKind> {
  const out: ByKind = {};
  for (const p of tree) {
    const rollup = await fs.readFile(`/proc/${p.pid}/smaps_rollup`, 'utf8').catch(() => '');
    const kib = [...rollup.matchAll(/^Private_(?:Clean|Dirty):\s+(\d+) kB/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
    out[p.kind] = (out[p.kind] ?? 0) + kib * 1024;
  }
  return out;
}

export function total(byKind: ByKind): number {
  return Object.values(byKind).reduce((a, b) => a + b, 0);
}

/** Bytes of the files under `dir` (Chromium's blob_storage, where it pages Blob data out of memory). */
export async function dirBytes(dir: string): Promise<number> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  let bytes = 0;
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) bytes += await dirBytes(full);
    else bytes += (await fs.stat(full).catch(() => ({ size: 0 }))).size;
  }
  return bytes;
}

/**
 * CPU seconds per thread name over the threads of `pids` (/proc/<pid>/task): for a renderer,
 * "chromium" is its main thread, "Compositor" the compositor thread, "ThreadPoolForeg" the pool where
 * the video encoder runs, "DedicatedWorker" a Web Worker.
 */
export async function threadCpu(pids: number[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const pid of pids) {
    for (const task of await fs.readdir(`/proc/${pid}/task`).catch(() => [])) {
      const stat = await fs.readFile(`/proc/${pid}/task/${task}/stat`, 'utf8').catch(() => '');
      if (!stat) continue;
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(name, (out.get(name) ?? 0) + (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS);
    }
  }
  return out;
}

export interface CpuMeasurement {
  /** CPU seconds per minute of the measurement, per process kind (60 = one core busy). */
  perMinute: ByKind;
  /** The renderers' CPU seconds per minute by thread name ("chromium" = the main thread), those of 0.1 or more. */
  rendererThreads: Record<string, number>;
  /** How long the measurement took, in seconds. */
  seconds: number;
}

/**
 * Reads the process trees under `roots`, waits `seconds`, reads them again: CPU per process kind, and per
 * thread name within the renderers (which part of the renderer costs what), per minute.
 */
export async function measureCpu(roots: number[], seconds: number): Promise<CpuMeasurement> {
  const read = async () => (await Promise.all(roots.map(processTree))).flat();
  const before = await read();
  const renderers = before.filter((p) => p.kind === 'renderer').map((p) => p.pid);
  const threadsBefore = await threadCpu(renderers);
  const start = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const after = await read();
  const threadsAfter = await threadCpu(renderers);
  const elapsed = (performance.now() - start) / 1000;
  const perMinute = (cpuSeconds: number) => round((cpuSeconds / elapsed) * 60, 2);
  const rendererThreads = Object.fromEntries(
    [...threadsAfter].map(([name, s]) => [name, perMinute(s - (threadsBefore.get(name) ?? 0))] as const).filter(([, v]) => v >= 0.1),
  );
  const cpu = cpuBetween(before, after);
  return {
    perMinute: Object.fromEntries(Object.entries(cpu).map(([kind, s]) => [kind, perMinute(s)])) as ByKind,
    rendererThreads,
    seconds: round(elapsed, 1),
  };
}
