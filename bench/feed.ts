/**
 * Drives a recording through the IPC handlers the way the renderer does: session:start, then
 * session:append-chunk awaited one at a time, then session:stop.
 */
import type { RecorderService } from '../main/core/recorder-service';
import { MAX_PENDING_BYTES } from '../main/core/recording/live-remux';
import { H264_MIME, type ServiceHarness } from './harness';

/**
 * A clock that advances with the media fed rather than with the wall: the service then expects an MP4
 * as long as the lesson (see HarnessOptions.now). Until the first chunk it reads the real time.
 */
export class MediaClock {
  private readonly base = Date.now();
  private mediaMs = 0;

  readonly now = (): number => this.base + this.mediaMs;

  /** Sets the lesson time to where `bytesFed` of `totalBytes` would be in a lesson of `durationMs`. */
  advance(bytesFed: number, totalBytes: number, durationMs: number): void {
    this.mediaMs = totalBytes > 0 ? (bytesFed / totalBytes) * durationMs : 0;
  }
}

export async function startSession(harness: ServiceHarness, title = 'Benchmark lesson'): Promise<string> {
  const started = await harness.handlers['session:start']([{ title, mimeType: H264_MIME, hasAudio: true }]);
  if (!started.ok) throw new Error(`session:start failed: ${started.error.message}`);
  return started.value.sessionId;
}

/** The service's session object for `sessionId`, read from its private map (benchmark-only peeking). */
function sessionOf(service: RecorderService, sessionId: string): object | undefined {
  const sessions: unknown = Reflect.get(service, 'sessions');
  const session: unknown = sessions instanceof Map ? sessions.get(sessionId) : undefined;
  return typeof session === 'object' && session !== null ? session : undefined;
}

/** The session's current LiveRemux, wherever this version of RecordingSession keeps it. */
function liveRemuxOf(service: RecorderService, sessionId: string): object | undefined {
  const session = sessionOf(service, sessionId);
  if (!session) return undefined;
  const segment: unknown = Reflect.get(session, 'segment');
  const holder = typeof segment === 'object' && segment !== null ? segment : session;
  const live: unknown = Reflect.get(holder, 'live');
  return typeof live === 'object' && live !== null ? live : undefined;
}

/**
 * How many bytes the live remux holds that its ffmpeg has not read yet, or undefined when that cannot be
 * seen. The service does not expose its sessions (nothing in production needs to), so the benchmark
 * peeks; if a refactor hides the figure, pacing degrades to a fixed rate instead of breaking.
 */
export function livePendingBytes(service: RecorderService, sessionId: string): number | undefined {
  const session = sessionOf(service, sessionId);
  const direct: unknown = session ? Reflect.get(session, 'pendingLiveBytes') : undefined;
  if (typeof direct === 'number') return direct;
  const live = liveRemuxOf(service, sessionId);
  const pending: unknown = live ? Reflect.get(live, 'pendingBytes') : undefined;
  return typeof pending === 'number' ? pending : undefined;
}

/**
 * Everything the live remux holds that ffmpeg has not read: the queue behind the pipe and what the pipe's
 * readable side has buffered (pendingBytes counts only the former). Undefined when it cannot be seen.
 */
export function liveBacklogBytes(service: RecorderService, sessionId: string): number | undefined {
  const pending = livePendingBytes(service, sessionId);
  if (pending === undefined) return undefined;
  const live = liveRemuxOf(service, sessionId);
  const input: unknown = live ? Reflect.get(live, 'input') : undefined;
  const readable: unknown = typeof input === 'object' && input !== null ? Reflect.get(input, 'readableLength') : undefined;
  return pending + (typeof readable === 'number' ? readable : 0);
}

/** Whether the session's live remux gave up (then Stop remuxes the whole raw file instead). */
export function liveRemuxFailed(service: RecorderService, sessionId: string): boolean | undefined {
  const live = liveRemuxOf(service, sessionId);
  const failed: unknown = live ? Reflect.get(live, 'failed') : undefined;
  return typeof failed === 'boolean' ? failed : undefined;
}

/**
 * Feeding faster than ffmpeg reads queues chunks for the live remux; past MAX_PENDING_BYTES it gives up
 * and Stop falls back to a full remux, which is not the production path. (Since afb0261 the core also
 * holds an acknowledgement back while more than 8 MiB are queued, but for at most 2 s.) A real lesson
 * arrives at 1× and never queues; a benchmark feeding at 50–100× waits whenever the backlog passes this
 * mark, so it measures "as fast as the live remux keeps up" whatever the core's own pacing.
 */
export const PACE_HIGH_WATER = Math.floor(MAX_PENDING_BYTES / 2);
/** Used only if the backlog cannot be read: comfortably below what ffmpeg sustained on a 2-core VM. */
const FALLBACK_PACE_BYTES_PER_SECOND = 16 * 1024 * 1024;

const DRAIN_SETTLE_MS = 20;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface FeedOptions {
  /** Wait for the live remux to catch up (see PACE_HIGH_WATER). False floods as fast as appends are acknowledged. */
  pace: boolean;
  /** Backlog at which to wait (default PACE_HIGH_WATER); feeding resumes at half of it. */
  paceHighWater?: number;
  /** Advances with the bytes fed, so the service sees a lesson of `durationMs`. */
  clock?: MediaClock;
  totalBytes?: number;
  durationMs?: number;
  /**
   * Before the last chunk, wait until ffmpeg has read everything fed so far. At 1× speed the live remux is
   * always caught up when the teacher presses Stop, with only the final chunk in flight; a benchmark
   * feeding at 100× would otherwise leave up to PACE_HIGH_WATER queued and time that as part of Stop.
   */
  drainBeforeLast?: boolean;
  /** Called after each acknowledged chunk (sampling memory, …). */
  onChunk?: (seq: number, bytesFed: number) => void;
}

export interface FeedStats {
  chunks: number;
  bytes: number;
  ms: number;
  /** Time spent waiting for the live remux to catch up (part of `ms`). */
  pacedMs: number;
  /** Of `pacedMs`, the wait for the live remux to drain before the last chunk. */
  drainMs: number;
  maxPendingBytes: number;
  pacing: 'backlog' | 'fixed-rate' | 'none';
}

/** Appends every chunk through handlers['session:append-chunk'], each awaited before the next is sent. */
export async function feedChunks(
  harness: ServiceHarness,
  sessionId: string,
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: FeedOptions,
): Promise<FeedStats> {
  const append = harness.handlers['session:append-chunk'];
  let seq = 0;
  let bytes = 0;
  let pacedMs = 0;
  let drainMs = 0;
  let maxPendingBytes = 0;
  let pacing: FeedStats['pacing'] = options.pace ? 'backlog' : 'none';
  const highWater = options.paceHighWater ?? PACE_HIGH_WATER;
  const resumeAt = Math.floor(highWater / 2);
  const start = performance.now();

  const waitForLiveRemux = async () => {
    const pending = livePendingBytes(harness.service, sessionId);
    if (pending === undefined) {
      pacing = 'fixed-rate';
      const wait = start + (bytes / FALLBACK_PACE_BYTES_PER_SECOND) * 1000 - performance.now();
      if (wait > 0) {
        pacedMs += wait;
        await sleep(wait);
      }
    } else if (pending > highWater) {
      const waitStart = performance.now();
      while ((livePendingBytes(harness.service, sessionId) ?? 0) > resumeAt) await sleep(2);
      pacedMs += performance.now() - waitStart;
    }
  };

  const send = async (data: Uint8Array) => {
    if (options.pace) await waitForLiveRemux();
    // MediaRecorder hands over a chunk when its timeslice ends: the lesson clock is already past it.
    if (options.clock && options.totalBytes !== undefined && options.durationMs !== undefined) {
      options.clock.advance(bytes + data.byteLength, options.totalBytes, options.durationMs);
    }
    const reply = await append([{ sessionId, recorder: 1, seq, data }]);
    if (!reply.ok) throw new Error(`append of chunk ${seq} failed: ${reply.error.code} ${reply.error.message}`);
    bytes += data.byteLength;
    maxPendingBytes = Math.max(maxPendingBytes, livePendingBytes(harness.service, sessionId) ?? 0);
    options.onChunk?.(seq, bytes);
    seq++;
  };

  // One chunk of look-ahead, so the last one is known before it is sent.
  let held: Uint8Array | undefined;
  for await (const data of chunks) {
    if (held) await send(held);
    held = data;
  }
  if (held) {
    if (options.drainBeforeLast) {
      const drainStart = performance.now();
      while ((liveBacklogBytes(harness.service, sessionId) ?? 0) > 0) await sleep(2);
      // What is left in the OS pipe (at most 64 KiB) takes ffmpeg a few milliseconds.
      await sleep(DRAIN_SETTLE_MS);
      drainMs = performance.now() - drainStart;
      pacedMs += drainMs;
    }
    await send(held);
  }
  return { chunks: seq, bytes, ms: performance.now() - start, pacedMs, drainMs, maxPendingBytes, pacing };
}
