import type { ActiveSession, AppCommand, AppState, IpcError, LessonListItem, Notice, RecorderApi } from '../../common/ipc-contract';
import { t } from '../i18n/i18n';
import { RecorderError, unwrap } from '../main-api';
import { LessonRecorder } from '../recording/lesson-recorder';
import { PausableClock } from '../recording/pausable-clock';
import { diskBitsPerSecondWhileRecording, onRecordingQualityChange, recordingQuality } from '../recording/quality';
import { CaptureView } from './capture-view';
import { Countdown } from './countdown';
import { h } from './dom';
import { FinishProgressView } from './finish-progress';
import { formatClock, hoursOfRecording } from './format';
import { LessonCard } from './lesson-card';
import { LessonsList } from './lessons-list';
import { NoticeList } from './notices';
import { SourcePicker } from './source-picker';
import type { SettingsPanel } from './settings-panel';
import { UnfinishedList } from './unfinished-list';

type Phase = 'preview' | 'starting' | 'countdown' | 'recording' | 'paused' | 'finishing' | 'saved';

/**
 * The main screen: sources and preview, title, Record/Pause/Resume/Stop, timer, finishing progress, result,
 * then the lessons in the folder and the settings.
 */
export class MainScreen {
  private phase: Phase = 'preview';
  private ready = false;
  private recorder: LessonRecorder | undefined;
  private clock: PausableClock | undefined;
  private clockTimer: ReturnType<typeof setInterval> | undefined;

  // A visible label, not a live region: the announcer below says each change once, in a full sentence.
  private readonly status = h('p', { class: 'status', role: 'status', 'aria-live': 'off' }, t('ready'));
  private readonly notices = new NoticeList();
  private readonly announcer = h('div', { class: 'sr-only', 'aria-live': 'polite' });
  private readonly capture = new CaptureView(this.notices, (message) => this.announce(message));
  private readonly folderPath = h('strong', { class: 'folder-path' });
  private readonly changeFolder = h('button', { type: 'button', class: 'secondary' }, t('changeFolder'));
  private readonly titleInput = h('input', { type: 'text', id: 'lesson-title', maxlength: 120, placeholder: t('lessonTitlePlaceholder'), autocomplete: 'off' });
  private readonly freeSpace = h('p', { class: 'free-space' });
  private lastFreeBytes: number | undefined;
  private readonly clockView = h('div', { class: 'clock', role: 'timer', 'aria-label': t('elapsed') }, formatClock(0));
  /** Disabled until the sources are open: there is nothing to record before that. */
  private readonly recordButton = h('button', { type: 'button', class: 'record', disabled: true }, t('record'));
  private readonly pauseButton = h('button', { type: 'button', class: 'pause secondary', hidden: true }, t('pause'));
  private readonly resumeButton = h('button', { type: 'button', class: 'resume secondary', hidden: true }, t('resume'));
  private readonly stopButton = h('button', { type: 'button', class: 'stop', hidden: true }, t('stop'));
  private readonly finishing = new FinishProgressView((message) => this.announce(message));
  private readonly card: LessonCard;
  private readonly countdown = new Countdown();
  private readonly lessons: LessonsList;
  private readonly unfinished: UnfinishedList;

  constructor(
    private readonly api: RecorderApi,
    private readonly root: HTMLElement,
    private readonly settings: SettingsPanel,
  ) {
    const onError = (message: string) => this.notices.add('error', message);
    this.unfinished = new UnfinishedList(api, {
      onSaved: (lesson) => {
        void this.lessons.refresh();
        this.announce(t('announceSaved', { fileName: lesson.fileName }));
      },
      onError,
    });
    this.lessons = new LessonsList(api, { onError, onRenamed: (lesson) => this.renamed(lesson, false) }, this.unfinished.element);
    this.card = new LessonCard(api, { onError, onRenamed: (lesson) => this.renamed(lesson, true) });
    // The hours left depend on the bitrate the chosen quality records at.
    onRecordingQualityChange(() => this.showFreeSpace(this.lastFreeBytes));
  }

  async mount(): Promise<void> {
    this.root.replaceChildren(
      h('header', {}, h('h1', {}, t('appTitle')), this.status),
      this.notices.element,
      h(
        'div',
        { class: 'layout' },
        this.capture.previewPane,
        h(
          'section',
          { class: 'controls' },
          h('p', { class: 'folder' }, `${t('savingTo')} `, this.folderPath, ' ', this.changeFolder),
          h('label', { for: 'lesson-title' }, t('lessonTitle')),
          this.titleInput,
          this.freeSpace,
          this.clockView,
          h('div', { class: 'buttons' }, this.recordButton, this.pauseButton, this.resumeButton, this.stopButton),
          this.countdown.element,
          this.finishing.element,
          this.card.element,
        ),
      ),
      h('div', { class: 'lower' }, this.lessons.element, this.settings.element),
      this.announcer,
    );
    this.recordButton.addEventListener('click', () => void this.startRecording());
    this.pauseButton.addEventListener('click', () => void this.pause());
    this.resumeButton.addEventListener('click', () => void this.resume());
    this.stopButton.addEventListener('click', () => void this.stopRecording());
    this.changeFolder.addEventListener('click', () => void this.chooseFolder());
    this.settings.onChangeFolder = () => void this.chooseFolder();
    this.api.onFinishProgress((progress) => this.finishing.update(progress));
    this.api.onNotice((notice) => this.showNotice(notice));
    this.api.onCommand(({ command }) => this.runCommand(command));

    const state = unwrap(await this.api.getState());
    this.applyState(state);
    if (state.canPickCaptureSources) this.capture.usePicker(new SourcePicker(this.api));
    void this.lessons.refresh();
    this.ready = await this.capture.open();
    this.setPhase('preview');
    const active = state.activeSessions[0];
    if (active && this.ready) await this.startRecording(active);
  }

  private applyState(state: AppState): void {
    this.folderPath.textContent = state.settings.saveFolder;
    // Browser mode has no folder dialog (the folder comes from --folder): no button that does nothing.
    this.changeFolder.hidden = !state.desktopApp;
    this.lessons.canPlay = state.canOpenLessons;
    this.card.canPlay = state.canOpenLessons;
    this.showFreeSpace(state.freeBytes);
    if (!state.ffmpeg.available) this.notices.add('warning', t('ffmpegMissing'));
    for (const lesson of state.recoveredLessons) this.notices.add('info', t('recoveredLesson', { fileName: lesson.fileName }));
    if (state.unfinishedSessions.length > 0) this.notices.add('warning', t('unfinishedLessons'));
    this.unfinished.show(state.unfinishedSessions);
    const plannedHours = state.settings.plannedLessonMinutes / 60;
    const hours = state.freeBytes === undefined ? undefined : hoursOfRecording(state.freeBytes, diskBitsPerSecondWhileRecording(recordingQuality()));
    if (hours !== undefined && hours < plannedHours) {
      this.notices.add('warning', t('diskShortForLesson', { hours, planned: plannedHours }));
    }
  }

  private showFreeSpace(freeBytes: number | undefined): void {
    this.lastFreeBytes = freeBytes;
    const bitsPerSecond = diskBitsPerSecondWhileRecording(recordingQuality());
    this.freeSpace.textContent = freeBytes === undefined ? '' : t('freeSpace', { hours: hoursOfRecording(freeBytes, bitsPerSecond) });
  }

  private setPhase(phase: Phase): void {
    this.phase = phase;
    const inLesson = phase === 'recording' || phase === 'paused';
    const busy = inLesson || phase === 'starting' || phase === 'countdown' || phase === 'finishing';
    this.recordButton.hidden = inLesson || phase === 'finishing' || phase === 'countdown';
    this.recordButton.disabled = busy || !this.ready;
    this.pauseButton.hidden = phase !== 'recording';
    this.resumeButton.hidden = phase !== 'paused';
    this.stopButton.hidden = !inLesson;
    this.changeFolder.disabled = busy;
    this.titleInput.disabled = busy;
    this.finishing.element.hidden = phase !== 'finishing';
    this.card.element.hidden = phase !== 'saved';
    this.settings.setLessonInProgress(busy);
    const captureState = phase === 'countdown' ? 'starting' : phase;
    this.capture.setRecording(captureState === 'recording' || captureState === 'paused' || captureState === 'starting' ? captureState : busy ? 'paused' : 'idle');
    document.body.dataset.phase = phase;
    const statusKey = { preview: 'ready', starting: 'starting', countdown: 'starting', recording: 'recording', paused: 'paused', finishing: 'finishing', saved: 'ready' } as const;
    this.status.textContent = t(statusKey[phase]);
  }

  /** Starts a lesson, or continues `active`, one main is still recording (this window was reloaded). */
  private async startRecording(active?: ActiveSession): Promise<void> {
    const source = this.capture.recorded();
    if (!source || this.phase === 'starting' || this.phase === 'countdown' || this.phase === 'recording' || this.phase === 'paused') return;
    this.setPhase('starting');
    if (!(await this.capture.prepareToRecord(!active))) {
      this.setPhase('preview');
      return;
    }
    // A lesson main is still recording goes on at once: its teacher is already mid-lesson.
    if (!active && this.settings.countdownEnabled) {
      this.setPhase('countdown');
      if (!(await this.countdown.run())) {
        this.setPhase('preview');
        this.announce(t('countdownCancelled'));
        this.recordButton.focus();
        return;
      }
      this.setPhase('starting');
    }
    this.capture.lockOutput();
    const events = {
      onFatal: (error: IpcError) => {
        this.notices.add('error', t('recordingFailed', { reason: error.message }));
        void this.stopRecording();
      },
      onBacklog: () => this.notices.add('warning', t('backlog')),
      onStall: (stalled: boolean) => {
        if (!stalled) this.notices.remove('stall');
        // A suspended sound mix holds the recorder back too: its own notice already says what one click fixes.
        else if (!this.notices.has('audio-suspended')) this.notices.add('error', t('recordingStalled'), 'stall');
      },
    };
    try {
      this.recorder = active
        ? await LessonRecorder.continue(this.api, source, active.sessionId, events)
        : await LessonRecorder.start(this.api, source, this.titleInput.value.trim(), events);
      if (active) this.titleInput.value = active.title;
    } catch (error) {
      const message = error instanceof RecorderError && error.error.message === 'no-format' ? t('noFormat') : t('startFailed', { reason: (error as Error).message });
      this.notices.add('error', message);
      this.setPhase('preview');
      return;
    }
    this.clock = new PausableClock(() => performance.now(), active?.recordedMs ?? 0);
    this.showClock();
    this.clockTimer = setInterval(() => this.showClock(), 250);
    if (active?.paused) {
      await this.recorder.pause(true).catch(() => undefined);
      this.clock.pause();
      this.setPhase('paused');
      this.resumeButton.focus();
      return;
    }
    this.setPhase('recording');
    this.announce(t('announceStarted'));
    this.stopButton.focus();
  }

  private showClock(): void {
    // Read four times a second, changed once: rewriting the same text would still lay the page out.
    const text = formatClock((this.clock?.elapsedMs ?? 0) / 1000);
    if (this.clockView.textContent !== text) this.clockView.textContent = text;
  }

  private async pause(): Promise<void> {
    if (!this.recorder || this.phase !== 'recording') return;
    this.clock?.pause();
    this.setPhase('paused');
    this.resumeButton.focus();
    this.announce(t('announcePaused'));
    await this.recorder.pause().catch((error: unknown) => this.notices.add('error', t('recordingFailed', { reason: (error as Error).message })));
  }

  private async resume(): Promise<void> {
    if (!this.recorder || this.phase !== 'paused') return;
    this.clock?.resume();
    this.setPhase('recording');
    this.pauseButton.focus();
    this.announce(t('announceResumed'));
    await this.recorder.resume().catch((error: unknown) => this.notices.add('error', t('recordingFailed', { reason: (error as Error).message })));
  }

  private async stopRecording(): Promise<void> {
    const recorder = this.recorder;
    if (!recorder || (this.phase !== 'recording' && this.phase !== 'paused')) return;
    this.recorder = undefined;
    clearInterval(this.clockTimer);
    // Stop is what the stall notice asked for: what follows says how the saving went.
    this.notices.remove('stall');
    this.finishing.reset();
    this.setPhase('finishing');
    this.announce(t('announceStopped'));
    try {
      const lesson = await recorder.stop();
      this.card.show(lesson);
      this.setPhase('saved');
      this.announce(t('announceSaved', { fileName: lesson.fileName }));
      this.card.focus();
      void this.lessons.refresh();
    } catch (error) {
      this.notices.add('error', t('finishFailed', { reason: (error as Error).message }));
      this.setPhase('preview');
    }
    void this.api.getState().then((result) => {
      if (result.ok) this.showFreeSpace(result.value.freeBytes);
    });
  }

  /**
   * A global hotkey or the tray asked for something (main only forwards the intent). It takes the same
   * path as the buttons; a command that does not fit the moment (Stop while finishing) is ignored.
   */
  private runCommand(command: AppCommand): void {
    const inLesson = this.phase === 'recording' || this.phase === 'paused';
    if (command === 'toggle-recording') {
      if (inLesson) void this.stopRecording();
      else if (this.phase === 'preview' || this.phase === 'saved') void this.startRecording();
    } else if (command === 'toggle-pause') {
      if (this.phase === 'recording') void this.pause();
      else if (this.phase === 'paused') void this.resume();
    } else if (command === 'stop-recording' && inLesson) {
      void this.stopRecording();
    }
  }

  private async chooseFolder(): Promise<void> {
    const result = await this.api.chooseFolder();
    if (result.ok) {
      this.folderPath.textContent = result.value.saveFolder;
      this.settings.showFolder(result.value.saveFolder);
      void this.lessons.refresh();
    } else this.notices.add('error', result.error.message);
  }

  /** A lesson got a new name, on the card or in the list: both show it, and it is announced. */
  private renamed(lesson: LessonListItem, fromCard: boolean): void {
    this.announce(t('announceRenamed', { fileName: lesson.fileName }));
    if (fromCard) void this.lessons.refresh();
    else this.card.renamed(lesson);
  }

  private showNotice(notice: Notice): void {
    // Errors during finishing are shown by stopRecording from the answer itself.
    if (notice.code === 'kept-raw' && this.phase === 'finishing') return;
    this.notices.add(notice.level, notice.message);
  }

  private announce(message: string): void {
    this.announcer.textContent = message;
  }
}
