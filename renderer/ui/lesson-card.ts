import type { LessonListItem, LessonSummary, RecorderApi, Result, UploadStatus } from '../../common/ipc-contract';
import { say, t } from '../i18n/i18n';
import { errorWords } from '../i18n/error-words';
import { h } from './dom';
import { formatClock, formatSize } from './format';
import { RenameForm } from './rename-form';
import { PartsList } from './parts-list';
import { LessonPlayer } from './lesson-player';
import { receiptLines } from './recording-receipt';
import { TrimForm } from './trim-form';
import { UploadBadge } from './upload-badge';

const MARK = '\u0000';

/** A translated sentence with an element where its placeholder was (the order of words differs by language). */
function around(sentence: string, element: HTMLElement): Array<string | HTMLElement> {
  const [before = '', after = ''] = sentence.split(MARK);
  return [before, element, after];
}

export interface LessonCardEvents {
  /** The lesson got a new name (the lessons list refreshes, the change is announced). */
  onRenamed: (lesson: LessonListItem) => void;
  onError: (message: string) => void;
  /** The lesson was trimmed (the lessons list refreshes, the new length is announced). */
  onTrimmed: (lesson: LessonSummary, originalInTrash: boolean) => void;
  /** Retry answered the queue's new status. */
  onUploads: (status: UploadStatus) => void;
}

/**
 * The card shown after Stop for the lesson just saved: its title, length and size, and Play (desktop app
 * only), Show in folder and Rename. Like the list, it holds only the lesson's opaque id.
 */
export class LessonCard {
  /** Whether main can play a lesson (Electron); browser mode offers Show in folder only. */
  canPlay = false;
  private lesson: LessonSummary | undefined;
  private readonly title = h('p', { class: 'card-title' });
  private readonly mark = h('span', { class: 'mark recovered' }, t('recoveredMark'));
  private readonly fileName = h('span', { class: 'saved-name' });
  private readonly meta = h('p', { class: 'card-meta' });
  private readonly receipt = h('ul', { class: 'receipt', 'aria-label': t('receiptHeading') });
  /** The lesson's upload to the school's storage (hidden when it is not to be uploaded). */
  private upload: UploadBadge | undefined;
  private readonly uploadSlot = h('div', { class: 'card-upload' });
  private readonly play = h('button', { type: 'button', class: 'secondary', hidden: true }, t('play'));
  private readonly showButton = h('button', { type: 'button', class: 'secondary' }, t('showInFolder'));
  private readonly rename = h('button', { type: 'button', class: 'secondary' }, t('rename'));
  private readonly trimButton = h('button', { type: 'button', class: 'secondary' }, t('trim'));
  private readonly trimForm: TrimForm;
  private readonly form: RenameForm;
  /** The parts marked while teaching, each nameable here (the MP4's chapters are rewritten by main). */
  private readonly player: LessonPlayer;
  private readonly parts = new PartsList({
    nameFirst: true,
    onName: (part, title) => void this.namePart(part, title),
    onPlay: (_part, startSeconds) => {
      if (this.lesson) void this.player.playFrom(this.lesson.lessonId, startSeconds);
    },
  });
  readonly element: HTMLElement;

  constructor(
    private readonly api: RecorderApi,
    private readonly events: LessonCardEvents,
  ) {
    this.form = new RenameForm(api, (renamed) => {
      this.setName(renamed.fileName, renamed.lessonTitle);
      events.onRenamed(renamed);
    });
    this.player = new LessonPlayer(api);
    this.trimForm = new TrimForm(api, (reply) => {
      this.show(reply.lesson);
      events.onTrimmed(reply.lesson, reply.originalInTrash);
    });
    this.element = h(
      'section',
      { class: 'lesson-card', 'aria-labelledby': 'lesson-card-heading', hidden: true },
      h('h2', { id: 'lesson-card-heading' }, t('lessonSaved')),
      this.title,
      this.meta,
      this.uploadSlot,
      this.receipt,
      h('p', { class: 'card-file' }, ...around(t('fileLine', { fileName: MARK }), this.fileName)),
      h('div', { class: 'card-buttons' }, this.play, this.showButton, this.rename, this.trimButton),
      this.form.element,
      this.trimForm.element,
      this.parts.element,
      this.player.element,
    );
    this.play.addEventListener('click', () => this.whenShown((lessonId) => this.api.openLesson({ lessonId })));
    this.showButton.addEventListener('click', () => this.whenShown((lessonId) => this.api.showInFolder({ lessonId })));
    this.trimButton.addEventListener('click', () => {
      if (this.lesson) this.trimForm.open(this.lesson, this.trimButton);
    });
    this.rename.addEventListener('click', () => {
      if (this.lesson) this.form.open(this.lesson.lessonId, this.lesson.lessonTitle, this.rename);
    });
  }

  /** Shows a lesson just saved (or finished by Try again). */
  show(lesson: LessonSummary): void {
    const sameLesson = this.lesson?.lessonId === lesson.lessonId;
    this.lesson = lesson;
    this.setName(lesson.fileName, lesson.lessonTitle);
    this.meta.textContent = `${formatClock(lesson.durationSeconds)} · ${formatSize(lesson.sizeBytes)}`;
    // A trimmed lesson keeps the receipt of its recording; one recovered after a crash has none.
    if (lesson.receipt) this.receipt.replaceChildren(...receiptLines(lesson.receipt).map((line) => h('li', {}, line)));
    else if (!sameLesson) this.receipt.replaceChildren();
    this.receipt.hidden = this.receipt.children.length === 0;
    this.play.hidden = !this.canPlay;
    this.form.element.hidden = true;
    this.trimForm.element.hidden = true;
    this.player.stop();
    this.parts.show(lesson.parts ?? []);
    if (!sameLesson || !this.upload) {
      this.upload = new UploadBadge(this.api, lesson.lessonId, lesson.lessonTitle, { onError: this.events.onError, onStatus: this.events.onUploads });
      this.uploadSlot.replaceChildren(this.upload.element);
    }
  }

  /** The queue changed: this lesson's upload, if the queue holds it. */
  showUploads(status: UploadStatus): void {
    this.upload?.showFrom(status);
  }

  private async namePart(part: number, title: string): Promise<void> {
    if (!this.lesson) return;
    const result = await this.api.nameLessonPart({ lessonId: this.lesson.lessonId, part, title });
    if (!result.ok) return this.events.onError(say({ key: 'actionFailed', params: { reason: errorWords(result.error) } }));
    this.lesson = { ...this.lesson, parts: result.value };
  }

  /** A lesson was trimmed elsewhere (the lessons list): show its new length if it is this one. */
  trimmed(lesson: LessonSummary): void {
    if (this.lesson?.lessonId === lesson.lessonId && !this.element.hidden) this.show(lesson);
  }

  /** The lesson was renamed elsewhere (the lessons list): show its new name if it is this one. */
  renamed(lesson: LessonListItem): void {
    if (this.lesson?.lessonId === lesson.lessonId) this.setName(lesson.fileName, lesson.lessonTitle);
  }

  /** Focus for the keyboard after Stop: Show in folder, the one action every mode offers. */
  focus(): void {
    this.showButton.focus();
  }

  private setName(fileName: string, lessonTitle: string): void {
    if (this.lesson) this.lesson = { ...this.lesson, fileName, lessonTitle };
    this.fileName.textContent = fileName;
    this.title.replaceChildren(lessonTitle);
    if (this.lesson?.recovered) this.title.append(' ', this.mark);
  }

  private whenShown(action: (lessonId: string) => Promise<Result<null>>): void {
    if (!this.lesson) return;
    void action(this.lesson.lessonId).then((result) => {
      if (!result.ok) this.events.onError(say({ key: 'actionFailed', params: { reason: errorWords(result.error) } }));
    });
  }
}
