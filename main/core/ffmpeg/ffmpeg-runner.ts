import type { Readable } from 'node:stream';
import ffmpeg from 'fluent-ffmpeg';
import { parseProgressSeconds } from './progress';

/** One ffmpeg invocation, as data: built by the pure functions in `ffmpeg-args.ts`. */
export interface FfmpegJob {
  inputs: Array<{ source: string | Readable; options: string[] }>;
  output: { target: string; options: string[] };
}

export interface RunOptions {
  /** Seconds of media written so far, parsed from ffmpeg's `time=` status lines. */
  onProgress?: (seconds: number) => void;
  /**
   * Kill the job when ffmpeg has printed nothing for this long (it prints a status line about twice a
   * second while it works): a hung ffmpeg must not hold Stop, or the next lesson, for ever.
   */
  idleTimeoutMs?: number;
  /** Kill the job when it has run this long in all, whatever it prints. */
  timeoutMs?: number;
}

export interface RunningFfmpeg {
  /** Resolves when ffmpeg exits 0; rejects with the tail of stderr otherwise. */
  readonly done: Promise<void>;
  /** Stops ffmpeg at once (the output is then unusable; callers keep their raw input). */
  kill(): void;
}

/** Why an ffmpeg job did not succeed: it exited with an error, or it was killed for hanging. */
export type FfmpegFailure = 'failed' | 'timed-out';

export class FfmpegError extends Error {
  constructor(
    message: string,
    readonly stderrTail: string,
    readonly failure: FfmpegFailure = 'failed',
  ) {
    super(message);
    this.name = 'FfmpegError';
  }
}

const STDERR_TAIL_LINES = 25;

/**
 * How long the app waits for ffmpeg before taking it for hung and killing it. ffmpeg prints a status line
 * about twice a second while it works, so a long silence means it is stuck (a drive that stopped answering,
 * a file held by another program); the overall limit is a backstop. Tests pass short ones.
 */
export interface FfmpegPatience {
  /** A job that prints nothing for this long is killed. */
  idleMs: number;
  /** A probe (`ffmpeg -i`) that has not answered in this long is killed. */
  probeMs: number;
  /** Every job may run this long, plus `msPerMediaSecond` for each second of the lesson it converts. */
  baseMs: number;
  msPerMediaSecond: number;
}

export const DEFAULT_PATIENCE: FfmpegPatience = { idleMs: 30_000, probeMs: 20_000, baseMs: 120_000, msPerMediaSecond: 3000 };

/** The run options of a finishing job over `mediaSeconds` of lesson (unknown: treated as an hour). */
export function patientRun(patience: FfmpegPatience, mediaSeconds: number | undefined, onProgress?: (seconds: number) => void): RunOptions {
  return {
    onProgress,
    idleTimeoutMs: patience.idleMs,
    timeoutMs: patience.baseMs + (mediaSeconds ?? 3600) * patience.msPerMediaSecond,
  };
}

/** Renders a job as the command line it runs, for logs and comments. */
export function describeJob(job: FfmpegJob): string {
  const parts = ['ffmpeg'];
  for (const input of job.inputs) {
    parts.push(...input.options, '-i', typeof input.source === 'string' ? input.source : 'pipe:0');
  }
  parts.push(...job.output.options, job.output.target);
  return parts.join(' ');
}

/**
 * Runs ffmpeg jobs through fluent-ffmpeg and remembers every process it started, so that quitting the
 * app can stop them all (LosslessCut `abortFfmpegs`, Kap `converters/process.ts`).
 */
export class FfmpegRunner {
  private readonly running = new Set<RunningFfmpeg>();

  constructor(private readonly ffmpegPath: string) {}

  get path(): string {
    return this.ffmpegPath;
  }

  get runningCount(): number {
    return this.running.size;
  }

  run(job: FfmpegJob, options: RunOptions = {}): RunningFfmpeg {
    const command = ffmpeg().setFfmpegPath(this.ffmpegPath);
    for (const input of job.inputs) {
      command.input(input.source).inputOptions(input.options);
    }
    command.output(job.output.target).outputOptions(['-hide_banner', ...job.output.options]);

    // Assigned below, once `done` exists; the timers that use it cannot fire before.
    // eslint-disable-next-line prefer-const
    let handle!: RunningFfmpeg;
    let settle!: { resolve: () => void; reject: (error: FfmpegError) => void };
    const done = new Promise<void>((resolve, reject) => {
      settle = { resolve, reject };
    });
    const tail: string[] = [];
    // A job that hangs is killed and `done` rejects at once: fluent-ffmpeg may not even have spawned the
    // job yet (its `-formats` check runs first, and hangs with a hung binary), so it cannot be relied on
    // to report the kill.
    const timeOut = (why: string) => {
      settle.reject(new FfmpegError(`${why}, and was stopped`, tail.join('\n'), 'timed-out'));
      handle.kill();
    };
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    const armIdle = () => {
      if (options.idleTimeoutMs === undefined) return;
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => timeOut(`ffmpeg gave no sign of progress for ${options.idleTimeoutMs! / 1000} s`), options.idleTimeoutMs);
    };
    const overallTimer =
      options.timeoutMs === undefined ? undefined : setTimeout(() => timeOut(`ffmpeg took longer than ${options.timeoutMs! / 1000} s`), options.timeoutMs);
    armIdle();
    command.on('stderr', (line: string) => {
      armIdle();
      tail.push(line);
      if (tail.length > STDERR_TAIL_LINES) tail.shift();
      if (options.onProgress) {
        const seconds = parseProgressSeconds(line);
        if (seconds !== undefined) options.onProgress(seconds);
      }
    });
    command.on('end', () => settle.resolve());
    command.on('error', (error: Error) => {
      settle.reject(new FfmpegError(`ffmpeg failed: ${error.message.split('\n')[0]}`, tail.join('\n')));
    });
    const finished = done.finally(() => {
      clearTimeout(idleTimer);
      clearTimeout(overallTimer);
      this.running.delete(handle);
    });
    // The caller may only look at `done` later; never let a failure become an unhandled rejection.
    finished.catch(() => undefined);

    // fluent-ffmpeg spawns asynchronously and ignores kill() before the process exists: remember the
    // request and carry it out on 'start', or a job killed early would run (and wait on stdin) forever.
    let killRequested = false;
    command.on('start', () => {
      if (killRequested) command.kill('SIGKILL');
    });
    handle = {
      done: finished,
      kill: () => {
        killRequested = true;
        command.kill('SIGKILL');
      },
    };
    this.running.add(handle);
    command.run();
    return handle;
  }

  /** Stops every ffmpeg this runner started (app quit). */
  killAll(): void {
    for (const job of this.running) job.kill();
  }
}
