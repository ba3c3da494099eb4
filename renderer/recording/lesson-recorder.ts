import type {
  ActiveSession,
  HeartbeatRequest,
  IpcError,
  LessonSummary,
  NewRecorderCause,
  RecorderApi,
  RecordingCodec,
  Result,
  StartSessionReply,
} from '../../common/ipc-contract';
import { chooseMimeType } from '../../common/recording-formats';
import { RecorderError, unwrap } from '../main-api';
import { ChunkUploader } from './chunk-uploader';
import { DataWatchdog } from './data-watchdog';
import { OverloadWatch, type SourceFrameCounts } from './overload-watch';
import { AUDIO_BITS_PER_SECOND, videoBitsPerSecond } from './quality';
import { forgetLesson, rememberLesson, type SessionStore } from './session-memory';
import { STOP_GRACE_MS, stopRecorder, type StoppableRecorder } from './stop-recorder';

/** One chunk a second: at most about a second of the lesson is ever only in the renderer. */
export const TIMESLICE_MS = 1000;
/** Five chunks missed in a row: MediaRecorder has stalled (see data-watchdog.ts). */
export const STALL_MS = 5 * TIMESLICE_MS;
/** While no chunk goes to main (paused, stalled), tell it this often that this page is still here. */
export const HEARTBEAT_MS = 3000;
/**
 * Fresh recorders tried in a row without any of them giving data: past this, the cause is not one stuck
 * recorder (the tracks themselves give nothing), and the teacher is told instead.
 */
export const MAX_HEALS_WITHOUT_DATA = 2;
/** Stop waits this long at most for a recorder that has given nothing lately: it will not answer. */
const STALLED_STOP_GRACE_MS = 1000;
/** A stalled recorder being replaced answers stop() within milliseconds if it answers at all (seen in Chromium). */
const HEAL_STOP_GRACE_MS = 500;
/** Before a recorder starts, wait this long at most for the sound to flow (its clock to move). */
const SOUND_WAIT_MS = 1000;

export interface LessonRecorderEvents {
  /** Recording cannot go on (disk full, folder gone, encoder error): the app should Stop to save what is on disk. */
  onFatal: (error: IpcError) => void;
  onBacklog?: (pendingBytes: number) => void;
  /** MediaRecorder gave no data for STALL_MS and could not be replaced (true), or gives data again (false). */
  onStall?: (stalled: boolean) => void;
  /**
   * A stalled recorder was replaced by a fresh one on the same tracks. `from`..`to` (epoch ms): the time it
   * gave nothing; `heldBack`: it handed over what it had held when it was stopped, so little or nothing is
   * missing; otherwise that stretch is missing from the lesson.
   */
  onHealed?: (gap: { from: number; to: number; heldBack: boolean }) => void;
  /** Another window of the app took the lesson over: this page no longer records it. */
  onTakenOver?: () => void;
  /** The machine cannot keep up: the picture loses frames for seconds on end (true), or keeps up again (false). */
  onOverload?: (overloaded: boolean) => void;
}

/** What is recorded: the renderer-owned stream, the height of its picture (for the bitrate), and its sound's clock. */
export interface RecordedStream {
  stream: MediaStream;
  videoHeight: number;
  /**
   * The sound mix's clock (seconds of sound handed to the recorded track). It stands still only while
   * the mix gives MediaRecorder nothing, which since the mix left Web Audio means the page itself does not
   * run (a frozen device is replaced by silence). MediaRecorder then holds everything back, and a fresh
   * recorder on the same tracks would too (docs/PERFORMANCE.md §6).
   */
  soundClock?: () => number;
  /** Seconds the microphone was silent in this lesson so far, as the silence alarm counts them (for the receipt). */
  silentSeconds?: () => number;
  /** Frames of the picture handed to MediaRecorder so far (for the log: a stall with no video says so). */
  videoFrames?: () => number;
  /** The picture's sources' frame counters (produced, delivered to the page), for the overload watch. */
  sourceFrames?: () => SourceFrameCounts | undefined;
}

/** The part of MediaRecorder used here (tests pass a fake). */
export interface MediaRecorderLike extends StoppableRecorder {
  ondataavailable: ((event: { data: Blob }) => void) | null;
  onerror: ((event: Event) => void) | null;
  start(timeslice: number): void;
  pause(): void;
  resume(): void;
}

/** What the recorder needs of the page; the defaults are the browser's. */
export interface RecorderEnvironment {
  createRecorder: (stream: MediaStream, options: MediaRecorderOptions) => MediaRecorderLike;
  isTypeSupported: (mimeType: string) => boolean;
  /** A monotonic clock (performance.now). */
  now: () => number;
  /** The wall clock (Date.now), for the times told to the teacher. */
  wallClock: () => number;
  /** This tab's sessionStorage: where the lesson's token lives (session-memory.ts). */
  store: SessionStore;
}

export function browserEnvironment(): RecorderEnvironment {
  return {
    createRecorder: (stream, options) => new MediaRecorder(stream, options) as unknown as MediaRecorderLike,
    isTypeSupported: (type) => MediaRecorder.isTypeSupported(type),
    now: () => performance.now(),
    wallClock: () => Date.now(),
    store: sessionStorage,
  };
}

/** One MediaRecorder of the lesson and the uploader that carries its chunks. */
interface RecorderRun {
  number: number;
  recorder: MediaRecorderLike;
  uploader: ChunkUploader;
}

/**
 * Records a MediaStream with MediaRecorder and streams every chunk to main as it is produced (Opencast
 * Studio's recorder, but with a timeslice and nothing kept until Stop).
 *
 * It heals itself: when MediaRecorder gives no data for STALL_MS while recording (Chromium's recorder
 * rarely stops giving anything: docs/PERFORMANCE.md §6), a fresh MediaRecorder on the same tracks takes
 * over in a new segment (`session:continue`, cause `recorder-stalled`), and the lesson ends as one MP4
 * missing only the stalled seconds. The stalled recorder is dropped without waiting for it.
 */
export class LessonRecorder {
  private run: RecorderRun;
  private readonly watchdog = new DataWatchdog(STALL_MS);
  private readonly watchTimer: ReturnType<typeof setInterval>;
  private lastHeardByMainAt: number;
  private lastDataWallAt: number;
  private healsWithoutData = 0;
  private healing: Promise<void> | undefined;
  private stopping = false;
  private takenOver = false;
  /** A fresh recorder that takes over a paused lesson starts paused too. */
  private recorderPaused = false;
  /** The sound clock as last read, and when it was last seen to move (monotonic ms). */
  private soundClockSeen: number | undefined;
  private soundMovedAt: number;
  /** The picture's frame count as of each of the last few watches, for the stall's log line. */
  private readonly framesSeen: number[] = [];
  private readonly overload = new OverloadWatch();

  private constructor(
    private readonly api: RecorderApi,
    private readonly source: RecordedStream,
    private readonly env: RecorderEnvironment,
    private readonly events: LessonRecorderEvents,
    readonly sessionId: string,
    private resumeToken: string,
    readonly codec: RecordingCodec,
    readonly mimeType: string,
    private readonly hasAudio: boolean,
    recorder: number,
  ) {
    this.lastHeardByMainAt = env.now();
    this.lastDataWallAt = env.wallClock();
    this.soundMovedAt = env.now();
    rememberLesson(env.store, { sessionId, resumeToken });
    this.run = this.startRun(recorder);
    this.watchTimer = setInterval(() => this.watch(), TIMESLICE_MS);
  }

  /** Starts a new lesson. */
  static async start(
    api: RecorderApi,
    source: RecordedStream,
    title: string,
    events: LessonRecorderEvents,
    env = browserEnvironment(),
    /** The timetable's period this lesson records (`TimetableCommand` start), if it is one. */
    period?: string,
  ): Promise<LessonRecorder> {
    const { mimeType, hasAudio } = LessonRecorder.format(source.stream, env);
    await waitForSound(source, env);
    const reply = unwrap(await api.startSession({ title, mimeType, hasAudio, ...(period ? { period } : {}) }));
    console.info(`[recorder] session ${reply.sessionId}: ${mimeType} (${reply.codec})`);
    return LessonRecorder.from(api, source, env, events, reply, mimeType, hasAudio);
  }

  /**
   * Picks up a lesson main is still recording: this tab's own after a reload or a crash (`resumeToken`
   * from its sessionStorage), or, at the teacher's request, one whose window is gone (`resumeToken` null).
   * Main closes what it had and continues in a new segment, joined at Stop.
   */
  static async continue(
    api: RecorderApi,
    source: RecordedStream,
    active: ActiveSession,
    resumeToken: string | null,
    events: LessonRecorderEvents,
    env = browserEnvironment(),
  ): Promise<LessonRecorder> {
    const { mimeType, hasAudio } = LessonRecorder.format(source.stream, env);
    await waitForSound(source, env);
    const reply = unwrap(await api.continueSession({ sessionId: active.sessionId, resumeToken, mimeType, hasAudio, cause: 'renderer-restarted' }));
    console.info(`[recorder] session ${reply.sessionId} continued: ${mimeType} (${reply.codec}), recorder ${reply.recorder}`);
    return LessonRecorder.from(api, source, env, events, reply, mimeType, hasAudio);
  }

  private static from(
    api: RecorderApi,
    source: RecordedStream,
    env: RecorderEnvironment,
    events: LessonRecorderEvents,
    reply: StartSessionReply,
    mimeType: string,
    hasAudio: boolean,
  ): LessonRecorder {
    return new LessonRecorder(api, source, env, events, reply.sessionId, reply.resumeToken, reply.codec, mimeType, hasAudio, reply.recorder);
  }

  private static format(stream: MediaStream, env: RecorderEnvironment): { mimeType: string; hasAudio: boolean } {
    const hasAudio = stream.getAudioTracks().length > 0;
    const mimeType = chooseMimeType(env.isTypeSupported, hasAudio);
    if (!mimeType) throw new RecorderError({ code: 'invalid-request', message: 'no-format' });
    return { mimeType, hasAudio };
  }

  private startRun(number: number): RecorderRun {
    const run: RecorderRun = {
      number,
      recorder: this.env.createRecorder(this.source.stream, {
        mimeType: this.mimeType,
        videoBitsPerSecond: videoBitsPerSecond(this.source.videoHeight),
        audioBitsPerSecond: AUDIO_BITS_PER_SECOND,
        // A keyframe every second: seeking is precise and a crash-truncated file loses at most a second.
        videoKeyFrameIntervalDuration: 1000,
      } as MediaRecorderOptions),
      uploader: new ChunkUploader({
        send: (seq, data) => this.send(number, seq, data),
        warnBytes: 8 * 1024 * 1024,
        limitBytes: 64 * 1024 * 1024,
        onBacklog: this.events.onBacklog,
        onFailure: (error) => this.uploadFailed(run, error),
      }),
    };
    run.recorder.ondataavailable = (event) => {
      if (this.run !== run || event.data.size === 0) return;
      this.healsWithoutData = 0;
      this.lastDataWallAt = this.env.wallClock();
      if (this.watchdog.onData(this.env.now()) === 'recovered') this.events.onStall?.(false);
      run.uploader.push(event.data);
    };
    run.recorder.onerror = () => {
      if (this.run === run) this.events.onFatal({ code: 'internal', message: 'The browser stopped recording.' });
    };
    run.recorder.start(TIMESLICE_MS);
    this.watchdog.start(this.env.now());
    return run;
  }

  private async send(recorder: number, seq: number, data: Uint8Array<ArrayBuffer>): Promise<Result<{ bytesOnDisk: number }>> {
    const result = await this.api.appendChunk({ sessionId: this.sessionId, recorder, seq, data });
    if (result.ok) this.lastHeardByMainAt = this.env.now();
    return result;
  }

  private uploadFailed(run: RecorderRun, error: IpcError): void {
    // A recorder that was replaced may still have had a chunk on its way: main rightly refuses it.
    if (run !== this.run) return;
    if (error.code === 'segment-closed' || error.code === 'owned-elsewhere') this.lostToAnotherWindow();
    else this.events.onFatal(error);
  }

  private lostToAnotherWindow(): void {
    if (this.takenOver) return;
    this.takenOver = true;
    this.dispose();
    forgetLesson(this.env.store, this.sessionId);
    this.events.onTakenOver?.();
  }

  /** Every second: a stalled recorder is replaced; a quiet page tells main it is still here. */
  private watch(): void {
    const now = this.env.now();
    const clock = this.source.soundClock?.();
    if (clock === undefined || clock !== this.soundClockSeen) this.soundMovedAt = now;
    this.soundClockSeen = clock;
    const frames = this.source.videoFrames?.();
    this.framesSeen.push(frames ?? 0);
    if (this.framesSeen.length > STALL_MS / TIMESLICE_MS + 1) this.framesSeen.shift();
    const verdict = this.overload.sample(this.source.sourceFrames?.());
    if (verdict) {
      console.warn(
        `[recorder] ${verdict === 'overloaded' ? 'the machine cannot keep up: the picture loses frames' : 'keeping up again'} (${this.overload.framesDropped} frames dropped so far)`,
      );
      this.events.onOverload?.(verdict === 'overloaded');
    }
    if (now - this.lastHeardByMainAt >= HEARTBEAT_MS) {
      this.lastHeardByMainAt = now;
      void this.api.heartbeat(this.heartbeatRequest()).then((result) => {
        if (!result.ok && result.error.code === 'owned-elsewhere') this.lostToAnotherWindow();
      });
    }
    if (this.watchdog.check(now) !== 'stalled' || this.stopping) return;
    // A fresh recorder helps only when the tracks give what it needs: with the sound standing still it would
    // hold everything back too, and drop the picture until sound comes (Chromium's muxer waits for both).
    const soundStill = now - this.soundMovedAt >= 2 * TIMESLICE_MS;
    const canHeal = !soundStill && this.healsWithoutData < MAX_HEALS_WITHOUT_DATA;
    console.warn(
      `[recorder] no data from MediaRecorder for ${STALL_MS} ms (recorder ${this.run.number}, state ${this.run.recorder.state}, ` +
        `sound clock ${clock?.toFixed(2) ?? 'none'}${soundStill ? `, still for ${Math.round(now - this.soundMovedAt)} ms` : ''}` +
        `${frames === undefined ? '' : `, ${this.framesSeen.at(-1)! - this.framesSeen[0]!} video frames in the last ${this.framesSeen.length - 1} s`})` +
        `${canHeal ? '; starting a fresh one' : ''}`,
    );
    if (canHeal) this.healing ??= this.heal().finally(() => (this.healing = undefined));
    else this.events.onStall?.(true);
  }

  /**
   * Replaces the stalled recorder with a fresh one on the same tracks, in a new segment. The stalled one is
   * stopped first, its handlers still attached: a recorder that was only holding its data back hands it
   * all over with its last chunk (seen in Chromium), into its own segment. One that does not answer within
   * half a second is dropped.
   */
  private async heal(): Promise<void> {
    const stalled = this.run;
    const from = this.lastDataWallAt;
    const bytesBefore = stalled.uploader.pushedBytes;
    await stopRecorder(stalled.recorder, HEAL_STOP_GRACE_MS).catch(() => 'timed-out');
    const heldBack = stalled.uploader.pushedBytes > bytesBefore;
    stalled.recorder.ondataavailable = null;
    stalled.recorder.onerror = null;
    // Whatever it gave is on its way to main: let it land in its own segment first.
    await Promise.race([stalled.uploader.drained(), new Promise((resolve) => setTimeout(resolve, 2000))]);
    const reply = await this.api.continueSession(this.continueRequest('recorder-stalled'));
    if (!reply.ok) {
      if (reply.error.code === 'owned-elsewhere') this.lostToAnotherWindow();
      else this.events.onStall?.(true);
      return;
    }
    this.healsWithoutData = heldBack ? 0 : this.healsWithoutData + 1;
    this.run = this.startRun(reply.value.recorder);
    if (this.recorderPaused) this.run.recorder.pause();
    this.events.onHealed?.({ from, to: this.env.wallClock(), heldBack });
  }

  private continueRequest(cause: NewRecorderCause) {
    return { sessionId: this.sessionId, resumeToken: this.resumeToken, mimeType: this.mimeType, hasAudio: this.hasAudio, cause };
  }

  get state(): RecordingState {
    return this.run.recorder.state as RecordingState;
  }

  /**
   * Pauses: MediaRecorder stops taking frames (its timestamps go on without a gap when it resumes) and
   * main stops counting the lesson's time. `localOnly` when main already knows (a lesson continued paused).
   */
  async pause(localOnly = false): Promise<void> {
    this.recorderPaused = true;
    if (this.run.recorder.state === 'recording') this.run.recorder.pause();
    this.watchdog.pause();
    if (!localOnly) unwrap(await this.api.pauseSession({ sessionId: this.sessionId }));
  }

  async resume(): Promise<void> {
    this.recorderPaused = false;
    if (this.run.recorder.state === 'paused') this.run.recorder.resume();
    this.watchdog.resume(this.env.now());
    unwrap(await this.api.resumeSession({ sessionId: this.sessionId }));
  }

  /**
   * Stops MediaRecorder, waits for its last chunk to be saved, then asks main to finish the MP4. Also used
   * after a fatal upload error: main then finishes what reached the disk. Never waits long on a recorder
   * that does not answer: main has all but its last second.
   */
  async stop(): Promise<LessonSummary> {
    this.stopping = true;
    await this.healing;
    clearInterval(this.watchTimer);
    const run = this.run;
    const quiet = this.watchdog.silentFor(this.env.now()) > 2 * TIMESLICE_MS;
    const grace = quiet ? STALLED_STOP_GRACE_MS : STOP_GRACE_MS;
    const stopAsked = this.env.now();
    if ((await stopRecorder(run.recorder, grace)) === 'timed-out') {
      console.warn(`[recorder] MediaRecorder did not stop within ${grace} ms; finishing with what main has`);
      run.recorder.ondataavailable = null;
    } else
      console.info(`[recorder] MediaRecorder stopped in ${Math.round(this.env.now() - stopAsked)} ms${quiet ? ' (it had given nothing for over 2 s)' : ''}`);
    await run.uploader.drained();
    forgetLesson(this.env.store, this.sessionId);
    // The receipt's figures as they stand at Stop (the last heartbeat may be 3 s old).
    await this.api.heartbeat(this.heartbeatRequest());
    return unwrap(await this.api.stopSession({ sessionId: this.sessionId }));
  }

  private heartbeatRequest(): HeartbeatRequest {
    const silent = this.source.silentSeconds?.();
    const request: HeartbeatRequest = { sessionId: this.sessionId, resumeToken: this.resumeToken };
    if (silent !== undefined) request.silentSeconds = Math.round(silent * 10) / 10;
    if (this.overload.framesDropped > 0) request.framesDropped = this.overload.framesDropped;
    return request;
  }

  /** This page lets the lesson go without stopping it (another window records it now). */
  private dispose(): void {
    this.stopping = true;
    clearInterval(this.watchTimer);
    const { recorder } = this.run;
    recorder.ondataavailable = null;
    recorder.onerror = null;
    try {
      if (recorder.state !== 'inactive') recorder.stop();
    } catch {
      // Nothing more to do with it.
    }
  }
}

/**
 * Waits (a second at most) for the sound mix's clock to move before a recorder starts: a recorder started
 * while the sound gives nothing drops the picture until it comes (Chromium's muxer waits for both tracks).
 * If it does not move, the recorder starts all the same; the watch then tells the teacher.
 */
async function waitForSound(source: RecordedStream, env: RecorderEnvironment): Promise<void> {
  if (!source.soundClock || source.stream.getAudioTracks().length === 0) return;
  const first = source.soundClock();
  const until = env.now() + SOUND_WAIT_MS;
  while (source.soundClock() === first && env.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
}
