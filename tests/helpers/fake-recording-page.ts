import type { ActiveSession, IpcError, LessonSummary, RecorderApi, Result } from '../../common/ipc-contract';
import type { Words } from '../../renderer/i18n/i18n';
import type { LessonView, OtherLesson, Phase } from '../../renderer/lesson/lesson-controller';
import type { MediaRecorderLike, RecorderEnvironment } from '../../renderer/recording/lesson-recorder';

/**
 * Stand-ins for what the renderer's lesson logic talks to, for unit tests without a browser: a
 * MediaRecorder that gives a chunk each timeslice (or stalls: no data, no 'stop'), a main process that
 * keeps recorder numbers and tokens as the real core does, and a view that writes down what it is told.
 */
export class FakeMediaRecorder extends EventTarget implements MediaRecorderLike {
  static made: FakeMediaRecorder[] = [];
  state: 'inactive' | 'recording' | 'paused' = 'inactive';
  ondataavailable: ((event: { data: Blob }) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  /** While true: no data, and stop() never answers (a recorder that is broken). */
  stalled = false;
  /** While true: no data, but all of it is handed over at stop() (what Chromium does while a track gives nothing). */
  holding = false;
  private held = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    FakeMediaRecorder.made.push(this);
  }

  start(timeslice: number): void {
    this.state = 'recording';
    this.timer = setInterval(() => {
      if (this.state !== 'recording' || this.stalled) return;
      if (this.holding) this.held += 100;
      else this.ondataavailable?.({ data: new Blob([new Uint8Array(100)]) });
    }, timeslice);
  }

  pause(): void {
    this.state = 'paused';
  }

  resume(): void {
    this.state = 'recording';
  }

  stop(): void {
    clearInterval(this.timer);
    if (this.stalled) return;
    this.ondataavailable?.({ data: new Blob([new Uint8Array(10 + this.held)]) });
    this.held = 0;
    this.state = 'inactive';
    this.dispatchEvent(new Event('stop'));
  }
}

export interface FakeMainCall {
  method: string;
  args: unknown;
}

/** Main as far as a recording page sees it: numbers recorders, refuses stale chunks, checks tokens. */
export class FakeMain {
  readonly calls: FakeMainCall[] = [];
  readonly chunks: Array<{ recorder: number; seq: number }> = [];
  recorder = 0;
  token = 'token-1';
  ownerActive = true;
  sessions: ActiveSession[] = [];
  /** What the next `session:start` is refused with (e.g. `busy`: another window took the period). */
  refuseStart: IpcError | undefined;
  marks = 0;

  private ok<T>(value: T): Promise<Result<T>> {
    return Promise.resolve({ ok: true, value });
  }

  private reply(sessionId: string) {
    return { sessionId, codec: 'h264' as const, maxChunkBytes: 16 * 1024 * 1024, recorder: this.recorder, resumeToken: this.token };
  }

  readonly api = {
    startSession: (request: unknown) => {
      this.calls.push({ method: 'startSession', args: request });
      if (this.refuseStart) return Promise.resolve({ ok: false, error: this.refuseStart } as Result<never>);
      this.recorder = 1;
      return this.ok(this.reply('11111111-1111-4111-8111-111111111111'));
    },
    continueSession: (request: { sessionId: string; resumeToken: string | null; cause: string }) => {
      this.calls.push({ method: 'continueSession', args: request });
      if (request.resumeToken !== this.token && this.ownerActive) {
        return Promise.resolve({ ok: false, error: { code: 'owned-elsewhere', message: 'elsewhere' } } as Result<never>);
      }
      if (request.resumeToken !== this.token) this.token = `token-${this.recorder + 1}`;
      this.recorder++;
      return this.ok(this.reply(request.sessionId));
    },
    appendChunk: (request: { recorder: number; seq: number }) => {
      if (request.recorder !== this.recorder) return Promise.resolve({ ok: false, error: { code: 'segment-closed', message: 'closed' } } as Result<never>);
      this.chunks.push({ recorder: request.recorder, seq: request.seq });
      return this.ok({ bytesOnDisk: this.chunks.length * 100 });
    },
    heartbeat: (request: { resumeToken: string }) => {
      this.calls.push({ method: 'heartbeat', args: request });
      if (request.resumeToken !== this.token) return Promise.resolve({ ok: false, error: { code: 'owned-elsewhere', message: 'elsewhere' } } as Result<never>);
      return this.ok(null);
    },
    markPart: (request: { sessionId: string }) => {
      this.calls.push({ method: 'markPart', args: request });
      this.marks++;
      return this.ok({ part: this.marks + 1, startSeconds: this.marks * 10 });
    },
    namePart: (request: unknown) => {
      this.calls.push({ method: 'namePart', args: request });
      return this.ok(null);
    },
    pauseSession: () => this.ok(null),
    resumeSession: () => this.ok(null),
    stopSession: (request: { sessionId: string }) => {
      this.calls.push({ method: 'stopSession', args: request });
      const lesson: LessonSummary = {
        lessonId: '22222222-2222-4222-8222-222222222222',
        fileName: 'Lesson.mp4',
        lessonTitle: 'Lesson',
        durationSeconds: 10,
        sizeBytes: 1000,
        recovered: false,
      };
      return this.ok(lesson);
    },
  } as unknown as RecorderApi;

  methods(): string[] {
    return this.calls.map((call) => call.method);
  }
}

/** A view that writes down what the controller tells it. */
export class RecordingView implements LessonView {
  phases: Phase[] = [];
  blocked = false;
  notices: Array<{ level: string; words: Words; key?: string }> = [];
  announced: Words[] = [];
  saved_: Array<{ lesson: LessonSummary; onCard: boolean }> = [];
  other: OtherLesson | undefined;
  title = '';
  parts: Array<{ part: number; startSeconds: number }> = [];

  phase(phase: Phase, state: { ready: boolean; blocked: boolean }): void {
    if (this.phases.at(-1) !== phase) this.phases.push(phase);
    this.blocked = state.blocked;
  }
  showParts(marks: Array<{ startSeconds: number }>): void {
    this.parts = marks.map((mark, index) => ({ part: index + 2, startSeconds: mark.startSeconds }));
  }
  partMarked(part: number, startSeconds: number): void {
    this.parts.push({ part, startSeconds });
  }
  notice(level: 'info' | 'warning' | 'error', words: Words, key?: string): void {
    this.notices.push({ level, words, key });
  }
  clearNotice(key: string): void {
    this.notices = this.notices.filter((notice) => notice.key !== key);
  }
  announce(words: Words): void {
    this.announced.push(words);
  }
  focus(): void {}
  saved(lesson: LessonSummary, onCard: boolean): void {
    this.saved_.push({ lesson, onCard });
  }
  otherLesson(other: OtherLesson | undefined): void {
    this.other = other;
  }
  showTitle(title: string): void {
    this.title = title;
  }
  refreshAfterLesson(): void {}

  noticeKeys(): string[] {
    return this.notices.map((notice) => notice.words.key);
  }
}

/** The page's environment with the fake recorder, the fake timers' clock, and a Map for sessionStorage. */
export function fakeEnvironment(store = new Map<string, string>()): RecorderEnvironment & { storage: Map<string, string> } {
  return {
    createRecorder: () => new FakeMediaRecorder(),
    isTypeSupported: (type) => type.includes('h264'),
    now: () => Date.now(),
    wallClock: () => Date.now(),
    store: {
      getItem: (key) => store.get(key) ?? null,
      setItem: (key, value) => void store.set(key, value),
      removeItem: (key) => void store.delete(key),
    },
    storage: store,
  };
}

/** A stream with one video and one audio track, as far as the recorder looks at it. */
export const fakeStream = { getAudioTracks: () => [{}], getVideoTracks: () => [{}] } as unknown as MediaStream;
