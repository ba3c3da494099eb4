import type { RecorderApi, TimetableStatus } from '../../common/ipc-contract';
import { errorWords } from '../i18n/error-words';
import { currentLanguage, say, t } from '../i18n/i18n';
import { h } from './dom';

/**
 * What the timetable is about to do, on the main screen: the next period it records, the countdown to one
 * (with Don't record, also in the tray), and the minute before a period's lesson stops (with "+5 min" and
 * "Stop now"). Main keeps the schedule (`timetable:changed`); this only shows it and asks.
 */
export class TimetableBanner {
  private readonly text = h('p', { class: 'timetable-text' });
  /** Said once when a countdown or the end warning begins, not every second. */
  private readonly announcer = h('p', { class: 'sr-only', 'aria-live': 'assertive' });
  private readonly cancelButton = h('button', { type: 'button', class: 'secondary' }, t('cancelScheduled'));
  private readonly extendButton = h('button', { type: 'button', class: 'secondary' }, t('extendLesson'));
  private readonly stopButton = h('button', { type: 'button' }, t('stopNow'));
  readonly element = h(
    'div',
    { class: 'timetable-banner', role: 'region', 'aria-label': t('timetableSetting'), hidden: true },
    this.text,
    h('div', { class: 'buttons' }, this.cancelButton, this.extendButton, this.stopButton),
    this.announcer,
  );
  private status: TimetableStatus = {};
  private timer: ReturnType<typeof setInterval> | undefined;
  private announced = '';

  constructor(
    private readonly api: RecorderApi,
    private readonly actions: { stopNow: (sessionId: string) => void; onError: (message: string) => void },
  ) {
    this.cancelButton.addEventListener('click', () => void this.cancel());
    this.extendButton.addEventListener('click', () => void this.extend());
    this.stopButton.addEventListener('click', () => {
      if (this.status.recording) this.actions.stopNow(this.status.recording.sessionId);
    });
  }

  async load(): Promise<void> {
    const result = await this.api.getTimetable();
    if (result.ok) this.show(result.value);
  }

  show(status: TimetableStatus): void {
    const wasCountingDown = this.status.countdown !== undefined;
    this.status = status;
    const ticking = status.countdown !== undefined || status.recording?.endingSoon === true;
    if (ticking && !this.timer) this.timer = setInterval(() => this.render(), 250);
    if (!ticking && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    this.render();
    // The countdown took the keyboard's attention: Escape cancels it, as the 3-2-1 one.
    if (status.countdown && !wasCountingDown) this.cancelButton.focus();
  }

  /** Escape during the countdown: don't record this period. Answers whether it was taken. */
  handleEscape(): boolean {
    if (!this.status.countdown) return false;
    void this.cancel();
    return true;
  }

  private render(): void {
    const { next, countdown, recording } = this.status;
    const now = Date.now();
    let text = '';
    let announce = '';
    if (countdown) {
      const seconds = Math.max(0, Math.ceil((Date.parse(countdown.recordsAt) - now) / 1000));
      const title = countdown.title || t('defaultLessonTitle');
      text = t(countdown.late ? 'scheduledJoin' : 'scheduledCountdown', { title, seconds });
      announce = `countdown ${countdown.key}`;
    } else if (recording?.endingSoon) {
      text = t('scheduledEnding', { title: recording.title || t('defaultLessonTitle'), time: clock(recording.stopsAt) });
      announce = `ending ${recording.sessionId} ${recording.stopsAt}`;
    } else if (next) {
      text = t('scheduledNext', { title: next.title || t('defaultLessonTitle'), when: when(next.startsAt) });
    }
    this.element.hidden = text === '';
    if (this.text.textContent !== text) this.text.textContent = text;
    this.cancelButton.hidden = !countdown;
    this.extendButton.hidden = !(recording?.endingSoon && !countdown && recording.canExtend);
    this.stopButton.hidden = !(recording?.endingSoon && !countdown);
    if (announce && announce !== this.announced) this.announcer.textContent = text;
    this.announced = announce;
  }

  private async cancel(): Promise<void> {
    const countdown = this.status.countdown;
    if (!countdown) return;
    const result = await this.api.cancelScheduled({ key: countdown.key });
    if (!result.ok) return this.actions.onError(say({ key: 'actionFailed', params: { reason: errorWords(result.error) } }));
    this.announcer.textContent = t('scheduledCancelled', { title: countdown.title || t('defaultLessonTitle') });
    this.show(result.value);
  }

  private async extend(): Promise<void> {
    const recording = this.status.recording;
    if (!recording) return;
    const result = await this.api.extendScheduled({ sessionId: recording.sessionId });
    if (!result.ok) return this.actions.onError(say({ key: 'actionFailed', params: { reason: errorWords(result.error) } }));
    this.show(result.value);
    this.announcer.textContent = t('scheduledEnding', {
      title: recording.title || t('defaultLessonTitle'),
      time: clock(result.value.recording?.stopsAt ?? recording.stopsAt),
    });
  }
}

/** 08:45, as the teacher's language writes a time. */
function clock(iso: string): string {
  return new Date(iso).toLocaleTimeString(currentLanguage(), { hour: '2-digit', minute: '2-digit' });
}

/** "Mon 08:00" (or "today"'s time only), as the teacher's language writes it. */
function when(iso: string): string {
  const at = new Date(iso);
  const today = new Date().toDateString() === at.toDateString();
  return today ? clock(iso) : at.toLocaleString(currentLanguage(), { weekday: 'short', hour: '2-digit', minute: '2-digit' });
}
