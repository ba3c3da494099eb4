import type { LessonListItem, LessonSummary, RecorderApi, Result, UploadStatus } from '../../common/ipc-contract';
import { currentLanguage, say, t } from '../i18n/i18n';
import { errorWords } from '../i18n/error-words';
import { h } from './dom';
import { formatClock, formatSize } from './format';
import { RenameForm } from './rename-form';
import { TrimForm } from './trim-form';
import { UploadBadge } from './upload-badge';
import { uploadQueueWords } from './upload-words';

/**
 * The "Lessons" section: the lessons kept raw (not yet saved, each with Try again), then the MP4s in the
 * save folder, newest first, each with Play, Show in folder, Rename and Trim; recovered ones are marked. It only
 * ever holds opaque ids from main; the paths stay in main.
 */
export class LessonsList {
  /** Whether main can play a lesson (Electron); browser mode offers Show in folder only. */
  canPlay = false;
  private readonly list = h('ul', { class: 'lessons-list', 'aria-labelledby': 'lessons-heading' });
  private readonly empty = h('p', { class: 'lessons-empty' }, t('noLessons'));
  /** The uploads to the school's storage in a line: how many wait, and why they are paused. */
  private readonly queue = h('p', { class: 'upload-queue', 'aria-live': 'polite', hidden: true });
  /** Each listed lesson's upload, by lesson id, updated in place as `uploads:changed` arrives. */
  private badges = new Map<string, UploadBadge>();
  /** The latest status, numbered in the order it came. */
  private lastStatus: { status: UploadStatus; number: number } | undefined;
  private statusCount = 0;
  readonly element: HTMLElement;

  constructor(
    private readonly api: RecorderApi,
    private readonly events: {
      onError: (message: string) => void;
      onRenamed: (lesson: LessonListItem) => void;
      /** A lesson was trimmed from the list (announced, and the card follows if it shows that lesson). */
      onTrimmed: (lesson: LessonSummary, originalInTrash: boolean) => void;
      /** Retry answered the queue's new status (the card and this list show it). */
      onUploads: (status: UploadStatus) => void;
    },
    unfinished?: HTMLElement,
  ) {
    this.element = h('section', { class: 'lessons', 'aria-labelledby': 'lessons-heading' }, h('h2', { id: 'lessons-heading' }, t('lessons')), this.queue);
    if (unfinished) this.element.append(unfinished);
    this.element.append(this.empty, this.list);
  }

  /** Asks main for the folder's lessons again (after a lesson is saved, a folder change, a retry, a rename). */
  async refresh(): Promise<void> {
    const asked = this.statusCount;
    const result = await this.api.listLessons();
    if (!result.ok) {
      this.events.onError(say({ key: 'actionFailed', params: { reason: errorWords(result.error) } }));
      return;
    }
    this.badges = new Map();
    this.list.replaceChildren(...result.value.map((lesson) => this.item(lesson)));
    this.empty.hidden = result.value.length > 0;
    // A status that came while the list was on its way is newer than the list (main sends in order):
    // without it, a lesson that finished uploading meanwhile would stay at its last percent.
    if (this.lastStatus && this.lastStatus.number > asked) for (const badge of this.badges.values()) badge.showFrom(this.lastStatus.status);
  }

  /**
   * The queue changed: the line above the list, and each listed lesson's badge in place (the list is not
   * asked for again). A lesson the status does not name keeps what the list said of it.
   */
  showUploads(status: UploadStatus): void {
    this.lastStatus = { status, number: ++this.statusCount };
    const lines = uploadQueueWords(status).map((words) => say(words));
    // Replaced only when the words change, so the live region speaks once per change, not per part sent.
    if (lines.join('\n') !== [...this.queue.children].map((line) => line.textContent).join('\n')) {
      this.queue.replaceChildren(...lines.map((line) => h('span', { class: 'upload-queue-line' }, line)));
    }
    this.queue.hidden = lines.length === 0;
    for (const badge of this.badges.values()) badge.showFrom(status);
  }

  private item(lesson: LessonListItem): HTMLLIElement {
    const date = new Date(lesson.modifiedAt).toLocaleString(currentLanguage(), { dateStyle: 'medium', timeStyle: 'short' });
    const duration = lesson.durationSeconds === undefined ? t('unknownDuration') : formatClock(lesson.durationSeconds);
    // The visible text stays short ("Show in folder"); the name adds the title so a screen reader can tell the rows apart.
    const button = (text: string, label: string) => h('button', { type: 'button', class: 'secondary', 'aria-label': label }, text);
    const show = button(t('showInFolder'), t('showLessonInFolder', { title: lesson.title }));
    show.addEventListener('click', () => void this.api.showInFolder({ lessonId: lesson.lessonId }).then((result) => this.report(result)));
    const rename = button(t('rename'), t('renameLesson', { title: lesson.title }));
    rename.dataset.lessonId = lesson.lessonId;
    const form = new RenameForm(this.api, (renamed) => void this.afterRename(renamed));
    rename.addEventListener('click', () => form.open(lesson.lessonId, lesson.lessonTitle, rename));
    const buttons = h('span', { class: 'lesson-buttons' }, show, rename);
    const trimForm = new TrimForm(this.api, (reply) => {
      this.events.onTrimmed(reply.lesson, reply.originalInTrash);
      void this.refresh();
    });
    // A lesson whose length could not be read cannot be planned: it offers no Trim.
    const durationSeconds = lesson.durationSeconds;
    if (durationSeconds !== undefined) {
      const trim = button(t('trim'), t('trimLesson', { title: lesson.title }));
      trim.addEventListener('click', () => trimForm.open({ lessonId: lesson.lessonId, durationSeconds }, trim));
      buttons.append(trim);
    }
    if (this.canPlay) {
      const play = button(t('play'), t('playLesson', { title: lesson.title }));
      play.addEventListener('click', () => void this.api.openLesson({ lessonId: lesson.lessonId }).then((result) => this.report(result)));
      buttons.prepend(play);
    }
    const title = h('span', { class: 'lesson-title' }, lesson.title);
    const badge = new UploadBadge(this.api, lesson.lessonId, lesson.title, { onError: this.events.onError, onStatus: this.events.onUploads });
    badge.show(lesson.upload);
    this.badges.set(lesson.lessonId, badge);
    const item = h(
      'li',
      { class: 'lesson' },
      title,
      h('span', { class: 'lesson-meta' }, `${date} · `, h('span', { class: 'lesson-duration' }, duration), ` · ${formatSize(lesson.sizeBytes)}`),
      buttons,
      badge.element,
      form.element,
      trimForm.element,
    );
    if (lesson.recovered) {
      item.classList.add('recovered');
      title.prepend(h('span', { class: 'mark recovered' }, t('recoveredMark')), ' ');
    }
    return item;
  }

  /** The list is rebuilt with the new name; the keyboard stays on that lesson's Rename. */
  private async afterRename(renamed: LessonListItem): Promise<void> {
    this.events.onRenamed(renamed);
    await this.refresh();
    this.list.querySelector<HTMLElement>(`button[data-lesson-id="${renamed.lessonId}"]`)?.focus();
  }

  private report(result: Result<null>): void {
    if (!result.ok) this.events.onError(say({ key: 'actionFailed', params: { reason: errorWords(result.error) } }));
  }
}
