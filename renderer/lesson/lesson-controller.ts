import type { ActiveSession, AppCommand, IpcError, LessonPart, LessonSummary, RecorderApi, TimetableCommand } from '../../common/ipc-contract';
import { errorWords } from '../i18n/error-words';
import type { Words } from '../i18n/i18n';
import { RecorderError } from '../main-api';
import { browserEnvironment, LessonRecorder, type LessonRecorderEvents, type RecordedStream, type RecorderEnvironment } from '../recording/lesson-recorder';
import { PausableClock } from '../recording/pausable-clock';
import { recalledToken } from '../recording/session-memory';
import { formatClock } from '../ui/format';

export type Phase = 'preview' | 'starting' | 'countdown' | 'recording' | 'paused' | 'finishing' | 'saved';

/** A lesson main records that is not this page's: recorded in another window, or left without one. */
export interface OtherLesson {
  kind: 'elsewhere' | 'orphan';
  session: ActiveSession;
}

/** What the controller asks of the screen; it never touches the DOM itself. */
export interface LessonView {
  phase(phase: Phase, state: { ready: boolean; blocked: boolean }): void;
  notice(level: 'info' | 'warning' | 'error', words: Words, key?: string): void;
  clearNotice(key: string): void;
  announce(words: Words): void;
  /** Where the keyboard focus goes after a change (the button the teacher will want next). */
  focus(target: 'record' | 'pause' | 'resume' | 'stop' | 'card'): void;
  /** A lesson was saved: the card shows it when `onCard`, else it is announced and listed only. */
  saved(lesson: LessonSummary, onCard: boolean): void;
  /** A lesson main records that is not this page's (or none). */
  otherLesson(other: OtherLesson | undefined): void;
  /** The title box shows this lesson's title (a lesson continued after a reload). */
  showTitle(title: string): void;
  /** The parts marked in this lesson so far (after the beginning): none at Record, main's after a reload. */
  showParts(marks: LessonPart[]): void;
  /** A new part was marked: its number (the beginning is 1) and where it begins in the lesson. */
  partMarked(part: number, startSeconds: number): void;
  /** Free space may have changed (after a lesson). */
  refreshAfterLesson(): void;
}

/** The capture side, as far as the lesson needs it (CaptureView in the app). */
export interface LessonCapture {
  recorded(): RecordedStream | undefined;
  prepareToRecord(fromClick: boolean): Promise<boolean>;
  lockOutput(): void;
}

export interface LessonControllerDeps {
  api: RecorderApi;
  capture: LessonCapture;
  view: LessonView;
  /** Whether to count down 3-2-1 first (a setting), and the countdown itself (false: cancelled). */
  countdown: { enabled: () => boolean; run: () => Promise<boolean> };
  /** The title the teacher typed. */
  title: () => string;
  /** The recorder's environment (MediaRecorder, clocks, this tab's sessionStorage). */
  env?: RecorderEnvironment;
}

/**
 * The lesson's flow on the main screen, without the DOM: Record (with its countdown), Pause/Resume, Stop
 * and the saving, the commands of the tray and global hotkeys, a lesson continued after this tab was
 * reloaded, and lessons that record in another window. The view renders what it says (`LessonView`).
 * Unit-tested against a fake API and a fake MediaRecorder (tests/renderer/lesson/).
 */
export class LessonController {
  private current: Phase = 'preview';
  private ready = false;
  private recorder: LessonRecorder | undefined;
  private clock: PausableClock | undefined;
  private other: OtherLesson | undefined;
  private readonly env: RecorderEnvironment;

  constructor(private readonly deps: LessonControllerDeps) {
    this.env = deps.env ?? browserEnvironment();
  }

  get phase(): Phase {
    return this.current;
  }

  /** Time recorded in this lesson so far, pauses excluded. */
  get elapsedMs(): number {
    return this.clock?.elapsedMs ?? 0;
  }

  get inLesson(): boolean {
    return this.current === 'recording' || this.current === 'paused';
  }

  /** Another window records a lesson now: this page does not start one of its own. */
  get blocked(): boolean {
    return this.other?.kind === 'elsewhere' && !this.inLesson;
  }

  /**
   * The sources are open (or not): starts in the preview and continues this tab's own lesson, if main
   * still records it. `singleWindow` (the desktop app, which has one window): a lesson whose window is gone
   * can only be this window's, reloaded after a crash, and is continued too; in a browser another tab may
   * have been its page, and the teacher is asked.
   */
  async begin(ready: boolean, activeSessions: ActiveSession[], singleWindow = false): Promise<void> {
    this.ready = ready;
    this.setPhase('preview');
    const own = activeSessions.find((session) => recalledToken(this.env.store, session.sessionId) !== null);
    const adopted = own ?? (singleWindow ? activeSessions.find((session) => !session.ownerActive) : undefined);
    if (adopted && ready) await this.startRecording(adopted, recalledToken(this.env.store, adopted.sessionId));
    this.sessionsChanged(activeSessions);
  }

  /** Main's list of lessons that record changed (`sessions:changed`). */
  sessionsChanged(sessions: ActiveSession[]): void {
    const mine = this.recorder?.sessionId;
    const others = sessions.filter((session) => session.sessionId !== mine);
    const elsewhere = others.find((session) => session.ownerActive);
    const orphan = others.find((session) => !session.ownerActive);
    const next: OtherLesson | undefined = elsewhere ? { kind: 'elsewhere', session: elsewhere } : orphan ? { kind: 'orphan', session: orphan } : undefined;
    const changed =
      JSON.stringify(next && [next.kind, next.session.sessionId]) !== JSON.stringify(this.other && [this.other.kind, this.other.session.sessionId]);
    this.other = next;
    if (changed) {
      this.deps.view.otherLesson(next);
      this.setPhase(this.current);
    }
  }

  /** The teacher asks to continue, in this window, a lesson whose window is gone. */
  async continueOrphan(): Promise<void> {
    if (this.other?.kind !== 'orphan' || this.inLesson) return;
    await this.startRecording(this.other.session, null);
  }

  /** The teacher asks to stop and save a lesson whose window is gone. */
  async stopOrphan(): Promise<void> {
    if (this.other?.kind !== 'orphan') return;
    const { sessionId } = this.other.session;
    this.deps.view.announce({ key: 'announceStopped' });
    const result = await this.deps.api.stopSession({ sessionId });
    if (result.ok) this.deps.view.saved(result.value, false);
    else this.failed('finishFailed', result.error);
  }

  private setPhase(phase: Phase): void {
    this.current = phase;
    this.deps.view.phase(phase, { ready: this.ready, blocked: this.blocked });
  }

  /**
   * Starts a lesson, or continues `active`, one main is still recording (this tab was reloaded, or its
   * window is gone), or starts the timetable's `scheduled` period (main counted down already).
   */
  async startRecording(active?: ActiveSession, resumeToken: string | null = null, scheduled?: { key: string; title: string }): Promise<void> {
    const source = this.deps.capture.recorded();
    if (!source || this.phase === 'starting' || this.phase === 'countdown' || this.inLesson) return;
    if (!active && this.blocked) return;
    const previous = this.current;
    this.setPhase('starting');
    if (!(await this.deps.capture.prepareToRecord(!active && !scheduled))) {
      this.setPhase(previous === 'finishing' ? 'finishing' : 'preview');
      return;
    }
    // A lesson main is still recording goes on at once: its teacher is already mid-lesson.
    if (!active && !scheduled && this.deps.countdown.enabled()) {
      this.setPhase('countdown');
      if (!(await this.deps.countdown.run())) {
        this.setPhase('preview');
        this.deps.view.announce({ key: 'countdownCancelled' });
        this.deps.view.focus('record');
        return;
      }
      this.setPhase('starting');
    }
    this.deps.capture.lockOutput();
    try {
      this.recorder = active
        ? await LessonRecorder.continue(this.deps.api, source, active, resumeToken, this.recorderEvents(), this.env)
        : await LessonRecorder.start(this.deps.api, source, scheduled ? scheduled.title : this.deps.title(), this.recorderEvents(), this.env, scheduled?.key);
    } catch (error) {
      const ipc = error instanceof RecorderError ? error.error : undefined;
      // Another window of the app took the period first: it records it, this one has nothing to say.
      if (scheduled && ipc?.code === 'busy') {
        this.setPhase(previous === 'finishing' ? 'finishing' : 'preview');
        return;
      }
      if (ipc?.message === 'no-format') this.deps.view.notice('error', { key: 'noFormat' });
      else if (ipc?.code === 'owned-elsewhere') this.deps.view.notice('warning', { key: 'lessonElsewhere' });
      else this.deps.view.notice('error', { key: 'startFailed', params: { reason: ipc ? errorWords(ipc) : (error as Error).message } });
      this.setPhase('preview');
      return;
    }
    // The timetable's lesson is named after its period, whatever the title box held from the last one.
    if (scheduled) this.deps.view.showTitle(scheduled.title);
    if (active) {
      this.deps.view.showTitle(active.title);
      this.other = undefined;
      this.deps.view.otherLesson(undefined);
    }
    this.clock = new PausableClock(this.env.now, active?.recordedMs ?? 0);
    this.deps.view.showParts(active?.marks ?? []);
    if (active?.paused) {
      await this.recorder.pause(true).catch(() => undefined);
      this.clock.pause();
      this.setPhase('paused');
      this.deps.view.focus('resume');
      return;
    }
    this.setPhase('recording');
    this.deps.view.announce({ key: 'announceStarted' });
    this.deps.view.focus('stop');
  }

  private recorderEvents(): LessonRecorderEvents {
    return {
      onFatal: (error: IpcError) => {
        this.deps.view.notice('error', { key: 'recordingFailed', params: { reason: errorWords(error) } });
        void this.stopRecording();
      },
      onBacklog: () => this.deps.view.notice('warning', { key: 'backlog' }),
      onStall: (stalled: boolean) => {
        if (!stalled) this.deps.view.clearNotice('stall');
        else this.deps.view.notice('error', { key: 'recordingStalled' }, 'stall');
      },
      onHealed: ({ from, to, heldBack }) => {
        const seconds = Math.max(1, Math.round((to - from) / 1000));
        const words: Words = heldBack
          ? { key: 'recorderRestarted', params: { from: { time: from } } }
          : { key: 'recorderHealed', params: { from: { time: from }, seconds } };
        this.deps.view.notice('warning', words, 'healed');
      },
      onOverload: (overloaded: boolean) => {
        if (overloaded) this.deps.view.notice('warning', { key: 'recordingOverloaded' }, 'overload');
        else this.deps.view.clearNotice('overload');
      },
      onTakenOver: () => {
        this.recorder = undefined;
        this.clock = undefined;
        this.deps.view.notice('warning', { key: 'lessonTakenOver' });
        this.setPhase('preview');
      },
    };
  }

  async pause(): Promise<void> {
    if (!this.recorder || this.phase !== 'recording') return;
    this.clock?.pause();
    this.setPhase('paused');
    this.deps.view.focus('resume');
    this.deps.view.announce({ key: 'announcePaused' });
    await this.recorder.pause().catch((error: unknown) => this.recordingFailed(error));
  }

  async resume(): Promise<void> {
    if (!this.recorder || this.phase !== 'paused') return;
    this.clock?.resume();
    this.setPhase('recording');
    this.deps.view.focus('pause');
    this.deps.view.announce({ key: 'announceResumed' });
    await this.recorder.resume().catch((error: unknown) => this.recordingFailed(error));
  }

  /**
   * Stops and saves. While the MP4 is made the next lesson may already start: Record stays available, and
   * a lesson that finishes after that is announced and listed instead of shown on the card.
   */
  async stopRecording(): Promise<void> {
    const recorder = this.recorder;
    if (!recorder || !this.inLesson) return;
    this.recorder = undefined;
    // Stop is what the stall notice asked for: what follows says how the saving went.
    this.deps.view.clearNotice('stall');
    // The overload watch ends with the lesson, so it cannot take its warning back: the receipt says what was lost.
    this.deps.view.clearNotice('overload');
    this.setPhase('finishing');
    this.deps.view.announce({ key: 'announceStopped' });
    try {
      const lesson = await recorder.stop();
      const onCard = this.current === 'finishing';
      this.deps.view.saved(lesson, onCard);
      if (onCard) {
        this.setPhase('saved');
        this.deps.view.focus('card');
      }
    } catch (error) {
      this.failed('finishFailed', error instanceof RecorderError ? error.error : { code: 'internal', message: (error as Error).message });
      if (this.current === 'finishing') this.setPhase('preview');
    }
    this.deps.view.refreshAfterLesson();
  }

  private recordingFailed(error: unknown): void {
    const reason = error instanceof RecorderError ? errorWords(error.error) : (error as Error).message;
    this.deps.view.notice('error', { key: 'recordingFailed', params: { reason } });
  }

  private failed(key: 'finishFailed', error: IpcError): void {
    this.deps.view.notice('error', { key, params: { reason: errorWords(error) } }, error.code === 'finish-failed' ? 'finish-failed' : undefined);
  }

  /** Mark (its button, hotkey or the tray): a new part of the lesson begins now; main keeps it. */
  async mark(): Promise<void> {
    const sessionId = this.recorder?.sessionId;
    if (!sessionId || !this.inLesson) return;
    const result = await this.deps.api.markPart({ sessionId });
    if (!result.ok) return this.failedAction(result.error);
    this.deps.view.partMarked(result.value.part, result.value.startSeconds);
    this.deps.view.announce({ key: 'announceMarked', params: { number: result.value.part, time: formatClock(result.value.startSeconds) } });
  }

  /** The teacher names a part of the lesson recording now. */
  async namePart(part: number, title: string): Promise<void> {
    const sessionId = this.recorder?.sessionId;
    if (!sessionId) return;
    const result = await this.deps.api.namePart({ sessionId, part, title });
    if (!result.ok) this.failedAction(result.error);
  }

  private failedAction(error: IpcError): void {
    this.deps.view.notice('error', { key: 'actionFailed', params: { reason: errorWords(error) } });
  }

  /**
   * The timetable asks (`timetable:command`): a period begins, or its lesson reaches its end. A start that
   * does not fit (a lesson records here, another window records) is left to main, which knows it already.
   */
  timetable(command: TimetableCommand): void {
    if (command.kind === 'start') {
      if (this.phase === 'preview' || this.phase === 'saved' || this.phase === 'finishing') void this.startRecording(undefined, null, command);
    } else if (this.recorder?.sessionId === command.sessionId) {
      void this.stopRecording();
    }
  }

  /**
   * A global hotkey or the tray asked for something (main only forwards the intent). It takes the same
   * path as the buttons; a command that does not fit the moment (Stop while finishing, Record while
   * another window records) is ignored.
   */
  command(command: AppCommand): void {
    if (command === 'toggle-recording') {
      if (this.inLesson) void this.stopRecording();
      else if (this.phase === 'preview' || this.phase === 'saved' || this.phase === 'finishing') void this.startRecording();
    } else if (command === 'toggle-pause') {
      if (this.phase === 'recording') void this.pause();
      else if (this.phase === 'paused') void this.resume();
    } else if (command === 'mark-part') {
      void this.mark();
    } else if (command === 'stop-recording' && this.inLesson) {
      void this.stopRecording();
    }
  }
}
