import type { LessonSummary, RecorderApi, Result, UnfinishedSession } from '../../common/ipc-contract';
import { errorWords, problemWords } from '../i18n/error-words';
import { currentLanguage, say, t } from '../i18n/i18n';
import { h } from './dom';
import { formatSize } from './format';

/**
 * Lessons kept raw because finishing failed, marked "Not saved yet", each with why and Try again (shown
 * atop the lessons list); one waiting for a part on a drive that is not connected may also be saved
 * without that part.
 */
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
    const buttons = [retry];
    if (session.problem.code === 'segment-missing') {
      buttons.push(h('button', { type: 'button', class: 'secondary', 'aria-label': t('saveWithoutMissingLesson', { title }) }, t('saveWithoutMissing')));
    }
    // Marked in words, not colour alone: "Not saved yet" is read out before the title.
    const item = h(
      'li',
      { class: 'lesson unfinished-lesson' },
      h('span', { class: 'lesson-title' }, h('span', { class: 'mark unfinished' }, t('unfinishedMark')), ' ', title),
      h('span', { class: 'lesson-meta' }, `${date} · ${formatSize(session.rawBytes)}`),
      h('span', { class: 'lesson-problem' }, say(problemWords(session.problem, session.keptIn))),
      h('span', { class: 'lesson-buttons' }, ...buttons),
    );
    const attempt = (finish: () => Promise<Result<LessonSummary>>) => {
      for (const button of buttons) button.disabled = true;
      void finish().then((result) => {
        if (result.ok) {
          item.remove();
          this.element.hidden = this.element.children.length === 0;
          this.events.onSaved(result.value);
        } else {
          for (const button of buttons) button.disabled = false;
          this.events.onError(t('finishFailed', { reason: say(errorWords(result.error)) }));
        }
      });
    };
    retry.addEventListener('click', () => attempt(() => this.api.retryFinish({ sessionId: session.sessionId })));
    buttons[1]?.addEventListener('click', () => attempt(() => this.api.saveWithoutMissing({ sessionId: session.sessionId })));
    return item;
  }
}
