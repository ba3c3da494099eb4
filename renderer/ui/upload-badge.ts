import type { LessonUpload, RecorderApi, UploadStatus } from '../../common/ipc-contract';
import { errorWords } from '../i18n/error-words';
import { say, t } from '../i18n/i18n';
import { h } from './dom';
import { uploadBadgeWords } from './upload-words';

/**
 * Where one lesson's upload to the school's storage is, on its row of the list or on the card: waiting,
 * uploading n %, on the school's storage, or not uploaded and why, with Retry. Hidden for a lesson that is
 * not to be uploaded. The words are not a live region: the percent moves with every part.
 */
export class UploadBadge {
  private readonly words = h('span', { class: 'upload-words' });
  private readonly retry: HTMLButtonElement;
  readonly element: HTMLElement;

  constructor(
    private readonly api: RecorderApi,
    readonly lessonId: string,
    title: string,
    private readonly events: { onError: (message: string) => void; onStatus: (status: UploadStatus) => void },
  ) {
    this.retry = h('button', { type: 'button', class: 'secondary', 'aria-label': t('uploadRetryLesson', { title }), hidden: true }, t('uploadRetry'));
    // Focusable by script only: when Retry hides itself, the keyboard stays on this lesson's upload.
    this.element = h('div', { class: 'upload-state', tabindex: -1, hidden: true }, this.words, ' ', this.retry);
    this.retry.addEventListener('click', () => void this.tryAgain());
  }

  show(upload: LessonUpload | undefined): void {
    this.element.hidden = upload === undefined;
    if (!upload) return;
    this.element.dataset.state = upload.state;
    const text = say(uploadBadgeWords(upload));
    // Written only when it changes: a part's progress arrives many times a minute.
    if (this.words.textContent !== text) this.words.textContent = text;
    const failed = upload.state === 'failed';
    if (!failed && this.retry === document.activeElement) this.element.focus();
    this.retry.hidden = !failed;
  }

  /** Shows this lesson's upload from the queue's status, when the status has it. */
  showFrom(status: UploadStatus): void {
    const entry = status.lessons.find((lesson) => lesson.lessonId === this.lessonId);
    if (entry) this.show(entry.upload);
  }

  /** Not `disabled` while main answers: a disabled button drops the keyboard's focus to the page. */
  private async tryAgain(): Promise<void> {
    if (this.retry.getAttribute('aria-disabled') === 'true') return;
    this.retry.setAttribute('aria-disabled', 'true');
    const result = await this.api.retryUpload({ lessonId: this.lessonId });
    this.retry.removeAttribute('aria-disabled');
    if (!result.ok) return this.events.onError(say({ key: 'actionFailed', params: { reason: errorWords(result.error) } }));
    this.events.onStatus(result.value);
  }
}
