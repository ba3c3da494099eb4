import type { RecorderApi, TrimReply } from '../../common/ipc-contract';
import { errorWords } from '../i18n/error-words';
import { say, t } from '../i18n/i18n';
import { h } from './dom';
import { formatClock, parseLessonTime } from './format';

/** What the form needs of a lesson: which one, and how long it is. */
export interface TrimmableLesson {
  lessonId: string;
  durationSeconds: number;
}

/**
 * "Begin at [0:00] End at [52:10] [Trim] [Cancel]" on the lesson card and on each row of the lessons list:
 * the dead minutes cut without re-encoding. As the teacher types, main says where the cut will fall (the
 * start on the nearest keyframe before, at most a second earlier), which is shown before anything is
 * changed. Escape and Cancel close it.
 */
export class TrimForm {
  private static count = 0;
  private lesson: TrimmableLesson | undefined;
  private opener: HTMLElement | undefined;
  private readonly from: HTMLInputElement;
  private readonly to: HTMLInputElement;
  private readonly plan: HTMLParagraphElement;
  private readonly trim = h('button', { type: 'submit' }, t('trimNow'));
  private readonly problem = h('p', { class: 'trim-problem', role: 'alert' });
  readonly element: HTMLFormElement;

  constructor(
    private readonly api: RecorderApi,
    private readonly onTrimmed: (reply: TrimReply) => void,
  ) {
    // One form per lesson shown (the card, each row of the list): the ids must not collide.
    const id = `trim-${++TrimForm.count}`;
    const box = (name: string) =>
      h('input', {
        type: 'text',
        id: `${id}-${name}`,
        class: `trim-${name}`,
        inputmode: 'numeric',
        autocomplete: 'off',
        size: 8,
        'aria-describedby': `${id}-plan`,
      });
    this.from = box('from');
    this.to = box('to');
    this.plan = h('p', { class: 'trim-plan', id: `${id}-plan`, 'aria-live': 'polite' });
    const cancel = h('button', { type: 'button', class: 'secondary' }, t('cancelForm'));
    this.element = h(
      'form',
      { class: 'trim-form', hidden: true },
      h('label', { for: this.from.id }, t('trimFrom')),
      ' ',
      this.from,
      ' ',
      h('label', { for: this.to.id }, t('trimTo')),
      ' ',
      this.to,
      this.plan,
      h('div', { class: 'buttons' }, this.trim, cancel),
      this.problem,
    );
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
    for (const input of [this.from, this.to]) input.addEventListener('input', () => void this.showPlan());
    cancel.addEventListener('click', () => this.close());
    this.element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        this.close();
      }
    });
  }

  open(lesson: TrimmableLesson, opener: HTMLElement): void {
    this.lesson = lesson;
    this.opener = opener;
    this.from.value = formatClock(0);
    this.to.value = formatClock(lesson.durationSeconds);
    this.problem.textContent = '';
    this.element.hidden = false;
    this.from.focus();
    this.from.select();
    void this.showPlan();
  }

  close(): void {
    this.element.hidden = true;
    this.opener?.focus();
  }

  private range(): { fromSeconds: number; toSeconds: number } | undefined {
    const fromSeconds = parseLessonTime(this.from.value);
    // The end as shown is the length rounded down: left as it is, it means the very end, not a second before.
    const toSeconds = this.lesson && this.to.value === formatClock(this.lesson.durationSeconds) ? this.lesson.durationSeconds : parseLessonTime(this.to.value);
    return fromSeconds === undefined || toSeconds === undefined ? undefined : { fromSeconds, toSeconds };
  }

  /** Where the cut falls, as main plans it (the answer to the latest typing wins). */
  private async showPlan(): Promise<void> {
    const lesson = this.lesson;
    const range = this.range();
    if (!lesson || !range) {
      this.plan.textContent = t('trimUnreadable');
      this.trim.disabled = true;
      return;
    }
    const asked = `${this.from.value}|${this.to.value}`;
    const result = await this.api.planTrim({ lessonId: lesson.lessonId, ...range });
    if (asked !== `${this.from.value}|${this.to.value}`) return;
    this.trim.disabled = !result.ok;
    if (!result.ok) {
      this.plan.textContent = say({ key: 'trimFailed', params: { reason: errorWords(result.error) } });
      return;
    }
    const plan = result.value;
    const params = { from: formatClock(plan.fromSeconds), to: formatClock(plan.toSeconds), length: formatClock(plan.durationSeconds) };
    this.plan.textContent = t(plan.fromSeconds < range.fromSeconds - 0.05 ? 'trimPlanSnapped' : 'trimPlan', params);
  }

  private async submit(): Promise<void> {
    const range = this.range();
    if (!this.lesson || !range) return;
    this.trim.disabled = true;
    this.plan.textContent = t('trimming');
    const result = await this.api.trimLesson({ lessonId: this.lesson.lessonId, ...range });
    this.trim.disabled = false;
    if (!result.ok) {
      this.plan.textContent = '';
      this.problem.textContent = say({ key: 'trimFailed', params: { reason: errorWords(result.error) } });
      return;
    }
    this.element.hidden = true;
    this.opener?.focus();
    this.onTrimmed(result.value);
  }
}
