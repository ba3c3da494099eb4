import type { LessonSummary, RecorderApi, UnfinishedSession } from '../../common/ipc-contract';
import { t } from '../i18n/i18n';
import { h } from './dom';

/** Lessons kept raw because finishing failed, each with a button to try again. */
export class UnfinishedList {
  readonly element = h('ul', { class: 'unfinished', 'aria-label': t('unfinishedLessons'), hidden: true });

  constructor(
    private readonly api: RecorderApi,
    private readonly events: { onSaved: (lesson: LessonSummary) => void; onError: (message: string) => void },
  ) {}

  show(sessions: UnfinishedSession[]): void {
    this.element.replaceChildren(...sessions.map((session) => this.item(session)));
    this.element.hidden = sessions.length === 0;
  }

  private item(session: UnfinishedSession): HTMLLIElement {
    const retry = h('button', { type: 'button', class: 'secondary' }, t('retry'));
    const item = h('li', {}, h('span', {}, `${session.title || t('defaultLessonTitle')} (${new Date(session.startedAt).toLocaleString()}) `), retry);
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
