import type { LessonListItem, RecorderApi, Result } from '../../common/ipc-contract';
import { currentLanguage, t } from '../i18n/i18n';
import { h } from './dom';
import { formatClock, formatSize } from './format';

/**
 * The "Lessons" section: the MP4s in the save folder, newest first, each with Show in folder. It only
 * ever holds opaque ids from main; the paths stay in main.
 */
export class LessonsList {
  /** Whether main can play a lesson (Electron); browser mode offers Show in folder only. */
  canPlay = false;
  private readonly list = h('ul', { class: 'lessons-list', 'aria-labelledby': 'lessons-heading' });
  private readonly empty = h('p', { class: 'lessons-empty' }, t('noLessons'));
  readonly element = h('section', { class: 'lessons', 'aria-labelledby': 'lessons-heading' }, h('h2', { id: 'lessons-heading' }, t('lessons')), this.empty, this.list);

  constructor(
    private readonly api: RecorderApi,
    private readonly onError: (message: string) => void,
  ) {}

  /** Asks main for the folder's lessons again (after a lesson is saved, a folder change, a retry). */
  async refresh(): Promise<void> {
    const result = await this.api.listLessons();
    if (!result.ok) {
      this.onError(result.error.message);
      return;
    }
    this.list.replaceChildren(...result.value.map((lesson) => this.item(lesson)));
    this.empty.hidden = result.value.length > 0;
  }

  private item(lesson: LessonListItem): HTMLLIElement {
    const date = new Date(lesson.modifiedAt).toLocaleString(currentLanguage(), { dateStyle: 'medium', timeStyle: 'short' });
    const duration = lesson.durationSeconds === undefined ? t('unknownDuration') : formatClock(lesson.durationSeconds);
    // The visible text stays "Show in folder"; the name adds the title so a screen reader can tell the rows apart.
    const show = h('button', { type: 'button', class: 'secondary', 'aria-label': t('showLessonInFolder', { title: lesson.title }) }, t('showInFolder'));
    show.addEventListener('click', () => void this.api.showInFolder({ lessonId: lesson.lessonId }).then((result) => this.report(result)));
    const buttons = h('span', { class: 'lesson-buttons' }, show);
    if (this.canPlay) {
      const play = h('button', { type: 'button', class: 'secondary', 'aria-label': t('playLesson', { title: lesson.title }) }, t('play'));
      play.addEventListener('click', () => void this.api.openLesson({ lessonId: lesson.lessonId }).then((result) => this.report(result)));
      buttons.prepend(play);
    }
    return h(
      'li',
      { class: 'lesson' },
      h('span', { class: 'lesson-title' }, lesson.title),
      h('span', { class: 'lesson-meta' }, `${date} · `, h('span', { class: 'lesson-duration' }, duration), ` · ${formatSize(lesson.sizeBytes)}`),
      buttons,
    );
  }

  private report(result: Result<null>): void {
    if (!result.ok) this.onError(result.error.message);
  }
}
