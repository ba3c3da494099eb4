import type { AppState, LessonListItem, LessonPart, LessonSummary, Notice, RecorderApi, UploadStatus } from '../../common/ipc-contract';
import { errorWords, noticeWords } from '../i18n/error-words';
import { say, t, type Words } from '../i18n/i18n';
import { LessonController, type LessonView, type OtherLesson, type Phase } from '../lesson/lesson-controller';
import { unwrap } from '../main-api';
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
import { TimetableBanner } from './timetable-banner';
import { PartsList } from './parts-list';
import type { SettingsClient } from '../settings/settings-client';
import type { SettingsPanel } from './settings-panel';
import { UnfinishedList } from './unfinished-list';

const STATUS_KEYS = {
  preview: 'ready',
  starting: 'starting',
  countdown: 'starting',
  recording: 'recording',
  paused: 'paused',
  finishing: 'finishing',
  saved: 'ready',
} as const;

/**
 * The main screen: sources and preview, title, Record/Pause/Resume/Stop, timer, finishing progress, result,
 * then the lessons in the folder and the settings. The lesson's flow is `LessonController`'s; this class
 * renders what it says and hands it the teacher's clicks.
 */
export class MainScreen implements LessonView {
  private clockTimer: ReturnType<typeof setInterval> | undefined;
  private shownPhase: Phase | undefined;

  // A visible label, not a live region: the announcer below says each change once, in a full sentence.
  private readonly status = h('p', { class: 'status', role: 'status', 'aria-live': 'off' }, t('ready'));
  private readonly notices = new NoticeList();
  private readonly announcer = h('div', { class: 'sr-only', 'aria-live': 'polite' });
  private readonly capture: CaptureView;
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
  private readonly markButton = h('button', { type: 'button', class: 'mark-part secondary', hidden: true }, t('markPart'));
  private readonly parts = new PartsList({ nameFirst: false, onName: (part, title) => void this.controller.namePart(part, title) });
  private readonly otherText = h('p', {});
  private readonly continueHere = h('button', { type: 'button' }, t('continueHere'));
  private readonly stopOrphan = h('button', { type: 'button', class: 'secondary' }, t('stopAndSaveOrphan'));
  /** A lesson main records that is not this page's: told, with what can be done about it. */
  private readonly otherPanel = h(
    'div',
    { class: 'other-lesson', role: 'region', 'aria-label': t('recording'), hidden: true },
    this.otherText,
    h('div', { class: 'buttons' }, this.continueHere, this.stopOrphan),
  );
  private readonly finishing = new FinishProgressView((message) => this.announcer.replaceChildren(message));
  private readonly card: LessonCard;
  private readonly countdown = new Countdown();
  private readonly lessons: LessonsList;
  private readonly unfinished: UnfinishedList;
  private readonly controller: LessonController;
  private readonly timetable: TimetableBanner;
  /** The uploads as main last said (a card shown later looks its lesson up here). */
  private uploads: UploadStatus | undefined;

  constructor(
    private readonly api: RecorderApi,
    private readonly root: HTMLElement,
    private readonly settings: SettingsPanel,
    settingsClient: SettingsClient,
  ) {
    this.capture = new CaptureView(this.notices, (message) => this.announcer.replaceChildren(message), settingsClient);
    // The save folder changed (main's dialog, another window): shown here too.
    settingsClient.onChange((changed) => {
      this.folderPath.textContent = changed.saveFolder;
    });
    const onError = (message: string) => this.notices.add('error', message);
    this.unfinished = new UnfinishedList(api, {
      onSaved: (lesson) => {
        void this.lessons.refresh();
        this.announce({ key: 'announceSaved', params: { fileName: lesson.fileName } });
        this.showGaps(lesson);
      },
      onError,
    });
    this.lessons = new LessonsList(
      api,
      {
        onError,
        onRenamed: (lesson) => this.renamed(lesson, false),
        onTrimmed: (lesson, inTrash) => this.trimmed(lesson, inTrash, false),
        onUploads: (status) => this.showUploads(status),
      },
      this.unfinished.element,
    );
    this.card = new LessonCard(api, {
      onError,
      onRenamed: (lesson) => this.renamed(lesson, true),
      onTrimmed: (lesson, inTrash) => this.trimmed(lesson, inTrash, true),
      onUploads: (status) => this.showUploads(status),
    });
    this.controller = new LessonController({
      api,
      capture: {
        recorded: () => this.capture.recorded(),
        prepareToRecord: (fromClick) => this.capture.prepareToRecord(fromClick),
        lockOutput: () => this.capture.lockOutput(),
      },
      view: this,
      countdown: { enabled: () => this.settings.countdownEnabled, run: () => this.countdown.run() },
      title: () => this.titleInput.value.trim(),
    });
    this.timetable = new TimetableBanner(api, {
      stopNow: (sessionId) => this.controller.timetable({ kind: 'stop', sessionId }),
      onError,
    });
    // The hours left depend on the bitrate the chosen quality records at.
    onRecordingQualityChange(() => this.showFreeSpace(this.lastFreeBytes));
  }

  async mount(): Promise<void> {
    this.root.replaceChildren(
      h('header', {}, h('h1', {}, t('appTitle')), this.status),
      this.notices.element,
      this.timetable.element,
      this.otherPanel,
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
          h('div', { class: 'buttons' }, this.recordButton, this.pauseButton, this.resumeButton, this.markButton, this.stopButton),
          this.parts.element,
          this.countdown.element,
          this.finishing.element,
          this.card.element,
        ),
      ),
      h('div', { class: 'lower' }, this.lessons.element, this.settings.element),
      this.announcer,
    );
    this.recordButton.addEventListener('click', () => void this.controller.startRecording());
    this.pauseButton.addEventListener('click', () => void this.controller.pause());
    this.resumeButton.addEventListener('click', () => void this.controller.resume());
    this.stopButton.addEventListener('click', () => void this.controller.stopRecording());
    this.markButton.addEventListener('click', () => void this.controller.mark());
    this.continueHere.addEventListener('click', () => void this.controller.continueOrphan());
    this.stopOrphan.addEventListener('click', () => void this.controller.stopOrphan());
    this.changeFolder.addEventListener('click', () => void this.chooseFolder());
    this.settings.onChangeFolder = () => void this.chooseFolder();
    this.api.onFinishProgress((progress) => this.finishing.update(progress));
    this.api.onNotice((notice) => this.showNotice(notice));
    this.api.onCommand(({ command }) => this.controller.command(command));
    this.api.onSessionsChanged((sessions) => this.controller.sessionsChanged(sessions));
    this.api.onTimetableChanged((status) => this.timetable.show(status));
    this.api.onTimetableCommand((command) => this.controller.timetable(command));
    this.api.onUploadsChanged((status) => this.showUploads(status));
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.timetable.handleEscape()) event.preventDefault();
    });
    void this.timetable.load();

    const state = unwrap(await this.api.getState());
    this.applyState(state);
    if (state.canPickCaptureSources) this.capture.usePicker(new SourcePicker(this.api));
    void this.lessons.refresh();
    const ready = await this.capture.open();
    // The lessons may have changed while the devices opened: ask again rather than act on old news.
    const fresh = await this.api.getState();
    await this.controller.begin(ready, fresh.ok ? fresh.value.activeSessions : state.activeSessions, state.desktopApp);
  }

  private applyState(state: AppState): void {
    this.folderPath.textContent = state.settings.saveFolder;
    // Browser mode has no folder dialog (the folder comes from --folder): no button that does nothing.
    this.changeFolder.hidden = !state.desktopApp;
    this.lessons.canPlay = state.canOpenLessons;
    this.card.canPlay = state.canOpenLessons;
    this.showFreeSpace(state.freeBytes);
    if (!state.ffmpeg.available) this.notices.add('warning', t('ffmpegMissing'));
    for (const lesson of state.recoveredLessons) {
      this.notices.add('info', t('recoveredLesson', { fileName: lesson.fileName }));
      this.showGaps(lesson);
    }
    if (state.unfinishedSessions.length > 0) this.notices.add('warning', t('unfinishedLessons'));
    this.unfinished.show(state.unfinishedSessions);
    this.showUploads(state.uploads);
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

  // LessonView: what the controller says is shown here.

  phase(phase: Phase, { ready, blocked }: { ready: boolean; blocked: boolean }): void {
    const inLesson = phase === 'recording' || phase === 'paused';
    const busy = inLesson || phase === 'starting' || phase === 'countdown';
    // While a lesson is being saved the next one may start already: Record stays.
    this.recordButton.hidden = inLesson || phase === 'countdown';
    this.recordButton.disabled = busy || !ready || blocked;
    this.pauseButton.hidden = phase !== 'recording';
    this.resumeButton.hidden = phase !== 'paused';
    this.stopButton.hidden = !inLesson;
    this.markButton.hidden = !inLesson;
    if (!inLesson && phase !== 'finishing') this.parts.clear();
    this.changeFolder.disabled = busy || phase === 'finishing';
    this.titleInput.disabled = busy;
    if (phase === 'finishing' && this.shownPhase !== 'finishing') this.finishing.reset();
    this.shownPhase = phase;
    this.finishing.element.hidden = phase !== 'finishing';
    this.card.element.hidden = phase !== 'saved';
    this.settings.setLessonInProgress(busy || phase === 'finishing');
    const captureState = phase === 'countdown' ? 'starting' : phase;
    this.capture.setRecording(
      captureState === 'recording' || captureState === 'paused' || captureState === 'starting' ? captureState : busy ? 'paused' : 'idle',
    );
    document.body.dataset.phase = phase;
    this.status.textContent = t(STATUS_KEYS[phase]);
    if (inLesson && this.clockTimer === undefined) {
      this.showClock();
      this.clockTimer = setInterval(() => this.showClock(), 250);
    } else if (!inLesson && this.clockTimer !== undefined) {
      clearInterval(this.clockTimer);
      this.clockTimer = undefined;
    }
  }

  notice(level: 'info' | 'warning' | 'error', words: Words, key?: string): void {
    this.notices.add(level, say(words), key);
  }

  clearNotice(key: string): void {
    this.notices.remove(key);
  }

  announce(words: Words): void {
    this.announcer.textContent = say(words);
  }

  focus(target: 'record' | 'pause' | 'resume' | 'stop' | 'card'): void {
    const element = { record: this.recordButton, pause: this.pauseButton, resume: this.resumeButton, stop: this.stopButton }[target as 'record'];
    if (target === 'card') this.card.focus();
    else element.focus();
  }

  saved(lesson: LessonSummary, onCard: boolean): void {
    if (onCard) {
      this.card.show(lesson);
      if (this.uploads) this.card.showUploads(this.uploads);
    }
    this.announce({ key: 'announceSaved', params: { fileName: lesson.fileName } });
    this.showGaps(lesson);
    void this.lessons.refresh();
  }

  otherLesson(other: OtherLesson | undefined): void {
    this.otherPanel.hidden = other === undefined;
    if (!other) return;
    const title = other.session.title || t('defaultLessonTitle');
    this.otherText.textContent = t(other.kind === 'elsewhere' ? 'otherLessonElsewhere' : 'otherLessonOrphan', { title });
    this.continueHere.hidden = other.kind !== 'orphan';
    this.stopOrphan.hidden = other.kind !== 'orphan';
  }

  showTitle(title: string): void {
    this.titleInput.value = title;
  }

  showParts(marks: LessonPart[]): void {
    if (marks.length === 0) this.parts.clear();
    else this.parts.show([{ title: '', startSeconds: 0 }, ...marks]);
  }

  partMarked(part: number, startSeconds: number): void {
    this.parts.add(part, startSeconds);
  }

  refreshAfterLesson(): void {
    void this.api.getState().then((result) => {
      if (!result.ok) return;
      this.showFreeSpace(result.value.freeBytes);
      this.unfinished.show(result.value.unfinishedSessions);
    });
  }

  private showGaps(lesson: LessonSummary): void {
    for (const gap of lesson.gaps ?? []) {
      const words: Words = { key: 'lessonGap', params: { from: { time: Date.parse(gap.from) }, to: { time: Date.parse(gap.to) }, fileName: lesson.fileName } };
      this.notices.add('warning', say(words));
    }
  }

  private showClock(): void {
    // Read four times a second, changed once: rewriting the same text would still lay the page out.
    const text = formatClock(this.controller.elapsedMs / 1000);
    if (this.clockView.textContent !== text) this.clockView.textContent = text;
  }

  private async chooseFolder(): Promise<void> {
    const result = await this.api.chooseFolder();
    if (result.ok) {
      this.folderPath.textContent = result.value.saveFolder;
      this.settings.showFolder(result.value.saveFolder);
      void this.lessons.refresh();
    } else this.notices.add('error', say({ key: 'actionFailed', params: { reason: errorWords(result.error) } }));
  }

  /** A lesson got a new name, on the card or in the list: both show it, and it is announced. */
  private renamed(lesson: LessonListItem, fromCard: boolean): void {
    this.announce({ key: 'announceRenamed', params: { fileName: lesson.fileName } });
    if (fromCard) void this.lessons.refresh();
    else this.card.renamed(lesson);
  }

  private trimmed(lesson: LessonSummary, originalInTrash: boolean, fromCard: boolean): void {
    this.announce({ key: 'announceTrimmed', params: { length: formatClock(lesson.durationSeconds) } });
    if (!originalInTrash) this.notices.add('info', t('trimmedKeptOriginal', { fileName: lesson.fileName }));
    if (fromCard) void this.lessons.refresh();
    else this.card.trimmed(lesson);
  }

  /** The uploads to the school's storage changed: the queue's line, the list's badges, the card's. */
  private showUploads(status: UploadStatus): void {
    this.uploads = status;
    this.lessons.showUploads(status);
    this.card.showUploads(status);
  }

  private showNotice(notice: Notice): void {
    // Finishing failures are told from the answer itself (the stopping page) and the unfinished list.
    if (notice.code === 'kept-raw') return;
    // A newer disk estimate replaces the one before; other notices stand each once.
    this.notices.add(notice.level, say(noticeWords(notice)), notice.code === 'disk-low' ? 'disk-low' : undefined);
  }
}
