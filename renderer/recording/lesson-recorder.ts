import type { IpcError, LessonSummary, RecorderApi, RecordingCodec } from '../../common/ipc-contract';
import { chooseMimeType } from '../../common/recording-formats';
import { RecorderError, unwrap } from '../main-api';
import { ChunkUploader } from './chunk-uploader';
import { DataWatchdog } from './data-watchdog';
import { AUDIO_BITS_PER_SECOND, videoBitsPerSecond } from './quality';
import { STOP_GRACE_MS, stopRecorder } from './stop-recorder';

/** One chunk a second: at most about a second of the lesson is ever only in the renderer. */
export const TIMESLICE_MS = 1000;
/** Five chunks missed in a row: MediaRecorder has stalled (see data-watchdog.ts). */
export const STALL_MS = 5 * TIMESLICE_MS;

export interface LessonRecorderEvents {
  /** Recording cannot go on (disk full, folder gone, encoder error): the app should Stop to save what is on disk. */
  onFatal: (error: IpcError) => void;
  onBacklog?: (pendingBytes: number) => void;
  /** MediaRecorder gave no data for STALL_MS while recording (true), or gives data again (false). */
  onStall?: (stalled: boolean) => void;
}

/** What is recorded: the renderer-owned stream and the height of its picture (for the bitrate). */
export interface RecordedStream {
  stream: MediaStream;
  videoHeight: number;
}

/**
 * Records a MediaStream with MediaRecorder and streams every chunk to main as it is produced
 * (Opencast Studio's recorder, but with a timeslice and nothing kept until Stop).
 */
export class LessonRecorder {
  private constructor(
    private readonly api: RecorderApi,
    private readonly recorder: MediaRecorder,
    private readonly uploader: ChunkUploader,
    private readonly watchdog: DataWatchdog,
    private readonly watchTimer: ReturnType<typeof setInterval>,
    readonly sessionId: string,
    readonly codec: RecordingCodec,
    readonly mimeType: string,
  ) {}

  /** Starts a new lesson. */
  static async start(api: RecorderApi, source: RecordedStream, title: string, events: LessonRecorderEvents): Promise<LessonRecorder> {
    const { mimeType, hasAudio } = LessonRecorder.format(source.stream);
    const { sessionId, codec } = unwrap(await api.startSession({ title, mimeType, hasAudio }));
    console.info(`[recorder] session ${sessionId}: ${mimeType} (${codec})`);
    return LessonRecorder.record(api, source, sessionId, codec, mimeType, events);
  }

  /**
   * Picks up a lesson main is still recording after this renderer was restarted (it crashed and was
   * reloaded): main closes what it had and continues in a new segment, joined at Stop.
   */
  static async continue(api: RecorderApi, source: RecordedStream, sessionId: string, events: LessonRecorderEvents): Promise<LessonRecorder> {
    const { mimeType, hasAudio } = LessonRecorder.format(source.stream);
    const { codec } = unwrap(await api.continueSession({ sessionId, mimeType, hasAudio }));
    console.info(`[recorder] session ${sessionId} continued: ${mimeType} (${codec})`);
    return LessonRecorder.record(api, source, sessionId, codec, mimeType, events);
  }

  private static format(stream: MediaStream): { mimeType: string; hasAudio: boolean } {
    const hasAudio = stream.getAudioTracks().length > 0;
    const mimeType = chooseMimeType((type) => MediaRecorder.isTypeSupported(type), hasAudio);
    if (!mimeType) throw new RecorderError({ code: 'invalid-request', message: 'no-format' });
    return { mimeType, hasAudio };
  }

  private static record(
    api: RecorderApi,
    source: RecordedStream,
    sessionId: string,
    codec: RecordingCodec,
    mimeType: string,
    events: LessonRecorderEvents,
  ): LessonRecorder {
    const uploader = new ChunkUploader({
      send: (seq, data) => api.appendChunk({ sessionId, seq, data }),
      warnBytes: 8 * 1024 * 1024,
      limitBytes: 64 * 1024 * 1024,
      onBacklog: events.onBacklog,
      onFailure: events.onFatal,
    });
    const recorder = new MediaRecorder(source.stream, {
      mimeType,
      videoBitsPerSecond: videoBitsPerSecond(source.videoHeight),
      audioBitsPerSecond: AUDIO_BITS_PER_SECOND,
      // A keyframe every second: seeking is precise and a crash-truncated file loses at most a second.
      videoKeyFrameIntervalDuration: 1000,
    } as MediaRecorderOptions);
    const watchdog = new DataWatchdog(STALL_MS);
    recorder.ondataavailable = (event) => {
      if (event.data.size > 0 && watchdog.onData(performance.now()) === 'recovered') events.onStall?.(false);
      uploader.push(event.data);
    };
    recorder.onerror = () => events.onFatal({ code: 'internal', message: 'The browser stopped recording.' });
    recorder.start(TIMESLICE_MS);
    watchdog.start(performance.now());
    const watchTimer = setInterval(() => {
      if (watchdog.check(performance.now()) === 'stalled') {
        console.warn(`[recorder] no data from MediaRecorder for ${STALL_MS} ms`);
        events.onStall?.(true);
      }
    }, TIMESLICE_MS);
    return new LessonRecorder(api, recorder, uploader, watchdog, watchTimer, sessionId, codec, mimeType);
  }

  get state(): RecordingState {
    return this.recorder.state;
  }

  /**
   * Pauses: MediaRecorder stops taking frames (its timestamps go on without a gap when it resumes) and
   * main stops counting the lesson's time. `localOnly` when main already knows (a lesson continued paused).
   */
  async pause(localOnly = false): Promise<void> {
    if (this.recorder.state === 'recording') this.recorder.pause();
    this.watchdog.pause();
    if (!localOnly) unwrap(await this.api.pauseSession({ sessionId: this.sessionId }));
  }

  async resume(): Promise<void> {
    if (this.recorder.state === 'paused') this.recorder.resume();
    this.watchdog.resume(performance.now());
    unwrap(await this.api.resumeSession({ sessionId: this.sessionId }));
  }

  /**
   * Stops MediaRecorder, waits for its last chunk to be saved, then asks main to finish the MP4.
   * Also used after a fatal upload error: main then finishes what reached the disk.
   */
  async stop(): Promise<LessonSummary> {
    clearInterval(this.watchTimer);
    if ((await stopRecorder(this.recorder)) === 'timed-out') {
      console.warn(`[recorder] MediaRecorder did not stop within ${STOP_GRACE_MS} ms; finishing with what main has`);
      this.recorder.ondataavailable = null;
    }
    await this.uploader.drained();
    return unwrap(await this.api.stopSession({ sessionId: this.sessionId }));
  }
}
