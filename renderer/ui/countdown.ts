import { t } from '../i18n/i18n';
import { h } from './dom';

/**
 * The 3-2-1 before a lesson records, shown large and announced (aria-live). Escape or the Cancel button
 * stops it; nothing is recorded then (the caller announces that).
 */
export class Countdown {
  private readonly number = h('span', { class: 'countdown-number', 'aria-live': 'assertive', 'aria-atomic': 'true' });
  private readonly cancelButton = h('button', { type: 'button', class: 'secondary' }, t('cancelCountdown'));
  readonly element = h('div', { class: 'countdown', hidden: true }, this.number, this.cancelButton);

  /** Counts down from `seconds`; true when it ran out, false when the teacher cancelled. */
  run(seconds = 3, tickMs = 1000): Promise<boolean> {
    return new Promise((resolve) => {
      let left = seconds;
      const show = () => {
        this.number.textContent = t('countdownNumber', { seconds: left });
      };
      const finish = (completed: boolean) => {
        clearInterval(timer);
        document.removeEventListener('keydown', onKey);
        this.cancelButton.removeEventListener('click', onCancel);
        this.element.hidden = true;
        this.number.textContent = '';
        resolve(completed);
      };
      const onKey = (event: KeyboardEvent) => {
        if (event.key === 'Escape') finish(false);
      };
      const onCancel = () => finish(false);
      const timer = setInterval(() => {
        left -= 1;
        if (left <= 0) finish(true);
        else show();
      }, tickMs);
      document.addEventListener('keydown', onKey);
      this.cancelButton.addEventListener('click', onCancel);
      show();
      this.element.hidden = false;
      this.cancelButton.focus();
    });
  }
}
