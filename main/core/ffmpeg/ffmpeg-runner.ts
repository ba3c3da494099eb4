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
}

export interface RunningFfmpeg {
  /** Resolves when ffmpeg exits 0; rejects with the tail of stderr otherwise. */
  readonly done: Promise<void>;
  /** Stops ffmpeg at once (the output is then unusable; callers keep their raw input). */
  kill(): void;
}

export class FfmpegError extends Error {
  constructor(
    message: string,
    readonly stderrTail: string,
  ) {
    super(message);
    this.name = 'FfmpegError';
  }
}

const STDERR_TAIL_LINES = 25;

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

    const tail: string[] = [];
    command.on('stderr', (line: string) => {
      tail.push(line);
      if (tail.length > STDERR_TAIL_LINES) tail.shift();
      if (options.onProgress) {
        const seconds = parseProgressSeconds(line);
        if (seconds !== undefined) options.onProgress(seconds);
      }
    });

    let handle!: RunningFfmpeg;
    const done = new Promise<void>((resolve, reject) => {
      command.on('end', () => resolve());
      command.on('error', (error: Error) => {
        const stderrTail = tail.join('\n');
        reject(new FfmpegError(`ffmpeg failed: ${error.message.split('\n')[0]}`, stderrTail));
      });
    }).finally(() => this.running.delete(handle));
    // The caller may only look at `done` later; never let a failure become an unhandled rejection.
    done.catch(() => undefined);

    // fluent-ffmpeg spawns asynchronously and ignores kill() before the process exists: remember the
    // request and carry it out on 'start', or a job killed early would run (and wait on stdin) forever.
    let killRequested = false;
    command.on('start', () => {
      if (killRequested) command.kill('SIGKILL');
    });
    handle = {
      done,
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
