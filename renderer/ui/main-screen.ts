import type { ActiveSession, AppState, FinishProgress, IpcError, LessonSummary, Notice, RecorderApi } from '../../common/ipc-contract';
import { t } from '../i18n/i18n';
import { RecorderError, unwrap } from '../main-api';
import { LessonRecorder } from '../recording/lesson-recorder';
import { openCameraAndMicrophone } from '../recording/media-sources';
import { h } from './dom';
import { formatClock, hoursOfRecording } from './format';
import { LevelMonitor } from './level-meter';

type Phase = 'preview' | 'starting' | 'recording' | 'finishing' | 'saved';

/**
 * Recording costs about 3 Mb/s on disk twice over during the lesson (raw file + live MP4), so the free-space
 * estimate uses 6 Mb/s.
 */
const DISK_BITS_PER_SECOND = 6_000_000;

/** The main screen: preview, microphone level, title, Record/Stop, timer, finishing progress, result. */
export class MainScreen {
  private phase: Phase = 'preview';
  private stream: MediaStream | undefined;
  private recorder: LessonRecorder | undefined;
  private levelMonitor: LevelMonitor | undefined;
  private startedAt = 0;
  private clockTimer: ReturnType<typeof setInterval> | undefined;
  private lastLesson: LessonSummary | undefined;

  private readonly status = h('p', { class: 'status', role: 'status' }, t('ready'));
  private readonly notices = h('div', { class: 'notices', role: 'alert' });
  private readonly announcer = h('div', { class: 'sr-only', 'aria-live': 'polite' });
  private readonly video = h('video', { class: 'preview', 'aria-label': t('cameraPreview'), muted: true, autoplay: true, playsinline: true });
  private readonly meterFill = h('div', { class: 'meter-fill' });
  private readonly meter = h('div', { class: 'meter', role: 'meter', 'aria-label': t('microphoneLevel'), 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': 0 }, this.meterFill);
  private readonly folderPath = h('strong', { class: 'folder-path' });
  private readonly changeFolder = h('button', { type: 'button', class: 'secondary' }, t('changeFolder'));
  private readonly titleInput = h('input', { type: 'text', id: 'lesson-title', maxlength: 120, placeholder: t('lessonTitlePlaceholder'), autocomplete: 'off' });
  private readonly freeSpace = h('p', { class: 'free-space' });
  private readonly clock = h('div', { class: 'clock', role: 'timer', 'aria-label': t('elapsed') }, formatClock(0));
  /** Disabled until the camera and microphone are open: there is nothing to record before that. */
  private readonly recordButton = h('button', { type: 'button', class: 'record', disabled: true }, t('record'));
  private readonly stopButton = h('button', { type: 'button', class: 'stop', hidden: true }, t('stop'));
  private readonly progress = h('progress', { 'aria-label': t('finishingProgress'), max: 1 });
  private readonly finishing = h('div', { class: 'finishing', hidden: true }, h('p', {}, t('finishing')), this.progress);
  private readonly savedName = h('span', { class: 'saved-name' });
  private readonly showButton = h('button', { type: 'button', class: 'secondary' }, t('showInFolder'));
  private readonly result = h('div', { class: 'result', hidden: true }, h('p', {}, `${t('saved')}: `, this.savedName), this.showButton);

  constructor(
    private readonly api: RecorderApi,
    private readonly root: HTMLElement,
  ) {}

  async mount(): Promise<void> {
    this.root.replaceChildren(
      h('header', {}, h('h1', {}, t('appTitle')), this.status),
      this.notices,
      h(
        'div',
        { class: 'layout' },
        h('section', { class: 'preview-pane' }, this.video, this.meter),
        h(
          'section',
          { class: 'controls' },
          h('p', { class: 'folder' }, `${t('savingTo')} `, this.folderPath, ' ', this.changeFolder),
          h('label', { for: 'lesson-title' }, t('lessonTitle')),
          this.titleInput,
          this.freeSpace,
          this.clock,
          h('div', { class: 'buttons' }, this.recordButton, this.stopButton),
          this.finishing,
          this.result,
        ),
      ),
      this.announcer,
    );
    this.recordButton.addEventListener('click', () => void this.startRecording());
    this.stopButton.addEventListener('click', () => void this.stopRecording());
    this.changeFolder.addEventListener('click', () => void this.chooseFolder());
    this.showButton.addEventListener('click', () => {
      if (this.lastLesson) void this.api.showInFolder({ lessonId: this.lastLesson.lessonId });
    });
    this.api.onFinishProgress((progress) => this.showProgress(progress));
    this.api.onNotice((notice) => this.showNotice(notice));

    const state = unwrap(await this.api.getState());
    this.applyState(state);
    await this.openDevices();
    const active = state.activeSessions[0];
    if (active && this.stream) await this.startRecording(active);
  }

  private applyState(state: AppState): void {
    this.folderPath.textContent = state.settings.saveFolder;
    this.freeSpace.textContent =
      state.freeBytes === undefined ? '' : t('freeSpace', { hours: hoursOfRecording(state.freeBytes, DISK_BITS_PER_SECOND) });
    if (!state.ffmpeg.available) this.addNotice('warning', t('ffmpegMissing'));
    for (const lesson of state.recoveredLessons) this.addNotice('info', t('recoveredLesson', { fileName: lesson.fileName }));
    if (state.unfinishedSessions.length > 0) this.addNotice('warning', t('unfinishedLessons'));
  }

  private async openDevices(): Promise<void> {
    try {
      this.stream = await openCameraAndMicrophone();
    } catch (error) {
      this.addNotice('error', `${t('noCamera', { reason: (error as Error).message })} ${t('cameraHelp')}`);
      this.recordButton.disabled = true;
      return;
    }
    this.video.srcObject = this.stream;
    this.recordButton.disabled = false;
    if (this.stream.getAudioTracks().length > 0) {
      this.levelMonitor = new LevelMonitor(this.stream, (level) => {
        const percent = Math.round(level * 100);
        this.meterFill.style.width = `${percent}%`;
        this.meter.setAttribute('aria-valuenow', String(percent));
      });
    }
  }

  private setPhase(phase: Phase): void {
    this.phase = phase;
    const busy = phase === 'starting' || phase === 'recording' || phase === 'finishing';
    this.recordButton.hidden = phase === 'recording' || phase === 'finishing';
    this.recordButton.disabled = busy || !this.stream;
    this.stopButton.hidden = phase !== 'recording';
    this.changeFolder.disabled = busy;
    this.titleInput.disabled = busy;
    this.finishing.hidden = phase !== 'finishing';
    this.result.hidden = phase !== 'saved';
    document.body.dataset.phase = phase;
    const statusKey = { preview: 'ready', starting: 'starting', recording: 'recording', finishing: 'finishing', saved: 'ready' } as const;
    this.status.textContent = t(statusKey[phase]);
  }

  /** Starts a lesson, or continues `active`, one main is still recording (this window was reloaded). */
  private async startRecording(active?: ActiveSession): Promise<void> {
    if (!this.stream || this.phase === 'starting' || this.phase === 'recording') return;
    this.setPhase('starting');
    if (!active) this.clearNotices();
    const events = {
      onFatal: (error: IpcError) => {
        this.addNotice('error', t('recordingFailed', { reason: error.message }));
        void this.stopRecording();
      },
      onBacklog: () => this.addNotice('warning', t('backlog')),
    };
    try {
      this.recorder = active
        ? await LessonRecorder.continue(this.api, this.stream, active.sessionId, events)
        : await LessonRecorder.start(this.api, this.stream, this.titleInput.value.trim(), events);
      if (active) this.titleInput.value = active.title;
    } catch (error) {
      const message = error instanceof RecorderError && error.error.message === 'no-format' ? t('noFormat') : t('startFailed', { reason: (error as Error).message });
      this.addNotice('error', message);
      this.setPhase('preview');
      return;
    }
    this.startedAt = performance.now() - (active?.recordedMs ?? 0);
    this.clock.textContent = formatClock((active?.recordedMs ?? 0) / 1000);
    this.clockTimer = setInterval(() => {
      this.clock.textContent = formatClock((performance.now() - this.startedAt) / 1000);
    }, 250);
    this.setPhase('recording');
    this.announce(t('announceStarted'));
    this.stopButton.focus();
  }

  private async stopRecording(): Promise<void> {
    const recorder = this.recorder;
    if (!recorder || this.phase !== 'recording') return;
    this.recorder = undefined;
    clearInterval(this.clockTimer);
    this.progress.removeAttribute('value');
    this.setPhase('finishing');
    this.announce(t('announceStopped'));
    try {
      this.lastLesson = await recorder.stop();
      this.savedName.textContent = this.lastLesson.fileName;
      this.setPhase('saved');
      this.announce(t('announceSaved', { fileName: this.lastLesson.fileName }));
      this.showButton.focus();
    } catch (error) {
      this.addNotice('error', t('finishFailed', { reason: (error as Error).message }));
      this.setPhase('preview');
    }
    void this.api.getState().then((result) => {
      if (result.ok) this.freeSpace.textContent = result.value.freeBytes === undefined ? '' : t('freeSpace', { hours: hoursOfRecording(result.value.freeBytes, DISK_BITS_PER_SECOND) });
    });
  }

  private async chooseFolder(): Promise<void> {
    const result = await this.api.chooseFolder();
    if (result.ok) this.folderPath.textContent = result.value.saveFolder;
    else this.addNotice('error', result.error.message);
  }

  private showProgress(progress: FinishProgress): void {
    if (progress.fraction === undefined) this.progress.removeAttribute('value');
    else this.progress.value = progress.fraction;
  }

  private showNotice(notice: Notice): void {
    // Errors during finishing are shown by stopRecording from the answer itself.
    if (notice.code === 'kept-raw' && this.phase === 'finishing') return;
    this.addNotice(notice.level, notice.message);
  }

  private addNotice(level: 'info' | 'warning' | 'error', message: string): void {
    if ([...this.notices.children].some((child) => child.textContent === message)) return;
    this.notices.append(h('p', { class: `notice ${level}` }, message));
  }

  private clearNotices(): void {
    this.notices.replaceChildren();
  }

  private announce(message: string): void {
    this.announcer.textContent = message;
  }
}
