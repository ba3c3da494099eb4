import type { LessonSummary, RecorderApi, UnfinishedSession } from '../../common/ipc-contract';
import { currentLanguage, t } from '../i18n/i18n';
import { h } from './dom';
import { formatSize } from './format';

/** Lessons kept raw because finishing failed, marked "Not saved yet", each with Try again (shown atop the lessons list). */
export class UnfinishedList {
  readonly element = h('ul', { class: 'lessons-list unfinished', 'aria-label': t('unfinishedLessons'), hidden: true });

  constructor(
    private readonly api: RecorderApi,
    private readonly events: { onSaved: (lesson: LessonSummary) => void; onError: (message: string) => void },
  ) {}

  show(sessions: UnfinishedSession[]): void {
    this.element.replaceChildren(...sessions.map((session) => this.item(session)));
    this.element.hidden = sessions.length === 0;
  }

  private item(session: UnfinishedSession): HTMLLIElement {
    const title = session.title || t('defaultLessonTitle');
    const date = new Date(session.startedAt).toLocaleString(currentLanguage(), { dateStyle: 'medium', timeStyle: 'short' });
    const retry = h('button', { type: 'button', class: 'secondary', 'aria-label': t('retryLesson', { title }) }, t('retry'));
    // Marked in words, not colour alone: "Not saved yet" is read out before the title.
    const item = h(
      'li',
      { class: 'lesson unfinished-lesson' },
      h('span', { class: 'lesson-title' }, h('span', { class: 'mark unfinished' }, t('unfinishedMark')), ' ', title),
      h('span', { class: 'lesson-meta' }, `${date} · ${formatSize(session.rawBytes)}`),
      h('span', { class: 'lesson-buttons' }, retry),
    );
    retry.addEventListener('click', () => {
      retry.disabled = true;
      void this.api.retryFinish({ sessionId: session.sessionId }).then((result) => {
        if (result.ok) {
          item.remove();
          this.events.onSaved(result.value);
        } else {
          retry.disabled = false;
          this.events.onError(t('finishFailed', { reason: result.error.message }));
        }
      });
    });
    return item;
  }
}
